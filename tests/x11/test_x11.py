"""The window on a real X server at 1366×768, used with real keys, clicks and clipboard.

What the offscreen tests cannot see: the window's size on a laptop screen, the keyboard focus
after a click, Ctrl+PgDown reaching the window from inside a table, and a paste from another
program's clipboard landing in the row the officer clicked.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_FILES
from tests.x11.harness import (HEIGHT, WIDTH, ClipboardOwner, RunningApp, XServer,
                               missing_x_tools)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(missing_x_tools()), reason=missing_x_tools() or "ok")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def server():
    xserver = XServer()
    yield xserver
    xserver.stop()


@pytest.fixture
def suzhou(server, tmp_path):
    """The app on a copy of the 苏州 example (the shipped file stays untouched)."""
    document = tmp_path / "苏州.jixiao"
    shutil.copy(EXAMPLE_FILES["jiangsu"], document)
    app = RunningApp(server, tmp_path / "home", str(document))
    app.wait_until(lambda s: s["tab_count"] > 0, "the document's tabs")
    yield app
    app.stop()


def _bottom(rect: list[int]) -> int:
    return rect[1] + rect[3]


def _centre(rect: list[int], dy: int = 0) -> tuple[int, int]:
    return rect[0] + rect[2] // 2, rect[1] + rect[3] // 2 + dy


def test_the_window_fits_the_screen_at_first_start(suzhou, tmp_path):
    state = suzhou.state()
    assert state["screen"] == [WIDTH, HEIGHT]
    # Docks find the menu entry (packaging/linux/jixiao.desktop) and its icon by this name.
    assert state["desktop_file"] == "jixiao"
    frame, available = state["frame"], state["available"]
    assert frame[0] >= available[0] and frame[1] >= available[1]
    assert _bottom(frame) <= _bottom(available), state
    assert _bottom(state["status_bar"]) <= HEIGHT, "the status bar is below the screen"
    assert _bottom(state["checks_dock"]) <= HEIGHT, "the 审核 panel is cut by the screen"
    assert state["checks_rows_fit"] >= 8, "the 审核 panel has no room for 8 findings"
    buttons = state["toolbar_buttons"]
    assert list(buttons) == ["新建…", "打开…", "保存", "撤销", "重做", "审核", "导出…", "打印预览…"]
    assert all(b[2] > 0 and b[1] >= 0 for b in buttons.values())
    suzhou.screenshot(tmp_path / "screen.png")
    _assert_drawn(tmp_path / "screen.png", state)


def _assert_drawn(png: Path, state: dict) -> None:
    """The X screen really shows the window: the toolbar area is not one flat colour."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)
    x, y, w, h = state["toolbar"]
    colours = {image.pixel(px, py) for px in range(x, x + w, 7) for py in range(y, y + h, 3)}
    assert len(colours) > 10, "the toolbar is blank on the X screen"


