"""A long text in Excel: one cell while a row can hold it; taller, cut only at sentence ends,
no piece starting with a mark, and the import gives the text back whole (issue 21)."""
from __future__ import annotations

from openpyxl import load_workbook

from app.export.text_pieces import cannot_start, text_pieces
from app.export.textwidth import wrapped_lines
from app.importing import import_workbook
from app.projectfile import load_document
from app.templates import get_template
from tests.app.importing.roundtrip import export_xlsx
from tests.conftest import EXAMPLE_FILES

# Sentences with clauses, Latin words and numbers: a cut anywhere but after 。； would show.
_SENTENCES = [
    "围绕“一码管地+三维地籍”改革，完成不动产登记数据整合、汇交和质检工作",
    "全年办理土地储备项目42个，收储面积约1,250.36亩，保障重点工程用地需求",
    "加强资金监管（含专项债券资金），确保资金使用合规、安全、高效",
    "深化“放管服”改革，推进GIS平台与OA系统对接，提升审批效率",
]


def _paragraph(sentences: int) -> str:
    return "".join(_SENTENCES[i % len(_SENTENCES)] + ("。" if i % 3 else "；")
                   for i in range(sentences))


def test_a_text_a_row_can_hold_stays_one_piece():
    text = _paragraph(6)
    assert text_pieces(text, 60.0, 25) == [text]


def test_a_long_paragraph_is_cut_only_after_a_sentence_or_clause_end():
    text = _paragraph(120)
    pieces = text_pieces(text, 60.0, 25)
    assert len(pieces) > 1 and "".join(pieces) == text
    assert all(piece[-1] in "。；" for piece in pieces[:-1])
    assert not any(cannot_start(piece[0]) for piece in pieces)
    assert all(wrapped_lines(piece, 60.0) <= 25 for piece in pieces)


def test_a_sentence_too_long_alone_is_cut_after_a_comma_never_before_one():
    sentence = "，".join(["推进不动产登记与自然资源确权登记一体化"] * 80) + "。"
    pieces = text_pieces(sentence, 40.0, 10)
    assert len(pieces) > 1 and "".join(pieces) == sentence
    assert all(piece[-1] in "，。" for piece in pieces)
    assert not any(cannot_start(piece[0]) for piece in pieces)


def test_a_run_without_marks_is_cut_at_a_line_end_outside_latin_words():
    text = "GIS平台" * 50 + "OA系统" * 50
    pieces = text_pieces(text, 20.0, 3)
    assert "".join(pieces) == text
    for before, after in zip(pieces, pieces[1:]):
        assert not (before[-1].isascii() and before[-1].isalnum() and after[0].isascii()
                    and after[0].isalnum())


def test_the_workbook_cuts_a_long_goal_at_sentence_ends_and_the_import_joins_it(tmp_path):
    document = load_document(EXAMPLE_FILES["jiangsu"])
    goal = _paragraph(160)  # about 5,000 characters: far taller than one row
    document.department.annual_goal = goal
    path = export_xlsx(document, tmp_path / "导出.xlsx")
    sheet = load_workbook(path).worksheets[0]
    pieces = [c.value for row in sheet.iter_rows() for c in row
              if isinstance(c.value, str) and len(c.value) > 40 and c.value in goal]
    assert len(pieces) > 1 and "".join(pieces) == goal
    assert all(piece[-1] in "。；" for piece in pieces[:-1])
    assert not any(cannot_start(piece[0]) for piece in pieces)
    imported = import_workbook(path, get_template(document.template)).document
    assert imported.department.annual_goal == goal
