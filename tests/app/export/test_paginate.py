"""The page plan on its own (no Qt): a text engine that wraps every character at one width,
so each test knows exactly which line lands where."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from app.export.layout import (Align, Cell, PageBreak, Paragraph, Part, PrintLayout,
                               SignatureBlock, Style, Table)
from app.export.paginate import Font, RectOp, TextOp, plan_pages

PAGE = (600.0, 800.0)  # body width and height, device units


class Box:
    def __init__(self, text: str, font: Font, width: float, spacing: float):
        per_line = max(1, int(width // font.size))
        self.lines: list[str] = []
        for paragraph in text.split("\n"):
            self.lines += [paragraph[i:i + per_line]
                           for i in range(0, max(len(paragraph), 1), per_line)]
        self.text = text
        self.heights = [font.size * 1.25 * spacing] * len(self.lines)


class Measure:
    def text(self, text, font, width, align=Align.LEFT, indent=0.0, spacing=1.0):
        return Box(text, font, width, spacing)

    def points(self, pt):
        return pt


def plan(*blocks, columns=(1.0, 1.0, 2.0)):
    layout = PrintLayout("表", [Part(list(blocks), columns=columns)])
    return plan_pages(layout, Measure(), {False: PAGE, True: PAGE[::-1]})


def drawn_lines(page):
    """(text of each line drawn, its op) in drawing order."""
    for op in page.ops:
        if isinstance(op, TextOp):
            for i in range(op.first, op.last):
                yield op.box.lines[i], op


def page_texts(page) -> list[str]:
    return [line for line, _ in drawn_lines(page)]


def assert_inside_pages(result):
    """Nothing is drawn across the foot of a page: no line is cut by a page break."""
    for number, page in enumerate(result.pages, 1):
        for op in page.ops:
            if isinstance(op, TextOp):
                bottom = op.y + sum(op.box.heights[op.first:op.last])
                assert op.y >= -0.01 and bottom <= page.height + 0.01, (number, op.box.text)
            else:
                assert op.y >= -0.01 and op.y + op.height <= page.height + 0.01, number


def indicator_table(rows: int, text=lambda i: f"指标{i}", group_every=4) -> Table:
    header = [Cell("一级指标", bold=True), Cell("二级指标", bold=True), Cell("三级指标", bold=True)]
    body = []
    for i in range(rows):
        row = []
        if i % group_every == 0:
            row.append(Cell(f"组{i // group_every}", rowspan=min(group_every, rows - i)))
        row += [Cell(f"二级{i}"), Cell(text(i))]
        body.append(row)
    return Table([header, *body], header_rows=1)


def test_a_long_table_repeats_its_header_on_every_page_and_loses_no_row():
    result = plan(indicator_table(120))
    assert len(result.pages) > 2
    assert_inside_pages(result)
    seen = Counter()
    for page in result.pages:
        texts = page_texts(page)
        assert texts[:3] == ["一级指标", "二级指标", "三级指标"]
        seen.update(t for t in texts if t.startswith("指标"))
    assert seen == Counter(f"指标{i}" for i in range(120))


def test_a_group_label_is_drawn_again_on_each_page_its_rows_reach():
    result = plan(indicator_table(100, group_every=100))
    assert len(result.pages) > 1
    for page in result.pages:
        assert "组0" in page_texts(page)


def test_a_row_taller_than_a_page_breaks_between_lines_and_keeps_every_line_in_order():
    long_text = "".join(chr(0x4E00 + i) for i in range(8000))
    result = plan(Table([[Cell("名称", bold=True), Cell("内容", bold=True, colspan=2)],
                         [Cell("年度目标"), Cell(long_text, colspan=2)]], header_rows=1))
    assert len(result.pages) >= 3
    assert_inside_pages(result)
    flowed = "".join(line for page in result.pages for line in page_texts(page)
                     if line and line[0] >= "\u4e00" and line not in ("名称", "内容", "年度目标"))
    assert flowed == long_text


def test_a_tall_row_fills_the_page_it_starts_on_instead_of_leaving_it_empty():
    long_text = "字" * 1500
    result = plan(Paragraph("标题", Style.TITLE),
                  Table([[Cell("单位名称"), Cell("某单位", colspan=2)],
                         [Cell("主要职能"), Cell(long_text, colspan=2)]]))
    first = page_texts(result.pages[0])
    assert first[:3] == ["标题", "单位名称", "某单位"]
    assert any(line.startswith("字") for line in first)


def test_a_signature_block_never_stands_on_a_page_of_its_own():
    for rows in range(40, 70):  # somewhere here the table ends at the foot of a page
        result = plan(indicator_table(rows), SignatureBlock())
        assert_inside_pages(result)
        last = page_texts(result.pages[-1])
        assert "单位负责人（签字）：" in last
        assert any(t.startswith("指标") for t in last), rows


def test_a_heading_keeps_with_the_text_after_it():
    filler = [Paragraph("行" * 10, Style.PLAIN) for _ in range(48)]
    for extra in range(0, 6):
        blocks = filler[:40 + extra] + [Paragraph("一、标题", Style.HEADING1),
                                       Paragraph("正文" * 5, Style.BODY)]
        result = plan(*blocks)
        for page in result.pages:
            texts = page_texts(page)
            assert texts[-1] != "一、标题"


def test_no_paragraph_leaves_a_single_line_at_the_foot_or_head_of_a_page():
    text = "甲" * 600  # 600 / (600 // 12) = 12 lines of body text
    for lead in range(30, 45):
        result = plan(*[Paragraph("行", Style.PLAIN)] * lead, Paragraph(text, Style.BODY))
        counts = [sum(1 for t in page_texts(p) if t.startswith("甲")) for p in result.pages]
        assert all(c != 1 for c in counts), (lead, counts)


def test_a_page_break_starts_a_new_page_and_a_trailing_one_adds_nothing():
    result = plan(Paragraph("一"), PageBreak(), Paragraph("二"), PageBreak())
    assert [page_texts(p) for p in result.pages] == [["一"], ["二"]]


cells = st.text(st.sampled_from("指标值完成率"), min_size=0, max_size=160)


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 60))
    body, r = [], 0
    while r < rows:
        span = draw(st.integers(1, 6))
        span = min(span, rows - r)
        for k in range(span):
            row = [Cell(draw(cells), rowspan=span)] if k == 0 else []
            row += [Cell(draw(cells)), Cell(f"#{r + k}" + draw(cells))]
            body.append(row)
        r += span
    return Table([[Cell("一级指标"), Cell("二级指标"), Cell("三级指标")], *body], header_rows=1)


@settings(max_examples=60, deadline=None)
@given(st.lists(tables(), min_size=1, max_size=3), st.booleans())
def test_any_tables_paginate_without_cutting_losing_or_orphaning(blocks, signed):
    result = plan(*blocks, *([SignatureBlock()] if signed else []))
    assert_inside_pages(result)
    row_marks = Counter()
    for page in result.pages:
        texts = page_texts(page)
        rows_here = [t for t in texts if t.startswith("#")]
        if rows_here:
            assert "三级指标" in texts[:texts.index(rows_here[0])]
        row_marks.update(t.split("指")[0].split("标")[0][:4] for t in rows_here)
    if signed:
        last = page_texts(result.pages[-1])
        assert any(t.startswith("#") for t in last) or len(result.pages) == 1
    expected = sum(len(b.rows) - 1 for b in blocks)
    assert sum(1 for page in result.pages for t in page_texts(page) if t.startswith("#")) \
        >= expected


def test_rects_of_a_page_never_overlap_the_footer_area():
    result = plan(indicator_table(300, text=lambda i: "很长的指标名称" * (i % 7)))
    for page in result.pages:
        rects = [op for op in page.ops if isinstance(op, RectOp)]
        assert rects and max(op.y + op.height for op in rects) <= page.height + 0.01


def test_a_signature_block_takes_more_than_the_form_s_last_row_to_its_page():
    # Issue 21: a page holding only the last row and the signature, while the rows before it
    # stayed behind, reads as a form of one row. Its last rows go along with it.
    for rows in range(40, 70):
        result = plan(indicator_table(rows), SignatureBlock())
        last = page_texts(result.pages[-1])
        assert sum(t.startswith("指标") for t in last) >= 2, (rows, last)