def test_ctrl_pgdown_and_ctrl_tab_switch_tabs_from_inside_a_table(suzhou):
    """Inside the 绩效指标 tab's inner tables the keys go through them first, then on to the
    window's next tab (docs/editor.md)."""
    state = suzhou.state()
    indicators = state["tab_titles"].index("绩效指标")
    suzhou.click(*_centre(state["tab_bar"][indicators]))
    state = suzhou.wait_until(lambda s: s["table"] is not None, "the indicator table")
    suzhou.click(*_centre(state["table"]["rows"][0]["cells"][2]))  # a cell: the table has focus
    state = suzhou.wait_until(lambda s: s["focus"] == "IndicatorTableView", "focus in the table")
    inner = state["inner_tabs"][1]
    assert state["inner_tabs"] == [0, inner] and inner >= 2
    for page in range(1, inner):
        suzhou.key("ctrl+Next")
        suzhou.wait_until(lambda s, p=page: s["inner_tabs"] == [p, inner]
                          and s["current_tab"] == indicators, f"Ctrl+PgDown to inner tab {page}")
    suzhou.key("ctrl+Next")
    suzhou.wait_until(lambda s: s["current_tab"] == (indicators + 1) % s["tab_count"],
                      "Ctrl+PgDown past the last inner tab")
    suzhou.key("ctrl+Prior")
    suzhou.wait_until(lambda s: s["current_tab"] == indicators, "Ctrl+PgUp")
    state = suzhou.state()
    suzhou.click(*_centre(state["tab_bar"][indicators]))
    state = suzhou.wait_until(lambda s: s["table"] is not None, "the indicator table")
    suzhou.click(*_centre(state["table"]["rows"][0]["cells"][2]))
    suzhou.wait_until(lambda s: s["focus"] == "IndicatorTableView", "focus in the table")
    suzhou.key("ctrl+shift+Tab")
    suzhou.wait_until(lambda s: s["inner_tabs"] == [inner - 2, inner], "Ctrl+Shift+Tab")
    suzhou.key("ctrl+Tab")
    suzhou.key("ctrl+Tab")
    suzhou.wait_until(lambda s: s["current_tab"] == (indicators + 1) % s["tab_count"], "Ctrl+Tab")


def test_ctrl_w_closes_the_document_back_to_the_start_page(suzhou):
    state = suzhou.state()
    assert not state["start_page_shown"] and state["tab_count"] > 0
    indicators = state["tab_titles"].index("绩效指标")
    suzhou.click(*_centre(state["tab_bar"][indicators]))
    state = suzhou.wait_until(lambda s: s["table"] is not None, "the indicator table")
    suzhou.click(*_centre(state["table"]["rows"][0]["cells"][2]))  # focus inside a table
    suzhou.wait_until(lambda s: s["focus"] == "IndicatorTableView", "focus in the table")
    suzhou.key("ctrl+w")
    state = suzhou.wait_until(lambda s: s["start_page_shown"], "Ctrl+W: the start page")
    assert state["tab_count"] == 0 and state["title"] == "绩效填报" and not state["modified"]
    assert state["checks_dock"] is None


def test_a_paste_from_another_program_lands_in_the_row_clicked(suzhou, server, tmp_path):
    state = suzhou.state()
    suzhou.click(*_centre(state["tab_bar"][state["tab_titles"].index("绩效指标")]))
    state = suzhou.wait_until(lambda s: s["table"] is not None, "the indicator table")
    rows = state["table"]["rows"]
    first_row = rows[0]["texts"]

    # 1. A whole row selected by its header "2": the paste fills that row from column 1.
    pasted = ["决策", "计划制定", "粘贴的三级指标", "＝50%", "＝100%"]
    owner = ClipboardOwner(server, tmp_path, "\t".join(pasted) + "\r\n")
    try:
        suzhou.click(*_centre(rows[1]["header"]))
        suzhou.wait_until(lambda s: s["table"]["selected"] and
                          {r for r, _ in s["table"]["selected"]} == {1}, "row 2 selected")
        suzhou.key("ctrl+v")
        state = suzhou.wait_until(lambda s: s["table"]["rows"][1]["texts"] == pasted,
                                  "the paste in row 2")
    finally:
        owner.stop()
    assert state["table"]["rows"][0]["texts"] == first_row, "row 1 was overwritten"

    # 2. A click on the merged 一级 cell beside row 3 chooses row 3, and the paste goes there.
    second = ["决策", "目标设定", "合并格旁粘贴", "＝1项", "＝2项"]
    owner = ClipboardOwner(server, tmp_path, "\t".join(second) + "\r\n")
    try:
        x = _centre(state["table"]["rows"][2]["cells"][0])[0]
        y = _centre(state["table"]["rows"][2]["header"])[1]
        suzhou.click(x, y)
        suzhou.wait_until(lambda s: s["table"]["current"] == [2, 0], "row 3 chosen in 一级指标")
        suzhou.key("ctrl+v")
        state = suzhou.wait_until(lambda s: s["table"]["rows"][2]["texts"] == second,
                                  "the paste in row 3")
    finally:
        owner.stop()
    assert state["table"]["rows"][0]["texts"] == first_row
    assert state["table"]["rows"][1]["texts"] == pasted
    assert state["modified"]
    suzhou.screenshot(tmp_path / "paste.png")
    _assert_drawn(tmp_path / "paste.png", state)


