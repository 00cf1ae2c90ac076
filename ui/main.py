"""``jixiao``: the desktop application's entry point.

``jixiao [FILE]`` opens the main window (on FILE, if given); unsaved work a crash left behind is
offered back first.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtWidgets import QApplication

from ui.bootstrap import install_chinese, install_excepthook, setup_logging
from ui.main_window import MainWindow


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(args)
    app.setApplicationName("绩效填报")
    app.setOrganizationName("jixiao")
    setup_logging()
    install_excepthook()
    install_chinese(app)  # type: ignore[arg-type]
    window = MainWindow()
    window.show()
    window.offer_recovery()
    if len(args) > 1 and window.session is None:
        window.open_path(Path(args[1]), ask=False)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
