"""The self-evaluation's own tables (as in 河北's 自评报告): 收支预决算 by stage and 评价工作组,
both lists of the document edited with ui/record_list.py."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QPlainTextEdit, QStyledItemDelegate, QStyleOptionViewItem,
                               QTabWidget, QVBoxLayout, QWidget)

from app.model import FundLine, TeamMember
from ui.money import MoneyDelegate
from ui.record_list import ListEditor, ListTableModel
from ui.session import DocumentSession, affects

STAGES = "self_evaluation.budget_stages"
TEAM = "self_evaluation.team"
TEAM_ROLES = ("组长", "副组长", "组成员")

_ItemIndex = QModelIndex | QPersistentModelIndex


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
            editor = ListEditor(model, FundLine, False, self.tr("添加一行"), self,
                                available=lambda: session.document.self_evaluation is not None)
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
        assert isinstance(editor, QComboBox)  # made by createEditor
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: ANN001 - Qt types
        assert isinstance(editor, QComboBox)  # made by createEditor
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class TeamEditor(ListEditor):
    """评价工作组人员名单: role, name and 职务 per member; add, remove and reorder."""

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        tr = partial(QCoreApplication.translate, "TeamEditor")
        model = ListTableModel(session, TEAM, ("role", "name", "title"),
                               (tr("角色"), tr("姓名"), tr("职务")))
        super().__init__(model, lambda: TeamMember(role="组成员"), True, tr("添加成员"), parent,
                         available=lambda: session.document.self_evaluation is not None)
        self.view.setItemDelegateForColumn(0, _RoleDelegate(self.view))
        self.view.setColumnWidth(0, 100)
        self.view.setColumnWidth(1, 120)
