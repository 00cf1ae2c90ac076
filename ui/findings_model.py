"""The 审核 panel's model: the findings of one check run, grouped by place (the department or
the document first, then each project), each group with its counts.

Findings keep their order from run to run and the live checks hand back the same objects for
what did not change, so after an edit each group's rows are compared a slice at a time and only
the changed blocks are removed and inserted: the view keeps the officer's selection and
expanded groups, and a 自评表 of thousands of findings is brought up to date within a frame.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import (QAbstractItemModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, Qt)
from PySide6.QtGui import QBrush, QColor, QFont

from app.checks import Finding, Location, Severity, error_count
from app.templates import Template
from ui.dialogs import plain_tooltip

_PROJECT_PREFIX = re.compile(r"^projects\[\d+\]\.?")
_SEVERITY_COLOURS = {Severity.ERROR: QColor("#c62828"), Severity.WARNING: QColor("#b26a00")}

_ItemIndex = QModelIndex | QPersistentModelIndex
GroupKey = int | None  # the project's index; None for the department or the document


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


def describe_location(location: Location, template: Template, in_group: bool = False) -> str:
    """Section, field (or indicator table) and row of a finding, as the officer reads them;
    ``in_group``: under its project's heading, so without "第 n 个项目"."""
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
    parts = [] if in_group and location.project is not None else [section_title]
    if label and label != section_title:
        parts.append(label)
    if in_group and location.project is not None:
        described = _tr("第 {0} 行").format(location.row + 1) if location.row is not None else ""
    else:
        described = location.describe()
        if described == location.path:  # a bare model path means nothing to the officer
            described = ""
    if described:
        parts.append(described)
    return " · ".join(parts) or section_title


_WINDOW = 400  # how far ahead a finding is looked for before it counts as changed


def _changed_blocks(old: list[Finding], new: list[Finding]
                    ) -> list[tuple[int, int, list[Finding]]]:
    """(first, end, replacement): the blocks of ``old`` to replace to make ``new``, in order.

    A walk skips equal runs a slice at a time (compared in C, by identity first) and, where
    they differ, looks a little ahead in each list for the other's finding: what comes before
    it was inserted (or removed). Not always the fewest rows, but never a wrong list, and no
    hashing of thousands of findings per edit."""
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


@dataclass
class FindingGroup:
    """The findings of one place: shown (all, or the 错误 only) and counted (always all)."""

    key: GroupKey
    every: list[Finding] = field(default_factory=list)  # 错误 first, as run_checks lists them
    shown: list[Finding] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    loaded: bool = False  # its rows are in the tree (it has been opened)


def _partition(findings: list[Finding]) -> dict[GroupKey, list[Finding]]:
    parts: dict[GroupKey, list[Finding]] = {}
    for finding in findings:
        key = finding.location.project
        part = parts.get(key)
        if part is None:
            parts[key] = [finding]
        else:
            part.append(finding)
    return parts


def _order(key: GroupKey) -> int:
    return -1 if key is None else key


_TOP = 0  # a group row's internal id; a finding's is its group's key + 2 (the department's 1)


def _id_of(key: GroupKey) -> int:
    return 1 if key is None else key + 2


def _key_of(internal_id: int) -> GroupKey:
    return None if internal_id == 1 else internal_id - 2


