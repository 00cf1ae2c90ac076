"""Reading an exported file back as the truth test searches it (tests/truth.py): Word's
paragraphs and cells in document order, each sheet's text cells row-major and column-major less
the page furniture the sheet names, the PDF's pages with their furniture removed."""
from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator
from xml.etree import ElementTree

from app.export.layout import PrintLayout, grid_positions

_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """The text without any whitespace: line breaks, tabs and spaces are layout, not content."""
    return _WHITESPACE.sub("", text)


@dataclass
class Readback:
    """One exported file as the truth test searches it."""

    text: str  # squeezed; pieces that may not run together are separated by "\x00"
    amounts: list[Decimal]  # numbers as the file states them (Word/PDF: parsed from the text)
    amount_problems: list[str]  # e.g. an Excel amount without the 0.00 format
    cells: set[str]  # Word: squeezed texts of the table cells, to find an amount as a cell
    # The file's text once, in document order (Word's stream, each sheet row by row, the PDF's
    # pages joined): where the order of the rows and their number are checked.
    ordered: str = ""
    # Word and Excel: each paragraph and cell's text, squeezed (a row printed twice is counted
    # by its cells; None for a PDF, whose cells are lines of text).
    boxes: list[str] | None = None


def read_docx(path: Path) -> Readback:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    pieces: list[str] = []
    counted: list[str] = []  # the cells a row printed twice is counted in: no page furniture
    cells: set[str] = set()
    header: list[str] | None = None  # the last table's header rows (w:tblHeader)
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            pieces.append(Paragraph(child, document).text)
            counted.append(pieces[-1])
        elif child.tag == qn("w:tbl"):
            # A table going on after a planned page break (app/export/docx_pages.py) starts
            # with its header rows written again: furniture, as in the PDF.
            heads = [_Cell(tc, None).text for tr in child.tr_lst if _is_header(tr, qn)
                     for tc in tr.tc_lst if tc.vMerge != "continue"]
            again = bool(heads) and heads == header
            header = heads or header
            for tr in child.tr_lst:
                furniture = again and _is_header(tr, qn)
                for tc in tr.tc_lst:
                    if tc.vMerge != "continue":  # a vertically merged cell counts once
                        text = _Cell(tc, None).text
                        pieces.append(text)
                        cells.add(squeeze(text))
                        if not furniture:
                            counted.append(text)
    text = squeeze("".join(pieces))
    return Readback(text, [], [], cells, text, [squeeze(piece) for piece in counted])


def _is_header(tr: Any, qn: Any) -> bool:
    properties = tr.find(qn("w:trPr"))
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_xlsx(path: Path) -> Readback:
    """Each sheet's text cells row-major and column-major, less the page furniture."""
    from openpyxl import load_workbook

    from app.export.xlsx_marks import RowMark, read_marks

    workbook = load_workbook(str(path))
    texts = []
    rows_first = []
    boxes: list[str] = []
    for ws in workbook.worksheets:
        grid = [[cell.value if cell.data_type == "s" else None for cell in row]
                for row in ws.iter_rows()]
        # The header rows the sheet names as written again (app/export/xlsx_marks.py) are page
        # furniture; a document's row that happens to equal an earlier one (a long text repeats
        # a sentence) is not. A sheet without the names falls back on rows repeated after breaks.
        marks = read_marks(((name, defined.attr_text) for name, defined
                            in ws.defined_names.items()), ws.title)
        headers = {row for row, mark in marks.items() if mark.header}
        if marks:  # whole cells, less those the sheet names as written again
            boxes += [squeeze(v) for r, row in enumerate(grid, start=1) if r not in headers
                      for c, v in enumerate(row, start=1)
                      if v is not None and c not in marks.get(r, RowMark()).repeats]
        if headers:
            grid = [row for r, row in enumerate(grid, start=1) if r not in headers]
        else:
            grid = _without_repeated_headers(grid, [b.id for b in ws.row_breaks.brk])
        row_major = "".join(v for row in grid for v in row if v is not None)
        columns = max((len(row) for row in grid), default=0)
        column_major = "".join(row[c] for c in range(columns) for row in grid
                               if c < len(row) and row[c] is not None)
        texts += [squeeze(row_major), squeeze(column_major)]
        rows_first.append(squeeze(row_major))
        if not marks:  # a sheet without names: a cell equal to the one above is counted once
            boxes += [squeeze(v) for r, row in enumerate(grid) for c, v in enumerate(row)
                      if v is not None
                      and not (r and c < len(grid[r - 1]) and grid[r - 1][c] == v)]
    amounts, problems = [], []
    # An amount of more than 15 significant digits is its exact text (no double holds it).
    amounts += [Decimal(v) for ws in workbook.worksheets for row in ws.iter_rows()
                for v in (c.value for c in row if c.data_type == "s")
                if isinstance(v, str) and re.fullmatch(r"\d{14,}\.\d\d", v)]
    for name, coordinate, raw in _xlsx_numbers(path):
        cell = workbook[name][coordinate]
        # Spreadsheets hold doubles and openpyxl writes 16 digits of one (68.4 → 68.40000000000001):
        # the amount is right when the stored number rounds to it, as the 0.00 format shows it.
        # A box's amount may hold more decimals (a 元 figure in 万元): its format shows them all.
        places = max(2, cell.number_format.count("0") - 1)
        amounts.append(Decimal(raw).quantize(Decimal(1).scaleb(-places)))
        if not re.fullmatch(r"0\.00+", cell.number_format):
            problems.append(f"{name}!{coordinate} = {raw} has format {cell.number_format!r}, "
                            "not 0.00")
    return Readback("\x00".join(texts), amounts, problems, set(), "\x00".join(rows_first),
                    boxes)


