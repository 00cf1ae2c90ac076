"""Autosave, debounced: unsaved work is written aside a few seconds after the last edit, and at
least every half minute while the officer keeps typing, so a crash loses seconds, not a minute."""
from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer

log = logging.getLogger(__name__)

DELAY_MS = 3_000  # after the last edit
MAX_DELAY_MS = 30_000  # after the first edit not yet written aside


class Autosaver(QObject):
    """Calls ``write`` once edits pause for ``delay_ms``, or ``max_delay_ms`` after the first
    unwritten edit at the latest. ``edited()`` is called on every edit; ``flush()`` writes now."""

    def __init__(self, write: Callable[[], None], parent: QObject | None = None,
                 delay_ms: int = DELAY_MS, max_delay_ms: int = MAX_DELAY_MS) -> None:
        super().__init__(parent)
        self._write = write
        self.delay_ms, self.max_delay_ms = delay_ms, max_delay_ms
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.flush)
        self._pending_since = QElapsedTimer()

    def edited(self) -> None:
        if not self._pending_since.isValid():
            self._pending_since.start()
        left = self.max_delay_ms - self._pending_since.elapsed()
        self.timer.start(max(0, min(self.delay_ms, left)))

    def cancel(self) -> None:
        self.timer.stop()
        self._pending_since.invalidate()

    def flush(self) -> None:
        self.cancel()
        self._write()
