"""One editor widget per kind of template field, bound to a model path of the session."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from app.model import ExecutionLine, ScheduleItem, SubGoal, TitledItem
from app.templates import FieldKind, FieldSpec
from ui.box_fields import box_editor, with_prior
from ui.money import MoneyEdit
from ui.record_list import paragraph_list_editor
from ui.session import Bound, DocumentSession

DEFAULT_TEXT_LIMIT = 450


class LineField(QLineEdit, Bound):
    def __init__(self, session: DocumentSession, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path = session, path
        self.textEdited.connect(self._edited)
        self.bind()

    def _edited(self, text: str) -> None:
        self.session.set_value(self.path, text)

    def reload(self) -> None:
        value = self.session.value(self.path)
        text = "" if value is None else str(value)
        if text != self.text():
            self.setText(text)


class YearField(LineField):
    """年度: four digits, kept as an int; a half-typed year waits for its last digit."""

    def __init__(self, session: DocumentSession, path: str, parent: QWidget | None = None):
        super().__init__(session, path, parent)
        self.setValidator(QIntValidator(1949, 2200, self))
        self.setMaximumWidth(100)

    def _edited(self, text: str) -> None:
        if not text:
            self.session.set_value(self.path, None)
        elif len(text) == 4 and self.hasAcceptableInput():
            self.session.set_value(self.path, int(text))


class ScoreField(LineField):
    """得分: 0–100 with at most two decimals, kept as Decimal."""

    def __init__(self, session: DocumentSession, path: str, parent: QWidget | None = None):
        super().__init__(session, path, parent)
        self.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"^(100(\.0{0,2})?|\d{1,2}(\.\d{0,2})?)?$"), self))
        self.setMaximumWidth(100)

    def _edited(self, text: str) -> None:
        if not text.endswith("."):  # "88." is on its way to "88.5"; the validator admits no other
            self.session.set_value(self.path, Decimal(text) if text else None)


class MoneyField(MoneyEdit, Bound):
    """An amount of the document (预算资金 …): stored when the officer finishes typing it."""

    def __init__(self, session: DocumentSession, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path = session, path
        self.valueEdited.connect(lambda value: self.session.set_value(self.path, value))
        self.bind()

    def reload(self) -> None:
        value = self.session.value(self.path)
        if self.value() != value:
            self.setValue(value)


class TextField(QWidget, Bound):
    """A paragraph under its title, with a character counter against the template's limit.

    The counter sits on the title's line: the scroll area shows the lines around the cursor
    when the officer enters the text, and a counter below a tall paragraph fell off screen."""

    def __init__(self, session: DocumentSession, path: str, limit: int | None, title: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path = session, path
        self.limit = DEFAULT_TEXT_LIMIT if limit is None else limit
        self.title = QLabel(title, self)
        self.title.setWordWrap(True)
        self.counter = QLabel(self)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.title.setBuddy(self.edit)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._edited)
        self.bind()

    def _edited(self) -> None:
        text = self.edit.toPlainText()
        self._count(text)
        if text != self.session.value(self.path):
            self.session.set_value(self.path, text)

    def _count(self, text: str) -> None:
        if self.limit:
            over = len(text) > self.limit
            self.counter.setText(self.tr("%1 / %2 字").replace("%1", str(len(text)))
                                 .replace("%2", str(self.limit)))
            self.counter.setStyleSheet("color: #c0392b" if over else "color: #666")
        else:
            self.counter.setText(self.tr("%1 字").replace("%1", str(len(text))))

    def reload(self) -> None:
        value = self.session.value(self.path) or ""
        if value != self.edit.toPlainText():
            self.edit.blockSignals(True)
            self.edit.setPlainText(value)
            self.edit.blockSignals(False)
        self._count(value)


class PeriodField(QWidget):
    """项目计划实施时间: start 至 end, each kept as typed."""

    def __init__(self, session: DocumentSession, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.start = LineField(session, f"{path}.start", self)
        self.end = LineField(session, f"{path}.end", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start)
        layout.addWidget(QLabel(self.tr("至"), self))
        layout.addWidget(self.end)


_RECORDS: dict[FieldKind, tuple[tuple[tuple[str | None, str], ...], Any]] = {
    FieldKind.TITLED_LIST: ((("title", "标题"), ("text", "内容")), TitledItem),
    FieldKind.SUB_GOALS: ((("title", "科室 / 标题"), ("goal", "绩效目标"),
                           ("indicators", "绩效指标")), SubGoal),
    FieldKind.SCHEDULE: ((("start", "开始日期"), ("end", "结束日期"), ("work", "工作内容")),
                         ScheduleItem),
}

# Kinds whose editor is one line, set beside its label rather than under it.
INLINE_KINDS = frozenset({FieldKind.LINE, FieldKind.MONEY, FieldKind.YEAR, FieldKind.SCORE,
                          FieldKind.PERIOD, FieldKind.SPENDING_PLAN, FieldKind.DATE,
                          FieldKind.PERCENT, FieldKind.CHOICE, FieldKind.TICKS})


def field_title(spec: FieldSpec) -> str:
    return spec.label + ("（必填）" if spec.required else "")


def field_editor(session: DocumentSession, spec: FieldSpec, prefix: str = "",
                 parent: QWidget | None = None) -> QWidget:
    """The editor of one template field, chosen by its kind alone; ``prefix`` is "projects[2]."
    for a project's field. A declared box carried as 上年 shows last year's value under it."""
    editor = _editor(session, spec, prefix + spec.path, parent)
    return with_prior(session, spec, prefix + spec.path, editor, parent)


def _editor(session: DocumentSession, spec: FieldSpec, path: str,
            parent: QWidget | None) -> QWidget:
    kind = spec.kind
    declared = box_editor(session, spec, path, parent)
    if declared is not None:
        return declared
    if kind is FieldKind.DATE:
        field = LineField(session, path, parent)
        field.setPlaceholderText(field.tr("如 2025年6月30日"))
        field.setMaximumWidth(200)
        return field
    if kind is FieldKind.LINE:
        return LineField(session, path, parent)
    if kind is FieldKind.TEXT:
        return TextField(session, path, spec.limit, field_title(spec), parent)
    if kind is FieldKind.YEAR:
        return YearField(session, path, parent)
    if kind is FieldKind.SCORE:
        return ScoreField(session, path, parent)
    if kind is FieldKind.PERIOD:
        return PeriodField(session, path, parent)
    if kind is FieldKind.MONEY:
        return MoneyField(session, path, parent)
    if kind is FieldKind.SPENDING_PLAN:
        from ui.spending_plan import SpendingPlanEditor

        return SpendingPlanEditor(session, path, parent)
    if kind is FieldKind.LIST:
        return paragraph_list_editor(session, path, ((None, spec.label),), str, spec.numbering,
                                     parent)
    if kind in _RECORDS:
        columns, factory = _RECORDS[kind]
        return paragraph_list_editor(session, path, columns, factory, parent=parent)
    # The self-evaluation's editors: imported by the forms that have them.
    if kind is FieldKind.EXECUTION:
        from ui.execution_editor import execution_editor

        return execution_editor(session, path, ExecutionLine, parent)
    if kind is FieldKind.TEAM:
        from ui.tabs.evaluation_tables import TeamEditor

        return TeamEditor(session, parent)
    if kind is FieldKind.BUDGET_STAGES:
        from ui.tabs.evaluation_tables import BudgetStagesEditor

        return BudgetStagesEditor(session, parent)
    # FUNDS and INDICATORS: whole tabs (ui/tabs/funds_tab.py, ui/tabs/indicators_tab.py).
    raise ValueError(f"{kind} is edited in a tab of its own, not as a field")

