"""The truth about an export: every text and amount a document's template prints, and the three
files read back, so a test can say "this text, exactly as typed, is in this file".

What is printed comes from the template definition (its sections' fields, its indicator tables'
columns, its project sections), not from the layout under test. Reading back removes layout
whitespace only (on both sides): no Unicode or radical normalisation, so a PDF whose text layer
says ⽔ for 水 does not hold 水.

- Word: paragraphs and table cells in document order, each merged cell once.
- Excel: the text cells of each sheet, row-major and column-major (a long text may be spread
  over consecutive cells of one column); amounts as numeric cells, value read from the XML.
- PDF: ``pdftotext -raw`` page by page; the page furniture (footer "第 N 页 共 M 页", a repeated
  table header row, a repeated group label at the top of a page) is removed before the pages
  are joined, so a text that crosses a page is found whole.

Order and number: each indicator row's 三级指标 is searched in the file's running text
(``Readback.ordered``: Word's stream, each sheet row by row, the PDF's pages joined) after the
row before it, so rows must come in the document's order and a name the document has N times is
found N times; and a name found more often than the document's rows and the form's other words
hold it is a row printed twice (``misplaced_rows``). The order is the template's (its sections,
then each project), which every layout follows; the rows are what a reader checks, and other
texts keep the presence check (a form may print its fields in another order than its sections
declare, and its labels repeat). The form's other words come from the layout of the document
with its 三级指标 blanked, so a layout that prints a row twice cannot count it as a label. A
name cut by a page break is not whole in the running text: the presence check covers it.
Generated documents do not take the row check yet: their random texts make a workbook's cells
repeat (a long row cut into rows writes its short cells again) and collide with other cells
in ways the reader cannot yet tell from a row printed twice.
"""
from __future__ import annotations

import bisect
import re
import subprocess
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator
from xml.etree import ElementTree

from pydantic import BaseModel

from app.boxes import format_box_amount
from app.export.layout import PrintLayout, Table, grid_positions
from app.model import IndicatorRow, TargetDocument
from app.templates import FieldKind, FieldSpec, IndicatorTableSpec, Template, all_templates
from forms._national_eval.layout import wan_yuan

FORMATS = ("docx", "xlsx", "pdf")
_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """The text without any whitespace: line breaks, tabs and spaces are layout, not content."""
    return _WHITESPACE.sub("", text)


# --- what a template prints ------------------------------------------------------------------


@dataclass(frozen=True)
class Printed:
    path: str  # where the document holds it: "projects[0].indicators[2].name"
    value: str | Decimal  # a text as typed, or an amount (Decimal, printed with two decimals)


def expense_only_templates() -> frozenset[str]:
    # The forms that print only 支出预算 (贵州) say so in their definition.
    return frozenset(t.id for t in all_templates() if t.funds_expense_only)


# Excel holds the forms (one sheet per form, docs/export.md); the covers and the narrative are
# Word/PDF only. A template not named here puts everything it prints into the workbook.
_SELF_EVAL_DATA_SHEET = re.compile(
    r"unit_name|year|self_evaluation\.(score|grade|team\[.*)")
_EXCEL_HOLDS: dict[str, Callable[[str, TargetDocument], bool]] = {
    # One sheet per project, each naming the 编制单位; the narrative parts have none.
    "hebei-perf-text": lambda path, doc: path.startswith("projects[") or (
        path == "compiled_by" and bool(doc.projects)),
    # The 自评数据 sheet: its title, the score and grade, the team.
    "hebei-self-eval": lambda path, doc: bool(_SELF_EVAL_DATA_SHEET.fullmatch(path)),
}


# The printed report states the 收支预决算 figures in the officer's sentences (stage.text); the
# stages' lines and amounts are in the Excel data sheet only (docs/decisions.md).
_STAGE_FIGURES = re.compile(r"self_evaluation\.budget_stages\[\d+\]\.(label|income\[.*|expense\[.*)")
_PRINT_OMITS: dict[str, Callable[[str], bool]] = {
    "hebei-self-eval": lambda path: bool(_STAGE_FIGURES.fullmatch(path)),
}


