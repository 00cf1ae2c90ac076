"""Process-wide set-up of the desktop app: logging, crash handling, Chinese, fonts."""
from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.config import log_dir
from ui import dialogs

log = logging.getLogger("jixiao")
_fault_file = None

# Chinese-capable UI fonts, Windows first; the first one installed wins.
UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei",
            "SimSun")


def setup_logging() -> None:
    """A rotating log in the user log folder; faulthandler next to it for hard crashes."""
    global _fault_file
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(folder / "jixiao.log", maxBytes=1_000_000,
                                                   backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _fault_file = open(folder / "crash.log", "a", encoding="utf-8")  # noqa: SIM115 - kept open
    faulthandler.enable(_fault_file)
    qInstallMessageHandler(_qt_message)


def _qt_message(kind: QtMsgType, context, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, message)


def install_excepthook() -> None:
    """An unexpected error is logged and shown in Chinese instead of closing silently."""
    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        log.error("unhandled exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is not None:
            dialogs.critical(None, "程序出错",
                                 "很抱歉，程序遇到了意外错误，已记录到日志：\n"
                                 f"{log_dir() / 'jixiao.log'}\n\n"
                                 "未保存的内容会在下次启动时提示恢复。\n\n"
                                 f"{type(value).__name__}: {value}")

    sys.excepthook = hook


# Qt 6 gave these labels a mnemonic ("&Look in:"); its shipped zh_CN file still has only the old
# source texts, so the file dialog showed them in English. The last translator installed is
# asked first: this one answers just these and passes the rest on.
MISSING_IN_QTBASE = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QPrintSettingsOutput", "Page &Set:"): "页面范围(&S)：",
}


class _Supplement(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None reaches Qt as a null string: "not mine, ask the next translator" ("" would be
        # taken as the translation).
        return MISSING_IN_QTBASE.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_chinese(app: QApplication) -> None:
    """Qt's own strings (确定/取消, the file dialog) in Chinese, and a font with Chinese glyphs."""
    for old in app.findChildren(QTranslator):  # called again: replace, never stack up
        app.removeTranslator(old)
        old.deleteLater()
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       folder):
        app.installTranslator(translator)
    app.installTranslator(_Supplement(app))
    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSize(10)
            app.setFont(font)
            break
