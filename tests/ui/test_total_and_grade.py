"""A 自评表's 总分与等级: while empty, the boxes show in grey what the form prints there (the
computed total and grade, with where they come from); no grade before every line is scored."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.carry import carry_to_self_evaluation, self_evaluation_template
from app.projectfile import load_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES
from ui.session import DocumentSession
from ui.tabs.fields_tab import section_form
from ui.tabs.indicators_tab import IndicatorEditor

GRADES = ("优", "良", "中", "差")


_HOLDERS: list[QWidget] = []  # the forms outlive the helper that builds them


def result_form(qtbot, session: DocumentSession, project: int | None
                ) -> tuple[QLineEdit, QLineEdit]:
    """The 总分与等级 tab's 总分 and 评价等级 boxes of the department or a project."""
    template = session.template
    sections = template.project_sections if project is not None else template.sections
    section = next(s for s in sections if s.key == "result")
    prefix = f"projects[{project}]." if project is not None else ""
    holder = QWidget()
    qtbot.addWidget(holder)
    _HOLDERS[:] = [holder]
    form, editors = section_form(session, section, prefix, holder)
    QVBoxLayout(holder).addWidget(form)
    holder.resize(1000, 300)
    holder.show()
    owner = f"projects[{project}]" if project is not None else "department"
    score, grade = editors[f"{owner}.evaluation.score"], editors[f"{owner}.evaluation.grade"]
    assert isinstance(score, QLineEdit) and isinstance(grade, QLineEdit)
    return score, grade


def carried_liupanshui() -> DocumentSession:
    document = load_document(EXAMPLE_FILES["guizhou"])
    source = get_template(document.template)
    return DocumentSession(carry_to_self_evaluation(document, source,
                                                    self_evaluation_template(source)))


def test_before_anything_is_scored_no_grade_shows_and_what_is_missing_does(qtbot):
    session = carried_liupanshui()
    score, grade = result_form(qtbot, session, 0)
    assert score.text() == "" and grade.text() == ""
    missing = len([r for r in session.document.projects[0].indicators if r.name.strip()]) + 1
    assert score.placeholderText() == (f"尚未算出：还有 {missing} 项未计分，"
                                       "全部计分后按各项得分之和计算")
    assert grade.placeholderText() == f"尚未评定：还有 {missing} 项未计分，全部计分后按总分评定"
    # Under the indicator table: the partial sum, and no grade either.
    editor = IndicatorEditor(session, "projects[0].indicators",
                             session.template.project_indicators)
    qtbot.addWidget(editor)
    summary = editor.score_summary.text()
    assert "等级“" not in summary and not any(f"“{g}”" in summary for g in GRADES)
    assert f"还有 {missing} 项未计分，全部计分后评定等级" in summary


def test_a_scored_sheet_shows_the_computed_total_and_grade_until_typed_over(qtbot):
    session = DocumentSession(load_document(EXAMPLE_FILES["national-project-eval"]))
    evaluation = session.document.projects[0].evaluation
    session.set_value("projects[0].evaluation.score", None)
    session.set_value("projects[0].evaluation.grade", "")
    score, grade = result_form(qtbot, session, 0)
    assert score.text() == "" and grade.text() == ""
    assert score.placeholderText() == ("自动计算：96.09 分（各项得分之和：指标得分合计 86.09"
                                       " + 预算执行率得分 10.00 = 96.09）")
    assert grade.placeholderText() == "自动计算：优（按计算的总分 96.09 分）"
    assert score.width() > score.fontMetrics().horizontalAdvance("自动计算：96.09 分")

    score.setFocus()
    score.setText("")
    score.insert("85")
    score.textEdited.emit("85")
    assert evaluation.score == Decimal("85") and score.text() == "85"
    qtbot.waitUntil(lambda: grade.placeholderText() == "自动计算：良（按填写的总分 85 分）")
    grade.textEdited.emit("中")
    assert evaluation.grade == "中"


@pytest.mark.parametrize("example", ["national-dept-eval"])
def test_the_department_sheet_shows_its_total(qtbot, example):
    session = DocumentSession(load_document(EXAMPLE_FILES[example]))
    session.set_value("department.evaluation.score", None)
    score, _grade = result_form(qtbot, session, None)
    assert score.placeholderText().startswith("自动计算：96.71 分（各项得分之和：")
