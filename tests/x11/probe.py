"""``python -m tests.x11.probe FOLDER [FILE]``: the desktop app as ``jixiao [FILE]`` starts it,
plus a probe that reports what the window shows when the test asks.

The test writes an answer's file name into FOLDER/ask; from the GUI thread the probe writes
there, as JSON: where the window, status bar, 审核 panel and toolbar are on the screen, which tab
is current, which widget has the keyboard (and whether it is a cell's editor), for a visible
indicator table where each row's header and cells are and what the document holds in them, the
visible lists' 添加 buttons and items, and an open popup menu's actions as shown (text, key,
enabled). Input never comes from here: the
test types and clicks with xdotool, as an officer would.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def _rect(widget: QWidget, rect: QRect | None = None) -> list[int]:
    rect = widget.rect() if rect is None else rect
    top_left = widget.mapToGlobal(rect.topLeft())
    return [top_left.x(), top_left.y(), rect.width(), rect.height()]


def _indicator_table(window) -> dict | None:  # type: ignore[no-untyped-def]
    from ui.indicator_view import IndicatorTableView

    views = [v for v in window.tabs.currentWidget().findChildren(IndicatorTableView)
             if v.isVisible()] if window.tabs.count() else []
    if not views:
        return None
    view = views[0]
    model = view.indicator_model()
    header = view.verticalHeader()
    rows = []
    for row in range(model.rowCount()):
        y = header.sectionViewportPosition(row)
        rows.append({
            "header": _rect(header.viewport(), QRect(0, y, header.width(), header.sectionSize(row))),
            "cells": [_rect(view.viewport(), view.visualRect(model.index(row, c)))
                      for c in range(model.columnCount())],
            "texts": [model.text(row, c) for c in range(model.columnCount())],
        })
    current = view.currentIndex()
    return {"rows": rows, "viewport": _rect(view.viewport()),
            "current": [current.row(), current.column()] if current.isValid() else None,
            "selected": sorted({(i.row(), i.column()) for i in view.selectedIndexes()})}


def _open_menu() -> dict | None:
    """The popup menu on the screen, if any: its place and its actions as shown."""
    from PySide6.QtWidgets import QMenu

    menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
    if not menus:
        return None
    menu = menus[-1]
    actions = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        text, _, keys = action.text().partition("\t")
        actions.append({"text": text, "keys": keys, "enabled": action.isEnabled(),
                        "rect": _rect(menu, menu.actionGeometry(action))})
    return {"rect": _rect(menu), "actions": actions}


def _inner_tabs(window) -> list[int] | None:  # type: ignore[no-untyped-def]
    """[current, count] of the first visible tab widget inside the current tab, if any."""
    from PySide6.QtWidgets import QTabWidget

    if not window.tabs.count():
        return None
    inner = [t for t in window.tabs.currentWidget().findChildren(QTabWidget) if t.isVisible()]
    return [inner[0].currentIndex(), inner[0].count()] if inner else None


def _list_editors(window) -> list[dict]:  # type: ignore[no-untyped-def]
    """The visible lists of the current tab: their 添加 button and their items' texts."""
    from ui.record_list import ListEditor

    if not window.tabs.count():
        return []
    return [{"path": e.model.path, "add": _rect(e.add_button),
             "add_shown": e.add_button.visibleRegion().boundingRect() == e.add_button.rect(),
             "items": [str(item) for item in e.model.items()]}
            for e in window.tabs.currentWidget().findChildren(ListEditor) if e.isVisible()]


def report(window) -> dict:  # type: ignore[no-untyped-def]
    screen = window.screen()
    focus = QApplication.focusWidget()
    tabs = window.tabs
    state = {
        "window_shown": window.isVisible(),
        "title": window.windowTitle(),
        "desktop_file": QApplication.desktopFileName(),
        "screen": [screen.geometry().width(), screen.geometry().height()],
        "available": _rect_of(screen.availableGeometry()),
        "frame": _rect_of(window.frameGeometry()),
        "geometry": _rect_of(window.geometry()),
        "status_bar": _rect(window.statusBar()),
        "toolbar": _rect(window.window_actions.toolbar),
        "toolbar_buttons": {a.text(): _rect(window.window_actions.toolbar.widgetForAction(a))
                            for a in window.window_actions.toolbar.actions()
                            if not a.isSeparator()},
        "checks_dock": _rect(window.checks_dock) if window.checks_dock is not None else None,
        "checks_rows_fit": _checks_rows_fit(window.checks_dock),
        "start_page_shown": window.stack.currentIndex() == 0 and window.session is None,
        "tab_count": tabs.count(),
        "tab_titles": [tabs.tabText(i) for i in range(tabs.count())],
        "current_tab": tabs.currentIndex(),
        "tab_bar": [_rect(tabs.tabBar(), tabs.tabBar().tabRect(i)) for i in range(tabs.count())],
        "focus": type(focus).__name__ if focus is not None else None,
        "modified": bool(window.session and window.session.modified),
        "top_levels": [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()],
        "table": _indicator_table(window),
        "menu": _open_menu(),
        "inner_tabs": _inner_tabs(window),
        "lists": _list_editors(window),
        "editing": bool(focus is not None and focus.parentWidget() is not None
                        and type(focus.parentWidget().parentWidget()).__name__.endswith("View")),
    }
    return state


def _checks_rows_fit(dock) -> int | None:  # type: ignore[no-untyped-def]
    """How many rows the 审核 panel's list has room for, as it stands."""
    if dock is None or not dock.model.rowCount():
        return None
    return dock.view.viewport().height() // dock.view.rowHeight(dock.model.index(0, 0))


def _rect_of(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def main() -> int:
    folder = Path(sys.argv[1])
    ask = folder / "ask"
    app = QApplication([sys.argv[0]])

    def answer() -> None:
        from ui.main_window import MainWindow

        if not ask.is_file():
            return
        question = ask.read_text().strip()
        if not question:
            return  # not yet written whole: ask again at the next tick
        target = Path(question)
        ask.unlink()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        state = report(windows[0]) if windows else {"window_shown": False}
        partial = target.with_suffix(".part")
        partial.write_text(json.dumps(state, ensure_ascii=False))
        partial.replace(target)

    timer = QTimer(app)
    timer.timeout.connect(answer)
    timer.start(50)
    from ui.main import main as jixiao

    return jixiao(["jixiao", *sys.argv[2:]])


if __name__ == "__main__":
    sys.exit(main())
