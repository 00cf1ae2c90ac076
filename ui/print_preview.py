"""打印预览 and 打印: the same A4 layout as the PDF export, painted by the core onto a printer."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from app.export import build_layout
from app.export.pdf import paint_layout
from ui import dialogs
from ui.session import DocumentSession


def _tr(text: str) -> str:
    return QCoreApplication.translate("print_preview", text)


def _prepare(printer: QPrinter, session: DocumentSession) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(session.template.title_for(session.document))


def paint_document(session: DocumentSession, printer: QPrinter,
                   parent: QWidget | None = None) -> int:
    """Lay the document out as the template prints it and paint it; returns the page count."""
    try:
        return paint_layout(build_layout(session.document), printer)
    except OSError as exc:
        dialogs.warning(parent, _tr("无法打印"),
                            _tr("打印机无法开始打印：{reason}。请检查打印机后重试。")
                            .format(reason=exc))
        return 0


def preview_dialog(session: DocumentSession, parent: QWidget | None = None
                   ) -> QPrintPreviewDialog:
    """The 打印预览 dialog, not yet shown: ``paintRequested`` paints the document."""
    dialog = QPrintPreviewDialog(parent)
    dialog.setWindowTitle(_tr("打印预览"))
    _prepare(dialog.printer(), session)
    dialog.paintRequested.connect(lambda printer: paint_document(session, printer, dialog))
    dialog.resize(1000, 800)
    return dialog


def print_preview(session: DocumentSession, parent: QWidget | None = None) -> int:
    """Show the 打印预览 (modal); its 打印 button prints. Returns the dialog's result."""
    dialog = preview_dialog(session, parent)
    result = dialog.exec()
    dialog.deleteLater()
    return result


def print_document(session: DocumentSession, parent: QWidget | None = None) -> int:
    """Ask for a printer, then print; returns the number of pages printed (0: not printed)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _prepare(printer, session)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return paint_document(session, printer, parent)
