"""审核 panel: the core's findings for the open document, re-checked shortly after each edit.

The rules live in ``app.checks``; this dock only lists what ``run_checks`` reports (错误 first) and
asks the editor to jump to a finding's place when the officer double-clicks it or presses Enter.
"""
from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, Qt, QTimer, Signal)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView, QLabel, QTableView,
                               QVBoxLayout, QWidget)

from app.checks import Finding, Location, Severity
from app.templates import Template
from ui.dialogs import plain_tooltip
from ui.session import DocumentSession

RECHECK_DELAY_MS = 400  # long enough that typing never waits for the checks

_PROJECT_PREFIX = re.compile(r"^projects\[\d+\]\.?")
_SEVERITY_COLOURS = {Severity.ERROR: QColor("#c62828"), Severity.WARNING: QColor("#b26a00")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChecksDock", text)


def _field_label(path: str, sections: tuple) -> str:
    """The label of the template field that holds ``path`` (the longest matching field path)."""
    best, best_length = "", -1
    for section in sections:
        for spec in section.fields:
            prefix = spec.path
            if (path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")) \
                    and len(prefix) > best_length:
                best, best_length = spec.label, len(prefix)
    return best


def describe_location(location: Location, template: Template) -> str:
    """Section, field (or indicator table) and row of a finding, as the officer reads them."""
    if location.project is not None or location.section == "projects":
        section_title = _tr("项目")
        label = _field_label(_PROJECT_PREFIX.sub("", location.path), template.project_sections)
    else:
        section = next((s for s in template.sections if s.key == location.section), None)
        section_title = section.title if section else location.section
        label = _field_label(location.path, template.sections)
    table = template.indicator_table(location.table) if location.table else None
    if table is not None:
        label = table.title
    parts = [section_title]
    if label and label != section_title:
        parts.append(label)
    described = location.describe()
    if described != location.path:  # a bare model path means nothing to the officer
        parts.append(described)
    return " · ".join(parts)


class FindingsModel(QAbstractTableModel):
    """The findings of one check run, one per row: 严重程度, 位置, 说明."""

    SEVERITY, LOCATION, MESSAGE = range(3)
    HEADERS = ("严重程度", "位置", "说明")

    def __init__(self, template: Template, parent: Any = None) -> None:
        super().__init__(parent)
        self.template = template
        self.findings: list[Finding] = []
        self._locations: list[str] = []
        self._described: dict[Location, str] = {}  # the same places come back run after run

    def set_findings(self, findings: list[Finding]) -> None:
        """Show ``findings``: the rows that differ from those shown are removed and inserted,
        the others stay (with the officer's selection, and nothing to repaint)."""
        old = self.findings
        start, end_old, end_new = 0, len(old), len(findings)
        while start < min(end_old, end_new) and old[start] == findings[start]:
            start += 1
        while end_old > start and end_new > start and old[end_old - 1] == findings[end_new - 1]:
            end_old, end_new = end_old - 1, end_new - 1
        if end_old > start:
            self.beginRemoveRows(QModelIndex(), start, end_old - 1)
            del self.findings[start:end_old]
            del self._locations[start:end_old]
            self.endRemoveRows()
        if end_new > start:
            self.beginInsertRows(QModelIndex(), start, end_new - 1)
            self.findings[start:start] = findings[start:end_new]
            self._locations[start:start] = [self._describe(f.location)
                                            for f in findings[start:end_new]]
            self.endInsertRows()

    def _describe(self, location: Location) -> str:
        described = self._described.get(location)
        if described is None:
            described = self._described[location] = describe_location(location, self.template)
        return described

    def finding(self, row: int) -> Finding:
        return self.findings[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding = self.findings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.SEVERITY:
                return finding.severity.value
            if column == self.LOCATION:
                return self._locations[index.row()]
            return finding.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{self._locations[index.row()]}\n{finding.message}")
        if role == Qt.ItemDataRole.ForegroundRole and column == self.SEVERITY:
            return QBrush(_SEVERITY_COLOURS[finding.severity])
        return None


class ChecksDock(QDockWidget):
    """The 审核 panel of one session."""

    counts_changed = Signal(int, int)  # errors, warnings: for the status bar
    jump_requested = Signal(Location)  # the officer wants to see where a finding points

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("checksDock")
        self.setWindowTitle(self.tr("审核"))
        self.errors = self.warnings = 0

        self.model = FindingsModel(session.template, self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(FindingsModel.SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FindingsModel.LOCATION, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(FindingsModel.LOCATION, 260)
        # activated covers double-click and Enter (and single click where the style says so).
        self.view.activated.connect(self._on_activated)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECHECK_DELAY_MS)
        self._timer.timeout.connect(self.recheck_now)
        session.changed.connect(self._schedule_recheck)
        self.recheck_now()

    def _schedule_recheck(self, _path: str = "") -> None:
        self._timer.start()  # restarting: a burst of edits is checked once, after it ends

    def recheck_pending(self) -> bool:
        return self._timer.isActive()

    def recheck_now(self) -> None:
        self._timer.stop()
        findings = self.session.checks.findings()  # re-checks only what changed
        self.model.set_findings(findings)
        self.errors = sum(f.severity is Severity.ERROR for f in findings)
        self.warnings = len(findings) - self.errors
        self._show_counts()
        self.counts_changed.emit(self.errors, self.warnings)

    def _show_counts(self) -> None:
        if not self.errors and not self.warnings:
            self.summary.setText(self.tr("审核通过：没有发现问题。"))
            self.setWindowTitle(self.tr("审核"))
            return
        self.summary.setText(
            self.tr("错误 {errors} 条，警告 {warnings} 条。双击一条可跳到对应位置。")
            .format(errors=self.errors, warnings=self.warnings))
        self.setWindowTitle(self.tr("审核（错误 {errors}，警告 {warnings}）")
                            .format(errors=self.errors, warnings=self.warnings))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.jump_requested.emit(self.model.finding(index.row()).location)
