"""The self-evaluation's own tables (hebei-self-eval): 收支预决算 by stage and 评价工作组.

Both edit lists of the document through the session: a cell edit is a SetValueCommand, adding,
removing and moving rows are list commands (ui/list_commands.py), each one undo step.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QPlainTextEdit, QPushButton, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QTabWidget, QVBoxLayout, QWidget)

from app.model import FundLine, TeamMember
from ui.list_commands import insert_item, move_item, remove_items
from ui.money import RIGHT, InvalidAmount, MoneyDelegate, as_amount, format_money
from ui.session import DocumentSession, affects

STAGES = "self_evaluation.budget_stages"
TEAM = "self_evaluation.team"
TEAM_ROLES = ("组长", "副组长", "组成员")

_ItemIndex = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """Rows of the list at ``path``, one column per field; ``money`` fields hold Decimal."""

    def __init__(self, session: DocumentSession, path: str, fields: tuple[str, ...],
                 headers: tuple[str, ...], money: frozenset[str] = frozenset()) -> None:
        super().__init__(session)
        self.session, self.path = session, path
        self.fields, self.headers, self.money = fields, headers, money
        self.last_error = ""
        session.changed.connect(self._on_changed)

    def items(self) -> list[Any]:
        try:
            return list(self.session.value(self.path))
        except (AttributeError, IndexError, TypeError):
            return []  # no self-evaluation, or the stage is gone

    def cell_path(self, row: int, column: int) -> str:
        return f"{self.path}[{row}].{self.fields[column]}"

    def _on_changed(self, changed: str) -> None:
        if affects(changed, self.path):
            self.beginResetModel()
            self.endResetModel()
        elif changed.startswith(self.path + "[") and self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: _ItemIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: _ItemIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index: _ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = self.fields[index.column()]
        value = getattr(self.items()[index.row()], field)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_money(value) if field in self.money else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and field in self.money:
            return RIGHT
        return None

    def flags(self, index: _ItemIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _ItemIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.fields[index.column()]
        if field in self.money:
            try:
                value = as_amount(value)
            except InvalidAmount as error:
                self.last_error = str(error)
                return False
        else:
            value = "" if value is None else str(value)
        self.session.set_value(self.cell_path(index.row(), index.column()), value,
                               self.tr("修改"))
        return True


class ListEditor(QWidget):
    """A table over a ListTableModel with 添加/删除 (and 上移/下移 when ``movable``) buttons."""

    def __init__(self, model: ListTableModel, factory: Callable[[], Any], movable: bool,
                 add_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.factory = model, factory
        self.view = QTableView(self)
        self.view.setModel(model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(add_label, self)
        self.remove_button = QPushButton(self.tr("删除"), self)
        self.up_button = QPushButton(self.tr("上移"), self)
        self.down_button = QPushButton(self.tr("下移"), self)
        self.up_button.setVisible(movable)
        self.down_button.setVisible(movable)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_rows)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    @property
    def session(self) -> DocumentSession:
        return self.model.session

    def _available(self) -> bool:
        return self.session.document.self_evaluation is not None

    def _update_buttons(self) -> None:
        row, count = self.view.currentIndex().row(), self.model.rowCount()
        self.add_button.setEnabled(self._available())
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)

    def select_row(self, row: int, column: int = 0) -> None:
        self.view.setCurrentIndex(self.model.index(row, max(column, 0)))

    def add_row(self) -> None:
        if not self._available():
            return
        current = self.view.currentIndex()
        row = current.row() + 1 if current.isValid() else self.model.rowCount()
        insert_item(self.session, self.model.path, row, self.factory)
        self.select_row(row)

    def remove_rows(self) -> None:
        rows = {index.row() for index in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        if rows:
            remove_items(self.session, self.model.path, sorted(rows))

    def move_row(self, offset: int) -> None:
        current = self.view.currentIndex()
        if current.isValid():
            self.select_row(move_item(self.session, self.model.path, current.row(), offset),
                            current.column())


class _StagePage(QWidget):
    """One stage: its income and expense lines side by side, its narrative below."""

    def __init__(self, session: DocumentSession, stage: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.stage = session, stage
        self.text_path = f"{STAGES}[{stage}].text"
        money = MoneyDelegate(self)
        tables = QHBoxLayout()
        self.lines: dict[str, ListEditor] = {}
        for side, title in (("income", self.tr("收入")), ("expense", self.tr("支出"))):
            model = ListTableModel(session, f"{STAGES}[{stage}].{side}", ("name", "amount"),
                                   (self.tr("项目"), self.tr("金额（万元）")), frozenset({"amount"}))
            editor = ListEditor(model, FundLine, False, self.tr("添加一行"), self)
            editor.view.setItemDelegateForColumn(1, money)
            header = editor.view.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            editor.view.setColumnWidth(1, 140)
            group = QGroupBox(title, self)
            QVBoxLayout(group).addWidget(editor)
            tables.addWidget(group)
            self.lines[side] = editor
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText(self.tr("本阶段收支情况的文字说明"))
        self.text_edit.textChanged.connect(self._text_edited)
        layout = QVBoxLayout(self)
        layout.addLayout(tables, 3)
        layout.addWidget(QLabel(self.tr("文字说明"), self))
        layout.addWidget(self.text_edit, 2)
        self.refresh_text()

    def _text_edited(self) -> None:
        self.session.set_value(self.text_path, self.text_edit.toPlainText(), self.tr("修改文字说明"))

    def refresh_text(self) -> None:
        text = self.session.value(self.text_path)
        if text != self.text_edit.toPlainText():
            position = self.text_edit.textCursor().position()
            self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(text)
            self.text_edit.blockSignals(False)
            cursor = self.text_edit.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.text_edit.setTextCursor(cursor)


class BudgetStagesEditor(QWidget):
    """部门收支预决算情况: one page per stage (年初预算, 预算调整, 决算)."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tabs = QTabWidget(self)
        self.empty_label = QLabel(self.tr("本文档没有收支预决算阶段。"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tabs)
        self.pages: list[_StagePage] = []
        session.changed.connect(self.refresh)
        self._rebuild()

    def _stages(self) -> list:
        evaluation = self.session.document.self_evaluation
        return list(evaluation.budget_stages) if evaluation is not None else []

    def _rebuild(self) -> None:
        current = self.tabs.currentIndex()
        self.tabs.clear()
        for page in self.pages:
            page.deleteLater()
        self.pages = [_StagePage(self.session, i, self.tabs) for i in range(len(self._stages()))]
        for page, stage in zip(self.pages, self._stages()):
            self.tabs.addTab(page, stage.label or self.tr("第 {0} 阶段").format(page.stage + 1))
        self.tabs.setCurrentIndex(max(0, min(current, len(self.pages) - 1)))
        self.empty_label.setVisible(not self.pages)
        self.tabs.setVisible(bool(self.pages))

    def refresh(self, path: str) -> None:
        if affects(path, STAGES) and len(self._stages()) != len(self.pages):
            self._rebuild()
            return
        for page, stage in zip(self.pages, self._stages()):
            self.tabs.setTabText(page.stage, stage.label)
            if path == "" or path == page.text_path or affects(path, page.text_path):
                page.refresh_text()

    def page(self, stage: int) -> _StagePage:
        return self.pages[stage]


class _RoleDelegate(QStyledItemDelegate):
    """角色: an editable list of the usual roles; any other text is kept as typed."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _ItemIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(TEAM_ROLES)
        return combo

    def setEditorData(self, editor: QWidget, index: _ItemIndex) -> None:
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or "")  # type: ignore

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: ANN001 - Qt types
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)  # type: ignore


class TeamEditor(ListEditor):
    """评价工作组人员名单: role, name and 职务 per member; add, remove and reorder."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        tr = partial(QCoreApplication.translate, "TeamEditor")
        model = ListTableModel(session, TEAM, ("role", "name", "title"),
                               (tr("角色"), tr("姓名"), tr("职务")))
        super().__init__(model, lambda: TeamMember(role="组成员"), True, tr("添加成员"), parent)
        self.view.setItemDelegateForColumn(0, _RoleDelegate(self.view))
        self.view.setColumnWidth(0, 100)
        self.view.setColumnWidth(1, 120)