class FindingsModel(QAbstractItemModel):
    """Groups (the department or document, then each project by its name) of findings, one per
    row under their group: 严重程度, 位置, 说明. A group's row spans the columns."""

    SEVERITY, LOCATION, MESSAGE = range(3)
    HEADERS = ("严重程度", "位置", "说明")

    def __init__(self, template: Template, project_name: Callable[[int], str],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.template = template
        self.project_name = project_name
        self.findings: list[Finding] = []  # as run_checks gives them, 错误 first
        self.groups: list[FindingGroup] = []
        self.errors_only = False
        self._rows: dict[GroupKey, int] = {}
        self._described: dict[Location, str] = {}  # the same places come back run after run
        self._has_department = any(spec.path.startswith("department")
                                   for section in template.sections for spec in section.fields)

    # --- bringing the groups up to date ------------------------------------------------------

    def set_findings(self, findings: list[Finding]) -> None:
        if findings == self.findings:  # compared by identity first: nothing changed, mostly
            return
        self.findings = list(findings)
        self._regroup()

    def set_errors_only(self, errors_only: bool) -> None:
        if errors_only != self.errors_only:
            self.errors_only = errors_only
            self._regroup(refilter=True)

    def _regroup(self, refilter: bool = False) -> None:
        parts = _partition(self.findings)
        before = {group.key: group for group in self.groups}
        wanted: list[FindingGroup] = []
        for key in sorted(parts, key=_order):
            part, group = parts[key], before.get(key)
            if group is not None and not refilter and group.every == part:
                wanted.append(group)  # unchanged: nothing to count or compare again
                continue
            errors = error_count(part)
            if self.errors_only and not errors:
                continue
            wanted.append(FindingGroup(key, part, part[:errors] if self.errors_only else list(part),
                                       errors, len(part) - errors))
        wanted_keys = {group.key for group in wanted}
        # Groups that went away, from the last back so the earlier rows still hold.
        for row in reversed(range(len(self.groups))):
            if self.groups[row].key not in wanted_keys:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.groups[row]
                self._reindex()
                self.endRemoveRows()
        row = 0
        while row < len(wanted):
            if row < len(self.groups) and self.groups[row].key == wanted[row].key:
                self._update_group(row, wanted[row])
                row += 1
                continue
            # Groups that were not there come in whole, a run of them at once.
            end = row + 1
            following = self.groups[row].key if row < len(self.groups) else object()
            while end < len(wanted) and wanted[end].key != following:
                end += 1
            self.beginInsertRows(QModelIndex(), row, end - 1)
            self.groups[row:row] = wanted[row:end]
            self._reindex()
            self.endInsertRows()
            row = end

    def _reindex(self) -> None:
        self._rows = {group.key: row for row, group in enumerate(self.groups)}

    def _update_group(self, row: int, new: FindingGroup) -> None:
        group = self.groups[row]
        if group is new:
            return
        group.every = new.every
        if not group.loaded:  # a closed group's rows are not in the tree: nothing to tell it
            group.shown = new.shown
        elif group.shown != new.shown:
            parent = self.index(row, 0)
            for first, end, replacement in reversed(_changed_blocks(group.shown, new.shown)):
                # Rows replaced one for one change in place: a removal makes the tree lay out
                # every open row again, a change repaints the row.
                same = min(end - first, len(replacement))
                if same:
                    group.shown[first:first + same] = replacement[:same]
                    self.dataChanged.emit(self.index(first, 0, parent),
                                          self.index(first + same - 1, len(self.HEADERS) - 1,
                                                     parent))
                first, replacement = first + same, replacement[same:]
                if end > first:
                    self.beginRemoveRows(parent, first, end - 1)
                    del group.shown[first:end]
                    self.endRemoveRows()
                if replacement:
                    self.beginInsertRows(parent, first, first + len(replacement) - 1)
                    group.shown[first:first] = replacement
                    self.endInsertRows()
        if (group.errors, group.warnings) != (new.errors, new.warnings):
            group.errors, group.warnings = new.errors, new.warnings
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    # --- reading -----------------------------------------------------------------------------

    def group_title(self, group: FindingGroup) -> str:
        if group.key is None:
            place = _tr("部门整体") if self._has_department else _tr("本文档")
        else:
            name = self.project_name(group.key).strip() or _tr("（未命名）")
            place = _tr("项目 {0}：{1}").format(group.key + 1, name)
        return _tr("{place}　错误 {errors}，警告 {warnings}").format(
            place=place, errors=group.errors, warnings=group.warnings)

    def canFetchMore(self, parent: _ItemIndex) -> bool:
        return (parent.isValid() and parent.internalId() == _TOP
                and not self.groups[parent.row()].loaded)

    def fetchMore(self, parent: _ItemIndex) -> None:
        """A group's rows come into the tree when it is first opened: until then a change in
        it is no change to the tree, which would lay out every open row again."""
        if not self.canFetchMore(parent):
            return
        group = self.groups[parent.row()]
        if group.shown:
            self.beginInsertRows(self.index(parent.row(), 0), 0, len(group.shown) - 1)
            group.loaded = True
            self.endInsertRows()
        else:
            group.loaded = True

    def unload(self, row: int) -> None:
        """A closed group's rows leave the tree again (see ``fetchMore``)."""
        group = self.groups[row]
        if not group.loaded:
            return
        if group.shown:
            self.beginRemoveRows(self.index(row, 0), 0, len(group.shown) - 1)
            group.loaded = False
            self.endRemoveRows()
        else:
            group.loaded = False

    def hasChildren(self, parent: _ItemIndex = QModelIndex()) -> bool:
        if not parent.isValid():
            return bool(self.groups)
        return parent.internalId() == _TOP and bool(self.groups[parent.row()].shown)

    def group_at(self, index: _ItemIndex) -> FindingGroup | None:
        """The group of a group row (None for a finding's row)."""
        if index.isValid() and index.internalId() == _TOP:
            return self.groups[index.row()]
        return None

    def finding_at(self, index: _ItemIndex) -> Finding | None:
        """The finding of a finding's row (None for a group row)."""
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self.groups[self._rows[_key_of(index.internalId())]].shown[index.row()]

    def finding_index(self, finding: Finding, column: int = 0) -> QModelIndex:
        """Where ``finding`` is shown (invalid when it is not)."""
        row = self._rows.get(finding.location.project)
        if row is None or finding not in self.groups[row].shown:
            return QModelIndex()
        self.fetchMore(self.index(row, 0))
        return self.index(self.groups[row].shown.index(finding), column, self.index(row, 0))

    def _describe(self, location: Location) -> str:
        described = self._described.get(location)
        if described is None:
            described = self._described[location] = describe_location(location, self.template,
                                                                       in_group=True)
        return described

    # --- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int,
              parent: _ItemIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self.groups) \
                else QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        group = self.groups[parent.row()]
        return self.createIndex(row, column, _id_of(group.key)) \
            if group.loaded and row < len(group.shown) else QModelIndex()

    def parent(self, child: _ItemIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(self._rows[_key_of(child.internalId())], 0, _TOP)

    def rowCount(self, parent: _ItemIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            group = self.groups[parent.row()]
            return len(group.shown) if group.loaded else 0
        return 0

    def columnCount(self, parent: _ItemIndex = QModelIndex()) -> int:
        return 3  # len(HEADERS), asked for every row the tree lays out

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(self.HEADERS[section])
        return None

    def data(self, index: _ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._group_data(self.groups[index.row()], index.column(), role)
        finding = self.groups[self._rows[_key_of(index.internalId())]].shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.SEVERITY:
                return finding.severity.value
            if column == self.LOCATION:
                return self._describe(finding.location)
            return self._message_in_group(finding)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{self._describe(finding.location)}\n{finding.message}")
        if role == Qt.ItemDataRole.ForegroundRole and column == self.SEVERITY:
            return QBrush(_SEVERITY_COLOURS[finding.severity])
        return None

    def _message_in_group(self, finding: Finding) -> str:
        """The message without the project's name its heading already gives."""
        project = finding.location.project
        if project is not None:
            named = _tr("项目“{0}”的").format(self.project_name(project))
            if finding.message.startswith(named) and len(finding.message) > len(named):
                return finding.message[len(named):]
        return finding.message

    def _group_data(self, group: FindingGroup, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.group_title(group)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and group.errors:
            return QBrush(_SEVERITY_COLOURS[Severity.ERROR])
        return None
