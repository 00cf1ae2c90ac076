"""``jixiao``: the desktop application's entry point.

Until the tabbed editor lands, the window shows the opened document's summary from the core.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPlainTextEdit

from app.errors import DocumentLoadError
from app.projectfile import load_document
from app.summary import summarize, summary_lines


class SummaryWindow(QMainWindow):
    """Shows what the core reads from one document."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.setCentralWidget(self.view)
        self.resize(900, 600)
        self.setWindowTitle(self.tr("绩效填报"))
        if path is not None:
            self.open_document(path)

    def open_document(self, path: Path) -> bool:
        try:
            document = load_document(path)
        except DocumentLoadError as exc:
            QMessageBox.warning(self, self.tr("无法打开文档"), str(exc))
            return False
        self.view.setPlainText("\n".join(summary_lines(summarize(document))))
        self.setWindowTitle(f"{document.unit_name} — {path.name}")
        return True


def install_chinese_translations(app: QApplication) -> None:
    """Qt's own strings (确定/取消) in Chinese."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       folder):
        app.installTranslator(translator)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(args)
    install_chinese_translations(app)  # type: ignore[arg-type]
    path = Path(args[1]) if len(args) > 1 else None
    window = SummaryWindow(path)
    window.show()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
