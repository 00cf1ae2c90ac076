"""预算执行情况 / 项目资金: a self-evaluation's fund lines, with their unit and computed 得分.

One row per fund line; amounts and scores are exact decimals, right-aligned. 执行率 is never
typed (exports and 审核 compute it). The total line's 得分, when not typed, shows the rules'
score in grey with its explanation; the amounts' unit (元 or 万元) is chosen above the table.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QHeaderView, QLabel, QWidget

from app.model import ExecutionLine
from app.money import Unit
from app.scoring import execution_total_line, score_execution
from ui.dialogs import plain_tooltip
from ui.money import MoneyDelegate
from ui.record_list import Index, ListEditor, ListTableModel
from ui.session import DocumentSession

EXECUTION_COLUMNS = (("name", "项目"), ("initial", "年初预算"),
                     ("adjusted", "调整后预算（全年预算）"), ("executed", "执行数"),
                     ("weight", "权重（分值）"), ("score", "得分"), ("reason", "原因说明"))
_AMOUNTS = frozenset({"initial", "adjusted", "executed", "weight", "score"})
_SCORE = next(k for k, (field, _) in enumerate(EXECUTION_COLUMNS) if field == "score")
COMPUTED_FOREGROUND = QColor("#6b6b6b")


class ExecutionTableModel(ListTableModel):
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == _SCORE and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.ToolTipRole):
            computed = self._computed(index.row())
            if computed is not None:
                score, explanation = computed
                if role == Qt.ItemDataRole.ForegroundRole:
                    return COMPUTED_FOREGROUND
                if role == Qt.ItemDataRole.ToolTipRole:
                    return plain_tooltip(self.tr("自动计算：%1").replace("%1", explanation))
                return str(score)
        return super().data(index, role)

    def _computed(self, row: int) -> tuple[Any, str] | None:
        """The total line's score by the rules, when the officer typed none."""
        rules = self.session.template.scoring
        lines = self.session.value(self.path)
        if rules is None or not 0 <= row < len(lines):
            return None
        line: ExecutionLine = lines[row]
        if line is not execution_total_line(lines) or line.score is not None:
            return None
        scored = score_execution(line, rules)
        return None if scored.computed is None else (scored.computed, scored.explanation)


def execution_editor(session: DocumentSession, path: str, factory: Callable[[], Any],
                     parent: QWidget | None = None) -> ListEditor:
    tr = QCoreApplication.translate
    model = ExecutionTableModel(session, path, [f for f, _ in EXECUTION_COLUMNS],
                                [tr("ExecutionEditor", h) for _, h in EXECUTION_COLUMNS],
                                money=_AMOUNTS)
    editor = ListEditor(model, factory, True, tr("ListEditor", "添加"), parent)
    delegate = MoneyDelegate(editor.view)
    for k, (field, _) in enumerate(EXECUTION_COLUMNS):
        if field in _AMOUNTS:
            editor.view.setItemDelegateForColumn(k, delegate)
    header = editor.view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    editor.view.setMinimumHeight(180)
    layout = editor.layout()
    assert isinstance(layout, QBoxLayout)  # ListEditor lays out its buttons and table in a column
    layout.insertLayout(0, _unit_chooser(session, path.rsplit(".", 1)[0] + ".unit", editor))
    return editor


class UnitChooser(QComboBox):
    """金额单位 of the lines: 万元 on the national forms, 元 where the target form used it.
    An undoable change; it follows undo and redo (bound slots: Qt drops them with the widget)."""

    def __init__(self, session: DocumentSession, path: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.session, self.path = session, path
        for unit in Unit:
            self.addItem(unit.value, unit)
        self.setObjectName("execution_unit")
        self.currentIndexChanged.connect(self._chosen)
        session.changed.connect(self._follow)
        self._show()

    def _chosen(self, _index: int) -> None:
        self.session.set_value(self.path, self.currentData(), self.tr("金额单位"))

    def _follow(self, changed: str) -> None:
        if changed in (self.path, "") or self.path.startswith(changed + "."):
            self._show()

    def _show(self) -> None:
        try:
            unit = self.session.value(self.path)
        except (AttributeError, IndexError, KeyError, TypeError):
            return  # the owner (a project) is gone; this editor is about to be dropped
        self.blockSignals(True)
        self.setCurrentIndex(max(self.findData(unit), 0))
        self.blockSignals(False)


def _unit_chooser(session: DocumentSession, path: str, parent: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(QCoreApplication.translate("ExecutionEditor", "金额单位"), parent))
    row.addWidget(UnitChooser(session, path, parent))
    row.addStretch(1)
    return row
