"""Where rows inserted from the library go in a table: into the table's own 一级/二级 group.

The library keeps each entry's categories as its source spelled them (the 2020 framework's
满意度指标 / 服务对象满意度指标, a framework's 产出 / 产出数量); a table spells them as its template
does (江苏: 满意度指标 / 服务对象满意度). ``group_for`` maps an entry's categories onto the
table's: the groups the table already has first, then those its template declares for a new
table, by a key that ignores the usual differences (a trailing 指标, a score in brackets, the
一级's word repeated in the 二级, 生态/环境效益, and a 二级 one name holds inside the other).
``place_rows`` then puts each row in its group: into the group's empty category row (a row with
only 一级/二级 filled) first, else after the group's last row, so a group is never split.
``split_groups`` finds a group that is (the 审核's INDICATOR_GROUP_SPLIT): every export merges
equal neighbours only, so a split group is printed twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from typing import Hashable, Iterable, Sequence

from app.model import IndicatorRow
from app.templates import IndicatorTableSpec, Template

LEVEL1, LEVEL2 = "level1", "level2"
Group = tuple[str, str]  # (一级, 二级) as a table spells them
_SCORE = re.compile(r"[（(][^）)]*[）)]")  # "产出指标（50分）"
_SPACE = re.compile(r"\s+")
# Names of one category that share no words (贵州's project table says 环境效益).
_SYNONYMS = {"环境效益": "生态效益"}


def category_key(name: str, level1: str = "") -> str:
    """What two spellings of one category share: "服务对象满意度指标" and "服务对象满意度" give
    "服务对象满意度"; a 二级 repeating its 一级's word ("产出数量" under 产出) gives "数量"."""
    text = _SPACE.sub("", _SCORE.sub("", name))
    if text.endswith("指标") and len(text) > 2:
        text = text[:-2]
    stem = category_key(level1) if level1 else ""
    if stem and text.startswith(stem) and len(text) > len(stem):
        text = text[len(stem):]
    return _SYNONYMS.get(text, text)


def table_groups(rows: Iterable[IndicatorRow]) -> list[Group]:
    """The table's (一级, 二级) groups in the order they first appear."""
    return list(dict.fromkeys((row.level1, row.level2) for row in rows))


def declared_groups(template: Template, spec: IndicatorTableSpec) -> list[Group]:
    """The groups the template starts a new table of ``spec`` with (its printed categories),
    then each 一级 the table accepts."""
    rows: list[IndicatorRow] = []
    year = template.default_year()
    if spec is template.project_indicators and template.new_project is not None:
        rows = template.new_project("", year).indicators
    else:
        table = template.new_document("", year).department.table(spec.key)
        rows = table.rows if table is not None else []
    groups = table_groups(rows)
    known = {level1 for level1, _ in groups}
    return groups + [(level1, "") for level1 in spec.level1_choices if level1 not in known]


def _same_level2(name: str, level1: str, candidates: Sequence[str]) -> str | None:
    """The candidate spelling the 二级 ``name`` (under ``level1``): by key, else the one
    candidate whose key holds the other ("服务对象满意度" in "社会公众或服务对象满意度")."""
    key = category_key(name, level1)
    if not key:
        return next((c for c in candidates if not category_key(c, level1)), None)
    for candidate in candidates:
        if category_key(candidate, level1) == key:
            return candidate
    holding = [c for c in candidates if (other := category_key(c, level1))
               and (key in other or other in key)]
    return holding[0] if len(holding) == 1 else None


def group_for(level1: str, level2: str, existing: Sequence[Group],
              declared: Sequence[Group] = (), has_level2: bool = True) -> Group | None:
    """The table's spelling of the category (``level1``, ``level2``): a group the table has,
    else one its template declares; None when neither knows the 一级. A 二级 neither knows
    stays as given (a new 二级 at the end of its 一级)."""
    key1 = category_key(level1)
    if not key1:
        return None
    own1 = next((l1 for l1, _ in (*existing, *declared) if category_key(l1) == key1), None)
    if own1 is None:
        return None
    if not has_level2:
        return own1, ""
    own2 = _same_level2(level2, own1, [l2 for l1, l2 in existing if l1 == own1])
    if own2 is None:
        own2 = _same_level2(level2, own1, [l2 for l1, l2 in declared
                                           if category_key(l1) == key1 and l2])
    return own1, level2 if own2 is None else own2


def respelled(row: IndicatorRow, group: Group, has_level2: bool = True) -> IndicatorRow:
    """A copy of ``row`` in ``group``."""
    copy = row.model_copy(deep=True)
    copy.set(LEVEL1, group[0])
    if has_level2:
        copy.set(LEVEL2, group[1])
    return copy


