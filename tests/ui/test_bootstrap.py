"""The app speaks Chinese, survives an unexpected error with a Chinese dialog, logs to the user
log folder, and remembers where its window was."""
import logging
import sys

from PySide6.QtCore import QCoreApplication, QRect, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app.config import log_dir
from ui.bootstrap import install_chinese, install_excepthook, setup_logging
from ui.main_window import MainWindow


def test_standard_buttons_read_chinese(qapp):
    font = QApplication.font()
    try:
        install_chinese(qapp)
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:  # the other tests run with Qt's defaults
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
        QApplication.setFont(font)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_an_unexpected_error_is_logged_and_shown_in_chinese(qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text: shown.append((title, text)))
    old_hook, root = sys.excepthook, logging.getLogger()
    handlers = list(root.handlers)
    try:
        setup_logging()
        install_excepthook()
        try:
            raise ValueError("测试")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
        for handler in root.handlers[len(handlers):]:
            handler.close()
            root.removeHandler(handler)
    assert shown and shown[0][0] == "程序出错" and "未保存的内容会在下次启动时提示恢复" in shown[0][1]
    assert "ValueError: 测试" in (log_dir() / "jixiao.log").read_text(encoding="utf-8")


def test_window_geometry_is_remembered(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.setGeometry(QRect(40, 50, 700, 500))  # within the offscreen screen (800×600)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
