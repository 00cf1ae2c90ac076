"""What every tab of the editor is: a widget over one session, refreshed by model paths."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.checks import Location
from ui.session import DocumentSession


class EditorTab(QWidget):
    """A tab edits part of the document through ``session`` (undoable commands only).

    Subclasses refresh their widgets in ``refresh(path)`` when the session reports a change
    ("" means anything may have changed) and, given a finding's location, focus and select the
    field or cell in ``focus_location`` (returning True when it is theirs).
    """

    title = ""
    section_key = ""  # the template section it edits (the main window finds tabs by it)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        session.changed.connect(self.refresh)

    def refresh(self, path: str) -> None:  # pragma: no cover - overridden
        pass

    def focus_location(self, location: Location) -> bool:
        return False
