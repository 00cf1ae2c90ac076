"""Windows that fit the officer's screen: a 1366×768 laptop is common in offices.

A window taller than the screen hides its status bar and the bottom of the 审核 panel, and a
size remembered from a larger monitor must not carry over to a smaller one.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room for the window's title bar and frame, which the window's geometry doesn't include.
FRAME_ALLOWANCE = QSize(16, 40)


def screen_of(widget: QWidget) -> QScreen:
    return widget.screen() or QGuiApplication.primaryScreen()


def fitted_size(preferred: QSize, available: QRect, share: float = 1.0) -> QSize:
    """``preferred``, made smaller where ``available`` (less the frame, times ``share``) is."""
    width = int((available.width() - FRAME_ALLOWANCE.width()) * share)
    height = int((available.height() - FRAME_ALLOWANCE.height()) * share)
    return QSize(min(preferred.width(), width), min(preferred.height(), height))


def fit_to_screen(widget: QWidget, preferred: QSize, share: float = 1.0) -> None:
    """Resize ``widget`` to ``preferred`` or less, and centre it on its screen."""
    available = screen_of(widget).availableGeometry()
    size = fitted_size(preferred, available, share)
    widget.resize(size)
    widget.move(available.center() - QPoint(size.width() // 2, size.height() // 2))


def keep_on_screen(widget: QWidget) -> None:
    """After restoring a remembered geometry: shrink and move it inside the available area."""
    available = screen_of(widget).availableGeometry()
    size = fitted_size(widget.size(), available)
    if size != widget.size():
        widget.resize(size)
    frame = widget.frameGeometry()
    x = min(max(frame.left(), available.left()), available.right() - frame.width() + 1)
    y = min(max(frame.top(), available.top()), available.bottom() - frame.height() + 1)
    if (x, y) != (frame.left(), frame.top()):
        widget.move(x, y)
