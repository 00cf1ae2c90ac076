"""The 绩效指标 tab: the department's indicator tables, one titled editor per table.

``IndicatorEditor`` (a table plus its row buttons) is reused by the projects tab for each
project's indicators ("projects[i].indicators").
"""
from __future__ import annotations

import re

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from app.checks import Location
from app.model import ProjectEvaluation
from app.scoring import score_sheet
from app.sheet_result import scored_whole, unscored
from app.templates import IndicatorTableSpec
from ui.indicator_model import IndicatorTableModel
from ui.indicator_view import IndicatorTableView
from ui.session import DocumentSession
from ui.tabs.base import EditorTab

SUMMARY_DELAY_MS = 100
_OWNER = re.compile(r"^(projects\[\d+\]|department)\.")
_TABLE_ROW = re.compile(r"^department\.indicator_tables\[(\d+)\]\.rows\[(\d+)\](?:\.(\w+))?")


class IndicatorEditor(QWidget):
    """One indicator table of ``session`` at ``rows_path``, with 插入行/删除行/上移/下移."""

    def __init__(self, session: DocumentSession, rows_path: str, spec: IndicatorTableSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.rows_path, self.spec = session, rows_path, spec
        self.model = IndicatorTableModel(session, rows_path, spec, self)
        self.view = IndicatorTableView(self.model, self)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, action in (("insert", self.view.insert_action),
                            ("library", self.view.library_action),
                            ("remove", self.view.remove_action),
                            ("up", self.view.move_up_action),
                            ("down", self.view.move_down_action)):
            button = QPushButton(action.text(), self)
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
            self.buttons[key] = button
        self.merged_button = QPushButton(self.tr("合并显示分组"), self)
        self.merged_button.setCheckable(True)
        self.merged_button.setChecked(True)
        self.merged_button.setToolTip(self.tr(
            "合并显示时，修改合并的一级/二级指标会改整组；取消合并可单独修改某一行的分组。"))
        self.merged_button.toggled.connect(self.view.set_merged)
        buttons.addStretch(1)
        buttons.addWidget(self.merged_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        # A self-evaluation form adds its scores up live under the table.
        self.score_summary: QLabel | None = None
        if session.template.scoring is not None:
            self.score_summary = QLabel(self)
            self.score_summary.setWordWrap(True)
            layout.addWidget(self.score_summary)
            # Summed once a burst of edits ends: a sheet of thousands of rows costs milliseconds.
            self._summary_timer = QTimer(self)
            self._summary_timer.setSingleShot(True)
            self._summary_timer.setInterval(SUMMARY_DELAY_MS)
            self._summary_timer.timeout.connect(self.update_score_summary)
            session.changed.connect(self._schedule_summary)
            self.update_score_summary()

    def _schedule_summary(self, _path: str) -> None:
        self._summary_timer.start()

    def _evaluation(self) -> ProjectEvaluation | None:
        """The 预算执行 and stated 总分 beside these rows: the project's or the department's."""
        owner = _OWNER.match(self.rows_path)
        try:
            value = self.session.value(f"{owner.group(1)}.evaluation") if owner else None
        except (AttributeError, IndexError, KeyError, TypeError):
            return None  # the project is gone; this editor is about to be dropped
        return value if isinstance(value, ProjectEvaluation) else None

    def update_score_summary(self) -> None:
        if self.score_summary is None:
            return
        template, evaluation = self.session.template, self._evaluation()
        assert template.scoring is not None  # else there is no score_summary
        sheet = score_sheet(self.model.rows(), self.spec, template.scoring,
                            evaluation.execution if evaluation else (), template.grade_bands)
        text = self.tr("按规则计算：%1").replace("%1", sheet.explanation())
        if not scored_whole(sheet):  # a partial sum earns no grade
            missing = unscored(sheet)
            if missing:
                text += self.tr("；还有 %1 项未计分，全部计分后评定等级").replace("%1", str(missing))
        elif sheet.grade:
            text += self.tr("，等级“%1”").replace("%1", sheet.grade)
        if evaluation is not None and evaluation.score is not None \
                and evaluation.score != sheet.total:
            text += self.tr("；填写的总分为 %1").replace("%1", str(evaluation.score))
        self.score_summary.setText(text)

    def select(self, row: int, column_field: str = "") -> bool:
        """Select and show the cell of ``row`` in the column of ``column_field`` (the first
        column when empty or not shown); False when the row does not exist."""
        if not 0 <= row < self.model.rowCount():
            return False
        column = max(self.model.column_of(column_field), 0) if column_field else 0
        self.view.select_cell(row, column)
        self.view.setFocus()
        return True


class IndicatorsTab(EditorTab):
    """绩效指标: an ``IndicatorEditor`` per indicator table of the template, by table key."""

    title = "绩效指标"

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("绩效指标")
        self.tables = QTabWidget(self)
        self.tables.setDocumentMode(True)
        self.editors: dict[str, IndicatorEditor] = {}
        self._paths: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.tables)
        self._build()

    def _table_paths(self) -> dict[str, str]:
        tables = self.session.document.department.indicator_tables
        return {table.key: f"department.indicator_tables[{i}].rows"
                for i, table in enumerate(tables)}

    def _build(self) -> None:
        self.tables.clear()
        for editor in self.editors.values():
            editor.deleteLater()
        self.editors.clear()
        self._paths = self._table_paths()
        for spec in self.session.template.indicator_tables:
            path = self._paths.get(spec.key)
            if path is None:
                missing = QLabel(self.tr("本文档没有“%1”表。").replace("%1", spec.title), self)
                self.tables.addTab(missing, spec.title)
                continue
            editor = IndicatorEditor(self.session, path, spec, self)
            self.editors[spec.key] = editor
            self.tables.addTab(editor, spec.title)

    def refresh(self, path: str) -> None:
        # Only a new list of tables moves the rows' paths; the models follow everything else.
        if path in ("", "department", "department.indicator_tables") and \
                self._table_paths() != self._paths:
            self._build()

    def focus_location(self, location: Location) -> bool:
        if location.project is not None:
            return False
        key, row, column = location.table, location.row, location.column
        if not key:
            match = _TABLE_ROW.match(location.path)
            if match is None:
                return False
            key = next((k for k, p in self._paths.items()
                        if p == f"department.indicator_tables[{match.group(1)}].rows"), "")
            row, column = int(match.group(2)), match.group(3) or ""
        editor = self.editors.get(key)
        if editor is None:
            return False
        self.tables.setCurrentWidget(editor)
        return editor.select(row if row is not None else 0, column)
