"""Table models over 部门整体资金 (DepartmentFunds) and the undoable edits of its expense items.

One ``FundsTableModel`` shows either the income lines (``INCOME``) or the expenditure lines
(``EXPENSE``: 基本支出, 项目支出 and the 支出明细). Totals are the core's (``income_sum`` …) and
shown read-only; whether a stated figure disagrees with them is what ``check_money`` reports,
so the table's marks and the 审核 panel never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, Qt)
from PySide6.QtGui import QColor

from app import tsv
from app.checks.findings import Finding, Severity
from app.checks.money import check_money
from app.model import BudgetLine, DepartmentFunds
from app.paths import set_path
from ui.dialogs import plain_tooltip
from ui.money import RIGHT, InvalidAmount, as_amount, format_money, parse_amount
from ui.session import DocumentSession, SessionCommand

FUNDS = "department.funds"
ITEMS = f"{FUNDS}.expense_items"
INCOME, EXPENSE = "income", "expense"

# Columns: the middle one is 半年计划执行数 for expenditure, the line's 类别 for income.
NAME, HALF_YEAR, FULL_YEAR = 0, 1, 2
KIND = HALF_YEAR
MONEY_COLUMNS = {HALF_YEAR: "half_year", FULL_YEAR: "full_year"}

MISMATCH_ROLE = Qt.ItemDataRole.UserRole + 1  # True when the checks report an error on the cell
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # the cell's model path ("" for computed cells)

# Which computed row answers which tie of the checks (app/checks/money.py).
_SUMMARY_OF_CODE = {"INCOME_TOTAL_MISMATCH": "income_sum",
                    "APPROPRIATION_MISMATCH": "appropriation_sum",
                    "BUDGET_TOTAL_MISMATCH": "expense_sum",
                    "PROJECT_EXPENSE_MISMATCH": "items_sum"}
_ERROR_BACKGROUND, _WARNING_BACKGROUND = QColor("#fde2e1"), QColor("#fff4ce")
_COMPUTED_BACKGROUND, _COMPUTED_TEXT, _ERROR_TEXT = (QColor("#f0f0f0"), QColor("#606060"),
                                                     QColor("#b00020"))
MISMATCH_MARK = "≠ "

_ItemIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("FundsTableModel", text)


def funds_findings(session: DocumentSession) -> list[Finding]:
    """The money checks on the session's document, as the 审核 panel runs them."""
    return list(check_money(session.document, session.template.checks))


@dataclass(frozen=True)
class FundsRow:
    """A row of the table: an income line, 基本/项目支出, an expense item or a computed total."""

    kind: str  # income | basic | project | item | income_sum | appropriation_sum | expense_sum | items_sum
    index: int = -1  # the income line's or expense item's position

    @property
    def computed(self) -> bool:
        return self.kind.endswith("_sum")


