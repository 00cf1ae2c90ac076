"""A table model over one list of indicator rows (绩效指标) of a document session.

The list is named by its model path ("department.indicator_tables[0].rows",
"projects[2].indicators"); the columns come from the template's ``IndicatorTableSpec``. Edits
go through the session as undoable commands; the model only listens to ``session.changed``.
Cells the 审核 reports an 错误 on are tinted and carry the message as their tooltip.
"""
from __future__ import annotations

import re
import weakref
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex,
                            Qt, QTimer, Signal)
from PySide6.QtGui import QColor, QFont

from app.checks import Severity
from app.carry import columns_with_prior
from app.export.layout import merged_runs
from app.model import IndicatorRow
from app.scoring import Scored, score_indicator
from app.templates import Column, ColumnKind, IndicatorTableSpec
from ui.dialogs import plain_tooltip
from ui.session import DocumentSession, affects

_Index = QModelIndex | QPersistentModelIndex
_ROW_PART = re.compile(r"^\[(\d+)\](?:\.(\w+))?$")
TALL_GROUP = 6  # rows; a merged group taller than this is labelled at its top
RECHECK_DELAY_MS = 300  # a burst of edits is checked once, after it ends
ERROR_BACKGROUND = QColor("#fde2e1")  # as the 资金 table marks its errors
COMPUTED_FOREGROUND = QColor("#6b6b6b")  # a score the rules computed, not typed
READ_ONLY_BACKGROUND = QColor("#f1f1f1")  # 上年 values: shown, not edited
_SCORE_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole)
_MARK_ROLES = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole]


class IndicatorErrors(QObject):
    """The 审核's 错误 on indicator cells of a session, by model path, re-checked shortly after
    each edit with the same rules as the 审核 panel. One per session, shared by its tables."""

    updated = Signal()

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(session)
        # A child of the session: holding it strongly would make a cycle that the garbage
        # collector tears down in no fixed order while Qt still holds both (a crash).
        self._session_ref = weakref.ref(session)
        self.messages: dict[str, list[str]] = {}
        self._checked = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECHECK_DELAY_MS)
        self._timer.timeout.connect(self.recheck_now)
        session.changed.connect(self._schedule)
        self.recheck_now()

    @property
    def session(self) -> DocumentSession:
        session = self._session_ref()
        if session is None:  # pragma: no cover - a child dies with its session
            raise RuntimeError("session is gone")
        return session

    @classmethod
    def of(cls, session: DocumentSession) -> IndicatorErrors:
        return session.findChild(cls) or cls(session)

    def _schedule(self, _path: str = "") -> None:
        self._timer.start()

    def recheck_now(self) -> None:
        self._timer.stop()
        messages: dict[str, list[str]] = {}
        # The session's live checks re-check only the rows edited since the last time.
        for finding in self.session.checks.indicator_findings():
            if finding.severity is Severity.ERROR:
                messages.setdefault(finding.location.path, []).append(finding.message)
        if messages != self.messages or not self._checked:
            self._checked = True
            self.messages = messages
            self.updated.emit()


