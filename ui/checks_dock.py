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

from app.checks import Finding, Location, Severity, error_count
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


_WINDOW = 400  # how far ahead a finding is looked for before it counts as changed


def _changed_blocks(old: list[Finding], new: list[Finding]
                    ) -> list[tuple[int, int, list[Finding]]]:
    """(first, end, replacement): the blocks of ``old`` to replace to make ``new``, in order.

    Findings keep their order from run to run and the live checks hand back the same objects
    for what did not change, so a walk skips equal runs a slice at a time (compared in C, by
    identity first) and, where they differ, looks a little ahead in each list for the other's
    finding: what comes before it was inserted (or removed). Not always the fewest rows, but
    never a wrong list, and no hashing of thousands of findings per edit."""
    blocks: list[tuple[int, int, list[Finding]]] = []
    i = j = 0
    n, m = len(old), len(new)
    while i < n and j < m:
        step = 64
        while step and i < n and j < m:
            size = min(step, n - i, m - j)
            if old[i:i + size] == new[j:j + size]:
                i, j = i + size, j + size
            else:
                step = size // 2
        if i == n or j == m:
            break
        later_new = _index(new, old[i], j + 1, j + _WINDOW)
        later_old = _index(old, new[j], i + 1, i + _WINDOW)
        if later_new is not None and (later_old is None or later_new - j <= later_old - i):
            _add(blocks, i, i, new[j:later_new])
            j = later_new
        elif later_old is not None:
            _add(blocks, i, later_old, [])
            i = later_old
        else:
            _add(blocks, i, i + 1, [new[j]])
            i, j = i + 1, j + 1
    if i < n or j < m:
        _add(blocks, i, n, new[j:])
    return blocks


def _index(items: list[Finding], item: Finding, start: int, stop: int) -> int | None:
    try:
        return items.index(item, start, stop)
    except ValueError:
        return None


def _add(blocks: list[tuple[int, int, list[Finding]]], first: int, end: int,
         replacement: list[Finding]) -> None:
    if blocks and blocks[-1][1] == first:  # touching the block before: one block
        before = blocks.pop()
        first, replacement = before[0], before[2] + replacement
    blocks.append((first, end, replacement))


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
        the others stay (with the officer's selection, and nothing to repaint). An edit may
        change findings far apart (a project's row findings and its score findings are listed
        rule by rule), so each changed block is replaced on its own."""
        # From the last block back, so the earlier blocks' row numbers still hold.
        for first, end, new in reversed(_changed_blocks(self.findings, findings)):
            self._replace(first, end, new)

    def _replace(self, first: int, end: int, new: list[Finding]) -> None:
        if end > first:
            self.beginRemoveRows(QModelIndex(), first, end - 1)
            del self.findings[first:end]
            del self._locations[first:end]
            self.endRemoveRows()
        if new:
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self.findings[first:first] = new
            self._locations[first:first] = [self._describe(f.location) for f in new]
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
        # Sized once from its header (the values, 错误/警告/提示, are shorter): fitting it to
        # the contents would read a thousand rows' texts after every re-check.
        header.setSectionResizeMode(FindingsModel.SEVERITY, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(FindingsModel.SEVERITY,
                             header.fontMetrics().horizontalAdvance(_tr("严重程度")) + 24)
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
        self.errors = error_count(findings)
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
