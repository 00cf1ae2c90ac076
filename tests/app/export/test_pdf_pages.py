"""The PDF page by page, as the signed copy is read: nothing drawn across a page's edge (no
line or row sliced by a break), every page of a table that has a header starts with it, the
signature with its form, and a text layer that finds what was typed."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from html.parser import HTMLParser

import pytest

from app.export import build_layout
from app.export.layout import SignatureBlock, Table, grid_positions
from app.export.pdf import FOOTER_MM, MARGINS_MM
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.readback import squeeze

MM = 72 / 25.4
SLACK = 2.5  # points: a glyph's ink box may pass its line's box a little


class _Words(HTMLParser):
    """Pages of ``pdftotext -bbox``: (width, height, [(yMin, yMax, word)])."""

    def __init__(self):
        super().__init__()
        self.pages: list[tuple[float, float, list[tuple[float, float, str]]]] = []
        self._word: tuple[float, float] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "page":
            self.pages.append((float(values["width"]), float(values["height"]), []))
        elif tag == "word":
            self._word = (float(values["ymin"]), float(values["ymax"]))

    def handle_data(self, data):
        if self._word is not None:
            self.pages[-1][2].append((*self._word, data))
            self._word = None


def words(pdf) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    parser = _Words()
    parser.feed(html)
    return parser.pages


def page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [squeeze(page) for page in text.split("\f")[:-1]]


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_no_text_is_drawn_across_the_edge_of_a_page_body(exported, name):
    """A line cut by a page break shows as text passing the body's top or foot."""
    pages = words(exported[name]["pdf"])
    assert pages
    for number, (width, height, found) in enumerate(pages, 1):
        landscape = width > height
        top = MARGINS_MM.top() * MM
        bottom = height - (MARGINS_MM.bottom() + FOOTER_MM) * MM
        for y_min, y_max, word in found:
            if re.fullmatch(r"第|\d+|页|共", word) and y_min > bottom - SLACK:
                continue  # the footer "第 N 页 共 M 页" lies below the body
            assert top - SLACK <= y_min and y_max <= bottom + SLACK, (
                name, number, landscape, word, y_min, y_max)


def _tables_with_headers(document):
    layout = build_layout(document)
    for part in layout.printed_parts():
        for block in part.blocks:
            if isinstance(block, Table) and block.header_rows:
                yield part, block


def _markers(part, table, everything: Counter) -> list[str]:
    """Body cells of one line whose text is found once in the whole document."""
    found = []
    for r, _, cell in grid_positions(table, len(part.columns)):
        text = squeeze(cell.text)
        if r >= table.header_rows and cell.rowspan == 1 and 6 <= len(text) <= 12 \
                and everything[text] == 1:
            found.append(text)
    return found


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_every_page_of_a_table_with_a_header_starts_with_it(exported, name):
    document = load_document(EXAMPLE_FILES[name])
    pages = page_texts(exported[name]["pdf"])
    everything = Counter(squeeze(cell.text) for part in build_layout(document).printed_parts()
                         for table in part.tables() for row in table.rows for cell in row)
    checked = possible = 0
    for part, table in _tables_with_headers(document):
        # The header row's own cells (a label reaching down beside the body is drawn with it).
        header = squeeze("".join(cell.text for r, _, cell in grid_positions(
            table, len(part.columns)) if r + cell.rowspan <= table.header_rows))
        for marker in _markers(part, table, everything):
            possible += 1
            holding = [page for page in pages if marker in page]
            if len(holding) != 1 or holding[0].count(marker) != 1:
                continue  # also part of another text: not a marker of one row
            page = holding[0]
            assert header in page and page.index(header) < page.index(marker), (name, marker)
            checked += 1
    if name != "hebei-eval":  # the 自评报告 has no indicator table
        # Most rows are markers: more than ten checked, or a short example's every row but one.
        assert checked > min(10, possible - 2), (name, checked, possible)


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_a_signature_block_shares_its_page_with_its_form(exported, name):
    layout = build_layout(load_document(EXAMPLE_FILES[name]))
    signatures = sum(isinstance(b, SignatureBlock) for p in layout.printed_parts()
                     for b in p.blocks)
    pages = page_texts(exported[name]["pdf"])
    signed = [page for page in pages if "单位负责人（签字）" in page]
    assert len(signed) == signatures
    furniture = ["单位负责人（签字）：经办人：联系电话：日期：（盖章）"]
    furniture += [squeeze("".join(cell.text for row in table.rows[:table.header_rows]
                                  for cell in row))
                  for part in layout.printed_parts() for table in part.tables()
                  if table.header_rows]
    for page in signed:
        rest = re.sub(r"第\d+页共\d+页", "", page)
        for text in furniture:
            rest = rest.replace(text, "")
        assert len(rest) >= 4, page  # some of the form itself, not only its header


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_the_text_layer_holds_the_unit_name_and_every_indicator_exactly(exported, name):
    document = load_document(EXAMPLE_FILES[name])
    text = "".join(page_texts(exported[name]["pdf"]))
    assert not re.search("[\u2e80-\u2fdf\u31c0-\u31ef]", text)  # no look-alike radicals
    assert squeeze(document.unit_name) in text
    names = [row.name for table in document.department.indicator_tables for row in table.rows]
    names += [row.name for project in document.projects for row in project.indicators]
    missing = [n for n in names if n and squeeze(n) not in text]
    assert not missing
    if name != "hebei-eval":
        assert names


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_the_corrected_pdf_keeps_a_valid_cross_reference_table(exported, name):
    """The text layer is rewritten after Qt wrote the file: every object must still be where
    the cross-reference table says (a reader that trusts it, as Acrobat does, finds them)."""
    from app.export.pdf_text_layer import _xref

    data = exported[name]["pdf"].read_bytes()
    offsets, at = _xref(data)
    assert data[at:at + 4] == b"xref"
    for number, offset in offsets.items():
        assert data[offset:offset + 24].startswith(b"%d 0 obj" % number), number
    assert b"beginbfchar" in data  # the maps were rewritten from the drawing log


def test_text_layer_rewrite_moves_every_later_object(tmp_path):
    from app.export.pdf_text_layer import _xref, fix_text_layer

    cmap = (b"/CIDInit /ProcSet findresource begin\nbegincmap\n1 beginbfrange\n"
            b"<0001> <0002> [<2F54> <0031>]\nendbfrange\nendcmap\nend\n")
    objects = [b"<< /Type /Catalog >>",
               b"<< /Type /Font /BaseFont /Face /ToUnicode 3 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
               b"<< /Type /Pages >>"]
    body, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    xref += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data = body + xref + b"trailer\n<< /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(body)
    fixed = fix_text_layer(data, [("Face", ["", "水𠀀", "1"])], lambda code: None)
    assert "水𠀀".encode("utf-16-be").hex().upper().encode() in fixed
    new_offsets, _ = _xref(fixed)
    for number, offset in new_offsets.items():
        assert fixed[offset:].startswith(b"%d 0 obj" % number)
