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
What a file writes again as page furniture is not counted: the header rows and the cells a
workbook names as written again (app/export/xlsx_marks.py), and a name equal to a merged group
label (一级/二级), which the PDF repeats at the head of each page its group goes on to.
Word's header rows written again on a table going on after a planned page break are furniture
too (a continuation table's ``w:tblHeader`` rows equal to the table's before). Generated
documents take the row check in Word and Excel; in the PDF only the examples do, as a generated
name can also be a cell the PDF writes again beside a row cut by a page break, which the reader
does not yet tell from a row printed twice.
"""
from __future__ import annotations

import bisect
import re
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from pydantic import BaseModel

from app.boxes import format_box_amount
from app.export.layout import PrintLayout, Table
from app.model import IndicatorRow, TargetDocument
from app.templates import FieldKind, FieldSpec, IndicatorTableSpec, Template, all_templates
from forms._common.national_eval.layout import wan_yuan
from tests.truth_readers import (  # noqa: F401 - the readers, as the tests know them
    Readback, furniture, pdf_pages, read_docx, read_pdf, read_xlsx, squeeze)

FORMATS = ("docx", "xlsx", "pdf")
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
    # A name cut by a page break is not whole in the running text, nor a long one a workbook
    # spreads over rows in whole cells: ``missing`` finds those.
    whole = set(readback.boxes) if readback.boxes is not None else None
    rows = [(path, name) for path, name in rows if name and name in readback.ordered
            and (whole is None or name in whole)]
    problems = []
    at = 0
    for path, name in rows:
        found = readback.ordered.find(name, at)
        if found < 0:
            problems.append(f"{path}: {name[:40]!r} is not found after the row before it "
                            "(rows out of order)")
            continue
        at = found + len(name)
    groups = _group_labels(document, fmt)
    for name in dict.fromkeys(name for _, name in rows):
        if len(name) < _COUNTED:  # "亢", "-3": as likely another cell's text, or part of one
            continue
        if name in groups:  # a group label is written again on each page it goes on to
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


def _group_labels(document: TargetDocument, fmt: str) -> set[str]:
    """The merged group cells' texts (一级, 二级, 重点工作): a name equal to one cannot be
    counted, as the label repeats at the head of every page its group goes on to."""
    from app.templates import get_template

    template = get_template(document.template)
    tables = [(template.indicator_table(t.key), t.rows) for t in document.department.indicator_tables]
    tables += [(template.project_indicators, p.indicators) for p in document.projects]
    return {_wanted(fmt, squeeze(row.get(column.id)))
            for spec, rows in tables if spec is not None
            for column in spec.columns if column.merge for row in rows}


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
                 rows: bool | None = None) -> list[str]:
    """Render ``document`` as ``fmt`` into ``folder``, read it back, list what is missing
    and, with ``rows``, the rows out of order or printed twice (by default in Word and Excel;
    the PDF's when asked: see the module's docstring)."""
    rows = fmt != "pdf" if rows is None else rows
    path, layout = render(document, fmt, folder)
    problems = missing(document, fmt, read(fmt, path, layout), rows)
    label = name or document.template
    return [f"{label} {fmt}: {problem}" for problem in problems]
