"""Correct a PDF's text layer: the ``/ToUnicode`` maps that say which character each glyph is.

Qt writes one ToUnicode CMap per embedded font, naming each glyph by the lowest code point the
font maps to it. CJK fonts give radicals and strokes (⽔ U+2F54, ⻔ U+2ED4) the glyph of the
ideograph (水, 门), so searching or copying our PDF gave radicals for ~11% of the characters.
Shaped variants (digits beside Latin letters) and characters beyond the BMP got no name at
all. ``fix_text_layer`` rewrites those maps from what the PDF module logged while drawing (per
font face, glyph number → the text drawn with it), matching each map to the face whose log
agrees with it; a map no log matches gets the look-alike replacement instead. Then it fixes
the cross-reference table. No Qt here: bytes in, bytes out; a PDF it does not understand is returned unchanged.
"""
from __future__ import annotations

import re
from typing import Callable

Replace = Callable[[int], "str | None"]

_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+0\s+R)?")
_TOKEN = re.compile(rb"<([0-9A-Fa-f]+)>")
_SECTION = re.compile(rb"(begin(bfrange|bfchar)\s)(.*?)(\send\2)", re.DOTALL)


def is_radical_lookalike(code: int) -> bool:
    """Code points that share a glyph with a unified ideograph in CJK fonts: CJK radicals
    supplement, Kangxi radicals, ideographic description characters, CJK strokes."""
    return 0x2E80 <= code <= 0x2FFF or 0x31C0 <= code <= 0x31EF


Faces = list[tuple[str, list[str]]]  # (PostScript name, glyph number → text drawn)
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")


def fix_text_layer(data: bytes, faces: Faces, replace: Replace) -> bytes:
    try:
        offsets, xref_at = _xref(data)
    except ValueError:
        return data
    edits: list[tuple[int, int, bytes]] = []  # (start, end, new bytes) of whole objects
    for found in _TO_UNICODE.finditer(data):
        start = offsets.get(int(found[1]))
        if start is None or any(edit[0] == start for edit in edits):
            continue
        # The font dictionary naming this map: its /BaseFont, without a subset tag.
        font_at = data.rfind(b" obj", 0, found.start())
        base = _BASE_FONT.search(data, font_at, found.start())
        name = base[1].decode("latin-1").split("+")[-1] if base else ""
        candidates = [texts for face, texts in faces if face == name]
        if not candidates:  # a fallback face the PDF names otherwise: one no font claims
            claimed = {m[1].decode("latin-1").split("+")[-1] for m in _BASE_FONT.finditer(data)}
            candidates = [texts for face, texts in faces if face not in claimed]
        edit = _rewrite_object(data, start, candidates, replace)
        if edit is not None:
            edits.append(edit)
    if not edits:
        return data
    return _splice(data, edits, offsets, xref_at)


def _xref(data: bytes) -> tuple[dict[int, int], int]:
    """Object number → offset, from a classic cross-reference table (as Qt writes)."""
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if not found:
        raise ValueError("no startxref")
    at = int(found[1])
    header = re.compile(rb"xref\s+(\d+)\s+(\d+)\s*\n").match(data, at)
    if not header:
        raise ValueError("not a classic xref table")
    first, count = int(header[1]), int(header[2])
    offsets = {}
    position = header.end()
    for n in range(count):
        entry = data[position:position + 20]
        if len(entry) < 18 or entry[17:18] not in (b"n", b"f"):
            raise ValueError("bad xref entry")
        if entry[17:18] == b"n":
            offsets[first + n] = int(entry[:10])
        position += 20
    if data[position:position + 7] != b"trailer":
        raise ValueError("more than one xref section")
    return offsets, at


def _rewrite_object(data: bytes, start: int, faces: list[list[str]], replace: Replace
                    ) -> tuple[int, int, bytes] | None:
    end = data.find(b"endobj", start)
    stream_at = data.find(b"stream", start, end)
    length = _LENGTH.search(data, start, stream_at if stream_at > 0 else end)
    if end < 0 or stream_at < 0 or not length or length[2]:
        return None  # an indirect /Length or no stream: leave it alone
    body_start = stream_at + len(b"stream")
    if data[body_start:body_start + 2] == b"\r\n":
        body_start += 2
    elif data[body_start:body_start + 1] in (b"\n", b"\r"):
        body_start += 1
    body_end = body_start + int(length[1])
    head = data[start:stream_at]
    if b"/Filter" in head:
        return None  # Qt writes these maps uncompressed; anything else is not ours to edit
    cmap = data[body_start:body_end]
    mapping = _parse_cmap(cmap)
    face = _matching_face(mapping, faces)
    fixed = _cmap_from(face, mapping) if face is not None else _rewrite_cmap(cmap, replace)
    if fixed == cmap:
        return None
    new_head = head[:length.start() - start] + b"/Length %d" % len(fixed) + \
        head[length.end() - start:]
    return start, body_end, new_head + data[stream_at:body_start] + fixed


