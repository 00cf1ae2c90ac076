"""资金支出计划: the four checkpoints' percentages (3月底, 6月底, 10月底, 12月底)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from app.checks.plans import CHECKPOINTS
from ui.session import DocumentSession, affects


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
        try:
            value = Decimal(text) if text.strip(".") else None
        except InvalidOperation:
            return
        self.session.set_value(f"{self.path}.{field}", value)

    def _changed(self, changed: str) -> None:
        if affects(changed, self.path) or changed.startswith(self.path + "."):
            self.reload()

    def reload(self) -> None:
        plan = self.session.value(self.path)
        for field, edit in self.edits.items():
            value = getattr(plan, field) if plan is not None else None
            text = "" if value is None else f"{value:f}"
            if edit.text() != text and not edit.hasFocus():
                edit.setText(text)
