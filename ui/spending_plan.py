"""资金支出计划: the four checkpoints' percentages (3月底, 6月底, 10月底, 12月底)."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from app.checks.plans import CHECKPOINTS
from app.model import SpendingPlan
from ui.session import DocumentSession, affects


def _percent(text: str) -> Decimal | None:
    """What a checkpoint's text holds; the validator admits only digits and one point."""
    return Decimal(text) if text.strip(".") else None


class SpendingPlanEditor(QWidget):
    def __init__(self, session: DocumentSession, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.path = session, path
        self.edits: dict[str, QLineEdit] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        validator = QRegularExpressionValidator(QRegularExpression(r"^\d{0,3}(\.\d{0,2})?$"), self)
        for field, label in CHECKPOINTS:
            edit = QLineEdit(self)
            edit.setValidator(validator)
            edit.setMaximumWidth(70)
            edit.textEdited.connect(lambda text, f=field: self._edited(f, text))
            layout.addWidget(QLabel(label, self))
            layout.addWidget(edit)
            layout.addWidget(QLabel("%", self))
            self.edits[field] = edit
        layout.addStretch()
        session.changed.connect(self._changed)
        self.reload()

    def _edited(self, field: str, text: str) -> None:
        value = _percent(text)
        if self.session.value(self.path) is None:
            # A project saved without a plan gets one with its first typed checkpoint.
            if value is not None:
                self.session.set_value(self.path, SpendingPlan(**{field: value}),
                                       self.tr("修改资金支出计划"))
            return
        self.session.set_value(f"{self.path}.{field}", value, self.tr("修改资金支出计划"))

    def _changed(self, changed: str) -> None:
        if affects(changed, self.path) or changed.startswith(self.path + "."):
            self.reload()

    def reload(self) -> None:
        plan = self.session.value(self.path)
        for field, edit in self.edits.items():
            value = getattr(plan, field) if plan is not None else None
            # "30." being typed already shows 30: only a different amount replaces the text.
            if _percent(edit.text()) != value:
                edit.setText("" if value is None else f"{value:f}")
