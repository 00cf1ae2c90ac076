"""资金: the income and expenditure tables, the stated totals and the core's computed totals."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QFrame, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea,
                               QTableView, QVBoxLayout, QWidget)

from app.checks import Location
from app.checks.findings import Finding
from app.money import total
from ui import dialogs
from ui.edit_menu import ROW_OPS, EditOp
from ui.funds_model import (EXPENSE, FULL_YEAR, FUNDS, HALF_YEAR, INCOME, NAME,
                            AddExpenseItemCommand, FundsTableModel, MoveExpenseItemCommand,
                            PasteError, RemoveExpenseItemsCommand, funds_findings)
from ui.money import MoneyDelegate, MoneyEdit, format_money
from ui.record_list import TableView
from ui.session import DocumentSession
from ui.tabs.base import EditorTab

_OK_STYLE, _MISMATCH_STYLE = "color: #2e7d32;", "color: #b00020; font-weight: bold;"
_PENDING_STYLE = "color: #666;"

# Up to this many lines a table shows them all and the tab scrolls (苏州 has 33 expense lines);
# beyond, the table scrolls inside too, so hundreds of items leave the totals within reach.
MAX_SHOWN_ROWS = 50


def _table(model: FundsTableModel, parent: QWidget) -> TableView:
    view = TableView(parent)
    view.setModel(model)
    delegate = MoneyDelegate(view)
    for column in (HALF_YEAR, FULL_YEAR):
        view.setItemDelegateForColumn(column, delegate)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                         | QAbstractItemView.EditTrigger.EditKeyPressed
                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
    header = view.horizontalHeader()
    header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
    for column in (HALF_YEAR, FULL_YEAR):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        view.setColumnWidth(column, 150)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    fit = lambda *_: fit_to_rows(view)  # noqa: E731 - one slot for every change of the lines
    for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged,
                   view.verticalHeader().sectionResized):
        signal.connect(fit)
    fit_to_rows(view)
    return view


def fit_to_rows(view: QTableView, max_rows: int = MAX_SHOWN_ROWS) -> None:
    """As tall as its lines (up to ``max_rows``): a table squeezed by its tab showed three."""
    rows = [r for r in range(view.model().rowCount()) if not view.isRowHidden(r)]
    header = view.horizontalHeader()
    height = 2 * view.frameWidth() + sum(view.rowHeight(r) for r in rows[:max_rows])
    height += header.sizeHint().height() if not header.isHidden() else 0
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                                    if len(rows) <= max_rows
                                    else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    view.setFixedHeight(height)


class _Tie(QLabel):
    """One computed total beside a stated one: "收入合计 21,274.97 ＝", "… ≠" in red, or, when
    a side is still blank, no mark at all (a green ＝ would say that nothing equals nothing)."""

    def show_tie(self, what: str, amounts: list[Decimal | None], stated: Decimal | None,
                 stated_label: str, findings: list[Finding]) -> None:
        filled = any(amount is not None for amount in amounts)
        amount = format_money(total(amounts)) if filled else self.tr("未填写")
        if findings:
            self.setText(f"{what} {amount}  ≠")
            self.setStyleSheet(_MISMATCH_STYLE)
            self.setToolTip(dialogs.plain_tooltip("\n".join(f.message for f in findings)))
        elif not filled or stated is None:
            self.setText(f"{what} {amount}")
            self.setStyleSheet(_PENDING_STYLE)
            missing = what if not filled else stated_label
            self.setToolTip(self.tr("“%1”尚未填写，还不能核对。").replace("%1", missing))
        else:
            self.setText(f"{what} {amount}  ＝")
            self.setStyleSheet(_OK_STYLE)
            self.setToolTip("")


class FundsTab(EditorTab):
    """部门整体资金: typed lines and stated totals; the totals beside them are the core's."""

    title = "资金"

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.income_model = FundsTableModel(session, INCOME)
        self.expense_model = FundsTableModel(session, EXPENSE)
        for model in (self.income_model, self.expense_model):
            model.setParent(self)  # the tab's, not the session's: a closed tab takes them along

        self.unit_label = QLabel(self)
        hint = QLabel(self.tr("灰色行由各行自动计算，不能直接修改；与填报数不一致时标“≠”并显示为红色。"),
                          self)
        hint.setWordWrap(True)

        self.income_group = QGroupBox(self.tr("收入"), self)
        self.income_view = _table(self.income_model, self.income_group)
        self.income_view.verticalHeader().hide()
        QVBoxLayout(self.income_group).addWidget(self.income_view)

        self.totals_group = QGroupBox(self.tr("资金总额"), self)
        self.total_edit, self.appropriation_edit = MoneyEdit(self), MoneyEdit(self)
        self.total_edit.setObjectName("total")
        self.appropriation_edit.setObjectName("appropriation")
        self.income_tie, self.expense_tie, self.appropriation_tie = _Tie(self), _Tie(self), _Tie(self)
        self.appropriation_label = QLabel(self.tr("财政拨款小计"), self)
        grid = QGridLayout(self.totals_group)
        grid.addWidget(QLabel(self.tr("资金总额"), self), 0, 0)
        grid.addWidget(self.total_edit, 0, 1)
        grid.addWidget(self.income_tie, 1, 1, 1, 2)
        grid.addWidget(self.expense_tie, 2, 1, 1, 2)
        grid.addWidget(self.appropriation_label, 3, 0)
        grid.addWidget(self.appropriation_edit, 3, 1)
        grid.addWidget(self.appropriation_tie, 4, 1, 1, 2)
        grid.setRowStretch(5, 1)
        grid.setColumnStretch(2, 1)
        for edit in (self.total_edit, self.appropriation_edit):
            edit.setMinimumWidth(160)
        self.total_edit.valueEdited.connect(
            lambda value: session.set_value(f"{FUNDS}.total", value, self.tr("修改资金总额")))
        self.appropriation_edit.valueEdited.connect(
            lambda value: session.set_value(f"{FUNDS}.appropriation", value,
                                            self.tr("修改财政拨款小计")))

        self.expense_group = QGroupBox(self.tr("支出"), self)
        self.expense_view = _table(self.expense_model, self.expense_group)
        self.add_button = QPushButton(self.tr("添加支出明细"), self)
        self.remove_button = QPushButton(self.tr("删除"), self)
        self.up_button = QPushButton(self.tr("上移"), self)
        self.down_button = QPushButton(self.tr("下移"), self)
        self.add_button.clicked.connect(self.add_expense_item)
        self.remove_button.clicked.connect(self.remove_expense_items)
        self.up_button.clicked.connect(lambda: self.move_expense_item(-1))
        self.down_button.clicked.connect(lambda: self.move_expense_item(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.paste_hint = QLabel(self)
        self.paste_hint.setWordWrap(True)
        expense_layout = QVBoxLayout(self.expense_group)
        expense_layout.addWidget(self.expense_view)
        expense_layout.addLayout(buttons)
        expense_layout.addWidget(self.paste_hint)

        top = QHBoxLayout()
        top.addWidget(self.income_group, 3)
        top.addWidget(self.totals_group, 2)
        # The tab scrolls as a whole: the tables keep the height of their lines.
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(self.scroll_area)
        layout = QVBoxLayout(page)
        layout.addWidget(self.unit_label)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.expense_group)
        layout.addStretch(1)
        self.scroll_area.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        for view in (self.income_view, self.expense_view):
            view.selectionModel().currentChanged.connect(
                lambda current, _, v=view: self._show_cell(v, current))

        self.expense_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.expense_view.selectionModel().currentChanged.connect(self._update_buttons)
        self.expense_model.modelReset.connect(self._update_buttons)
        self.refresh("")

    # --- what the document holds decides what shows ----------------------------------------

    @property
    def expense_only(self) -> bool:
        """A form whose money table is expenditure only (贵州): while the document has no income
        lines and no half-year figures, neither is shown."""
        funds = self.session.document.department.funds
        half_years = [funds.basic_expense.half_year, funds.project_expense.half_year,
                      *(item.half_year for item in funds.expense_items)]
        return (self.session.template.funds_expense_only and not funds.income
                and all(value is None for value in half_years))

    def refresh(self, path: str) -> None:
        if path and not (path.startswith(FUNDS) or FUNDS.startswith(path + ".")):
            return
        funds = self.session.document.department.funds
        expense_only = self.expense_only
        self.unit_label.setText(self.tr("金额单位：{0}").format(funds.unit.value))
        self.income_group.setVisible(bool(funds.income))
        self.expense_view.setColumnHidden(HALF_YEAR, expense_only)
        columns = self.tr("“名称、全年预算数”两列") if expense_only else \
            self.tr("“名称、半年计划执行数、全年预算数”三列")
        self.paste_hint.setText(self.tr(
            "可从 Excel 复制{0}，选中一行支出明细后按 Ctrl+V，从该行起依次覆盖；"
            "选中“支出明细合计”行则添加到末尾。").format(columns))
        self.income_view.setColumnHidden(HALF_YEAR, not any(line.appropriation
                                                            for line in funds.income))
        with_appropriation = funds.appropriation is not None or any(
            line.appropriation for line in funds.income)
        for widget in (self.appropriation_label, self.appropriation_edit, self.appropriation_tie):
            widget.setVisible(with_appropriation)
        for edit, value in ((self.total_edit, funds.total),
                            (self.appropriation_edit, funds.appropriation)):
            if not edit.hasFocus():
                edit.setValue(value)
        self._show_ties()
        self._update_buttons()

    def _show_ties(self) -> None:
        funds = self.session.document.department.funds
        findings = funds_findings(self.session)

        def of(code: str) -> list[Finding]:
            return [f for f in findings if f.code == code]

        total_label, appropriation_label = self.tr("资金总额"), self.tr("财政拨款小计")
        self.income_tie.setVisible(bool(funds.income))
        self.income_tie.show_tie(self.tr("收入合计"), [line.amount for line in funds.income],
                                 funds.total, total_label, of("INCOME_TOTAL_MISMATCH"))
        self.expense_tie.show_tie(self.tr("基本支出＋项目支出"),
                                  [funds.basic_expense.full_year, funds.project_expense.full_year],
                                  funds.total, total_label, of("BUDGET_TOTAL_MISMATCH"))
        self.appropriation_tie.show_tie(
            self.tr("各财政拨款来源合计"),
            [line.amount for line in funds.income if line.appropriation], funds.appropriation,
            appropriation_label, of("APPROPRIATION_MISMATCH"))

    # --- expense items ---------------------------------------------------------------------

    def _current_item(self) -> int | None:
        return self.expense_model.item_at(self.expense_view.currentIndex().row())

    def _selected_items(self) -> list[int]:
        rows = {index.row() for index in self.expense_view.selectionModel().selectedIndexes()}
        current = self.expense_view.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        items = (self.expense_model.item_at(row) for row in rows)
        return sorted(item for item in items if item is not None)

    def _update_buttons(self) -> None:
        item = self._current_item()
        count = len(self.session.document.department.funds.expense_items)
        self.remove_button.setEnabled(bool(self._selected_items()))
        self.up_button.setEnabled(item is not None and item > 0)
        self.down_button.setEnabled(item is not None and item < count - 1)

    def _select_item(self, item: int, column: int = NAME) -> None:
        index = self.expense_model.index(self.expense_model.item_row(item), column)
        self.expense_view.setCurrentIndex(index)
        self._show_cell(self.expense_view, index)

    def _show_cell(self, view: QTableView, index: QModelIndex) -> None:
        """Scroll the table (when it scrolls) and then the tab to the cell."""
        if not index.isValid():
            return
        view.scrollTo(index)
        rect = view.visualRect(index)
        page = self.scroll_area.widget()
        assert page is not None  # set in __init__
        centre = view.viewport().mapTo(page, rect.center())
        self.scroll_area.ensureVisible(centre.x(), centre.y(), rect.width() // 2, rect.height())

    def add_expense_item(self) -> None:
        current = self._current_item()
        count = len(self.session.document.department.funds.expense_items)
        command = AddExpenseItemCommand(self.session, count if current is None else current + 1)
        self.session.undo_stack.push(command)
        self._select_item(command.index)
        self.expense_view.start_editing(self.expense_view.currentIndex())

    def remove_expense_items(self) -> None:
        items = self._selected_items()
        if items:
            self.session.undo_stack.push(RemoveExpenseItemsCommand(self.session, items))

    def move_expense_item(self, offset: int) -> None:
        item, column = self._current_item(), self.expense_view.currentIndex().column()
        count = len(self.session.document.department.funds.expense_items)
        if item is None or not 0 <= item + offset < count:
            return
        command = MoveExpenseItemCommand(self.session, item, offset)
        self.session.undo_stack.push(command)
        self._select_item(command.target, column)

    # -- the 编辑 menus of the expense table (ui/edit_menu.py) ---------------------------

    def handles_edit(self, view: QTableView, op: EditOp) -> bool:
        return view is self.expense_view and (op is EditOp.PASTE or op in ROW_OPS)

    def can_edit_in(self, view: QTableView, op: EditOp) -> bool:
        item = self._current_item()
        count = len(self.session.document.department.funds.expense_items)
        return {EditOp.PASTE: bool(QApplication.clipboard().text()), EditOp.INSERT: True,
                EditOp.REMOVE: bool(self._selected_items()),
                EditOp.UP: item is not None and item > 0,
                EditOp.DOWN: item is not None and item < count - 1}.get(op, False)

    def do_edit_in(self, view: QTableView, op: EditOp) -> object:
        if op is EditOp.PASTE:
            self.paste_expense_items()
        elif op is EditOp.INSERT:
            self.add_expense_item()
        elif op is EditOp.REMOVE:
            self.remove_expense_items()
        elif op in (EditOp.UP, EditOp.DOWN):
            self.move_expense_item(-1 if op is EditOp.UP else 1)
        return None

    def _paste_start(self) -> int | None:
        """The item a paste starts at: that of the first selected line (the cursor's when none
        is selected); after the last item for the 支出明细合计 line or an empty table; None on
        a line that holds no item (基本支出, 项目支出 and their sum)."""
        selected = self.expense_view.selectionModel().selectedIndexes()
        rows = sorted({index.row() for index in selected})
        current = self.expense_view.currentIndex()
        if not rows and current.isValid():
            rows = [current.row()]
        count = len(self.session.document.department.funds.expense_items)
        if not rows:
            return count
        item = self.expense_model.item_at(rows[0])
        if item is not None:
            return item
        return count if self.expense_model.row(rows[0]).kind == "items_sum" else None

    def paste_expense_items(self) -> None:
        """Clipboard rows from Excel over the items from the first selected line on."""
        start = self._paste_start()
        if start is None:
            dialogs.warning(self, self.tr("无法粘贴"), self.tr(
                "请先选中要从哪一行支出明细开始粘贴；选中“支出明细合计”行则添加到末尾。"))
            return
        try:
            pasted = self.expense_model.paste_items(QApplication.clipboard().text(), start)
        except PasteError as error:
            dialogs.warning(self, self.tr("无法粘贴"), str(error))
            return
        if pasted:
            self._select_items(start, start + pasted - 1)

    def _select_items(self, first: int, last: int) -> None:
        """Select the lines of items ``first``..``last`` (what was pasted) and show them."""
        model = self.expense_model
        top = model.index(model.item_row(first), NAME)
        bottom = model.index(model.item_row(last), model.columnCount() - 1)
        self.expense_view.setCurrentIndex(top)
        self.expense_view.selectionModel().select(
            QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_cell(self.expense_view, bottom)
        self._show_cell(self.expense_view, top)

    # --- findings --------------------------------------------------------------------------

    def focus_location(self, location: Location) -> bool:
        path = location.path
        if not (path == FUNDS or path.startswith(FUNDS + ".")):
            return False
        edits = {f"{FUNDS}.total": self.total_edit, f"{FUNDS}.appropriation": self.appropriation_edit}
        if path in edits:
            edits[path].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        for view, model in ((self.income_view, self.income_model),
                            (self.expense_view, self.expense_model)):
            index = model.index_for_path(path)
            if index.isValid():
                view.setCurrentIndex(index)
                self._show_cell(view, index)
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        self.expense_view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
