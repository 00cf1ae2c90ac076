"""INDICATOR_GROUP_SPLIT: the rows of one 一级 or 二级 group are not together in their table.

Every export merges only neighbouring equal cells, so a split group is printed as two groups
(效益指标, then 满意度指标, then 效益指标 again). Per table: the same 一级 in two tables of the
department (江苏's three) is no split. A rule over whole tables, run per sheet (the department's,
or a project's) by the live checks after an edit of its rows.
"""
from __future__ import annotations

from typing import Iterator

from app.checks.findings import Finding, Severity
from app.checks.indicators import IndicatorSet, indicator_set, indicator_sets
from app.indicator_groups import LEVEL1, LEVEL2, split_groups
from app.model import TargetDocument
from app.templates import Template

GROUP_COLUMNS = (LEVEL1, LEVEL2)  # all the rule reads of a row


def check_groups(document: TargetDocument, template: Template) -> Iterator[Finding]:
    for rows in indicator_sets(document, template):
        yield from _check_set(rows)


def check_groups_sheet(document: TargetDocument, template: Template,
                       project: int | None) -> Iterator[Finding]:
    """One sheet's findings: the department's (``None``) or a project's."""
    if project is None and not template.indicator_tables:
        return
    yield from _check_set(indicator_set(document, template, project))


def _check_set(s: IndicatorSet) -> Iterator[Finding]:
    tables: dict[str, list] = {}
    for table, _, row, spec in s.rows:
        tables.setdefault(table, [spec, []])[1].append(row)
    for table, (spec, rows) in tables.items():
        where = s.owner if s.project is not None else f"{s.owner}的“{spec.title}”"
        level2 = spec.column(LEVEL2)
        for group in split_groups(rows, has_level2=level2 is not None and level2.merge):
            if group.level2:
                what = f"二级指标“{group.level1.strip()} / {group.level2.strip()}”"
                column = LEVEL2
            else:
                what, column = f"一级指标“{group.level1.strip()}”", LEVEL1
            blocks = "、".join(f"第 {a + 1} 行" if a == b else f"第 {a + 1}—{b + 1} 行"
                               for a, b in group.runs)
            yield Finding("INDICATOR_GROUP_SPLIT", Severity.WARNING,
                          s.location(table, group.runs[1][0], column),
                          f"{where}中，{what}的行被其他分组隔开（{blocks}），导出时会分成 "
                          f"{len(group.runs)} 处；请用“上移”“下移”把这些行移到一起")