class FundsTableModel(QAbstractTableModel):
    """Rows of DepartmentFunds; money cells take ``Decimal | None``, names take text."""

    def __init__(self, session: DocumentSession, part: str = EXPENSE) -> None:
        super().__init__(session)
        if part not in (INCOME, EXPENSE):
            raise ValueError(f"unknown part {part!r}")
        self.session, self.part = session, part
        self.last_error = ""  # the Chinese message of the last refused edit
        self._rows: list[FundsRow] = []
        self._marks: dict[tuple[int, int], list[Finding]] = {}
        self._build()
        session.changed.connect(self._on_changed)

    @property
    def funds(self) -> DepartmentFunds:
        return self.session.document.department.funds

    # --- structure -------------------------------------------------------------------------

    def _build(self) -> None:
        funds = self.funds
        if self.part == INCOME:
            rows = [FundsRow("income", i) for i in range(len(funds.income))]
            rows.append(FundsRow("income_sum"))
            if any(line.appropriation for line in funds.income):
                rows.append(FundsRow("appropriation_sum"))
        else:
            rows = [FundsRow("basic"), FundsRow("project"), FundsRow("expense_sum")]
            rows += [FundsRow("item", i) for i in range(len(funds.expense_items))]
            if funds.expense_items:
                rows.append(FundsRow("items_sum"))
        self._rows = rows
        self._mark(funds_findings(self.session))

    def _mark(self, findings: list[Finding]) -> None:
        marks: dict[tuple[int, int], list[Finding]] = {}
        for finding in findings:
            path = finding.location.path
            column = HALF_YEAR if path.endswith("half_year") else FULL_YEAR
            places = []
            summary = _SUMMARY_OF_CODE.get(finding.code)
            places += [(r, column) for r, row in enumerate(self._rows) if row.kind == summary]
            cell = self._find(path)
            if cell is not None:
                places.append(cell)
            for place in places:
                marks.setdefault(place, []).append(finding)
        self._marks = marks

    def reset(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _on_changed(self, path: str) -> None:
        if path == "" or path in (ITEMS, f"{FUNDS}.income") or FUNDS.startswith(path + ".") \
                or path == FUNDS:
            self.reset()
        elif path.startswith(FUNDS + "."):
            self._mark(funds_findings(self.session))
            # Every computed total may have moved: repaint the whole (small) table.
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def row(self, row: int) -> FundsRow:
        return self._rows[row]

    def item_row(self, item: int) -> int:
        """The table row of expense item ``item`` (EXPENSE part)."""
        return next(r for r, row in enumerate(self._rows) if row.kind == "item" and row.index == item)

    def item_at(self, row: int) -> int | None:
        """The expense item shown in ``row``, or None for the other rows."""
        if 0 <= row < len(self._rows) and self._rows[row].kind == "item":
            return self._rows[row].index
        return None

    def cell_path(self, row: int, column: int) -> str:
        """The model path the cell edits; "" for computed cells and labels."""
        line = self._rows[row]
        field = MONEY_COLUMNS.get(column, "name")
        if line.kind == "income":
            return {NAME: f"{FUNDS}.income[{line.index}].name",
                    FULL_YEAR: f"{FUNDS}.income[{line.index}].amount"}.get(column, "")
        if line.kind in ("basic", "project"):
            return f"{FUNDS}.{line.kind}_expense.{field}" if column != NAME else ""
        if line.kind == "item":
            return f"{ITEMS}[{line.index}].{field}"
        return ""

    def index_for_path(self, path: str) -> QModelIndex:
        """The cell showing ``path``; an item's own path ("…expense_items[3]") gives its name."""
        cell = self._find(path)
        return self.index(*cell) if cell is not None else QModelIndex()

    def _find(self, path: str) -> tuple[int, int] | None:
        for r in range(len(self._rows)):
            for c in range(3):
                cell = self.cell_path(r, c)
                if cell and (cell == path or (c == NAME and cell == path + ".name")):
                    return r, c
        return None

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: _ItemIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ItemIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            item = self.item_at(section)
            if role == Qt.ItemDataRole.DisplayRole:
                return str(item + 1) if item is not None else ""
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if self.part == INCOME:
                return (_tr("资金来源"), _tr("类别"), _tr("全年预算数"))[section]
            return (_tr("支出项目"), _tr("半年计划执行数"), _tr("全年预算数"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and (section == FULL_YEAR or (
                section == HALF_YEAR and self.part == EXPENSE)):
            return RIGHT
        return None

    def _label(self, line: FundsRow) -> str:
        funds = self.funds
        if line.kind == "income":
            return funds.income[line.index].name
        if line.kind == "item":
            return funds.expense_items[line.index].name
        return {"basic": _tr("基本支出"), "project": _tr("项目支出"),
                "income_sum": _tr("收入合计（自动计算）"),
                "appropriation_sum": _tr("财政拨款小计（自动计算）"),
                "expense_sum": _tr("基本支出＋项目支出（自动计算）"),
                "items_sum": _tr("支出明细合计（自动计算，应等于项目支出）")}[line.kind]

    def amount(self, row: int, column: int) -> Decimal | None:
        """The amount a money cell shows: stated for lines, the core's sum for totals."""
        line, funds = self._rows[row], self.funds
        field = MONEY_COLUMNS.get(column)
        if field is None or (self.part == INCOME and column == HALF_YEAR):
            return None
        if line.kind == "income":
            return funds.income[line.index].amount
        if line.kind in ("basic", "project"):
            return getattr(getattr(funds, f"{line.kind}_expense"), field)
        if line.kind == "item":
            return getattr(funds.expense_items[line.index], field)
        if line.kind == "income_sum":
            return funds.income_sum()
        if line.kind == "appropriation_sum":
            return funds.appropriation_sum()
        if line.kind == "expense_sum":
            return funds.expense_sum(field)
        return funds.items_sum(field)

    def data(self, index: _ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        line = self._rows[row]
        marks = self._marks.get((row, column), [])
        error = any(f.severity is Severity.ERROR for f in marks)
        is_money = column in MONEY_COLUMNS and not (self.part == INCOME and column == KIND)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return self._label(line)
            if not is_money:
                appropriated = self.funds.income[line.index].appropriation \
                    if line.kind == "income" else False
                return _tr("财政拨款") if appropriated else ""
            text = format_money(self.amount(row, column))
            return MISMATCH_MARK + text if error and text else text
        if role == Qt.ItemDataRole.EditRole:
            return self._label(line) if column == NAME else self.amount(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and is_money:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if marks:
                return _ERROR_BACKGROUND if error else _WARNING_BACKGROUND
            return _COMPUTED_BACKGROUND if line.computed else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _ERROR_TEXT if error else (_COMPUTED_TEXT if line.computed else None)
        if role == Qt.ItemDataRole.ToolTipRole:
            if marks:
                return plain_tooltip("\n".join(f.message for f in marks))
            return _tr("由各行自动计算，不能直接修改") if line.computed else None
        if role == MISMATCH_ROLE:
            return error
        if role == PATH_ROLE:
            return self.cell_path(row, column)
        return None

    def flags(self, index: _ItemIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        path = self.cell_path(index.row(), index.column())
        # Income sources are the form's fixed lines: only their amounts are typed.
        fixed_name = self._rows[index.row()].kind == "income" and index.column() == NAME
        if path and not fixed_name:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _ItemIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() \
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        path = self.cell_path(index.row(), index.column())
        if index.column() == NAME:
            self.session.set_value(path, "" if value is None else str(value), _tr("修改名称"))
            return True
        try:
            amount = as_amount(value)
        except InvalidAmount as error:
            self.last_error = str(error)
            return False
        self.session.set_value(path, amount, _tr("修改金额"))
        return True

    # --- expense items ---------------------------------------------------------------------

    def paste_items(self, text: str, start: int) -> int:
        """Paste TSV rows (name, 半年, 全年) over the items from ``start`` on, adding rows as
        needed, as one undo step; returns how many rows were pasted. Raises PasteError."""
        lines = parse_pasted_items(text)
        if lines:
            self.session.undo_stack.push(PasteExpenseItemsCommand(self.session, start, lines))
        return len(lines)


class PasteError(ValueError):
    """Pasted text that cannot become expense items; ``str()`` is the Chinese message."""


def parse_pasted_items(text: str) -> list[BudgetLine]:
    """Rows copied from Excel: name, 半年计划执行数, 全年预算数 (two columns: name, 全年预算数),
    read as every table of the editor reads the clipboard (app.tsv); blank rows are skipped."""
    lines = []
    for number, fields in enumerate(tsv.parse(text), start=1):
        if not any(field.strip() for field in fields):
            continue
        if len(fields) > 3:
            raise PasteError(_tr("第 {0} 行有 {1} 列：请只复制“名称、半年计划执行数、全年预算数”"
                                 "三列。未做任何修改。").format(number, len(fields)))
        name, *amounts = fields
        if len(amounts) == 1:
            amounts = ["", amounts[0]]
        amounts += [""] * (2 - len(amounts))
        parsed = []
        for amount in amounts:
            try:
                parsed.append(parse_amount(amount))
            except InvalidAmount:
                raise PasteError(_tr("第 {0} 行的金额“{1}”无效：请填写不小于 0 的数字，最多两位"
                                     "小数。未做任何修改。").format(number, amount)) from None
        lines.append(BudgetLine(name=name, half_year=parsed[0], full_year=parsed[1]))
    return lines


class ExpenseItemsCommand(SessionCommand):
    """Replace the list of 支出明细 by a new one; undo puts the old list (same objects) back."""

    def __init__(self, session: DocumentSession, new_items: list[BudgetLine], label: str) -> None:
        super().__init__(label)
        self.session = session
        self.old = list(session.document.department.funds.expense_items)
        self.new = list(new_items)

    def _apply(self, items: list[BudgetLine]) -> None:
        set_path(self.session.document, ITEMS, list(items))
        self.session.changed.emit(ITEMS)

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class AddExpenseItemCommand(ExpenseItemsCommand):
    def __init__(self, session: DocumentSession, index: int, item: BudgetLine | None = None) -> None:
        items = list(session.document.department.funds.expense_items)
        self.index = max(0, min(index, len(items)))
        items.insert(self.index, item if item is not None else BudgetLine())
        super().__init__(session, items, _tr("添加支出明细"))


class RemoveExpenseItemsCommand(ExpenseItemsCommand):
    def __init__(self, session: DocumentSession, indexes: list[int]) -> None:
        drop = set(indexes)
        items = [item for i, item in enumerate(session.document.department.funds.expense_items)
                 if i not in drop]
        super().__init__(session, items, _tr("删除支出明细"))


class MoveExpenseItemCommand(ExpenseItemsCommand):
    """Swap item ``index`` with its neighbour ``offset`` away; ``target`` is where it lands."""

    def __init__(self, session: DocumentSession, index: int, offset: int) -> None:
        items = list(session.document.department.funds.expense_items)
        target = index + offset
        if not (0 <= index < len(items) and 0 <= target < len(items)):
            raise IndexError(f"cannot move item {index} by {offset}")
        items[index], items[target] = items[target], items[index]
        self.target = target
        super().__init__(session, items, _tr("移动支出明细"))


class PasteExpenseItemsCommand(ExpenseItemsCommand):
    """Pasted rows replace the items from ``start`` on (new objects: undo restores the old)."""

    def __init__(self, session: DocumentSession, start: int, lines: list[BudgetLine]) -> None:
        items = list(session.document.department.funds.expense_items)
        start = max(0, min(start, len(items)))
        items[start:start + len(lines)] = lines
        self.start, self.count = start, len(lines)
        super().__init__(session, items, _tr("粘贴支出明细"))
