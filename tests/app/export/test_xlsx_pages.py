"""Excel pages: planned by the renderer (explicit row heights, manual breaks), so a page that
continues an indicator table starts with that table's header, whatever the sheet holds before it;
LibreOffice, as a bureau's reader, prints them so."""
from __future__ import annotations

import subprocess

import pytest

from app.export.layout import Cell, Paragraph, SignatureBlock, Table, grid_positions
from app.export.xlsx_pages import Segment, TablePlan, Unit, paginate
from tests.libreoffice import convert_to_pdf, missing_tools


def _plan(table: Table, lines: int = 1) -> TablePlan:
    return TablePlan(table, 3, lambda c, cell: lines if cell.rowspan == 1 else 4 * lines,
                     line_height=10.0, max_height=409.0)


def _indicators(rows: int, header: str = "三级指标") -> Table:
    body = [[Cell("产出指标", rowspan=rows), Cell("a0"), Cell("v0")]]
    body += [[Cell(f"a{i}"), Cell(f"v{i}")] for i in range(1, rows)]
    return Table([[Cell("一级指标"), Cell(header), Cell("指标值")], *body], header_rows=1)


def _segments(placed) -> list[Segment]:
    return [p.item for p in placed if isinstance(p.item, Segment)]


def test_a_continued_table_starts_each_page_with_its_header_and_its_cut_label():
    table = _indicators(40)
    placed = paginate([Unit(Paragraph("标题"), 30.0), Unit(table, plan=_plan(table))], 200.0)
    segments = _segments(placed)
    assert len(segments) > 3
    for segment in segments:
        texts = [cell.text for _, _, cell in grid_positions(segment.table, 3)]
        assert texts[:3] == ["一级指标", "三级指标", "指标值"]  # the header, on every page
        assert texts[3] == "产出指标"  # the group label, cut at the break, written again
        assert segment.table.header_rows == 1
    body = [cell.text for s in segments for r, _, cell in grid_positions(s.table, 3)
            if r >= 1 and cell.text.startswith("a")]
    assert body == [f"a{i}" for i in range(40)]  # every row once, in order
    for p in placed:  # no page is taller than the page
        assert p.height <= 200.0
    assert [p.break_after for p in placed].count(True) == len(segments) - 1


def test_pages_hold_what_fits_and_titles_stay_with_their_table():
    first, second = _indicators(5), _indicators(12, header="重点工作")
    units = [Unit(Paragraph("标题"), 30.0), Unit(first, plan=_plan(first)),
             Unit(Paragraph("小标题"), 20.0), Unit(second, plan=_plan(second))]
    placed = paginate(units, 150.0)
    # The second title does not end a page: it moved to the page of its table's first rows.
    for p, following in zip(placed, placed[1:]):
        if isinstance(p.item, Paragraph):
            assert not p.break_after
    pages, height = [], 0.0
    for p in placed:
        height += p.height
        if p.break_after:
            pages.append(height)
            height = 0.0
    pages.append(height)
    assert all(h <= 150.0 for h in pages)
    assert all(h >= 150.0 / 2 for h in pages[:-1])  # a break only where the next rows don't fit


@pytest.mark.parametrize("rows", range(8, 16))
def test_the_signature_never_stands_alone(rows):
    table = _indicators(rows)
    units = [Unit(table, plan=_plan(table)), Unit(SignatureBlock(), 40.0)]
    placed = paginate(units, 100.0)
    signature = placed.index(next(p for p in placed if isinstance(p.item, SignatureBlock)))
    before = placed[signature - 1]
    assert isinstance(before.item, Segment) and not before.break_after
    assert before.item.end == rows + 1  # the form's last row is on the signature's page


def _page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return [p for p in pages if p.strip()]


def _row_texts(ws, row: int) -> list[str]:
    return [str(c.value) for c in ws[row] if c.value is not None]


def _bordered(ws, row: int) -> bool:
    return ws.cell(row=row, column=1).border.left.style is not None


def _breaks_inside_tables(ws) -> list[tuple[int, list[str], list[str]]]:
    """(break row, the table's header texts, the texts of the row after the break) for every
    break that falls inside a table with a header row."""
    header: list[str] = []
    found = []
    breaks = {b.id for b in ws.row_breaks.brk}
    for row in range(1, ws.max_row + 1):
        texts = _row_texts(ws, row)
        if not _bordered(ws, row):
            header = []
        elif "三级指标" in texts and not header:
            header = texts
        if row in breaks and header and _bordered(ws, row + 1):
            found.append((row, header, _row_texts(ws, row + 1)))
    return found


@pytest.mark.slow
@pytest.mark.skipif(bool(missing_tools()), reason=missing_tools() or "ok")
@pytest.mark.parametrize("name", ["jiangsu", "guizhou"])
def test_libreoffice_pages_continuing_an_indicator_table_start_with_its_header(
        name, exported, tmp_path):
    from openpyxl import load_workbook

    workbook = load_workbook(str(exported[name]["xlsx"]))
    pages = _page_texts(convert_to_pdf(exported[name]["xlsx"], tmp_path))
    # LibreOffice breaks exactly where the renderer did and nowhere else: the pages are ours.
    assert len(pages) == sum(len(ws.row_breaks.brk) + 1 for ws in workbook.worksheets)
    continued = [b for ws in workbook.worksheets for b in _breaks_inside_tables(ws)]
    assert len(continued) >= 2  # the examples do continue their indicator tables
    for row, header, after in continued:
        assert after == header, f"the page after row {row} starts with {after}"
    for number, page in enumerate(pages, 1):
        body = [line for line in page.split("\n") if line.strip() and not line.startswith("第 ")]
        assert any(line != "（盖章）" and not line.startswith(
            ("单位负责人", "经办人", "联系电话", "日期")) for line in body), (
            f"page {number} holds only a signature block")
