"""A 自评表's 总分 and 等级 boxes, while empty, show in grey what the form will print there: the
computed total and grade with where they come from, or what is still missing (app.sheet_result).
A typed value replaces the grey text, and prints instead."""
from __future__ import annotations

import re

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from app.sheet_result import computed_result, sheet_score
from ui.dialogs import plain_tooltip
from ui.session import DocumentSession

HINT_DELAY_MS = 150  # summed once a burst of edits ends: a long sheet costs milliseconds
_RESULT = re.compile(r"^(?:(department)|projects\[(\d+)\])\.evaluation\.(score|grade)$")


class ComputedResultHints(QObject):
    """Keeps the grey text of one sheet's 总分 and 等级 boxes up to date."""

    def __init__(self, session: DocumentSession, project: int | None,
                 boxes: dict[str, QLineEdit], parent: QObject) -> None:
        super().__init__(parent)
        self.session, self.project, self.boxes = session, project, boxes
        for box in boxes.values():
            box.setMaximumWidth(16777215)  # room for the explanation, not only for "85.50"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HINT_DELAY_MS)
        self._timer.timeout.connect(self.update_hints)
        session.changed.connect(self._schedule)  # a method: disconnected when this goes
        self.update_hints()

    def _schedule(self, _path: str) -> None:
        self._timer.start()

    def update_hints(self) -> None:
        sheet = sheet_score(self.session.document, self.session.template, self.project)
        if sheet is None:
            return
        scores, evaluation = sheet
        stated = evaluation.score if evaluation is not None else None
        result = computed_result(scores, stated, self.session.template)
        for kind, box in self.boxes.items():
            hint = result.total_hint() if kind == "score" else result.grade_hint()
            if box.placeholderText() != hint:
                box.setPlaceholderText(hint)
                box.setToolTip(plain_tooltip(hint))


def attach_computed_result(session: DocumentSession, editors: dict[str, QWidget],
                           parent: QWidget) -> ComputedResultHints | None:
    """Hints for the 总分 and 等级 boxes among ``editors`` (by model path), when the template
    scores its sheets; None when there are none."""
    if session.template.scoring is None:
        return None
    boxes: dict[str, QLineEdit] = {}
    project: int | None = None
    for path, editor in editors.items():
        match = _RESULT.match(path)
        if match is not None and isinstance(editor, QLineEdit):
            project = None if match.group(1) else int(match.group(2))
            boxes[match.group(3)] = editor
    return ComputedResultHints(session, project, boxes, parent) if boxes else None
