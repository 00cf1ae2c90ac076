"""Undoable edits of a list in the document (numbered items, titled items, schedules, team)."""
from __future__ import annotations

from typing import Any, Callable


from app.paths import get_path, set_path
from ui.session import DocumentSession, SessionCommand


class ListCommand(SessionCommand):
    """Replace the list at ``path`` by a new one; undo restores the old. Simple and exact:
    the lists edited this way are short (tens of items)."""

    def __init__(self, session: DocumentSession, path: str, new_items: list[Any],
                 label: str) -> None:
        super().__init__(label)
        self.session, self.path = session, path
        self.old = list(get_path(session.document, path) or [])
        self.new = new_items

    def redo(self) -> None:
        set_path(self.session.document, self.path, list(self.new))
        self.session.changed.emit(self.path)

    def undo(self) -> None:
        set_path(self.session.document, self.path, list(self.old))
        self.session.changed.emit(self.path)


def insert_item(session: DocumentSession, path: str, index: int,
                factory: Callable[[], Any]) -> None:
    items = list(session.value(path) or [])
    items.insert(index, factory())
    session.undo_stack.push(ListCommand(session, path, items, "插入"))


def remove_items(session: DocumentSession, path: str, indexes: list[int]) -> None:
    drop = set(indexes)
    items = [item for i, item in enumerate(session.value(path) or []) if i not in drop]
    session.undo_stack.push(ListCommand(session, path, items, "删除"))


def move_item(session: DocumentSession, path: str, index: int, offset: int) -> int:
    items = list(session.value(path) or [])
    target = index + offset
    if not (0 <= index < len(items) and 0 <= target < len(items)):
        return index
    items[index], items[target] = items[target], items[index]
    session.undo_stack.push(ListCommand(session, path, items, "移动"))
    return target
