"""The truth test of every export: each text the document holds that its template prints is
found exactly (only whitespace removed, on both sides) in the Word text, the Excel cells and the
PDF's text layer, and each amount as the model holds it. See tests/truth.py for how the files
are read; tests/strategies.py for the generated documents."""
from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.export.layout import Table
from app.model import BudgetLine, Department, DepartmentFunds
from app.projectfile import load_document
from app.templates import FieldKind, get_template, template_ids
from tests import truth
from tests.app.importing.roundtrip import import_difference
from tests.conftest import EXAMPLE_FILES
from tests.libreoffice import FONTCONFIG, missing_tools, soffice
from tests.strategies import documents

FORMATS = truth.FORMATS


def _report(problems: list[str]) -> str:
    shown = problems[:25]
    more = f"\n… and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    return "\n".join(shown) + more


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_example_export_holds_every_printed_text_and_amount(name, fmt, tmp_path):
    document = load_document(EXAMPLE_FILES[name])
    problems = truth.check_export(document, fmt, tmp_path, name, rows=True)
    assert not problems, _report(problems)


def test_every_template_prints_texts_and_amounts():
    """The truth is not empty: each example yields texts and amounts for each format."""
    for name, path in EXAMPLE_FILES.items():
        document = load_document(path)
        for fmt in FORMATS:
            assert truth.printed_texts(document, fmt), (name, fmt)
        # 石家庄's report states its figures in sentences only, in no format as numbers (the
        # report has no table). A form without money (湖南's 整体绩效目标表) has none to print.
        has_money = any(f.kind in (FieldKind.FUNDS, FieldKind.MONEY, FieldKind.EXECUTION,
                                   FieldKind.MONEY_TABLE)
                        for t in [get_template(document.template)]
                        for s in (*t.sections, *t.project_sections) for f in s.fields)
        assert bool(truth.printed_amounts(document, "xlsx")) == has_money, name


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_check_fails_on_an_export_with_one_character_changed(fmt, tmp_path):
    """Proof the harness can fail: the file is read back against a document in which one
    character of one long text (and one amount) differs from what was exported."""
    document = load_document(EXAMPLE_FILES["jiangsu"])
    path, layout = truth.render(document, fmt, tmp_path)
    readback = truth.read(fmt, path, layout)
    assert not truth.missing(document, fmt, readback)
    changed = document.model_copy(deep=True)
    goal = changed.department.long_term_goal
    middle = len(goal) // 2
    changed.department.long_term_goal = goal[:middle] + "乂" + goal[middle + 1:]
    changed.department.funds.total += Decimal("0.01")
    problems = truth.missing(changed, fmt, readback)
    assert any(p.startswith("department.long_term_goal:") for p in problems), problems
    assert any(p.startswith("department.funds.total:") for p in problems), problems
    assert len(problems) == 2, problems


def _doctored(document, change):
    """The document's layout with ``change(rows, i)`` applied to an indicator table's rows at
    two neighbouring rows ``i`` and ``i + 1`` inside one group (no merged cell starts there)."""
    from app.export import build_layout

    layout = build_layout(document)
    names = {row.name for table in document.department.indicator_tables for row in table.rows}
    for part in layout.parts:
        for block in part.blocks:
            if not isinstance(block, Table):
                continue
            for i in range(block.header_rows, len(block.rows) - 1):
                pair = block.rows[i:i + 2]
                texts = [[c.text for c in row] for row in pair]
                if len(pair[0]) == len(pair[1]) and all(c.rowspan == 1 for row in pair
                                                        for c in row) \
                        and all(any(t in names for t in row) for row in texts) \
                        and texts[0] != texts[1]:
                    change(block, i)
                    return layout
    raise AssertionError("no two neighbouring indicator rows in one group")


def _row_twice(table, i: int) -> None:
    """Row ``i`` printed again after ``i + 1``; merged cells over that place grow by one."""
    for j, row in enumerate(table.rows[:i + 2]):
        for k, cell in enumerate(row):
            if j + cell.rowspan > i + 2:
                row[k] = replace(cell, rowspan=cell.rowspan + 1)
    table.rows.insert(i + 2, list(table.rows[i]))


def _rows_swapped(table, i: int) -> None:
    table.rows[i], table.rows[i + 1] = table.rows[i + 1], table.rows[i]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("change, says", [(_row_twice, "printed 2 times"),
                                          (_rows_swapped, "rows out of order")])
def test_the_check_fails_on_a_row_printed_twice_or_two_rows_swapped(fmt, change, says,
                                                                    tmp_path):
    """Order and number count: every text is still somewhere in the file, but a row printed
    twice, or two rows swapped, is not the document."""
    from app.export.docx_render import render_docx
    from app.export.pdf import render_pdf
    from app.export.xlsx_render import render_xlsx

    document = load_document(EXAMPLE_FILES["jiangsu"])
    layout = _doctored(document, change)
    path = tmp_path / f"doctored.{fmt}"
    {"docx": render_docx, "xlsx": render_xlsx, "pdf": render_pdf}[fmt](layout, path)
    problems = truth.missing(document, fmt, truth.read(fmt, path, layout))
    assert problems and all(says in p for p in problems), problems


