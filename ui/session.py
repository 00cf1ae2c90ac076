"""One open document in the editor: the core's document, its file, and its undo stack.

Every edit is a ``QUndoCommand`` pushed here; "unsaved" is ``not undo_stack.isClean()``. Widgets
listen to ``changed(path)`` and refresh what shows that path; they never write files or compute
totals themselves. The session also remembers what its file was on disk (``stamp``, to notice
another program's save) and holds the file's lock; ``read_only`` means the file is open elsewhere:
it can only be saved under another name.
"""
from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.checks.live import LiveChecks
from app.filelock import DocumentLock
from app.model import TargetDocument
from app.paths import get_path, set_path
from app.projectfile import FileStamp, changed_on_disk, save_document
from app.templates import Template, get_template


def affects(changed: str, path: str) -> bool:
    """Whether a change reported at ``changed`` may alter what is shown for ``path``: the path
    itself, or anything that holds it ("" means the whole document)."""
    return changed in ("", path) or path.startswith((changed + ".", changed + "["))


class Bound:
    """Mixin of an editor bound to one model path: it reloads when the session reports a change
    of that path or of what holds it."""

    session: "DocumentSession"
    path: str

    def bind(self) -> None:
        self.session.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changed: str) -> None:
        if affects(changed, self.path):
            self.reload()

    def reload(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class DocumentSession(QObject):
    changed = Signal(str)  # the model path that changed ("" for structural changes)

    def __init__(self, document: TargetDocument, path: Path | None = None,
                 parent: QObject | None = None, *, stamp: FileStamp | None = None,
                 lock: DocumentLock | None = None, read_only: bool = False) -> None:
        super().__init__(parent)
        self.document = document
        self.path = path
        self.stamp = stamp
        self.lock = lock
        self.read_only = read_only
        self.template: Template = get_template(document.template)
        self.undo_stack = QUndoStack(self)
        # The 审核 of this document, kept up to date edit by edit (the 审核 panel and the
        # tables' error marks ask it). Connected first, so it has noted a change before any
        # other slot asks for findings.
        self.checks = LiveChecks(document)
        self.changed.connect(self.checks.changed)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def value(self, path: str) -> Any:
        return get_path(self.document, path)

    def set_value(self, path: str, value: Any, label: str = "") -> None:
        """Change one field as an undoable step; typing into the same field merges."""
        if self.value(path) == value:
            return
        self.undo_stack.push(SetValueCommand(self, path, value, label))

    def changed_on_disk(self) -> bool:
        """Whether the file was changed (or removed) by someone else since it was read or saved."""
        return (self.path is not None and self.stamp is not None
                and changed_on_disk(self.path, self.stamp))

    def save(self, path: Path | None = None) -> None:
        target = path or self.path
        if target is None:
            raise ValueError("no file name")
        self.stamp = save_document(self.document, target)
        self.path = target
        self.undo_stack.setClean()

    def replace_lock(self, lock: DocumentLock | None) -> None:
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock
        self.read_only = False

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


class SessionCommand(QUndoCommand):
    """An undo command on a session, which it holds weakly.

    The session owns the undo stack, which owns its commands; a strong reference back makes a
    cycle that Python's garbage collector may tear down while Qt still holds the objects
    (a crash seen in the test suite). Every command of the editor derives from this.
    """

    @property
    def session(self) -> DocumentSession:
        session = self._session_ref()
        if session is None:  # pragma: no cover - the stack dies with its session
            raise RuntimeError("session is gone")
        return session

    @session.setter
    def session(self, value: DocumentSession) -> None:
        self._session_ref = weakref.ref(value)


_MERGE_ID = 1


class SetValueCommand(SessionCommand):
    """Set one field; consecutive edits of the same field collapse into one undo step."""

    def __init__(self, session: DocumentSession, path: str, value: Any, label: str = "") -> None:
        super().__init__(label or "修改")
        self.session, self.path = session, path
        self.old, self.new = session.value(path), value

    def redo(self) -> None:
        set_path(self.session.document, self.path, self.new)
        self.session.changed.emit(self.path)

    def undo(self) -> None:
        set_path(self.session.document, self.path, self.old)
        self.session.changed.emit(self.path)

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetValueCommand) or other.path != self.path:
            return False
        self.new = other.new
        return True
