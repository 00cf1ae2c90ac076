"""审核 kept up to date edit by edit: ``run_checks``'s findings, re-checking only what changed.

The editor re-checks after every edit; on a 5,000-row indicator table a full run takes many
frames. ``LiveChecks`` keeps, per indicator row, the content it was checked with and the
findings of each of ``ROW_RULES`` (pure functions of the row and its place), and per set of
rows what completeness and duplicates read (counts of 一级/二级, the rows of each duplicate
group), so an edit costs the rows it touches:

- ``changed(path)`` notes an edit at a model path (what ``DocumentSession.changed`` says). A
  cell or row of an indicator table ("projects[2].indicators[7].name") marks that row; any
  other path also re-reads which tables and sets there are, compares the content of every row
  of a list it may have replaced, and runs the document-wide rules (``app.checks.RULES``) again.
  ``changed("")``, or a new ``LiveChecks``, looks at everything.
- ``findings()`` brings the findings up to date and returns exactly what ``run_checks`` would;
  ``indicator_findings()`` what ``check_indicators`` would.

The paths must name every edit (the editor's commands do); a row is re-checked when its content
differs from what it was checked with, so noting too much costs time, never correctness.
"""
from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import Counter
from typing import Iterable

from app.checks import INDICATORS, RULES, errors_first
from app.checks.findings import Finding
from app.checks.indicators import (DUPLICATES, ROW_RULES, IndicatorSet, Levels, RowPlace,
                                   column_rules, completeness, duplicate_finding,
                                   duplicate_key, execution_rate, indicator_sets,
                                   is_placeholder)
from app.model import IndicatorRow, TargetDocument
from app.templates import IndicatorTableSpec, get_template

_ROW_PATH = re.compile(r"^(department\.indicator_tables\[\d+\]\.rows|projects\[\d+\]\.indicators)"
                       r"\[(\d+)\](?:\.(\w+))?$")


class _Table:
    """One table of a set: its rows are read through their owner (an ``IndicatorTable`` or a
    ``Project``), as an edit of one row re-assigns the list."""

    __slots__ = ("key", "spec", "owner", "field", "path", "offset")

    def __init__(self, key: str, spec: IndicatorTableSpec, owner: object, field: str,
                 path: str) -> None:
        self.key, self.spec, self.owner, self.field, self.path = key, spec, owner, field, path
        self.offset = 0

    @property
    def rows(self) -> list[IndicatorRow]:
        return getattr(self.owner, self.field)


class _Set:
    """An indicator set (the department, or a project) and what its rows were checked with."""

    def __init__(self, info: IndicatorSet, tables: list[_Table]) -> None:
        self.info = info  # owner, section, paths: what its findings say (its rows unused)
        self.tables = tables
        self.size = 0
        for table in tables:
            table.offset = self.size
            self.size += len(table.rows)
        self.offsets = [t.offset for t in tables]
        n = self.size
        self.cells: list[dict | None] = [None] * n  # each row's cells when last checked
        self.own: list[tuple[tuple[Finding, ...], ...] | None] = [None] * n
        self.level1: list[str] = [""] * n  # stripped, placeholders too
        self.pairs: list[tuple[str, str] | None] = [None] * n  # (一级, 二级) of filled rows
        self.keys: list[tuple | None] = [None] * n  # duplicate keys
        self.present: Counter = Counter()
        self.filled: Counter = Counter()
        self.filled_pairs: Counter = Counter()
        self.groups: dict[tuple, list[int]] = {}  # duplicate key → positions, in order
        self.duplicates: dict[int, Finding] = {}
        self.with_findings: set[int] = set()
        self.rate_rows: set[int] = set()  # rows named as the 预算执行率
        self.findings: list[Finding] | None = None  # assembled, until a row changes
        # What places its rows (owner and paths, named in findings; tables and lengths), and
        # the objects they are read from, as they were when its rows were checked.
        self.shape = (info.owner, info.section, info.project, info.table_paths,
                      tuple((t.key, t.path, len(t.rows)) for t in tables))
        self.holders = tuple(id(t.owner) for t in tables)

    def place(self, position: int) -> tuple[_Table, int]:
        table = self.tables[bisect_right(self.offsets, position) - 1]
        # Empty tables share an offset with the next: the last with that offset holds it.
        return table, position - table.offset


