"""得分 in the indicator editor of a self-evaluation form: computed live, overrides marked."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.indicator_model import COMPUTED_FOREGROUND
from ui.session import DocumentSession
from ui.tabs.indicators_tab import IndicatorEditor

ROWS = "projects[1].indicators"  # 县级重大项目前期工作经费
LATE = 4  # 前期工作按期完成率: 指标值 ≥90%, 完成值 85.7, 权重 10, 得分 typed 9


def editor_for(qtbot) -> IndicatorEditor:
    session = DocumentSession(load_document(EXAMPLE_FILES["sichuan-project-eval"]))
    editor = IndicatorEditor(session, ROWS, session.template.project_indicators)
    qtbot.addWidget(editor)
    editor.resize(1200, 600)
    editor.show()
    return editor


def shown(editor, row, role=Qt.ItemDataRole.DisplayRole):
    model = editor.model
    return model.data(model.index(row, model.column_of("score")), role)


def test_scores_are_computed_live_and_a_typed_score_is_kept_and_marked(qtbot):
    editor = editor_for(qtbot)
    session, model = editor.session, editor.model
    assert model.text(LATE, model.column_of("name")) == "前期工作按期完成率"
    # Typed 9 against 85.7 ÷ 90 × 10 = 9.5222… → 9.52: kept as typed, bold, explained.
    assert shown(editor, LATE) == "9"
    assert shown(editor, LATE, Qt.ItemDataRole.FontRole).bold()
    tip = shown(editor, LATE, Qt.ItemDataRole.ToolTipRole)
    assert "手填得分 9" in tip and "9.52" in tip and "实际 85.7 ÷ 指标值 90 × 分值 10" in tip

    session.set_value(f"{ROWS}[{LATE}].score", "", "清除得分")
    assert shown(editor, LATE) == "9.52"
    assert shown(editor, LATE, Qt.ItemDataRole.EditRole) == ""  # editing starts from the typed
    assert shown(editor, LATE, Qt.ItemDataRole.ForegroundRole) == COMPUTED_FOREGROUND
    assert shown(editor, LATE, Qt.ItemDataRole.ToolTipRole).startswith("自动计算：")

    changed = []
    model.dataChanged.connect(lambda first, last, roles=(): changed.append(
        (first.column(), last.column())))
    session.set_value(f"{ROWS}[{LATE}].actual", "92", "修改完成值")
    assert shown(editor, LATE) == "10.00"  # 92 ≥ 90: full marks
    score = model.column_of("score")
    assert (score, score) in changed  # the 得分 cell repaints with the edited cell


def test_the_sheet_total_is_summed_under_the_table(qtbot):
    editor = editor_for(qtbot)
    # Indicators 89.00 (typed scores) + 预算执行率 9.09 (typed) = 98.09.
    text = editor.score_summary.text()
    assert "指标得分合计 89.00 + 预算执行率得分 9.09 = 98.09" in text
    editor.session.set_value(f"{ROWS}[{LATE}].score", "10", "修改得分")
    qtbot.waitUntil(lambda: "= 99.09" in editor.score_summary.text())


def test_the_execution_lines_show_their_computed_score_and_unit(qtbot):
    from PySide6.QtWidgets import QComboBox

    from app.money import Unit
    from app.model import ExecutionLine
    from ui.execution_editor import EXECUTION_COLUMNS, execution_editor

    session = DocumentSession(load_document(EXAMPLE_FILES["national-project-eval"]))
    path = "projects[0].evaluation.execution"
    editor = execution_editor(session, path, ExecutionLine)
    qtbot.addWidget(editor)
    score = [f for f, _ in EXECUTION_COLUMNS].index("score")
    model = editor.model
    # 地质灾害防治经费: 420,000.00 spent of 420,000.00 → 10.00, shown grey, not stored.
    assert model.data(model.index(0, score)) == "10.00"
    assert model.data(model.index(0, score), Qt.ItemDataRole.ForegroundRole) is not None
    assert session.document.projects[0].evaluation.execution[0].score is None
    assert model.data(model.index(1, score)) in ("", None)  # a sub-line has no score
    unit = editor.findChild(QComboBox, "execution_unit")
    assert unit.currentText() == "元"  # as the 六盘水 target form stated the amounts
    unit.setCurrentIndex(unit.findData(Unit.WAN_YUAN))
    assert session.document.projects[0].evaluation.unit is Unit.WAN_YUAN
    session.undo_stack.undo()
    assert session.document.projects[0].evaluation.unit is Unit.YUAN
    assert unit.currentText() == "元"  # the chooser follows undo
