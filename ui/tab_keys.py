"""下一页签 / 上一页签 (Ctrl+Tab, Ctrl+PgDown / Ctrl+Shift+Tab, Ctrl+PgUp) with tabs inside tabs.

The rule: with the keyboard inside inner tabs (the 绩效指标 tab's tables, a project's sections,
a stage's pages), the key moves through the innermost of them first; past its last (or before
its first) page it moves the next tabs out, and past the window's last tab it wraps to the
first. Focus follows into the page shown, so pressing again goes on through the same tabs.
"""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget


def _tab_widgets_around(widget: QWidget | None, outer: QTabWidget) -> list[QTabWidget]:
    """The tab widgets holding ``widget`` inside ``outer``, innermost first."""
    found: list[QTabWidget] = []
    while widget is not None and widget is not outer:
        if isinstance(widget, QTabWidget) and widget.isVisible():
            found.append(widget)
        widget = widget.parentWidget()
    return found if widget is outer else []


def step_tabs(outer: QTabWidget, delta: int, focus: QWidget | None = None) -> None:
    """Move ``delta`` (±1) pages: through the inner tabs around the keyboard, then ``outer``."""
    focus = QApplication.focusWidget() if focus is None else focus
    for tabs in _tab_widgets_around(focus, outer):
        target = tabs.currentIndex() + delta
        if 0 <= target < tabs.count():
            tabs.setCurrentIndex(target)
            return
    if outer.count():
        outer.setCurrentIndex((outer.currentIndex() + delta) % outer.count())