class LiveChecks:
    def __init__(self, document: TargetDocument) -> None:
        self.document = document
        self._template_id = ""
        self._everything = True
        self._structure: list[str] = []  # paths outside indicator rows noted since last time
        self._rows: set[tuple[str, int]] = set()  # (list path, index) noted since last time
        self._cells: set[str] = set()  # the columns of those edits ("": a whole row)
        self._sets: list[_Set] = []
        self._by_path: dict[str, tuple[_Set, _Table]] = {}
        self._document_findings: dict[str, list[Finding]] = {}
        # A per-sheet rule's findings by sheet (None: the department's; else a project index).
        self._sheet_findings: dict[str, dict[int | None, list[Finding]]] = {}
        self._indicators: list[Finding] | None = None
        self._all: list[Finding] | None = None

    # -- what changed ----------------------------------------------------------------------

    def changed(self, path: str = "") -> None:
        """Note an edit at ``path`` ("" for anything, e.g. the whole document replaced)."""
        match = _ROW_PATH.match(path)
        if match is not None:
            self._rows.add((match.group(1), int(match.group(2))))
            self._cells.add(match.group(3) or "")
        elif path:
            self._structure.append(path)
        else:
            self._everything = True
        self._all = None

    # -- the findings ----------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """Every finding, as ``run_checks(document)`` gives them (错误 first)."""
        if self._all is None or self._pending():
            indicators = self.indicator_findings()
            self._all = errors_first([
                f for rule in RULES
                for f in (indicators if rule.name == INDICATORS
                          else self._document_findings[rule.name])])
        return self._all

    def indicator_findings(self) -> list[Finding]:
        """The indicator tables' findings, as ``check_indicators`` gives them."""
        if self._pending():
            self._refresh()
        if self._indicators is None:
            self._indicators = self._assemble()
        return self._indicators

    def _pending(self) -> bool:
        return self._everything or bool(self._structure) or bool(self._rows)

    def _refresh(self) -> None:
        template = get_template(self.document.template)
        self.template, self.settings = template, template.checks
        if template.id != self._template_id:
            self._template_id, self._everything = template.id, True
            self._sets, self._by_path = [], {}
        self._rules: dict[int, tuple] = {}
        structure, rows, everything = self._structure, self._rows, self._everything
        columns, self._cells = self._cells, set()
        self._structure, self._rows, self._everything = [], set(), False
        changed = everything or bool(structure)
        if any(path not in self._by_path for path, _ in rows):
            structure = [*structure, *{path for path, _ in rows}]  # a list not seen yet
        if everything or structure:
            self._restructure(None if everything else structure)
            sheets = None if everything else _sheets_of([*structure, *(p for p, _ in rows)])
            self._run_document_rules(everything=True, sheets=sheets)
        elif any(rule.reads_rows and rule.name != INDICATORS for rule in RULES):
            sheets = {self._by_path[path][0].info.project for path, _ in rows}
            self._run_document_rules(everything=False, sheets=sheets,
                                     columns=None if "" in columns else columns)
        for list_path, index in rows:
            state, table = self._by_path.get(list_path, (None, None))
            if state is not None and table is not None and index < len(table.rows):
                changed |= self._check(state, table.offset + index)
        if changed:
            self._indicators = None

    def _run_document_rules(self, everything: bool, sheets: set[int | None] | None = None,
                            columns: set[str] | None = None) -> None:
        """The rules of ``RULES`` other than the row rules: all of them (``everything``), or
        those that read rows (of those reading only some columns, when ``columns``, the cells
        edited, has one); a per-sheet rule for only ``sheets`` when given (and for a sheet it
        has not seen), else for every sheet."""
        document, template, settings = self.document, self.template, self.settings
        for rule in RULES:
            if rule.name == INDICATORS or not (everything or rule.reads_rows):
                continue
            if not everything and rule.columns and columns is not None \
                    and not rule.columns & columns:
                continue
            if rule.per_sheet is None:
                self._document_findings[rule.name] = list(rule.check(document, template,
                                                                     settings))
                continue
            known = self._sheet_findings.setdefault(rule.name, {})
            order = [state.info.project for state in self._sets]
            if sheets is None:
                known.clear()
            for sheet in order:
                if sheet not in known or (sheets is not None and sheet in sheets):
                    known[sheet] = list(rule.per_sheet(document, template, sheet))
            self._document_findings[rule.name] = [f for sheet in order for f in known[sheet]]

    # -- sets and tables -------------------------------------------------------------------

    def _current_sets(self) -> list[_Set]:
        """The sets and tables the document has now (no row read yet)."""
        document, template = self.document, self.template
        sets = []
        for info in indicator_sets_without_rows(document, template):
            if info.project is None:
                listed = document.department.indicator_tables
                tables = []
                for spec in template.indicator_tables:
                    table = document.department.table(spec.key)
                    if table is not None:
                        i = next(i for i, t in enumerate(listed) if t is table)
                        tables.append(_Table(spec.key, spec, table, "rows",
                                             f"department.indicator_tables[{i}].rows"))
            else:
                assert template.project_indicators is not None
                spec = template.project_indicators
                tables = [_Table(spec.key, spec, document.projects[info.project], "indicators",
                                 f"projects[{info.project}].indicators")]
            sets.append(_Set(info, tables))
        return sets

    def _restructure(self, paths: list[str] | None) -> None:
        """Take the document's sets as they are now. A set of the same shape (owner, paths,
        table lengths) keeps what it knew; when a noted path may have replaced its rows (or
        everything is looked at), every row is compared with what it was checked with."""
        new_sets = self._current_sets()
        old = self._sets
        for n, state in enumerate(new_sets):
            previous = old[n] if n < len(old) else None
            if previous is None or previous.shape != state.shape:
                for position in range(state.size):  # a new set: every row checked
                    self._check(state, position)
                continue
            # The same rows at the same places keep their findings (which name the places).
            reread = (paths is None or previous.holders != state.holders
                      or any(_affects(p, t.path) for p in paths for t in state.tables))
            previous.tables, previous.offsets = state.tables, state.offsets
            previous.holders = state.holders
            new_sets[n] = previous
            if reread:
                for position in range(previous.size):
                    self._check(previous, position)
        self._sets = new_sets
        self._by_path = {t.path: (s, t) for s in new_sets for t in s.tables}

    # -- one row ---------------------------------------------------------------------------

    def _check(self, state: _Set, position: int) -> bool:
        """Check the row at ``position`` if its content changed; True when it did."""
        table, index = state.place(position)
        row = table.rows[index]
        if state.cells[position] == row.cells:
            return False
        if state.cells[position] is not None:
            self._forget(state, position)
        state.cells[position] = dict(row.cells)
        spec, settings = table.spec, self.settings
        level1 = row.level1.strip()
        state.level1[position] = level1
        state.present[level1] += 1
        if row.name.strip() in settings.execution_rate_names:
            state.rate_rows.add(position)
        if is_placeholder(row, spec):
            state.own[position] = None
        else:
            place = RowPlace(state.info, table.key, index, spec,
                             column_rules(spec, settings, self._rules), self.template, settings)
            own = tuple(() if rule is DUPLICATES else tuple(rule(place, row))
                        for rule in ROW_RULES)
            state.own[position] = own
            if any(own):
                state.with_findings.add(position)
            pair = (level1, row.level2.strip())
            state.pairs[position] = pair
            state.filled[level1] += 1
            state.filled_pairs[pair] += 1
            key = duplicate_key(place, row)
            state.keys[position] = key
            if key is not None:
                insort(state.groups.setdefault(key, []), position)
                self._mark_duplicates(state, key)
        state.findings = None
        return True

    def _forget(self, state: _Set, position: int) -> None:
        """Take back what the row's last check counted."""
        _drop(state.present, state.level1[position])
        pair = state.pairs[position]
        if pair is not None:
            _drop(state.filled, pair[0])
            _drop(state.filled_pairs, pair)
            state.pairs[position] = None
        state.with_findings.discard(position)
        state.rate_rows.discard(position)
        state.own[position] = None
        key = state.keys[position]
        if key is not None:
            state.keys[position] = None
            group = state.groups[key]
            group.remove(position)
            state.duplicates.pop(position, None)
            if group:
                self._mark_duplicates(state, key)
            else:
                del state.groups[key]

    def _mark_duplicates(self, state: _Set, key: tuple) -> None:
        """Each row of a duplicate group but its first repeats the first."""
        group = state.groups[key]
        first_table, first = state.place(group[0])
        state.duplicates.pop(group[0], None)
        for position in group[1:]:
            table, index = state.place(position)
            place = RowPlace(state.info, table.key, index, table.spec, (), self.template,
                             self.settings)
            state.duplicates[position] = duplicate_finding(place, table.rows[index], first)

    # -- assembling ------------------------------------------------------------------------

    def _assemble(self) -> list[Finding]:
        out: list[Finding] = []
        for state in self._sets:
            if state.findings is None:
                state.findings = self._set_findings(state)
            out += state.findings
        funds = self.document.department.funds
        if funds.total and self.template.indicator_tables and self._sets:
            state = self._sets[0]  # the department's
            rows = []
            for position in sorted(state.rate_rows):
                table, index = state.place(position)
                rows.append((table.key, index, table.rows[index], table.spec))
            out += execution_rate(state.info, rows, self.document, self.settings)
        return out

    def _set_findings(self, state: _Set) -> list[Finding]:
        first_table = next((t.key for t in state.tables if t.rows), None)

        def first_with(level1: str) -> tuple[str, int]:
            table, index = state.place(state.level1.index(level1))
            return table.key, index

        levels = Levels(state.present, state.filled,
                        lambda l1, l2: (l1, l2) in state.filled_pairs, first_table, first_with)
        out = list(completeness(state.info, self.settings, levels))
        duplicates = state.duplicates
        for position in sorted(state.with_findings | duplicates.keys()):
            own = state.own[position]
            assert own is not None
            for k, rule in enumerate(ROW_RULES):
                if rule is DUPLICATES:
                    if position in duplicates:
                        out.append(duplicates[position])
                else:
                    out += own[k]
        return out


