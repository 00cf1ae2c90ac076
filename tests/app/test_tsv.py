"""The one reader and writer of clipboard text (app.tsv), and the 资金 paste that reads with it."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from app import tsv

# What officers' cells hold: Chinese, full-width symbols, quotes, tabs and line breaks of all kinds.
_CELL_CHARS = st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                        st.sampled_from(list('"\t\r\n ＝≥≤%“”　𠀀ab1')), st.characters())
cells = st.text(_CELL_CHARS, max_size=12)
grids = st.lists(st.lists(cells, min_size=1, max_size=6), max_size=6)


@given(grids)
@example([['"三公"经费', 'a"b', '"', '""', '"\t"']])
@example([["", ""], [""], ["\r"], ["\r\n"], ["\n\r"]])
def test_format_then_parse_gives_back_the_grid(grid):
    assert tsv.parse(tsv.format(grid)) == grid


@given(st.lists(st.lists(st.text(st.characters(exclude_characters='\t\r\n"'), max_size=8),
                         min_size=1, max_size=5), min_size=1, max_size=5),
       st.sampled_from(["\r\n", "\n", "\r"]), st.booleans())
def test_plain_cells_are_read_whatever_the_line_ends(grid, line_end, trailing):
    # Without a closing line end, a last row of one empty cell is no text at all.
    assume(trailing or grid[-1] != [""])
    text = line_end.join("\t".join(row) for row in grid) + (line_end if trailing else "")
    assert tsv.parse(text) == grid


@given(st.text(_CELL_CHARS, max_size=40))
def test_any_text_parses_into_rows_of_cells(text):
    grid = tsv.parse(text)
    assert all(row for row in grid)
    # Nothing of the text is lost but the separators and quoting.
    assert sum(len(c) for row in grid for c in row) <= len(text)


@pytest.mark.parametrize("text, grid", [
    ("a\tb\r\nc\td\r\n", [["a", "b"], ["c", "d"]]),  # Excel: every row ends in \r\n
    ("a\tb\nc\td", [["a", "b"], ["c", "d"]]),  # WPS on Linux, no line end after the last row
    ('"x\r\ny"\t"q""t"\r\n', [["x\r\ny", 'q"t']]),  # a cell with a line break comes quoted
    ('"三公"经费\tz\n', [['"三公"经费', "z"]]),  # a quote not closing the cell is text
    ('"未闭合\tz\r\n下一行\r\n', [['"未闭合', "z"], ["下一行"]]),  # nor swallows the rows below
    ('他说"好"\r\n', [['他说"好"']]),  # Excel leaves a quote inside a one-line cell as it is
    ("a\t\t\r\n\t\tb\r\n", [["a", "", ""], ["", "", "b"]]),
    ("a\t", [["a", ""]]),
    ("\r\n", [[""]]),
    (" 两端空格 \t　全角\r\n", [[" 两端空格 ", "　全角"]]),  # never trimmed
    ("", []),
])
def test_parse_reads_what_excel_and_wps_put_on_the_clipboard(text, grid):
    assert tsv.parse(text) == grid


def test_format_writes_what_excel_writes():
    assert tsv.format([["预算调整率", "＝0%"], ["支付进度\n符合率", 'a"b']]) == \
        '预算调整率\t＝0%\r\n"支付进度\n符合率"\t"a""b"\r\n'
    assert tsv.format([]) == ""


def test_width_is_the_longest_row():
    assert tsv.width([["a"], ["a", "b", "c"], []]) == 3
    assert tsv.width([]) == 0


# -- the 资金 table's paste reads with the same parser ------------------------------------