class IndicatorTableModel(QAbstractTableModel):
    """Rows of ``rows_path`` × the columns of ``spec``; text shown and stored exactly.

    ``groups_changed`` tells a view to re-apply ``spans()`` (after a reset, or when a cell of
    a merge column changed). With ``merge_groups`` on, editing a merged 一级/二级 cell renames
    the whole group it heads, as one undo step.
    """

    groups_changed = Signal()

    def __init__(self, session: DocumentSession, rows_path: str, spec: IndicatorTableSpec,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.session, self.rows_path, self.spec = session, rows_path, spec
        self.merge_groups = True
        self._rows = self._read_rows()
        # A carried document shows last year's targets beside this year's, read-only.
        self.columns: tuple[Column, ...] = columns_with_prior(spec, self._rows)
        self.scoring = session.template.scoring
        self._score_column = (self.column_of(self.scoring.score)
                              if self.scoring is not None else -1)
        # A painted score cell asks for six roles: each row is scored once per change.
        self._scored: dict[int, Scored] = {}
        self._runs: dict[int, list[int]] | None = None  # group_runs(), until groups change
        self._errors = IndicatorErrors.of(session)
        self._marks: dict[tuple[int, int], str] = {}  # (row, column) → the errors' messages
        session.changed.connect(self._on_session_changed)
        self._errors.updated.connect(self._mark_errors)
        self._mark_errors()

    # -- reading -------------------------------------------------------------------------

    def _read_rows(self) -> list[IndicatorRow]:
        try:
            return self.session.value(self.rows_path)
        except (AttributeError, IndexError, KeyError, TypeError):
            return []  # the owner (a project) is gone; its editor is about to be dropped

    def rows(self) -> list[IndicatorRow]:
        return self._rows

    def field(self, column: int) -> str:
        return self.columns[column].id

    def fields(self) -> list[str]:
        return [c.id for c in self.columns]

    def column_of(self, field: str) -> int:
        """The column showing ``field``, or -1 when this table has no such column."""
        return next((k for k, c in enumerate(self.columns) if c.id == field), -1)

    def merge_fields(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.columns if c.merge)

    def cell_path(self, row: int, column: int) -> str:
        return f"{self.rows_path}[{row}].{self.field(column)}"

    def text(self, row: int, column: int) -> str:
        return self._rows[row].get(self.field(column))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() == self._score_column and role in _SCORE_ROLES:
            return self._score_data(index.row(), role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.BackgroundRole and self.columns[index.column()].read_only:
            return READ_ONLY_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.columns[index.column()].merge:
                # A tall group shows its name at the top, where scrolling reaches it first.
                tall = (self.merge_groups
                        and self.group_runs()[index.column()][index.row()] > TALL_GROUP)
                vertical = Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignVCenter
                return Qt.AlignmentFlag.AlignHCenter | vertical
            if self.columns[index.column()].kind is ColumnKind.NUMBER:  # 权重, 得分
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        mark = self._marks.get((index.row(), index.column()))
        if mark is not None and role == Qt.ItemDataRole.BackgroundRole:
            return ERROR_BACKGROUND
        if mark is not None and role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(mark)
        return None

    def _score_data(self, row: int, role: int) -> Any:
        """得分: the typed score as typed, or the computed one in grey; the tooltip explains."""
        typed = self.text(row, self._score_column)
        if role == Qt.ItemDataRole.EditRole:
            return typed
        mark = self._marks.get((row, self._score_column))
        if role == Qt.ItemDataRole.BackgroundRole:
            return ERROR_BACKGROUND if mark is not None else None
        if not self._rows[row].name.strip():
            return typed if role == Qt.ItemDataRole.DisplayRole else None
        assert self.scoring is not None
        scored = self._scored.get(row)
        if scored is None:
            scored = self._scored[row] = score_indicator(self._rows[row], self.spec, self.scoring)
        if role == Qt.ItemDataRole.DisplayRole:
            return typed or (str(scored.computed) if scored.computed is not None else "")
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if typed else COMPUTED_FOREGROUND
        if role == Qt.ItemDataRole.FontRole:
            if typed and scored.overridden:  # an override stands out
                font = QFont()
                font.setBold(True)
                return font
            return None
        # ToolTipRole
        if typed and scored.computed is not None:
            tip = self.tr("手填得分 %1；按规则计算为 %2：%3").replace("%1", typed).replace(
                "%2", str(scored.computed)).replace("%3", scored.explanation)
        elif typed:
            tip = self.tr("手填得分 %1。%2").replace("%1", typed).replace("%2", scored.explanation)
        else:
            tip = self.tr("自动计算：%1").replace("%1", scored.explanation)
        return plain_tooltip(f"{mark}\n{tip}" if mark else tip)

    def error_at(self, row: int, column: int) -> str:
        """The messages of the 审核's 错误 on the cell ("" when it has none)."""
        return self._marks.get((row, column), "")

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].read_only:
            return flags
        return flags | Qt.ItemFlag.ItemIsEditable

    def editable_fields(self) -> list[str | None]:
        """The fields by column, None for a read-only one (pastes and clears skip it)."""
        return [None if c.read_only else c.id for c in self.columns]

    # -- groups --------------------------------------------------------------------------

    def group_runs(self) -> dict[int, list[int]]:
        """For each merge column, the span each row starts (0 when covered), nested: a 二级
        never spans two 一级 (as app.export.blocks.indicator_rows merges them)."""
        if self._runs is not None:
            return self._runs
        runs: dict[int, list[int]] = {}
        keys: list[tuple[str, ...]] = [() for _ in self._rows]
        for k, column in enumerate(self.columns):
            if column.merge:
                keys = [key + (row.get(column.id),) for key, row in zip(keys, self._rows)]
                runs[k] = merged_runs(keys)
        self._runs = runs
        return runs

    def spans(self) -> list[tuple[int, int, int]]:
        """(row, column, rowspan) of every merged group cell that covers more than one row."""
        return [(row, k, span) for k, starts in self.group_runs().items()
                for row, span in enumerate(starts) if span > 1]

    def group_of(self, row: int, column: int) -> range:
        """The rows merged with ``row`` in a merge column (just ``row`` elsewhere)."""
        if not self.columns[column].merge:
            return range(row, row + 1)
        starts = self.group_runs()[column]
        top = row
        while top > 0 and starts[top] == 0:
            top -= 1
        return range(top, top + max(starts[top], 1))

    # -- editing -------------------------------------------------------------------------

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole \
                or self.columns[index.column()].read_only:
            return False
        row, column = index.row(), index.column()
        # A target's ">=80%" is kept as the form's "≥80%" (the rest as typed).
        text = self.spec.entered(self.field(column), "" if value is None else str(value))
        rows = self.group_of(row, column) if self.merge_groups else range(row, row + 1)
        changing = [r for r in rows if self.text(r, column) != text]
        if not changing:
            return False
        label = self.tr("修改“%1”").replace("%1", self.columns[column].label)
        if len(changing) == 1:
            self.session.set_value(self.cell_path(changing[0], column), text, label)
            return True
        stack = self.session.undo_stack
        stack.beginMacro(label)  # renaming a merged group is one step
        for r in changing:
            self.session.set_value(self.cell_path(r, column), text, label)
        stack.endMacro()
        return True

    # -- following the session -----------------------------------------------------------

    def _mark_errors(self) -> None:
        marks: dict[tuple[int, int], str] = {}
        for path, messages in self._errors.messages.items():
            if not path.startswith(self.rows_path + "["):
                continue
            match = _ROW_PART.match(path[len(self.rows_path):])
            column = self.column_of(match.group(2) or "") if match else -1
            if match and column >= 0:
                marks[int(match.group(1)), column] = "\n".join(messages)
        changed = set(marks.items()) ^ set(self._marks.items())
        self._marks = marks
        for row, column in {cell for cell, _ in changed}:
            if row < len(self._rows):
                index = self.index(row, column)
                self.dataChanged.emit(index, index, _MARK_ROLES)

    def _on_session_changed(self, path: str) -> None:
        self._scored.clear()
        if affects(path, self.rows_path):  # the list itself, or what holds it
            self.beginResetModel()
            self._rows = self._read_rows()
            self._runs = None
            self.endResetModel()
            self.groups_changed.emit()
            self._errors.recheck_now()  # marks follow the rows that moved, without a delay
            return
        if not path.startswith(self.rows_path + "["):
            return
        match = _ROW_PART.match(path[len(self.rows_path):])
        if match is None:
            return
        self._rows = self._read_rows()  # a whole row may have been replaced
        self._runs = None if not match.group(2) else self._runs
        row, field = int(match.group(1)), match.group(2)
        if not 0 <= row < len(self._rows):
            return
        column = self.column_of(field) if field else -1
        if field and column < 0:
            return  # a field this table does not show
        first = self.index(row, 0 if column < 0 else column)
        last = self.index(row, len(self.columns) - 1 if column < 0 else column)
        self.dataChanged.emit(first, last)
        if column >= 0 and self._score_column >= 0 and column != self._score_column:
            # A target, actual or weight changes the row's computed 得分 too (that cell only:
            # the whole row would repaint its merged 一级/二级 cells and refit their rows).
            score = self.index(row, self._score_column)
            self.dataChanged.emit(score, score)
        if column < 0 or self.columns[column].merge:
            self._runs = None
            self.groups_changed.emit()
