"""打印预览 and 打印: the same A4 layout as the PDF export, painted by the core onto a printer.

The page plan is the costly part of a large document (hundreds of pages), so it is made first
by a worker thread, with progress and 取消, for the printer that will be painted on; the pages
are then painted from it on the GUI thread, as ``QPrintPreviewDialog.paintRequested`` needs.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressDialog, QWidget

from app.errors import os_reason
from app.export import build_layout
from app.export.paginate import PagePlan
from app.export.pdf import QtMeasure, plan_layout
from app.export.pdf import _paint as paint_plan  # the painting half of ``paint_layout``
from ui import dialogs
from ui.export_worker import PagePlanWorker
from ui.screen_fit import fit_to_screen
from ui.session import DocumentSession

PREVIEW_SIZE = QSize(1000, 800)
PREVIEW_SCREEN_SHARE = 0.9  # of the available screen: a 1366×768 laptop shows it whole
PROGRESS_AFTER_MS = 300  # a small document is planned before a progress window could flash


def _tr(text: str) -> str:
    return QCoreApplication.translate("print_preview", text)


def _prepare(printer: QPrinter, session: DocumentSession) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(session.template.title_for(session.document))


def _device_key(printer: QPrinter) -> tuple[int, int, int]:
    # What a plan depends on: text is laid out at the printer's resolution.
    return printer.logicalDpiX(), printer.logicalDpiY(), printer.resolution()


class PlannedPainting:
    """Paints the session's document onto a printer: from the plan a worker made for that
    printer (``adopt``), or, for any other printer, from a plan made on the spot.
    ``release()`` once painting is over: the worker's thread waits for it to end."""

    def __init__(self, session: DocumentSession) -> None:
        self.session = session
        self._printer: QPrinter | None = None
        self._key: tuple[int, int, int] | None = None
        self._plan: tuple[PagePlan, QtMeasure] | None = None
        self._worker: PagePlanWorker | None = None

    def adopt(self, printer: QPrinter, plan: PagePlan, measure: QtMeasure,
              worker: PagePlanWorker) -> None:
        self.release()
        self._printer, self._key, self._plan = printer, _device_key(printer), (plan, measure)
        self._worker = worker

    def release(self) -> None:
        # The plan goes first: its text layouts must not outlive the worker's thread.
        self._printer = self._key = self._plan = None
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.release()
            worker.wait()
            worker.deleteLater()

    def planned_for(self, printer: QPrinter) -> bool:
        return (self._plan is not None and printer is self._printer
                and _device_key(printer) == self._key)

    def paint(self, printer: QPrinter, parent: QWidget | None = None) -> int:
        """Paint every page; returns the page count (0: the printer could not start)."""
        try:
            if self._plan is not None and self.planned_for(printer):
                plan, measure = self._plan
            else:
                plan, measure = plan_layout(build_layout(self.session.document), printer)
            paint_plan(plan, measure, printer, lambda: False)
            return len(plan.pages)
        except OSError as exc:
            dialogs.warning(parent, _tr("无法打印"),
                            _tr("打印机无法开始打印：{reason}。请检查打印机后重试。")
                            .format(reason=os_reason(exc) if exc.errno else exc))
            return 0


class PlanProgress(QProgressDialog):
    """正在排版 with 取消, shown while a worker plans the pages for ``printer``."""

    def __init__(self, session: DocumentSession, printer: QPrinter,
                 parent: QWidget | None = None) -> None:
        super().__init__(_tr("正在排版，请稍候…"), _tr("取消"), 0, 100, parent)
        self.setWindowTitle(_tr("排版"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)  # no edit meanwhile
        self.setMinimumDuration(PROGRESS_AFTER_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.worker = PagePlanWorker(session.document, printer)
        self.worker.progressed.connect(self.setValue)
        self.canceled.connect(self.worker.cancel)

    def plan_into(self, painting: PlannedPainting, printer: QPrinter) -> bool:
        """Plan in the worker while the GUI goes on, and give the plan to ``painting``; False
        when cancelled or failed (the officer has then been told why)."""
        worker = self.worker
        loop = QEventLoop()
        worker.planned.connect(loop.quit)
        self.setValue(0)
        worker.start()
        loop.exec()
        plan, measure, error = worker.plan, worker.measure, worker.error
        worker.plan = worker.measure = worker.device = None  # the printer is ours again
        self.reset()
        self.hide()
        if plan is None or measure is None:
            worker.wait()  # cancelled or failed: the thread ends on its own
            worker.deleteLater()
            if error is not None:
                dialogs.warning(self.parentWidget(), _tr("无法排版"),
                                _tr("排版时遇到意外错误，无法显示打印内容。错误已记录到日志；"
                                    "请重试，如仍出错请联系技术支持。"))
            return False
        painting.adopt(printer, plan, measure, worker)
        return True


def plan_for(painting: PlannedPainting, printer: QPrinter,
             parent: QWidget | None = None) -> bool:
    """Make the page plan for ``printer`` in a worker, with progress; False if not made."""
    progress = PlanProgress(painting.session, printer, parent)
    try:
        return progress.plan_into(painting, printer)
    finally:
        progress.deleteLater()


def preview_dialog(session: DocumentSession, parent: QWidget | None = None,
                   painting: PlannedPainting | None = None) -> QPrintPreviewDialog:
    """The 打印预览 dialog, not yet shown: ``paintRequested`` paints the document."""
    painting = painting or PlannedPainting(session)
    dialog = QPrintPreviewDialog(parent)
    dialog.setWindowTitle(_tr("打印预览"))
    _prepare(dialog.printer(), session)
    dialog.paintRequested.connect(lambda printer: painting.paint(printer, dialog))
    # Qt's preview has only its toolbar and the title bar's cross: a 关闭 button as every
    # other dialog of the editor has.
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(_tr("关闭"))
    buttons.rejected.connect(dialog.reject)
    layout = dialog.layout()
    if layout is not None:
        layout.addWidget(buttons)
    fit_to_screen(dialog, PREVIEW_SIZE, PREVIEW_SCREEN_SHARE)
    return dialog


def print_preview(session: DocumentSession, parent: QWidget | None = None) -> int:
    """Plan the pages (progress, 取消), then show the 打印预览 (modal); its 打印 button
    prints. Returns the dialog's result (rejected when the planning was cancelled)."""
    painting = PlannedPainting(session)
    dialog = preview_dialog(session, parent, painting)
    try:
        if not plan_for(painting, dialog.printer(), parent):
            return QDialog.DialogCode.Rejected.value
        return dialog.exec()
    finally:
        painting.release()
        dialog.deleteLater()


def print_document(session: DocumentSession, parent: QWidget | None = None) -> int:
    """Ask for a printer, plan (progress, 取消), then print; returns the number of pages
    printed (0: not printed)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _prepare(printer, session)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    painting = PlannedPainting(session)
    if not plan_for(painting, printer, parent):
        return 0
    try:
        return painting.paint(printer, parent)
    finally:
        painting.release()
