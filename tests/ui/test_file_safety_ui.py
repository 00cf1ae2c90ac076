"""File safety in the editor (issue #9, item 5): plain-text dialogs, files changed or locked
elsewhere, live autosaves of another process, debounced autosave."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app import recovery
from app.filelock import lock_path
from app.projectfile import load_document, save_document
from tests.conftest import EXAMPLE_FILES
from ui import dialogs
from ui.main_window import MainWindow

HOSTILE = '<h1 style="color:red">大字</h1><img src="/tmp/x.png">'


@pytest.fixture
def boxes(monkeypatch):
    """Every message box is recorded, never shown: static calls and instances (exec)."""
    shown = {"static": [], "boxes": [], "choices": [], "answers": []}

    def static(parent, title, text, *args):
        shown["static"].append(text)
        return QMessageBox.StandardButton.Ok

    def run(box):
        shown["boxes"].append((box.text(), box.textFormat()))
        return int(QMessageBox.StandardButton.Ok)

    def choose(parent, title, text, labels, default=0, icon=None):
        shown["choices"].append((text, list(labels)))
        return shown["answers"].pop(0)

    for name in ("warning", "question", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, static)
    monkeypatch.setattr(QMessageBox, "exec", run)
    monkeypatch.setattr(dialogs, "choose", choose)
    return shown


def _window(qtbot) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def windows(qtbot):
    made: list[MainWindow] = []

    def make() -> MainWindow:
        made.append(_window(qtbot))
        return made[-1]

    yield make
    for win in made:  # closing must not ask about unsaved work (a modal box hangs offscreen)
        if win.session is not None:
            win.session.undo_stack.setClean()
            win.session.release_lock()


@pytest.fixture
def copy(tmp_path):
    path = tmp_path / "苏州.jixiao"
    path.write_bytes(EXAMPLE_FILES["jiangsu"].read_bytes())
    return path


# -- 2. plain text ---------------------------------------------------------------------------------

def test_an_open_error_quoting_html_is_shown_as_plain_text(windows, boxes, tmp_path):
    crafted = tmp_path / f"{HOSTILE.replace('/', '／')}.jixiao"
    raw = json.loads(EXAMPLE_FILES["jiangsu"].read_text(encoding="utf-8"))
    raw[HOSTILE] = 1
    crafted.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert not windows().open_path(crafted, ask=False)
    assert not any(dialogs.might_be_html(text) for text in boxes["static"]), boxes["static"]
    [(text, text_format)] = boxes["boxes"]
    assert HOSTILE in text and text_format == Qt.TextFormat.PlainText


def test_plain_text_passes_through_unchanged_and_html_looking_text_gets_a_plain_box(boxes):
    dialogs.warning(None, "标题", "文件已存在：a.docx")
    assert boxes["static"] == ["文件已存在：a.docx"] and boxes["boxes"] == []
    dialogs.question(None, "删除项目", f"确定删除项目“{HOSTILE}”吗？")
    assert boxes["boxes"] == [(f"确定删除项目“{HOSTILE}”吗？", Qt.TextFormat.PlainText)]


def test_a_recent_file_with_html_in_its_name_has_a_literal_tooltip(windows, boxes, tmp_path, qtbot):
    window = windows()
    path = tmp_path / "<b>粗体</b>.jixiao"
    window.start_page.set_recent([path])
    item = window.start_page.recent[1].item(0)
    assert "&lt;b&gt;" in item.toolTip()
    with qtbot.waitSignal(window.start_page.file_chosen) as chosen:
        window.start_page.recent[1].itemActivated.emit(item)
    assert chosen.args == [path]


def test_the_export_status_shows_folder_names_as_plain_text(windows, copy):
    from ui.export_dialog import ExportDialog

    window = windows()
    window.open_path(copy, ask=False)
    dialog = ExportDialog(window.session, window)
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText
    assert window.status_counts.textFormat() == Qt.TextFormat.PlainText


# -- 4. changed on disk, locks, live autosaves -----------------------------------------------------

def _changed_elsewhere(path) -> bytes:
    document = load_document(path)
    document.unit_name = "别的程序改的"
    save_document(document, path, keep_backup=False)
    return path.read_bytes()


def test_saving_over_a_file_changed_elsewhere_asks_first(windows, boxes, copy, monkeypatch,
                                                         tmp_path):
    window = windows()
    window.open_path(copy, ask=False)
    window.session.set_value("unit_name", "我改的")
    theirs = _changed_elsewhere(copy)

    boxes["answers"].append(2)  # 取消
    assert not window.save()
    assert copy.read_bytes() == theirs and window.session.modified
    text, labels = boxes["choices"][0]
    assert labels == ["覆盖", "另存为…", "取消"] and "修改" in text

    other = tmp_path / "另存.jixiao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    boxes["answers"].append(1)  # 另存为
    assert window.save()
    assert copy.read_bytes() == theirs and load_document(other).unit_name == "我改的"
    assert window.session.path == other

    window.session.set_value("unit_name", "再改")
    assert window.save() and len(boxes["choices"]) == 2  # our own file now: no question


def test_overwrite_replaces_the_changed_file_and_a_touch_is_no_change(windows, boxes, copy):
    import os

    window = windows()
    window.open_path(copy, ask=False)
    window.session.set_value("unit_name", "我改的")
    os.utime(copy, ns=(1, 1))  # a backup program touched it: same content
    assert window.save() and boxes["choices"] == []
    _changed_elsewhere(copy)
    window.session.set_value("unit_name", "我又改的")
    boxes["answers"].append(0)  # 覆盖
    assert window.save()
    assert load_document(copy).unit_name == "我又改的"


def test_a_second_window_on_one_file_opens_read_only_and_saves_elsewhere(windows, boxes, copy,
                                                                         monkeypatch, tmp_path):
    first, second = windows(), windows()
    assert first.open_path(copy, ask=False)
    assert lock_path(copy).exists()
    before = copy.read_bytes()

    boxes["answers"].append(2)  # 取消
    assert not second.open_path(copy, ask=False) and second.session is None
    assert boxes["choices"][-1][1] == ["以只读方式打开", "仍然打开", "取消"]
    boxes["answers"].append(0)  # 以只读方式打开
    assert second.open_path(copy, ask=False)
    assert second.session.read_only and "只读" in second.windowTitle()
    assert "另一个窗口" in boxes["choices"][-1][0]

    second.session.set_value("unit_name", "第二个窗口")
    other = tmp_path / "副本.jixiao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    assert second.save()
    assert copy.read_bytes() == before and load_document(other).unit_name == "第二个窗口"
    assert not second.session.read_only

    first.session.set_value("unit_name", "第一个窗口")  # unsaved: closing would ask
    first.session.undo_stack.setClean()
    assert first.close() and not lock_path(copy).exists()


def test_a_live_autosave_of_another_running_editor_is_neither_offered_nor_deleted(
        windows, boxes, copy):
    document = load_document(copy)
    key = recovery.recovery_key(copy, "another-window")
    recovery.write_recovery(document, key, copy)
    meta_file = recovery.recovery_dir() / f"{key}.json"
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        meta_file.write_text(json.dumps({**meta, "pid": child.pid}), encoding="utf-8")
        windows().offer_recovery()
        assert boxes["static"] == [] and boxes["boxes"] == []
        assert meta_file.exists() and (recovery.recovery_dir() / f"{key}.jixiao").exists()
    finally:
        child.kill()
        child.wait()


# -- crafted lock and recovery files (issue #23) ---------------------------------------------------

CRAFTED_LOCKS = {"pid 2**31": json.dumps({"pid": 2 ** 31, "host": "HOST", "token": "t"}),
                 "negative pid": json.dumps({"pid": -1, "host": "HOST"}),
                 "garbage": "\x00不是锁", "empty": "", "another host":
                     json.dumps({"pid": 4242, "host": "别的电脑", "user": "李四"}),
                 "a folder": None}


def _crafted_lock(document, content):
    from app.filelock import this_host

    lock = lock_path(document)
    if lock.is_dir():
        lock.rmdir()
    if content is None:
        lock.mkdir()
    else:
        lock.write_text(content.replace("HOST", this_host()), encoding="utf-8")
    os.utime(lock, (1_000_000_000, 1_000_000_000))  # an old leftover, not one being written


@pytest.mark.parametrize("kind", list(CRAFTED_LOCKS))
def test_opening_beside_a_crafted_lock_asks_and_never_fails(windows, boxes, copy, kind):
    window = windows()
    for answer, opens, read_only in ((2, False, None), (0, True, True), (1, True, False)):
        _crafted_lock(copy, CRAFTED_LOCKS[kind])
        boxes["answers"].append(answer)
        assert window.open_path(copy, ask=False) is opens  # raised (程序出错) before
        text, labels = boxes["choices"][-1]
        assert labels == ["以只读方式打开", "仍然打开", "取消"] and "“苏州.jixiao”" in text
        if opens:
            assert window.session.read_only is read_only
            window.session.release_lock()
    assert boxes["static"] == []  # no warning, no 程序出错


def test_starting_with_crafted_recovery_files_never_raises(windows, boxes, copy, monkeypatch):
    from app.filelock import this_host

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Yes)  # 恢复

    folder = recovery.recovery_dir()
    key = recovery.recovery_key(copy, "crashed-window")
    recovery.write_recovery(load_document(copy), key, copy)
    (folder / f"{key}.json").write_text(json.dumps(
        {"original": str(copy), "saved_at": "2025-03-01T23:00:00+08:00", "pid": 2 ** 31,
         "host": this_host()}), encoding="utf-8")
    for name, data in {"garbage": "\x00{", "list": "[1]", "bad-original": json.dumps(
            {"original": 7, "saved_at": "2025-03-01T09:00:00", "pid": -1})}.items():
        recovery.write_recovery(load_document(copy), name, None)
        (folder / f"{name}.json").write_text(data, encoding="utf-8")
    window = windows()
    window.offer_recovery()  # raised OverflowError at every start before
    assert window.session is not None and window.session.path == copy  # the newest, restored
    assert window.session.modified and not window.session.read_only
    assert boxes["static"] == []


# -- 8. debounced autosave -------------------------------------------------------------------------

def test_autosave_follows_a_pause_in_typing(windows, boxes, copy, qtbot):
    window = windows()
    window.autosaver.delay_ms, window.autosaver.max_delay_ms = 100, 60_000
    window.open_path(copy, ask=False)
    window.session.set_value("department.annual_goal", "刚输入的内容")
    assert recovery.pending() == []
    qtbot.waitUntil(lambda: recovery.pending() != [], timeout=3000)
    assert recovery.pending()[0].load().department.annual_goal == "刚输入的内容"


def test_continuous_typing_still_autosaves_within_the_maximum_delay(windows, boxes, copy, qtbot):
    window = windows()
    window.autosaver.delay_ms, window.autosaver.max_delay_ms = 400, 600
    window.open_path(copy, ask=False)
    saved_while_typing = False
    for i in range(40):  # a keystroke every 50 ms for 2 s: never a 400 ms pause
        window.session.set_value("department.annual_goal", "字" * (i + 1))
        qtbot.wait(50)
        if recovery.pending():
            saved_while_typing = True
            break
    assert saved_while_typing


def test_an_autosave_that_cannot_write_says_so_in_the_status_bar(windows, boxes, copy, monkeypatch):
    import errno

    window = windows()
    window.open_path(copy, ask=False)
    window.session.set_value("unit_name", "改")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(recovery, "write_recovery", full)
    window.autosave()  # a timer's slot: must not raise
    assert "磁盘空间不足" in window.statusBar().currentMessage()
    QApplication.processEvents()
