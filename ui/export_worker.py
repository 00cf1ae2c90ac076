"""Export and page planning off the GUI thread, so the window keeps answering and 取消 works.

Each worker takes a deep copy of the document when it is made: the officer's document is
never read by another thread. The core does the work (``app.export``); a worker only carries
its progress back as signals and keeps what came out (files, a page plan, the cancellation or
the error) for the GUI thread to read once it has signalled the end (``finished``; ``planned``
for a page plan).

A worker belongs to the application, not to the dialog that started it: a thread still
running when its owner goes would take the program down. When the application quits, running
workers are cancelled and waited for. The one who started a worker deletes it (``deleteLater``)
once it has read the results.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QThread, Signal
from PySide6.QtGui import QPagedPaintDevice

from app.export import ExportCancelled, build_layout, export_document
from app.export.layout import Paragraph, PrintLayout, SignatureBlock, Table, TableOfContents
from app.export.paginate import PagePlan, plan_pages
from app.export.pdf import QtMeasure, page_sizes
from app.model import TargetDocument

log = logging.getLogger(__name__)


class Worker(QThread):
    """A cancellable task on its own thread; ``error`` holds what went wrong, if anything."""

    def __init__(self, document: TargetDocument) -> None:
        super().__init__(QCoreApplication.instance())
        self.document = document.model_copy(deep=True)
        self.cancelled = False
        self.error: Exception | None = None
        self._stop = threading.Event()
        app = QCoreApplication.instance()
        assert app is not None  # workers run inside the application
        app.aboutToQuit.connect(self.cancel_and_wait)

    def cancel(self) -> None:
        """Stop at the next step; what was written by this run is removed by the core."""
        self._stop.set()

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def cancel_and_wait(self) -> None:
        self.cancel()
        self.wait()

    def run(self) -> None:
        try:
            self.work()
        except (ExportCancelled, InterruptedError):
            self.cancelled = True
        except Exception as exc:  # shown to the officer in Chinese by the dialog, logged here
            log.warning("%s failed", type(self).__name__, exc_info=True)
            self.error = exc

    def work(self) -> None:
        raise NotImplementedError


class ExportWorker(Worker):
    """``export_document`` of a copy of the document; ``written`` are the files it wrote."""

    progressed = Signal(int, int, str)  # step, steps, Chinese message

    def __init__(self, document: TargetDocument, folder: Path, formats: Sequence[str],
                 force: bool) -> None:
        super().__init__(document)
        self.folder = folder
        self.formats = list(formats)
        self.force = force
        self.written: list[Path] = []

    def work(self) -> None:
        self.written = export_document(self.document, self.folder, self.formats,
                                       force=self.force, progress=self.progressed.emit,
                                       cancelled=self.stop_requested)


class _CountingMeasure(QtMeasure):
    """Qt's measure that, while the plan is made, counts the texts it lays out (``on_text``
    raises ``InterruptedError`` to stop); painting later measures page numbers uncounted."""

    def __init__(self, device: QPagedPaintDevice, on_text: Callable[[int], None]) -> None:
        super().__init__(device)
        self.on_text: Callable[[int], None] | None = on_text
        self.count = 0

    def text(self, *args, **kwargs):
        if self.on_text is not None:
            self.count += 1
            self.on_text(self.count)
        return super().text(*args, **kwargs)


def texts_to_measure(layout: PrintLayout) -> int:
    """About how many texts the page plan lays out: its progress counts them."""
    count = 0
    for part in layout.printed_parts():
        for block in part.blocks:
            if isinstance(block, Table):
                count += sum(len(row) for row in block.rows)
            elif isinstance(block, Paragraph):
                count += block.text.count("\n") + 1
            elif isinstance(block, SignatureBlock):
                count += len(block.lines) + 1
            elif isinstance(block, TableOfContents):
                count += len(layout.headings()) + 1
    return max(count, 1)


class PagePlanWorker(Worker):
    """The page plan of a copy of the document for ``device`` (a printer nobody else uses
    meanwhile), to be painted on the GUI thread.

    The plan's text layouts hold font engines of this thread's font cache, which Qt frees when
    the thread ends: after ``planned`` the thread waits, and ends only on ``release()``, once
    the pages are painted and the plan let go of.
    """

    progressed = Signal(int)  # percent of the texts laid out
    planned = Signal()  # the plan is made, or cancelled, or failed: read ``plan`` now

    def __init__(self, document: TargetDocument, device: QPagedPaintDevice) -> None:
        super().__init__(document)
        self.device: QPagedPaintDevice | None = device  # None: given back (print_preview)
        self.plan: PagePlan | None = None
        self.measure: QtMeasure | None = None
        self._expected = 1
        self._percent = -1
        self._released = threading.Event()

    def release(self) -> None:
        self._released.set()

    def cancel_and_wait(self) -> None:
        self.release()
        super().cancel_and_wait()

    def run(self) -> None:
        super().run()
        made = self.plan is not None
        self.planned.emit()
        if made:
            self._released.wait()

    def _measured(self, count: int) -> None:
        if self.stop_requested():
            raise InterruptedError
        # One signal per percent: thousands of cells must not flood the GUI thread's queue.
        percent = min(99, count * 100 // self._expected)
        if percent != self._percent:
            self._percent = percent
            self.progressed.emit(percent)

    def work(self) -> None:
        layout = build_layout(self.document)
        self._expected = texts_to_measure(layout)
        assert self.device is not None  # given back only after the work
        measure = _CountingMeasure(self.device, self._measured)
        plan = plan_pages(layout, measure, page_sizes(self.device))
        measure.on_text = None
        self.progressed.emit(100)
        self.measure, self.plan = measure, plan