def _without_repeated_headers(grid: list[list], breaks: list[int]) -> list[list]:
    """The sheet's rows less the page furniture: after each page break (a row number), the
    rows that repeat an earlier row whole (a table's header rows written again)."""
    seen: set[tuple] = set()
    skip: set[int] = set()
    starts = {b for b in breaks}  # the break follows this 1-based row
    for r, row in enumerate(grid, start=1):
        key = tuple(row)
        if (r - 1) in starts or (r - 1) in skip:
            if key in seen and any(v is not None for v in row):
                skip.add(r)
                continue
        seen.add(key)
    return [row for r, row in enumerate(grid, start=1) if r not in skip]


def _xlsx_numbers(path: Path) -> Iterator[tuple[str, str, str]]:
    """(sheet, coordinate, the number exactly as the file stores it) of every numeric cell:
    openpyxl would hand back a float, which hides what the file holds."""
    with zipfile.ZipFile(path) as archive:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_PACKAGE_REL_NS}Relationship")}
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        for sheet in workbook.iter(f"{_SHEET_NS}sheet"):
            target = targets[sheet.get(f"{_REL_NS}id")].lstrip("/")
            member = target if target.startswith("xl/") else f"xl/{target}"
            root = ElementTree.fromstring(archive.read(member))
            for cell in root.iter(f"{_SHEET_NS}c"):
                value = cell.find(f"{_SHEET_NS}v")
                if cell.get("t", "n") == "n" and value is not None and value.text:
                    yield sheet.get("name"), cell.get("r"), value.text


_FOOTER = re.compile(r"^\s*第 \d+ 页 共 \d+ 页\s*$")


def pdf_pages(path: Path) -> list[str]:
    """The PDF's text layer, page by page, in content-stream order (``pdftotext -raw``)."""
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


@dataclass(frozen=True)
class _Block:
    """A block of text as poppler finds it on a page: in a table, one cell's lines."""

    text: str  # squeezed
    left: float
    top: float
    right: float
    bottom: float

    def same_column(self, other: "_Block") -> bool:
        overlap = min(self.right, other.right) - max(self.left, other.left)
        return overlap > 0.5 * min(self.right - self.left, other.right - other.left)


