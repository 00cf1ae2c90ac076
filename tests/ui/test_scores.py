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
    assert (0, model.columnCount() - 1) in changed  # the whole row repaints, 得分 included


def test_the_sheet_total_is_summed_under_the_table(qtbot):
    editor = editor_for(qtbot)
    # Indicators 89.00 (typed scores) + 预算执行率 9.09 (typed) = 98.09.
    text = editor.score_summary.text()
    assert "指标得分合计 89.00 + 预算执行率得分 9.09 = 98.09" in text
    editor.session.set_value(f"{ROWS}[{LATE}].score", "10", "修改得分")
    qtbot.waitUntil(lambda: "= 99.09" in editor.score_summary.text())