def _drop(counter: Counter, key: object) -> None:
    counter[key] -= 1
    if counter[key] <= 0:
        del counter[key]


_IN_PROJECT = re.compile(r"^projects\[(\d+)\](?:[.\[]|$)")


def _sheets_of(paths: list[str]) -> set[int | None] | None:
    """The sheets (``None``: the department's; else a project's index) edits at ``paths`` may
    change, or ``None`` for any: an edit inside one project changes that project's sheet, one
    under ``department.`` the department's; anything else (the list of projects, the year)
    may change them all."""
    sheets: set[int | None] = set()
    for path in paths:
        match = _IN_PROJECT.match(path)
        if match is not None:
            sheets.add(int(match.group(1)))
        elif path.startswith("department."):
            sheets.add(None)
        else:
            return None
    return sheets


def _affects(changed: str, path: str) -> bool:
    """Whether a change at ``changed`` may replace what ``path`` holds."""
    return changed == path or path.startswith((changed + ".", changed + "["))


def indicator_sets_without_rows(document: TargetDocument, template) -> Iterable[IndicatorSet]:
    """The document's indicator sets, owners and paths only (listing 5,000 rows is the cost
    this module avoids)."""
    if template.indicator_tables:
        paths = tuple((t.key, f"department.indicator_tables[{i}]")
                      for i, t in enumerate(document.department.indicator_tables))
        yield IndicatorSet("部门整体", [], "indicators", table_paths=paths)
    if template.project_indicators is not None:
        for p, project in enumerate(document.projects):
            yield IndicatorSet(f"项目“{project.name or p + 1}”", [], "projects", p)
