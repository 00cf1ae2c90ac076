"""审核 panel: the core's findings for the open document, re-checked shortly after each edit.

The rules live in ``app.checks``; this dock lists what ``run_checks`` reports, grouped by place
(ui/findings_model.py) with each group's counts, can show the 错误 alone, and asks the editor to
jump to a finding's place when the officer double-clicks it or presses Enter.
"""
from __future__ import annotations

import re
from typing import Iterable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDockWidget, QHBoxLayout,
                               QHeaderView, QLabel, QStyle, QTreeView, QVBoxLayout, QWidget)

from app.checks import Location, error_count
from ui.findings_model import FindingsModel, _tr
from ui.session import DocumentSession

RECHECK_DELAY_MS = 400  # long enough that typing never waits for the checks
VISIBLE_ROWS = 8  # at its first height the panel shows at least this many rows
EXPAND_ALL_UP_TO = 40  # findings: a short list opens whole; a long one opens its 错误 groups
# Rows the panel opens by itself: a tree re-lays out every open row after each change, so a
# 自评表 of thousands of 错误 opens its first groups only (the headings give the counts).
OPEN_ROWS_BUDGET = 120

_PROJECT_NAME = re.compile(r"^projects\[\d+\]\.name$")


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
        self._titles_stale = False

        self.model = FindingsModel(session.template, self._project_name, self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.errors_only = QCheckBox(self.tr("只看错误"), self)
        self.errors_only.toggled.connect(self._filter)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)  # thousands of rows: no row is measured
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setIndentation(14)
        header = self.view.header()
        # Sized once from its header (the values, 错误/警告, are shorter): fitting it to the
        # contents would read a thousand rows' texts after every re-check.
        header.setSectionResizeMode(FindingsModel.SEVERITY, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(FindingsModel.SEVERITY,
                             header.fontMetrics().horizontalAdvance(_tr("严重程度")) + 40)
        header.setSectionResizeMode(FindingsModel.LOCATION, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(FindingsModel.LOCATION, 240)
        # activated covers double-click and Enter (and single click where the style says so).
        self.view.activated.connect(self._on_activated)
        self.model.rowsInserted.connect(self._groups_inserted)
        self.view.collapsed.connect(lambda index: self.model.unload(index.row())
                                    if not index.parent().isValid() else None)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary, 1)
        top.addWidget(self.errors_only)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.setWidget(body)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECHECK_DELAY_MS)
        self._timer.timeout.connect(self.recheck_now)
        session.changed.connect(self._schedule_recheck)
        self.recheck_now()

    def _project_name(self, project: int) -> str:
        projects = self.session.document.projects
        return projects[project].name if project < len(projects) else ""

    def _schedule_recheck(self, path: str = "") -> None:
        if path == "" or _PROJECT_NAME.match(path):
            self._titles_stale = True
        self._timer.start()  # restarting: a burst of edits is checked once, after it ends

    def recheck_pending(self) -> bool:
        return self._timer.isActive()

    def recheck_now(self) -> None:
        self._timer.stop()
        findings = self.session.checks.findings()  # re-checks only what changed
        self.model.set_findings(findings)
        if self._titles_stale and self.model.groups:
            self._titles_stale = False
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.groups) - 1, 0))
        self.errors = error_count(findings)
        self.warnings = len(findings) - self.errors
        self._show_counts()
        self.counts_changed.emit(self.errors, self.warnings)

    def _groups_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """New groups' rows span the columns; a group opens when the list is short, or when it
        holds an 错误 (a long list of 警告 reads as its groups' counts first), while the rows
        the panel has opened stay within ``OPEN_ROWS_BUDGET``."""
        if parent.isValid():
            return
        groups, view = self.model.groups, self.view
        for row in range(first, last + 1):
            view.setFirstColumnSpanned(row, QModelIndex(), True)
        short = len(self.model.findings) <= EXPAND_ALL_UP_TO
        self._open(row for row in range(first, last + 1)
                   if short or groups[row].errors or self.errors_only.isChecked())

    def _open(self, rows: Iterable[int]) -> None:
        groups, view, model = self.model.groups, self.view, self.model
        opened = sum(len(g.shown) for row, g in enumerate(groups)
                     if view.isExpanded(model.index(row, 0)))
        for row in rows:
            if opened + len(groups[row].shown) > OPEN_ROWS_BUDGET:
                return
            opened += len(groups[row].shown)
            view.expand(model.index(row, 0))

    def _filter(self, errors_only: bool) -> None:
        self.model.set_errors_only(errors_only)
        if errors_only:  # the 错误 alone are fewer: open their groups
            self._open(range(len(self.model.groups)))

    def default_height(self, window_height: int) -> int:
        """The panel's first height: a third of the window, and at least room for
        ``VISIBLE_ROWS`` rows, yet never more than half the window."""
        row = max(self.view.sizeHintForRow(0) if self.model.groups else 0,
                  self.view.fontMetrics().height() + 6)
        layout = self.widget().layout()
        margins = layout.contentsMargins() if layout is not None else None
        chrome = (self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
                  + self.errors_only.sizeHint().height() + self.view.header().sizeHint().height()
                  + 2 * self.view.frameWidth() + 4
                  + (margins.top() + margins.bottom() if margins is not None else 0))
        wanted = max(window_height // 3, chrome + VISIBLE_ROWS * row)
        return min(wanted, window_height // 2)

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
        finding = self.model.finding_at(index)
        if finding is not None:
            self.jump_requested.emit(finding.location)