def printed(document: TargetDocument, fmt: str | None = None, keep_empty: bool = False
            ) -> list[Printed]:
    """Every non-empty text and every amount the document's template prints, in the template's
    field order; with ``fmt="xlsx"`` only those the workbook holds; ``keep_empty`` keeps the
    empty texts too (so a list's length and an indicator row's every cell count)."""
    from app.templates import get_template

    template = get_template(document.template)
    found = list(_walk_template(template, document))
    if fmt == "xlsx" and template.id in _EXCEL_HOLDS:
        holds = _EXCEL_HOLDS[template.id]
        found = [p for p in found if holds(p.path, document)]
    elif fmt in ("docx", "pdf") and template.id in _PRINT_OMITS:
        found = [p for p in found if not _PRINT_OMITS[template.id](p.path)]
    return [p for p in found if keep_empty or isinstance(p.value, Decimal) or squeeze(p.value)]


def printed_texts(document: TargetDocument, fmt: str | None = None) -> list[str]:
    return [p.value for p in printed(document, fmt) if isinstance(p.value, str)]


def printed_amounts(document: TargetDocument, fmt: str | None = None) -> list[Decimal]:
    return [p.value for p in printed(document, fmt) if isinstance(p.value, Decimal)]


def _walk_template(template: Template, document: TargetDocument) -> Iterator[Printed]:
    for section in template.sections:
        for spec in section.fields:
            yield from _field(template, spec, spec.path, _resolve(document, spec.path),
                              template.indicator_tables, document)
    if template.has_projects:
        project_tables = (template.project_indicators,) if template.project_indicators else ()
        for n, project in enumerate(document.projects):
            for section in template.project_sections:
                for spec in section.fields:
                    yield from _field(template, spec, f"projects[{n}].{spec.path}",
                                      _resolve(project, spec.path), project_tables, project)


def _resolve(model: object, path: str) -> object:
    for name in path.split("."):
        if model is None:
            return None
        model = model.get(name) if isinstance(model, dict) else getattr(model, name)
    return model


def _field(template: Template, spec: FieldSpec, path: str, value: object,
           tables: tuple[IndicatorTableSpec, ...], owner: object = None) -> Iterator[Printed]:
    if value is None:
        return
    if spec.kind in _BOX_ONLY:
        yield from _box(spec, path, value)
    elif spec.kind is FieldKind.INDICATORS:
        yield from _indicators(path, value, tables)
    elif spec.kind is FieldKind.FUNDS and template.id in expense_only_templates():
        # 支出预算（本级）: 基本支出, 项目支出 and the items with their 全年预算数, and the total.
        yield from _values(f"{path}.basic_expense.full_year", value.basic_expense.full_year, True)
        yield from _values(f"{path}.project_expense.full_year", value.project_expense.full_year,
                           True)
        for i, item in enumerate(value.expense_items):
            yield from _values(f"{path}.expense_items[{i}].name", item.name, True)
            yield from _values(f"{path}.expense_items[{i}].full_year", item.full_year, True)
        yield from _values(f"{path}.total", value.total, True)
    elif spec.kind is FieldKind.EXECUTION:
        # 预算执行情况: the three budget figures are amounts; 权重 and 得分 print as numbers in
        # text, like any score. The national 自评表 prints them in 万元 whatever their unit.
        evaluation = _resolve(owner, spec.path.rsplit(".", 1)[0])
        unit = getattr(evaluation, "unit", None)
        for i, line in enumerate(value or []):
            for name in type(line).model_fields:
                amount = name in ("initial", "adjusted", "executed")
                figure = getattr(line, name)
                if amount and figure is not None and template.id in _IN_WAN_YUAN:
                    figure = wan_yuan(figure, unit)
                yield from _values(f"{path}[{i}].{name}", figure, amount)
    else:
        # Money fields, funds and budget stages hold amounts; any other number prints as text
        # (年度, 得分, 资金支出计划 %).
        money = spec.kind in (FieldKind.MONEY, FieldKind.FUNDS, FieldKind.BUDGET_STAGES)
        yield from _values(path, value, money)