def test_a_text_across_a_page_break_is_found_whole(tmp_path):
    """A table cell longer than a page: its two halves sit on two pages with the footer, the
    repeated header and the row's other cells between them; the PDF reading joins them."""
    document = get_template("guizhou-dept-target").new_document("跨页单位", 2024)
    sentence = "第{}条：组织实施国土空间规划，落实耕地保护和节约集约用地制度。"
    document.department.indicator_tables[0].rows[0].set("definition", "".join(
        sentence.format(i) for i in range(1, 120)))
    path, layout = truth.render(document, "pdf", tmp_path)
    assert len(truth.pdf_pages(path)) >= 3
    readback = truth.read("pdf", path, layout)
    assert truth.squeeze(document.department.indicator_tables[0].rows[0].get("definition")) in \
        readback.text
    assert not truth.missing(document, "pdf", readback)


def test_largest_amount_the_model_accepts_survives_excel(tmp_path):
    """The model takes 14 integer digits with cents; a spreadsheet holds a double."""
    largest = Decimal("99999999999999.99")
    document = get_template("jiangsu-dept-target").new_document("单位", 2024)
    document.department = Department(funds=DepartmentFunds(
        total=largest, expense_items=[BudgetLine(name="明细", full_year=largest)]))
    problems = truth.check_export(document, "xlsx", tmp_path)
    assert not problems, _report(problems)


_GENERATED = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                      # Each example renders a file: shrinking would cost minutes, and the
                      # failure message already names the text, its path and the nearest match.
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@pytest.mark.parametrize("template_id", template_ids())
@_GENERATED
@given(data=st.data())
def test_generated_document_export_holds_every_printed_text_and_amount(template_id, data):
    # 200 different documents per template, each exported in one format, the formats in turn:
    # every format sees about 67 of them, and the suite stays within its time budget as
    # templates are added (each export is a file written and read back).
    document = data.draw(documents(template_id), label="document")
    fmt = FORMATS[next(_TURNS[template_id]) % len(FORMATS)]
    with tempfile.TemporaryDirectory(prefix="truth-") as folder:
        problems = truth.check_export(document, fmt, Path(folder))
        if fmt == "xlsx" and not problems and get_template(template_id).excel_import:
            # The same workbook imported back gives the document (tests/app/importing/).
            difference = import_difference(document, Path(folder) / "export.xlsx")
            problems = [difference] if difference else []
    assert not problems, f"{fmt}: " + _report(problems)


_TURNS = {template_id: itertools.count() for template_id in template_ids()}


def _some(template_id: str, count: int) -> list:
    """``count`` generated documents of a template (the same ones on every run)."""
    found = []

    @settings(max_examples=count, deadline=None, derandomize=True, database=None,
              phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(documents(template_id))
    def collect(document):
        found.append(document)

    collect()
    return found[:count]


@pytest.mark.slow
@pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "ok")
def test_libreoffice_converts_generated_documents(tmp_path):
    """A real client opens what we write: 5 generated documents per template, Word and Excel,
    converted to PDF by LibreOffice in one run (its start-up is most of the cost). The examples
    are converted by tests/e2e/test_real_clients.py."""
    sources = []
    for template_id in template_ids():
        for n, document in enumerate(_some(template_id, 5)):
            for fmt in ("docx", "xlsx"):
                folder = tmp_path / "in" / f"{template_id}-{n}-{fmt}"
                folder.mkdir(parents=True)
                path, _ = truth.render(document, fmt, folder)
                sources.append(path.rename(folder.parent / f"{template_id}-{n}-{fmt}.{fmt}"))
    out = tmp_path / "out"
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, sources)],
            capture_output=True, text=True, timeout=600,
            env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)})
    converted = {p.name for p in out.glob("*.pdf") if p.stat().st_size > 0}
    assert result.returncode == 0, result.stderr[-800:]
    expected = {f"{s.stem}.pdf" for s in sources}
    assert converted >= expected, sorted(expected - converted)


@pytest.mark.parametrize("fmt", FORMATS)
def test_execution_lines_with_a_page_long_name_keep_every_row(fmt, tmp_path):
    """A 预算执行 line named at page length: the lines after it are still printed (a merged
    原因 cell beside such a row once lost them in the PDF)."""
    from app.model import ExecutionLine

    template = next(t for t in map(get_template, template_ids())
                    if any(f.kind is FieldKind.EXECUTION
                           for s in t.project_sections for f in s.fields))
    document = template.new_document("测试单位", 2023)
    long = "".join(f"第{i}条：积极争取以县区为单位开展全域土地综合整治试点工作。" for i in range(60))
    document.projects[0].name = "测试项目"
    document.projects[0].evaluation.execution = [
        ExecutionLine(name="总额", adjusted=Decimal("118.52"), score=Decimal("8.26"), reason="短"),
        ExecutionLine(name=long, adjusted=Decimal("100.00"), executed=Decimal("0.98"),
                      weight=Decimal("24.99"), score=Decimal("0.21"), reason="原因甲"),
        ExecutionLine(name="上年结转资金", executed=Decimal("0.00"), weight=Decimal("76.65"),
                      score=Decimal("0.13"), reason="原因乙")]
    problems = truth.check_export(document, fmt, tmp_path)
    assert not problems, _report(problems)
