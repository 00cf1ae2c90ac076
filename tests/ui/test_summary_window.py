"""The desktop entry point opens a document through the core and reports bad files in Chinese."""
from PySide6.QtWidgets import QMessageBox

from tests.conftest import EXAMPLE_FILES
from ui.main import SummaryWindow


def test_window_shows_the_example_and_names_it_in_the_title(qtbot):
    window = SummaryWindow(EXAMPLE_FILES["jiangsu"])
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "苏州市自然资源和规划局 — jiangsu-suzhou-2024.jixiao"
    text = window.view.toPlainText()
    assert "资金总额：21274.97 万元" in text and "绩效指标：68 条" in text


def test_a_broken_file_gets_a_chinese_message_not_a_crash(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))
    path = tmp_path / "坏.jixiao"
    path.write_text("{", encoding="utf-8")
    window = SummaryWindow()
    qtbot.addWidget(window)
    assert window.open_document(path) is False
    assert shown and shown[0][0] == "无法打开文档" and "坏.jixiao" in shown[0][1]
    assert window.windowTitle() == "绩效填报"
