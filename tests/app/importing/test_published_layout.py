"""A workbook typed to a published form (苏州's 部门整体目标表, the national 项目支出绩效自评表)
imports to a document that validates: the same document as the example it was typed from."""
from __future__ import annotations

from app.checks import Severity, run_checks
from app.importing import import_workbook
from app.projectfile import load_document
from app.templates import get_template
from tests.app.importing.published import write_national_project_workbook, write_suzhou_workbook
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


def test_a_workbook_typed_to_the_national_project_form_imports_to_the_example(tmp_path):
    """The national 项目支出绩效自评表 typed by hand, one sheet per project: the 六盘水 example."""
    example = load_document(EXAMPLE_FILES["national-project-eval"])
    path = write_national_project_workbook(example, tmp_path / "六盘水市自然资源局2024年项目自评表.xlsx")
    result = import_workbook(path, get_template("national-project-eval"))
    assert result.warnings == []
    # Amounts and the money block's scores are typed as numbers (10 for 10.00): equal as numbers.
    assert result.document == canonical(example)
    assert [p.indicators[0].level1 for p in result.document.projects] == ["产出指标"] * 13
    errors = [f.as_dict() for f in run_checks(result.document) if f.severity is Severity.ERROR]
    assert errors == [f.as_dict() for f in run_checks(example) if f.severity is Severity.ERROR]