_IN_WAN_YUAN = ("national-project-eval", "national-dept-eval")
_BOX_ONLY = (FieldKind.TICKS, FieldKind.MONEY_TABLE, FieldKind.DATE, FieldKind.CHOICE,
             FieldKind.PERCENT)


def _box(spec: FieldSpec, path: str, value: object) -> Iterator[Printed]:
    """A declared box's printed truth: a tick-list as the form prints it (every option, the
    ticked ones marked), a money table's amounts in declared order, others as their text."""
    from app.boxes import options_of, table_cells
    from app.export.boxes import ticks_text

    if spec.kind is FieldKind.TICKS:
        yield Printed(path, ticks_text(options_of(spec), list(value)))  # type: ignore[arg-type]
    elif spec.kind is FieldKind.MONEY_TABLE:
        assert isinstance(value, dict)
        for row, column in table_cells(spec):
            amount = value.get(row.key, {}).get(column.key)
            if amount is not None:
                yield Printed(f"{path}.{row.key}.{column.key}", amount)
    else:
        yield from _values(path, value, False)


def _values(path: str, value: object, money: bool) -> Iterator[Printed]:
    """Texts and amounts of a value, recursively through models and lists (flags and units
    are choices the template prints as its own words, so they are not the document's text)."""
    if value is None or isinstance(value, bool) or isinstance(value, Enum):
        return
    if isinstance(value, str):
        yield Printed(path, value)
    elif isinstance(value, int):
        yield Printed(path, str(value))
    elif isinstance(value, Decimal):
        yield Printed(path, value if money else format(value, "f"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _values(f"{path}[{i}]", item, money)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _values(f"{path}.{name}", getattr(value, name), money)
    else:  # pragma: no cover - the model holds nothing else
        raise TypeError(f"{path}: {type(value).__name__}")


def _indicators(path: str, value: object, specs: tuple[IndicatorTableSpec, ...]
                ) -> Iterator[Printed]:
    """The columns each indicator table prints; a department table the template does not
    declare (another province's key) is not printed."""
    if isinstance(value, list) and value and isinstance(value[0], IndicatorRow):
        tables = [(path, value, specs[0])] if specs else []
    else:
        tables = []
        for spec in specs:
            index = next((i for i, t in enumerate(value) if t.key == spec.key), None)
            if index is not None:
                tables.append((f"{path}[{index}].rows", value[index].rows, spec))
    for table_path, rows, spec in tables:
        for i, row in enumerate(rows):
            for column in spec.columns:
                yield Printed(f"{table_path}[{i}].{column.id}", row.get(column.id))


# --- reading the files back ------------------------------------------------------------------


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
    cells: set[str] = set()
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            pieces.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            for tr in child.tr_lst:
                for tc in tr.tc_lst:
                    if tc.vMerge != "continue":  # a vertically merged cell counts once
                        text = _Cell(tc, None).text
                        pieces.append(text)
                        cells.add(squeeze(text))
    text = squeeze("".join(pieces))
    return Readback(text, [], [], cells, text, [squeeze(piece) for piece in pieces])


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_xlsx(path: Path) -> Readback:
    from openpyxl import load_workbook

    from app.export.xlsx_marks import read_marks

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
        # A cell equal to the one above it is that cell written again (a long row cut into
        # rows, or a page break): it is counted once.
        boxes += [squeeze(v) for r, row in enumerate(grid) for c, v in enumerate(row)
                  if v is not None and not (r and c < len(grid[r - 1]) and grid[r - 1][c] == v)]
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


# --- the check -------------------------------------------------------------------------------


def render(document: TargetDocument, fmt: str, folder: Path) -> tuple[Path, PrintLayout]:
    """The document rendered in-process into ``folder`` (no atomic move: tests only)."""
    from app.export import build_layout

    layout = build_layout(document)
    path = Path(folder) / f"export.{fmt}"
    if fmt == "docx":
        from app.export.docx_render import render_docx
        render_docx(layout, path)
    elif fmt == "xlsx":
        from app.export.xlsx_render import render_xlsx
        render_xlsx(layout, path)
    else:
        from app.export.pdf import render_pdf
        render_pdf(layout, path)
    return path, layout


def read(fmt: str, path: Path, layout: PrintLayout) -> Readback:
    if fmt == "docx":
        return read_docx(path)
    if fmt == "xlsx":
        return read_xlsx(path)
    return read_pdf(path, layout)


def missing(document: TargetDocument, fmt: str, readback: Readback, rows: bool = True
            ) -> list[str]:
    """One line per printed text or amount the file does not hold, with the nearest match, and
    (``rows``) per row out of order or printed twice (``misplaced_rows``)."""
    problems = []
    for item in printed(document, fmt):
        if isinstance(item.value, Decimal):
            if not _has_amount(fmt, item.value, readback):
                problems.append(f"{item.path}: amount {format_box_amount(item.value)} not found"
                                + _nearest_amount(item.value, readback))
        elif (_drawable(squeeze(item.value)) if fmt == "pdf" else squeeze(item.value)) \
                not in readback.text:
            problems.append(f"{item.path}: {item.value[:40]!r} ({len(item.value)} characters) "
                            f"not found; {nearest(squeeze(item.value), readback.text)}")
    if rows:
        problems += misplaced_rows(document, fmt, readback)
    return problems + readback.amount_problems


# An indicator row is known by its 三级指标: the cell every row has, and the one a reader scans.
_ROW_NAME = re.compile(r"(?:indicators|rows)\[\d+\]\.name$")


def misplaced_rows(document: TargetDocument, fmt: str, readback: Readback) -> list[str]:
    """The indicator rows the file holds out of the document's order, or more often than the
    document has them. Each row's 三级指标 is searched in the file's running text after the row
    before it (so a name printed N times is found N times, in order); and it is found no more
    often than the document's rows have it plus the form's other words hold it (a 三级指标
    "基本支出" beside the money table's line of that name; ``_form_words``)."""
    rows = _rows_of(printed(document, fmt), fmt)
    words = [name for _, name in rows] + [_wanted(fmt, w) for w in _form_words(document)]
    # A name cut by a page break is not whole in the running text: ``missing`` finds it.
    rows = [(path, name) for path, name in rows if name and name in readback.ordered]
    problems = []
    at = 0
    for path, name in rows:
        found = readback.ordered.find(name, at)
        if found < 0:
            problems.append(f"{path}: {name[:40]!r} is not found after the row before it "
                            "(rows out of order)")
            continue
        at = found + len(name)
    for name in dict.fromkeys(name for _, name in rows):
        if len(name) < _COUNTED:  # "亢", "-3": as likely another cell's text, or part of one
            continue
        if readback.boxes is not None:  # whole cells: a name is its row's cell
            held, allowed = readback.boxes.count(name), words.count(name)
        else:
            held = readback.ordered.count(name)
            allowed = sum(word.count(name) for word in words)
        if held > allowed:
            problems.append(f"{name[:40]!r} is printed {held} times; the document has it "
                            f"{allowed} times (a row printed twice)")
    return problems


_COUNTED = 4  # characters: a shorter name is not counted


def _rows_of(items: list[Printed], fmt: str) -> list[tuple[str, str]]:
    return [(p.path, _wanted(fmt, squeeze(p.value))) for p in items
            if isinstance(p.value, str) and _ROW_NAME.search(p.path)]


def _form_words(document: TargetDocument) -> list[str]:
    """Every text the document's form prints but its rows' names: the layout of the document
    with each 三级指标 blanked (the form's labels, its other texts), so that a row the layout
    prints twice is not taken for a label."""
    from app.export import build_layout

    blank = document.model_copy(deep=True)
    tables = [table.rows for table in blank.department.indicator_tables]
    for rows in tables + [project.indicators for project in blank.projects]:
        for row in rows:
            row.set("name", "")
    found = []
    for part in build_layout(blank).parts:
        for block in part.blocks:
            if isinstance(block, Table):
                found += [squeeze(cell.text) for row in block.rows for cell in row]
            else:
                found.append(squeeze(str(getattr(block, "text", ""))))
    return found


def _wanted(fmt: str, text: str) -> str:
    """A squeezed text as the file can hold it (a PDF drops what no font draws)."""
    return _drawable(text) if fmt == "pdf" else text


@lru_cache(maxsize=1)
def _font_coverage() -> list[tuple[int, int]]:
    """Code point ranges that some installed font draws (fontconfig's charsets, merged)."""
    listing = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                             text=True, check=True).stdout
    ranges = sorted({(int(a, 16), int(b or a, 16))
                     for a, b in re.findall(r"([0-9a-f]+)(?:-([0-9a-f]+))?", listing)})
    merged: list[tuple[int, int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def _drawable(text: str) -> str:
    """``text`` less the characters no installed font has: a PDF prints those as a box, and
    Qt names every box alike in the text layer (a limit of fonts, stated in docs/export.md)."""
    coverage = _font_coverage()
    starts = [low for low, _ in coverage]

    def covered(ch: str) -> bool:
        i = bisect.bisect_right(starts, ord(ch)) - 1
        return i >= 0 and coverage[i][1] >= ord(ch)

    return "".join(ch for ch in text if covered(ch))


def _has_amount(fmt: str, value: Decimal, readback: Readback) -> bool:
    if fmt == "docx":
        return format_box_amount(value) in readback.cells
    return value in readback.amounts  # Excel: the stored number; PDF: a two-decimal text


def _nearest_amount(value: Decimal, readback: Readback) -> str:
    candidates = readback.amounts or [Decimal(c) for c in readback.cells
                                      if re.fullmatch(r"\d+\.\d\d", c)]
    if not candidates:
        return "; the file has no amounts"
    closest = min(candidates, key=lambda a: abs(a - value))
    return f"; nearest amount in the file: {closest}"


def nearest(needle: str, haystack: str) -> str:
    """Where the file parts from the text: the longest prefix and suffix it does hold."""
    prefix = _longest(needle, haystack, lambda k: needle[:k])
    suffix = _longest(needle, haystack, lambda k: needle[len(needle) - k:])
    if prefix:
        at = haystack.find(needle[:prefix]) + prefix
        return (f"the file holds its first {prefix} characters, then "
                f"{_shown(haystack[at:at + 30])} instead of {_shown(needle[prefix:prefix + 30])}"
                f"; its last {suffix} characters are found")
    return f"not even its first character is found; its last {suffix} characters are found"


def _longest(needle: str, haystack: str, piece: Callable[[int], str]) -> int:
    low, high = 0, len(needle)  # piece(low) is found; find the largest such length
    while low < high:
        middle = (low + high + 1) // 2
        if piece(middle) in haystack:
            low = middle
        else:
            high = middle - 1
    return low


def _shown(text: str) -> str:
    return repr(text.replace("\x00", "¦"))


def check_export(document: TargetDocument, fmt: str, folder: Path, name: str = "",
                 rows: bool = False) -> list[str]:
    """Render ``document`` as ``fmt`` into ``folder``, read it back, list what is missing
    (and, with ``rows``, the rows out of order or printed twice: not yet for generated
    documents, see the module's docstring)."""
    path, layout = render(document, fmt, folder)
    problems = missing(document, fmt, read(fmt, path, layout), rows)
    label = name or document.template
    return [f"{label} {fmt}: {problem}" for problem in problems]
