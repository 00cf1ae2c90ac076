"""Message boxes and tooltips that show file or user text as plain text, never as HTML.

Qt guesses: a text whose first line looks like it holds a tag is rendered as rich text, so a
crafted file name or JSON key could show big red letters or load a local image in an error box.
Every box of the editor goes through here. Text Qt would take for plain text goes through the
static ``QMessageBox`` functions unchanged (tests stub those); text that might be taken for HTML
gets a box with ``Qt.PlainText``. ``choose`` offers buttons with our own Chinese labels.
"""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog,
                               QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPlainTextEdit,
                               QStyle, QTreeView, QVBoxLayout, QWidget)

Button = QMessageBox.StandardButton
Icon = QMessageBox.Icon


def might_be_html(text: str) -> bool:
    return bool(text) and QtGuiNamespace.mightBeRichText(text)


def plain_box(parent: QWidget | None, icon: Icon, title: str, text: str,
              buttons: Button = Button.Ok, default: Button = Button.NoButton) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return box


def _show(static, icon: Icon, parent: QWidget | None, title: str, text: str,
          buttons: Button | None = None, default: Button | None = None) -> Button:
    if not might_be_html(text):
        extra = [b for b in (buttons, default) if b is not None]
        return static(parent, title, text, *extra)
    box = plain_box(parent, icon, title, text,
                    Button.Ok if buttons is None else buttons,
                    Button.NoButton if default is None else default)
    return Button(box.exec())


def question(parent: QWidget | None, title: str, text: str, buttons: Button | None = None,
             default: Button | None = None) -> Button:
    """Like ``QMessageBox.question`` (默认 是/否), with ``text`` always shown as plain text."""
    if buttons is None and might_be_html(text):
        buttons = Button.Yes | Button.No
    return _show(QMessageBox.question, Icon.Question, parent, title, text, buttons, default)


def warning(parent: QWidget | None, title: str, text: str) -> Button:
    return _show(QMessageBox.warning, Icon.Warning, parent, title, text)


def critical(parent: QWidget | None, title: str, text: str) -> Button:
    return _show(QMessageBox.critical, Icon.Critical, parent, title, text)


def choose(parent: QWidget | None, title: str, text: str, labels: Sequence[str],
           default: int = 0, icon: Icon = Icon.Warning) -> int:
    """Buttons with our own labels (e.g. 覆盖 / 另存为 / 取消); returns the index chosen, or -1
    when the box is closed with Esc (the last label should then mean 取消)."""
    box = plain_box(parent, icon, title, text, Button.NoButton)
    buttons = []
    for index, label in enumerate(labels):
        role = (QMessageBox.ButtonRole.RejectRole if index == len(labels) - 1
                else QMessageBox.ButtonRole.AcceptRole)
        buttons.append(box.addButton(label, role))
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else -1


class MessageList(QDialog):
    """A message over a list of lines the officer can read, scroll and copy (an import's
    problems, each with its sheet and cell)."""

    _ICONS = {Icon.Information: QStyle.StandardPixmap.SP_MessageBoxInformation,
              Icon.Critical: QStyle.StandardPixmap.SP_MessageBoxCritical,
              Icon.Warning: QStyle.StandardPixmap.SP_MessageBoxWarning}

    def __init__(self, parent: QWidget | None, title: str, text: str, lines: Sequence[str],
                 icon: Icon = Icon.Warning) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        symbol = QLabel(self)
        symbol.setPixmap(self.style().standardIcon(
            self._ICONS.get(icon, QStyle.StandardPixmap.SP_MessageBoxWarning)).pixmap(32, 32))
        head = QLabel(text, self)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(symbol, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(head, 1)
        # One bullet per line: a long line wraps, and the next one still reads as the next.
        self.list = QPlainTextEdit("\n".join(f"• {line}" for line in lines), self)
        self.list.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(buttons)


def show_list(parent: QWidget | None, title: str, text: str, lines: Sequence[str],
              icon: Icon = Icon.Warning) -> None:
    """Show ``text`` and ``lines`` (as plain text) and wait for 确定."""
    MessageList(parent, title, text, lines, icon).exec()


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally (tooltips guess rich text like message boxes)."""
    if not might_be_html(text):
        return text
    return QtGuiNamespace.convertFromPlainText(text)


FILE_DIALOG_SIZE = (900, 520)  # room for a long file name beside its size, type and date


def fit_file_dialog(dialog: QFileDialog) -> None:
    """Qt's own file dialog sizes its 大小/类型/修改日期 columns for short English texts, so
    "plain text document" or a Chinese date came out cut: those columns follow their texts and
    the name takes what is left, in a dialog wide enough for all four. Once per dialog."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is None or dialog.property("columnsFitted"):
        return  # the system's own dialog, or done
    dialog.setProperty("columnsFitted", True)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    screen = dialog.screen().availableGeometry()
    width = min(max(dialog.width(), FILE_DIALOG_SIZE[0]), screen.width())
    height = min(max(dialog.height(), FILE_DIALOG_SIZE[1]), screen.height())
    if (width, height) != (dialog.width(), dialog.height()):
        dialog.resize(width, height)


def _focus_moved(_old: QWidget | None, new: QWidget | None) -> None:
    window = new.window() if new is not None else None
    if isinstance(window, QFileDialog):
        fit_file_dialog(window)


def fit_file_dialogs(app: QApplication) -> None:
    """Fit every file dialog the app opens (``QFileDialog.getOpenFileName`` and the like make
    their own): a dialog is fitted when the keyboard first reaches it."""
    app.focusChanged.connect(_focus_moved)
