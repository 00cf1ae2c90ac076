"""Money input: a line edit and a table delegate that keep amounts as Decimal, never float.

Typed text is parsed to ``Decimal`` (digits, at most two decimals, no sign); thousands
separators are accepted when pasted from Excel and shown when the field is not being edited.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QStatusTipEvent, QValidator
from PySide6.QtWidgets import (QApplication, QLineEdit, QStyledItemDelegate,
                               QStyleOptionViewItem, QWidget)

from app.money import CENT

# Fourteen integer digits, as the model allows; the sign is never typed (amounts are ≥ 0).
_AMOUNT = re.compile(r"\d{0,14}(\.\d{0,2})?")
_SEPARATORS = str.maketrans("", "", ", \u00a0\t")

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class InvalidAmount(ValueError):
    """Text that is not an amount; ``str()`` is the Chinese message for the officer."""


def _clean(text: str) -> str:
    return text.strip().translate(_SEPARATORS)


def parse_amount(text: str) -> Decimal | None:
    """"1,234.5" → Decimal("1234.50"); "" → None; anything else raises InvalidAmount."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    if not _AMOUNT.fullmatch(cleaned) or cleaned == ".":
        raise InvalidAmount(f"“{text}”不是有效金额：请填写不小于 0 的数字，最多两位小数")
    try:
        return Decimal(cleaned).quantize(CENT)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise InvalidAmount(f"“{text}”不是有效金额") from error


def format_money(value: Decimal | None) -> str:
    """Two decimals with thousands separators, as shown when not editing: 21,274.97."""
    return "" if value is None else f"{value.quantize(CENT):,.2f}"


def format_plain(value: Decimal | None) -> str:
    """Two decimals without separators, as shown while editing: 21274.97."""
    return "" if value is None else f"{value.quantize(CENT):.2f}"


def as_amount(value: object) -> Decimal | None:
    """A cell's edit value (Decimal, text or nothing) as an amount; text is parsed strictly."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return parse_amount(str(value))
    raise InvalidAmount(f"“{value}”不是有效金额")  # a float would already have lost the cents


class MoneyValidator(QValidator):
    """Accepts what ``parse_amount`` accepts; a lone "." is a start, not yet an amount."""

    def validate(self, text: str, pos: int) -> QValidator.State:
        cleaned = _clean(text)
        if cleaned == ".":
            return QValidator.State.Intermediate
        if _AMOUNT.fullmatch(cleaned):
            return QValidator.State.Acceptable
        return QValidator.State.Invalid


class MoneyEdit(QLineEdit):
    """A right-aligned amount field: "21,274.97" at rest, "21274.97" while editing.

    ``valueEdited(object)`` carries the new ``Decimal | None`` when the officer finishes an edit
    (Enter or leaving the field) and the amount changed; ``setValue`` never emits it.
    """

    valueEdited = Signal(object)
    inputRefused = Signal(str)  # the Chinese reason a keystroke or paste was refused

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: Decimal | None = None
        self.setValidator(MoneyValidator(self))
        self.setAlignment(RIGHT)
        self.setToolTip(self.tr("金额：不小于 0 的数字，最多两位小数"))
        self.inputRejected.connect(self._explain_rejection)
        self.editingFinished.connect(self._commit)

    def value(self) -> Decimal | None:
        try:
            return parse_amount(self.text())
        except InvalidAmount:
            return self._value  # a half-typed "." keeps the last amount

    def setValue(self, value: Decimal | None) -> None:
        if value is not None and not isinstance(value, Decimal):
            raise TypeError("MoneyEdit takes Decimal or None")
        self._value = None if value is None else value.quantize(CENT)
        self.setText(format_plain(self._value) if self.hasFocus() else format_money(self._value))

    def rejection_message(self) -> str:
        return self.tr("金额只能填写不小于 0 的数字，最多两位小数")

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setText(format_plain(self.value()))
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.hasAcceptableInput():
            self._commit()
        self.setText(format_money(self._value))

    def _commit(self) -> None:
        value = self.value()
        if value != self._value:
            self._value = value
            self.valueEdited.emit(value)

    def _explain_rejection(self) -> None:
        # A status tip reaches the main window's status bar; a popup would steal the typing.
        message = self.rejection_message()
        QApplication.sendEvent(self, QStatusTipEvent(message))
        self.inputRefused.emit(message)


class MoneyDelegate(QStyledItemDelegate):
    """Edits a table's money cells with a MoneyEdit; the model receives a Decimal or None."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = MoneyEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        try:
            amount = as_amount(index.data(Qt.ItemDataRole.EditRole))
        except InvalidAmount:
            amount = None
        assert isinstance(editor, MoneyEdit)  # made by createEditor
        editor.setValue(amount)
        if editor.hasFocus():
            editor.selectAll()

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: ANN001 - Qt types
        assert isinstance(editor, MoneyEdit)  # made by createEditor
        if editor.hasAcceptableInput():
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)

    def displayText(self, value: object, locale) -> str:  # noqa: ANN001 - QLocale
        if isinstance(value, Decimal):
            return format_money(value)
        return super().displayText(value, locale)