@dataclass(frozen=True)
class Placement:
    rows: list[IndicatorRow]  # the table's rows after the insertion
    placed: list[int]  # where the inserted rows are (filled category rows too), ascending


def is_category_row(row: IndicatorRow, group_fields: Sequence[str]) -> bool:
    """A row printing only its categories: nothing filled but the group columns."""
    return not any(text.strip() for column, text in row.cells.items()
                   if column not in group_fields)


def place_rows(rows: Sequence[IndicatorRow], new_rows: Sequence[IndicatorRow],
               group_fields: Sequence[str], level1_order: Sequence[str] = ()) -> Placement:
    """Insert ``new_rows`` (already in the table's spelling), each into its group: the first
    empty category row of its 一级/二级 (whose other group cells are empty or the same) is
    filled, else the row goes after the last row sharing its longest run of group cells
    (一级, 二级, 重点工作…). A 一级 the table lacks goes before the first 一级 that
    ``level1_order`` (the template's) puts after it, else at the end. Rows going to one group
    keep their order."""
    table = list(rows)
    placed: list[int] = []
    fields = tuple(group_fields)
    for new in new_rows:
        new = new.model_copy(deep=True)
        slot = _category_slot(table, new, fields)
        if slot is not None:
            table[slot] = IndicatorRow(cells={**table[slot].cells, **new.cells})
            placed.append(slot)
            continue
        at = _after_group(table, new, fields, list(level1_order))
        table.insert(at, new)
        placed = [p + 1 if p >= at else p for p in placed] + [at]
    return Placement(table, sorted(placed))


def _category_slot(table: list[IndicatorRow], new: IndicatorRow,
                   fields: tuple[str, ...]) -> int | None:
    main = [f for f in fields if f in (LEVEL1, LEVEL2)]
    others = [f for f in fields if f not in main]
    for index, row in enumerate(table):
        if (all(row.get(f) == new.get(f) for f in main)
                and all(not row.get(f) or row.get(f) == new.get(f) for f in others)
                and is_category_row(row, fields)):
            return index
    return None


def _after_group(table: list[IndicatorRow], new: IndicatorRow, fields: tuple[str, ...],
                 level1_order: list[str]) -> int:
    for depth in range(len(fields), 0, -1):
        key = [new.get(f) for f in fields[:depth]]
        last = next((i for i in range(len(table) - 1, -1, -1)
                     if [table[i].get(f) for f in fields[:depth]] == key), None)
        if last is not None:
            return last + 1
    if new.level1 in level1_order:
        rank = level1_order.index(new.level1)
        return next((i for i, row in enumerate(table) if row.level1 in level1_order
                     and level1_order.index(row.level1) > rank), len(table))
    return len(table)


@dataclass(frozen=True)
class SplitGroup:
    """A 一级 (``level2`` "") or 二级 group whose rows are not together: ``runs`` are its
    blocks of neighbouring rows as (first, last) indexes, two or more."""

    level1: str
    level2: str
    runs: tuple[tuple[int, int], ...]


def split_groups(rows: Sequence[IndicatorRow], has_level2: bool = True) -> list[SplitGroup]:
    """The named groups of a table split by other rows, in the order of their first row. A
    二级 is named only when its 一级 is together (a split 一级 splits its 二级 with it). Cells
    are compared as kept, as the exports merge them."""
    # The live 审核 runs this after every edit of a sheet: one pass over the cells, then runs.
    cells = [row.cells for row in rows]
    level1 = _runs([c.get(LEVEL1, "") for c in cells])
    found = [SplitGroup(name, "", runs) for name, runs in level1.items()
             if name.strip() and len(runs) > 1]
    if has_level2:
        split1 = {group.level1 for group in found}
        pairs = _runs([(c.get(LEVEL1, ""), c.get(LEVEL2, "")) for c in cells])
        found += [SplitGroup(l1, l2, runs) for (l1, l2), runs in pairs.items()
                  if l2.strip() and len(runs) > 1 and l1 not in split1]
    return sorted(found, key=lambda group: group.runs[0][0])


def _runs(keys: Sequence[Hashable]) -> dict:
    """Each key's blocks of neighbouring rows, as (first, last) indexes."""
    runs: dict = {}
    first = 0
    for key, block in groupby(keys):
        size = sum(1 for _ in block)
        runs.setdefault(key, []).append((first, first + size - 1))
        first += size
    return {key: tuple(blocks) for key, blocks in runs.items()}