_BLOCK = re.compile(r'<block xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                    r'yMax="([-\d.]+)">(.*?)</block>', re.S)
_WORD = re.compile(r"<word [^>]*>([^<]*)</word>")


def pdf_blocks(path: Path) -> list[list[_Block]]:
    """Each page's text blocks with their boxes (``pdftotext -bbox-layout``), footer left out."""
    from html import unescape

    html = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        blocks = []
        for match in _BLOCK.finditer(page):
            words = [unescape(w) for w in _WORD.findall(match[5])]
            if _FOOTER.match(" ".join(words)):
                continue
            blocks.append(_Block(squeeze("".join(words)), *map(float, match.groups()[:4])))
        pages.append(blocks)
    return pages


def furniture(layout: PrintLayout) -> tuple[list[str], list[str]]:
    """What a page may repeat: each table's header row (its cells in order) and the labels
    that span several rows (a group label repeated next to its continued rows)."""
    headers: set[str] = set()
    labels: set[str] = set()
    for part in layout.printed_parts():
        columns = len(part.columns)
        for table in part.tables():
            cells = list(grid_positions(table, columns))
            # The header row's own cells; a label reaching down beside the body is a label.
            headers.add(squeeze("".join(cell.text for r, _, cell in cells
                                        if r + cell.rowspan <= table.header_rows)))
            labels.update(squeeze(cell.text) for _, _, cell in cells if cell.rowspan > 1)
    by_length = lambda texts: sorted((t for t in texts if t), key=len, reverse=True)
    return by_length(headers), by_length(labels)


def read_pdf(path: Path, layout: PrintLayout) -> Readback:
    """The pages joined with their furniture removed, plus, at each page break, every table
    column's text run on into the following pages: a cell that continues over a page is
    interrupted in stream order by its row's other cells, so its parts are joined by column."""
    headers, labels = furniture(layout)
    repeated = headers + labels
    pages = []
    for page in pdf_pages(path):
        lines = [line for line in page.split("\n") if not _FOOTER.match(line)]
        pages.append("\n".join(lines))
    squeezed = [squeeze(page) for page in pages]
    joined = ""
    for number, text in enumerate(squeezed):
        if number:  # furniture printed on an earlier page
            text = _strip_repeated(text, "".join(squeezed[:number]), repeated)
        joined += text
    runs = _column_runs(squeezed, pdf_blocks(path) if len(pages) > 1 else [], headers, labels)
    return Readback("\x00".join([joined, *runs]), _numbers("\n".join(pages)), [], set(), joined)


def _strip_repeated(page: str, before: str, repeated: list[str]) -> str:
    """The page without furniture at its top: a header row or group label already printed,
    each once (a 三级指标 named as its 二级 follows its label: it is the row, not furniture)."""
    left = list(repeated)
    stripped = True
    while stripped:
        stripped = False
        for text in left:
            if page.startswith(text) and text in before:
                page, stripped = page[len(text):], True
                left.remove(text)
                break
    return page


def _column_runs(pages: list[str], blocks: list[list[_Block]], headers: list[str],
                 labels: list[str]) -> list[str]:
    """For each column that reaches the foot of a page and goes on at the top of the next:
    the stream up to its last block there, then each following page's stream from the
    column's first block that is not furniture, for as many pages as the column runs on."""
    def is_furniture(block: _Block) -> bool:
        return block.text in labels or any(block.text in header for header in headers)

    def column_on(page: int, column: _Block) -> list[_Block]:
        return sorted((b for b in blocks[page] if b.same_column(column) and b.text
                       and not is_furniture(b)), key=lambda b: b.top)

    runs = []
    continued: set[tuple[int, int]] = set()  # (page, id of block) reached by a run already
    count = min(len(pages), len(blocks))
    for k in range(count - 1):
        for last in _bottom_blocks(blocks[k]):
            end = pages[k].rfind(last.text)
            if not last.text or end < 0 or (k, id(last)) in continued or is_furniture(last):
                continue
            text, column, page = pages[k][:end + len(last.text)], last, k + 1
            while page < count:
                below = column_on(page, column)
                start = pages[page].find(below[0].text) if below else -1
                if start < 0:
                    break
                bottom = below[-1]
                stop = pages[page].rfind(bottom.text)
                text += pages[page][start:stop + len(bottom.text)] if stop >= start else \
                    pages[page][start:]
                continued.add((page, id(bottom)))
                column, page = bottom, page + 1
            runs.append(text)
    return runs


def _bottom_blocks(blocks: list[_Block]) -> list[_Block]:
    """The lowest block of each column of a page."""
    return [b for b in blocks if not any(o is not b and o.top > b.top and o.same_column(b)
                                         for o in blocks)]


_NUMBER = re.compile(r"(?<![\d.])\d+\.\d\d\d{0,4}(?![\d.])")
_WRAPPED_NUMBER = re.compile(r"(?<![\d.])\d[\d\n]*\.\n?\d\n?\d(?:\n?\d){0,4}(?![\d.])")


def _numbers(text: str) -> list[Decimal]:
    """Two-decimal numbers standing on their own in the text, also where a narrow cell wrapped
    one over two lines."""
    found = _NUMBER.findall(text) + [m for m in _WRAPPED_NUMBER.findall(text) if "\n" in m]
    return [Decimal(squeeze(m)) for m in found]
