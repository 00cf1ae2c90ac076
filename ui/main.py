"""``jixiao``: the desktop application's entry point.

``jixiao [FILE]`` opens the main window (on FILE, if given); unsaved work a crash left behind is
offered back first. ``jixiao --self-test [FILE] [--screenshot PNG]`` opens the window, loads
FILE, optionally saves a picture of it, and exits 0: a check that an installation works.
"""
from __future__ import annotations

import argparse
import atexit
import gc
import sys
from importlib import resources
from pathlib import Path
from typing import Sequence, cast

# The core before Qt: once imported, PySide6 reads the source of every module imported after it
# (looking for its __feature__ switches), a cost the core's modules need not pay.
import app.checks.live  # noqa: F401,I001 - loaded here for the order's sake
import app.projectfile  # noqa: F401
import forms
from app import recovery

from PySide6.QtCore import QTimer  # noqa: I001 - after the core, on purpose
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import ui.pyside_imports  # noqa: F401,I001 - before the other ui modules, on purpose
from ui.bootstrap import install_chinese, install_excepthook, setup_logging
from ui.dialogs import fit_file_dialogs
from ui.main_window import MainWindow


def app_icon() -> QIcon:
    return QIcon(str(resources.files("resources") / "icons" / "jixiao.png"))


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="jixiao", description="绩效填报")
    parser.add_argument("file", nargs="?", type=Path, help="要打开的 .jixiao 文档")
    parser.add_argument("--self-test", action="store_true",
                        help="打开窗口和文档后立即退出，用于检查安装是否可用")
    parser.add_argument("--screenshot", type=Path, help="自检时保存窗口截图（PNG）")
    # Qt's own options (-platform, -style …) pass through to QApplication.
    arguments, _ = parser.parse_known_args(list(argv)[1:])
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    # At exit, what is alive stays alive to the end: the interpreter's last collection would
    # only walk every object of the window and the models (a tenth of a second) to free nothing.
    atexit.register(gc.freeze)
    args = list(sys.argv if argv is None else argv)
    options = _arguments(args)
    forms.register_all()
    # The GUI's instance (a test's, or ours) is a QApplication, not a bare QCoreApplication.
    app = cast(QApplication, QApplication.instance() or QApplication(args))
    app.setApplicationName("绩效填报")
    app.setOrganizationName("jixiao")
    app.setWindowIcon(app_icon())
    # The menu entry's name: Wayland docks find the window's icon and entry by it.
    app.setDesktopFileName("jixiao")
    setup_logging()
    install_excepthook()
    install_chinese(app)
    fit_file_dialogs(app)
    window = MainWindow()  # restores the window's last size and place
    if options.self_test:
        window.resize(1366, 768)  # a predictable picture, whatever was remembered
        window.show()
        return _self_test(app, window, options)
    file = options.file
    if file is not None and not recovery.pending():
        # Opened first, the window appears with its document (the start page is never built).
        window.open_path(file, ask=False)
        file = None
    window.show()
    window.offer_recovery()  # unsaved work first: the file is opened if none is taken back
    if file is not None and window.session is None:
        window.open_path(file, ask=False)
    return app.exec()


def _self_test(app: QApplication, window: MainWindow, options: argparse.Namespace) -> int:
    if options.file is not None:
        # Nobody is there to close a message box: a file that cannot be read is said on
        # stderr and the check fails, instead of waiting on a box forever.
        from app.errors import DocumentLoadError
        from app.projectfile import read_document

        try:
            read_document(options.file)
        except DocumentLoadError as exc:
            print(f"自检失败：{exc}", file=sys.stderr)
            return 1
        if not window.open_path(options.file, ask=False):
            return 1

    def finish() -> None:
        if options.screenshot is not None:
            window.grab().save(str(options.screenshot))
        window.close()
        app.quit()

    QTimer.singleShot(500, finish)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