def _show_tab_with_list(app: RunningApp, path: str) -> dict:
    """Click through the tabs until the list at ``path`` shows; the probe's state then."""
    state = app.state()
    for index in range(state["tab_count"]):
        app.click(*_centre(state["tab_bar"][index]))
        state = app.wait_until(lambda s, i=index: s["current_tab"] == i, f"tab {index + 1}")
        if any(found["path"] == path for found in state["lists"]):
            return state
    raise AssertionError(f"no tab shows {path}")


def test_text_typed_right_after_add_lands_in_the_new_row(suzhou):
    state = _show_tab_with_list(suzhou, "department.functions")
    duties = next(found for found in state["lists"] if found["path"] == "department.functions")
    for _ in range(40):  # the wheel, in the page's margin, until 添加 shows above the 审核 panel
        if duties["add_shown"]:
            break
        suzhou.xdotool("mousemove", "--sync", str(duties["add"][0] - 6), "300", "click", "5")
        state = suzhou.state()
        duties = next(f for f in state["lists"] if f["path"] == "department.functions")
    assert duties["add_shown"], f"添加 never scrolled into view: {duties['add']}"
    before = duties["items"]
    suzhou.click(*_centre(duties["add"]))
    suzhou.wait_until(lambda s: s["editing"], "the new row's cell open for typing")
    suzhou.xdotool("type", "--delay", "30", "typed after add")
    suzhou.key("Return")

    def duties_now(s: dict) -> list[str]:
        return next(f["items"] for f in s["lists"] if f["path"] == "department.functions")

    state = suzhou.wait_until(lambda s: len(duties_now(s)) == len(before) + 1
                              and not s["editing"], "Enter to finish the cell")
    assert duties_now(state) == before + ["typed after add"], "the text went elsewhere"


def test_right_click_on_the_indicator_table_opens_the_edit_menu(suzhou):
    state = suzhou.state()
    suzhou.click(*_centre(state["tab_bar"][state["tab_titles"].index("绩效指标")]))
    state = suzhou.wait_until(lambda s: s["table"] is not None, "the indicator table")
    cell = state["table"]["rows"][0]["cells"][2]
    suzhou.click(*_centre(cell))
    suzhou.wait_until(lambda s: s["table"]["current"] == [0, 2], "row 1 chosen")
    suzhou.xdotool("mousemove", "--sync", *map(str, _centre(cell)), "click", "3")
    state = suzhou.wait_until(lambda s: s["menu"] is not None, "the right-click menu")
    shown = {a["text"]: a for a in state["menu"]["actions"]}
    assert [t for t in shown if t != "从指标库插入…"] == [
        "剪切", "复制", "粘贴", "清除内容", "插入行", "删除行", "上移", "下移"]
    assert shown["复制"]["keys"] == "Ctrl+C" and shown["插入行"]["keys"] == "Ctrl++"
    assert not shown["上移"]["enabled"], "上移 on the first row"
    assert all(shown[t]["enabled"] for t in ("剪切", "复制", "清除内容", "插入行", "删除行", "下移"))
    menu = state["menu"]["rect"]
    assert menu[0] >= 0 and menu[1] >= 0 and menu[0] + menu[2] <= WIDTH \
        and menu[1] + menu[3] <= HEIGHT, "the menu is cut by the screen"
    target = SCREENSHOTS / "context-menu.png"
    suzhou.screenshot(target)
    _assert_drawn(target, state)
    suzhou.key("Escape")
    suzhou.wait_until(lambda s: s["menu"] is None, "the menu to close")
