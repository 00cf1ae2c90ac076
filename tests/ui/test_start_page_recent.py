"""最近打开 names each file by its unit, year and form, with its folder, read from the file's
first lines; a missing or unreadable file says so, in grey."""
from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from app.file_header import FileHeader, read_header
from app.projectfile import load_document, save_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES
from ui.start_page import StartPage


def texts_and_colours(page: StartPage) -> list[tuple[str, str]]:
    widget = page.recent[1]
    return [(widget.item(i).text(),
             widget.item(i).foreground().color().name()
             if widget.item(i).data(Qt.ItemDataRole.ForegroundRole) is not None else "")
            for i in range(widget.count())]


def test_each_recent_file_shows_its_unit_year_form_and_folder(qtbot, tmp_path):
    folder = tmp_path / "2024年 绩效"
    folder.mkdir()
    suzhou = folder / "苏州.jixiao"
    shutil.copy(EXAMPLE_FILES["jiangsu"], suzhou)
    missing = tmp_path / "搬走了.jixiao"
    broken = tmp_path / "坏的.jixiao"
    broken.write_bytes(b"\x00\xff not a document")
    page = StartPage()
    qtbot.addWidget(page)
    page.set_recent([suzhou, missing, broken])
    shown = texts_and_colours(page)
    title = get_template("jiangsu-dept-target").title
    assert shown[0] == (f"苏州市自然资源和规划局 2024年 · {title}\n苏州.jixiao　文件夹：{folder}", "")
    grey = page.palette().placeholderText().color().name()
    assert shown[1] == (f"（文件不存在，可能已移动或删除）\n搬走了.jixiao　文件夹：{tmp_path}", grey)
    assert shown[2][0].startswith("（无法读取：") and shown[2][1] == grey
    # Still opened by a double-click, whatever is shown.
    chosen = []
    page.file_chosen.connect(chosen.append)
    page.recent[1].itemActivated.emit(page.recent[1].item(0))
    assert chosen == [suzhou]


def test_the_header_is_read_without_reading_the_whole_file(tmp_path):
    document = load_document(EXAMPLE_FILES["jiangsu"])
    document.unit_name = '某"局"\\分局'
    path = tmp_path / "大.jixiao"
    save_document(document, path)
    # Past the first lines the file is cut: a full read would fail, the header read does not.
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:len(text) // 2], encoding="utf-8")
    assert read_header(path) == FileHeader("jiangsu-dept-target", '某"局"\\分局', 2024)
    assert read_header(tmp_path / "没有.jixiao") is None
