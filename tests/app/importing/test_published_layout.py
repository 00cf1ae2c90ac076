"""A workbook typed to 苏州's published form imports to a document that validates: the same
document as the 苏州 example it was typed from."""
from __future__ import annotations

from app.checks import Severity, run_checks
from app.importing import import_workbook
from app.projectfile import load_document
from app.templates import get_template
from tests.app.importing.published import write_suzhou_workbook
from tests.app.importing.roundtrip import canonical, held
from tests.conftest import EXAMPLE_FILES


def test_a_workbook_in_the_published_suzhou_layout_imports_to_the_example(tmp_path):
    example = load_document(EXAMPLE_FILES["jiangsu"])
    path = write_suzhou_workbook(example, tmp_path / "苏州市自然资源和规划局2024年绩效目标表.xlsx")
    result = import_workbook(path, get_template("jiangsu-dept-target"))
    assert result.warnings == []
    assert held(result.document) == held(canonical(example))
    assert result.document == canonical(example)
    errors = [f.as_dict() for f in run_checks(result.document) if f.severity is Severity.ERROR]
    assert errors == [f.as_dict() for f in run_checks(example) if f.severity is Severity.ERROR]


def test_a_workbook_of_one_sheet_may_name_it_otherwise(tmp_path):
    example = load_document(EXAMPLE_FILES["jiangsu"])
    path = write_suzhou_workbook(example, tmp_path / "目标表.xlsx", sheet="Sheet1")
    result = import_workbook(path, get_template("jiangsu-dept-target"))
    assert result.document.unit_name == example.unit_name
    assert [str(w) for w in result.warnings] == ["表“Sheet1”：没有名为“绩效目标表”的工作表，已读取唯一的工作表"]


def test_a_note_under_the_last_table_is_not_an_indicator(tmp_path):
    example = load_document(EXAMPLE_FILES["jiangsu"])
    path = write_suzhou_workbook(example, tmp_path / "目标表.xlsx",
                                 note="注：指标值以“＝、≥、≤”加数值和单位填写。")
    result = import_workbook(path, get_template("jiangsu-dept-target"))
    assert result.document == canonical(example) and result.warnings == []