def _parse_cmap(cmap: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for match in _SECTION.finditer(cmap):
        for line in match[3].split(b"\n"):
            tokens = _TOKEN.findall(line)
            if match[2] == b"bfchar" and len(tokens) == 2:
                text = _decode(tokens[1])
                if text is not None:
                    mapping[int(tokens[0], 16)] = text
            elif match[2] == b"bfrange" and len(tokens) >= 3:
                low, high = int(tokens[0], 16), int(tokens[1], 16)
                if b"[" in line:
                    for k, token in enumerate(tokens[2:high - low + 3]):
                        text = _decode(token)
                        if text is not None:
                            mapping[low + k] = text
                else:
                    first = _decode(tokens[2])
                    if first is not None and len(first) == 1:
                        for k in range(high - low + 1):
                            mapping[low + k] = chr(min(ord(first) + k, 0x10FFFF))
    return mapping


def _matching_face(mapping: dict[int, str], faces: list[list[str]]) -> list[str] | None:
    """The logged face whose glyph numbers name the same characters as Qt's map, but where
    Qt's reverse look-up is known to err (look-alikes, blanks), or None."""
    named = {cid: text for cid, text in mapping.items() if cid and text != "\x00"}
    if not named:  # nothing to match on (a face of characters Qt could not name at all)
        return faces[0] if len(faces) == 1 else None
    best, fewest = None, len(named) // 100 + 1  # at most 1% may disagree
    for face in faces:
        if max(named) >= len(face):
            continue
        wrong = sum(1 for cid, text in named.items() if not _agrees(face[cid], text))
        if wrong < fewest:
            best, fewest = face, wrong
    return best


def _agrees(logged: str, named: str) -> bool:
    if logged == named or not logged:
        return True
    if len(named) == 1 and is_radical_lookalike(ord(named)):
        return True
    return logged.isspace() and named.isspace()


def _cmap_from(face: list[str], mapping: dict[int, str]) -> bytes:
    entries = []
    for cid in range(1, len(face)):
        text = face[cid] or mapping.get(cid, "")
        if text and text != "\x00":
            entries.append(b"<%04X> " % cid + _encode(text))
    blocks = [b"%d beginbfchar\n" % len(chunk) + b"\n".join(chunk) + b"\nendbfchar\n"
              for chunk in (entries[i:i + 100] for i in range(0, len(entries), 100))]
    return (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + b"".join(blocks)
            + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")


def _rewrite_cmap(cmap: bytes, replace: Replace) -> bytes:
    def section(match: re.Match) -> bytes:
        kind = match[2]
        lines = match[3].split(b"\n")
        out = [(_bfrange_line if kind == b"bfrange" else _bfchar_line)(line, replace)
               for line in lines]
        return match[1] + b"\n".join(out) + match[4]

    return _SECTION.sub(section, cmap)


def _decode(token: bytes) -> str | None:
    try:
        return bytes.fromhex(token.decode()).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return None


def _encode(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _fixed(token: bytes, replace: Replace) -> bytes:
    text = _decode(token)
    if text is None or len(text) != 1:
        return b"<" + token + b">"
    better = replace(ord(text))
    return _encode(better) if better else b"<" + token + b">"


def _bfchar_line(line: bytes, replace: Replace) -> bytes:
    tokens = _TOKEN.findall(line)
    if len(tokens) != 2:
        return line
    return b"<" + tokens[0] + b"> " + _fixed(tokens[1], replace)


def _bfrange_line(line: bytes, replace: Replace) -> bytes:
    tokens = _TOKEN.findall(line)
    if len(tokens) < 3:
        return line
    low, high = int(tokens[0], 16), int(tokens[1], 16)
    if b"[" in line:
        return (b"<" + tokens[0] + b"> <" + tokens[1] + b"> ["
                + b" ".join(_fixed(t, replace) for t in tokens[2:]) + b"]")
    first = _decode(tokens[2])
    if first is None or len(first) != 1 or high < low:
        return line
    codes = [ord(first) + k for k in range(high - low + 1)]
    if not any(replace(c) for c in codes if c <= 0x10FFFF):
        return line
    # A run of consecutive targets with one wrong member becomes an explicit list.
    width = len(tokens[0])
    targets = b" ".join(_fixed(f"{c:04X}".encode(), replace) for c in codes)
    return (f"<{low:0{width}X}> <{high:0{width}X}> [".encode() + targets + b"]")


def _splice(data: bytes, edits: list[tuple[int, int, bytes]], offsets: dict[int, int],
            xref_at: int) -> bytes:
    edits.sort()
    pieces, position, shifts = [], 0, []  # shifts: (old offset from which, delta)
    delta = 0
    for start, end, new in edits:
        pieces += [data[position:start], new]
        position = end
        delta += len(new) - (end - start)
        shifts.append((end, delta))
    body = b"".join(pieces) + data[position:xref_at]

    def moved(offset: int) -> int:
        change = 0
        for since, total in shifts:
            if offset >= since:
                change = total
        return offset + change

    table = data[xref_at:]
    header = re.compile(rb"xref\s+(\d+)\s+(\d+)\s*\n").match(table)
    assert header is not None
    first = int(header[1])
    entries = bytearray(table)
    position = header.end()
    for n in range(int(header[2])):
        entry = entries[position:position + 20]
        if entry[17:18] == b"n" and first + n in offsets:
            entries[position:position + 10] = b"%010d" % moved(int(entry[:10]))
        position += 20
    new_xref = moved(xref_at)
    trailer = bytes(entries)
    trailer = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % new_xref, trailer)
    return body + trailer
