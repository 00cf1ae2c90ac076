"""Correct a PDF's text layer: the ``/ToUnicode`` maps that say which character each glyph is.

Qt writes one ToUnicode CMap per embedded font, naming each glyph by the lowest code point the
font maps to it. CJK fonts give radicals and strokes (⽔ U+2F54, ⻔ U+2ED4) the glyph of the
ideograph (水, 门), so searching or copying our PDF gave radicals for ~11% of the characters.
``fix_text_layer`` rewrites those maps with a replacement the caller decides (the PDF module
knows which characters were typed and which glyphs they use), then fixes the cross-reference
table. No Qt here: bytes in, bytes out; a PDF it does not understand is returned unchanged.
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


def fix_text_layer(data: bytes, replace: Replace) -> bytes:
    try:
        offsets, xref_at = _xref(data)
    except ValueError:
        return data
    edits: list[tuple[int, int, bytes]] = []  # (start, end, new bytes) of whole objects
    for number in sorted({int(m[1]) for m in _TO_UNICODE.finditer(data)}):
        start = offsets.get(number)
        if start is None:
            continue
        edit = _rewrite_object(data, start, replace)
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


def _rewrite_object(data: bytes, start: int, replace: Replace
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
    fixed = _rewrite_cmap(cmap, replace)
    if fixed == cmap:
        return None
    new_head = head[:length.start() - start] + b"/Length %d" % len(fixed) + \
        head[length.end() - start:]
    return start, body_end, new_head + data[stream_at:body_start] + fixed


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
