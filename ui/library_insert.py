"""从指标库插入, the inserting: each chosen row into its own 一级/二级 group of the table.

The library's category names are mapped onto the table's (app.indicator_groups): 满意度指标 /
服务对象满意度指标 lands in 江苏's 满意度指标 / 服务对象满意度, in its empty category row. A row
whose 一级 neither the table nor its template knows (财预〔2013〕53号's 投入 in a 产出/效益/满意度
table) joins the current row's group; with no current row the officer chooses the group. One
undo step for the whole insertion, and the inserted rows are selected.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout,
                               QWidget)

from app.indicator_groups import (LEVEL2, Group, declared_groups, group_for, respelled,
                                  table_groups)
from app.model import IndicatorRow
from ui.indicator_model import IndicatorTableModel
from ui.row_commands import PlaceRowsCommand


class RowsView(Protocol):
    """What the insertion asks of the indicator table's view."""

    def indicator_model(self) -> IndicatorTableModel: ...

    def selected_rows(self) -> list[int]: ...

    def select_rows(self, rows: list[int], column: int = -1) -> None: ...


class GroupChoiceDialog(QDialog):
    """Which group of the table rows of an unknown category go to."""

    def __init__(self, level1: str, level2: str, names: Sequence[str], groups: Sequence[Group],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups = list(groups)
        self.setWindowTitle(self.tr("选择分组"))
        category = " / ".join(part for part in (level1, level2) if part) or self.tr("（无）")
        shown = "、".join(f"“{name}”" for name in names[:3]) + (
            self.tr(" 等 %1 个指标").replace("%1", str(len(names))) if len(names) > 3 else "")
        label = QLabel(self.tr("%1在指标库中属于“%2”，本表没有这个分组。请选择放入本表的哪个分组：")
                       .replace("%1", shown).replace("%2", category), self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # names are the library's text
        self.list = QListWidget(self)
        self.list.addItems([" / ".join(part for part in group if part) or self.tr("（无分组）")
                            for group in self.groups])
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("放入此分组"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消插入"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 30)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> Group | None:
        row = self.list.currentRow()
        return self.groups[row] if 0 <= row < len(self.groups) else None


def ask_group(parent: QWidget | None, level1: str, level2: str, names: Sequence[str],
              groups: Sequence[Group]) -> Group | None:
    dialog = GroupChoiceDialog(level1, level2, names, groups, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
    finally:
        dialog.deleteLater()


def insert_into_groups(view: RowsView, chosen: Sequence[IndicatorRow]) -> bool:
    """Insert rows made from library entries, each into its group (see the module), as one
    undo step, and select them. False when nothing was inserted (none chosen, or the officer
    cancelled the choice of a group)."""
    if not chosen:
        return False
    model = view.indicator_model()
    fields = model.merge_fields()
    has_level2 = LEVEL2 in fields
    table = model.rows()
    existing = table_groups(table)
    declared = declared_groups(model.session.template, model.spec)
    current = view.selected_rows()
    here = {f: table[current[-1]].get(f) for f in fields} if current else None
    placed: list[IndicatorRow | None] = []
    unknown: dict[Group, list[int]] = {}
    for index, row in enumerate(chosen):
        group = group_for(row.level1, row.level2, existing, declared, has_level2)
        if group is not None:
            placed.append(respelled(row, group, has_level2))
        elif here is not None:
            joined = row.model_copy(deep=True)
            for field, text in here.items():
                joined.set(field, text)
            placed.append(joined)
        elif not existing:
            placed.append(row)  # an empty table: the row starts its own group
        else:
            placed.append(None)
            unknown.setdefault((row.level1, row.level2), []).append(index)
    parent = view if isinstance(view, QWidget) else None
    for (level1, level2), indexes in unknown.items():
        group = ask_group(parent, level1, level2, [chosen[i].name for i in indexes], existing)
        if group is None:
            return False
        for i in indexes:
            placed[i] = respelled(chosen[i], group, has_level2)
    order = list(dict.fromkeys(level1 for level1, _ in declared))
    command = PlaceRowsCommand(model.session, model.rows_path,
                               [row for row in placed if row is not None], fields,
                               QCoreApplication.translate("LibraryInsert", "从指标库插入"),
                               order)
    model.session.undo_stack.push(command)
    first_value = next((k for k, c in enumerate(model.columns) if not c.merge), 0)
    view.select_rows(command.placed, first_value)
    return True
