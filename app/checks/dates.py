"""Dates of schedules and project periods: real dates, in order, within the document's year."""
from __future__ import annotations

import datetime
import re
from typing import Iterator

from app.checks.findings import Finding, Location, Severity
from app.model import TargetDocument

_DATE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str) -> datetime.date | None:
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def check_dates(document: TargetDocument) -> Iterator[Finding]:
    for p, project in enumerate(document.projects):
        owner = f"项目“{project.name or p + 1}”"
        ranges = [(f"projects[{p}].planned_period", "项目计划实施时间",
                   project.planned_period.start, project.planned_period.end)]
        ranges += [(f"projects[{p}].schedule[{i}]", f"本年度实施计划第 {i + 1} 行",
                    item.start, item.end) for i, item in enumerate(project.schedule)]
        for path, what, start, end in ranges:
            yield from _range(document.year, owner, what, path, p, start, end)


def _range(year: int | None, owner: str, what: str, path: str, project: int,
           start_text: str, end_text: str) -> Iterator[Finding]:
    dates: list[datetime.date | None] = []
    for field, text in (("start", start_text), ("end", end_text)):
        if not text.strip():
            dates.append(None)
            continue
        date = parse_date(text)
        if date is None:
            yield Finding("DATE_INVALID", Severity.WARNING,
                          Location("projects", f"{path}.{field}", project=project),
                          f"{owner}{what}中的日期“{text}”不是有效日期")
        dates.append(date)
    start, end = dates
    where = Location("projects", path, project=project)
    if start and end and start > end:
        yield Finding("DATE_RANGE_REVERSED", Severity.WARNING, where,
                      f"{owner}{what}的开始日期“{start_text}”晚于结束日期“{end_text}”")
    elif year is not None and start and end and (end.year < year or start.year > year):
        yield Finding("DATE_OUTSIDE_YEAR", Severity.WARNING, where,
                      f"{owner}{what}“{start_text}至{end_text}”不在 {year} 年度内")
