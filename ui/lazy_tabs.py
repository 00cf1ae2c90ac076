"""The document's tabs, each built the first time it is shown or asked for.

A document opens on its first tab; the others (the money table, the indicator tables, the
projects) would cost more to build than the whole window takes to appear. Each page starts as an
empty placeholder and is replaced by its editor when it becomes current, or when code asks for it
through ``widget``/``currentWidget``/``editor``: callers see the real editors only.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, cast

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.tabs.base import EditorTab


@dataclass(frozen=True)
class PlannedTab:
    section_key: str  # the template section the tab edits ("projects" for the projects tab)
    title: str
    build: Callable[[QWidget], EditorTab]  # the editor, given its parent


class _Placeholder(QWidget):
    def __init__(self, plan: PlannedTab, parent: QWidget) -> None:
        super().__init__(parent)
        self.plan = plan


class LazyTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._building = False
        self.currentChanged.connect(self._current_changed)

    def set_tabs(self, plans: list[PlannedTab]) -> None:
        """Replace every tab (the last document's editors are deleted) by ``plans``; the first
        one is built at once."""
        self.clear_tabs()
        self._building = True  # no editor is built while the pages go in
        try:
            for plan in plans:
                self.addTab(_Placeholder(plan, self), plan.title)
        finally:
            self._building = False
        self._current_changed(self.currentIndex())

    def clear_tabs(self) -> None:
        """Delete the editors: QTabWidget.clear() only hides them."""
        while self.count():
            page = super().widget(0)
            self.removeTab(0)
            if page is not None:  # there is one: count() said so
                page.deleteLater()

    def section_key(self, index: int) -> str:
        """The section of tab ``index``, without building it."""
        page = super().widget(index)
        if isinstance(page, _Placeholder):
            return page.plan.section_key
        return page.section_key if isinstance(page, EditorTab) else ""

    def editor(self, index: int) -> EditorTab | None:
        page = self.widget(index)
        return page if isinstance(page, EditorTab) else None

    def widget(self, index: int) -> QWidget | None:
        self._build(index)
        return super().widget(index)

    def currentWidget(self) -> QWidget:
        return cast(QWidget, self.widget(self.currentIndex()))  # None without tabs, as Qt's

    def is_built(self, index: int) -> bool:
        return not isinstance(super().widget(index), _Placeholder)

    def _current_changed(self, index: int) -> None:
        if not self._building:
            self._build(index)

    def _build(self, index: int) -> None:
        page = super().widget(index)
        if not isinstance(page, _Placeholder) or self._building:
            return
        self._building = True
        try:
            tab = page.plan.build(self)
            tab.section_key = page.plan.section_key
            tab.title = page.plan.title
            current = self.currentIndex()
            blocked = self.blockSignals(True)  # listeners see the editor, not the swap
            try:
                self.removeTab(index)
                self.insertTab(index, tab, page.plan.title)
                self.setCurrentIndex(current)
            finally:
                self.blockSignals(blocked)
            page.deleteLater()
        finally:
            self._building = False
