"""Schema migrations of the raw file dict, run before validation.

Each step ``migrate_vN_to_vN1(raw) -> raw`` takes the ``document`` dict of schema N and returns
it in schema N+1. Register it in ``MIGRATIONS`` under N and raise ``SCHEMA_VERSION``. Never edit a
released step: files of every earlier version must keep opening (tests/fixtures holds a frozen v1).
"""
from __future__ import annotations

from typing import Any, Callable

SCHEMA_VERSION = 5

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def migrate_v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Indicator rows keep their cells by column id: {"level1": …, "name": …, "target": …}
    becomes {"cells": {…}}, empty cells left out (v1 wrote all nine fields of every row)."""
    def row(old: Any) -> Any:
        if not isinstance(old, dict):
            return old  # not a row: validation reports it where it is
        return {"cells": {k: v for k, v in old.items() if v != ""}}

    department = document.get("department")
    if isinstance(department, dict):
        for table in _list(department.get("indicator_tables")):
            if isinstance(table, dict) and isinstance(table.get("rows"), list):
                table["rows"] = [row(r) for r in table["rows"]]
    for project in _list(document.get("projects")):
        if isinstance(project, dict) and isinstance(project.get("indicators"), list):
            project["indicators"] = [row(r) for r in project["indicators"]]
    return document


def migrate_v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 only adds parts (the department's ``evaluation``, a self-evaluation's stated
    ``score`` and ``grade``): a v2 document is a valid v3 one. The step exists so that a v3 file
    opened by a v2 program says "newer version" instead of "unknown field"."""
    return document


def migrate_v3_to_v4(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 4 adds declared boxes (``boxes`` of the document and of each project: the boxes a
    form prints that the model gives no meaning to, app/boxes.py). No earlier file has any, and
    every field it has keeps its meaning, so a v3 document is a valid v4 one; the step makes a v3
    program say "newer version" for a file with boxes instead of "unknown field"."""
    return document


def migrate_v4_to_v5(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 5 adds the lead-in of a numbered list (``department.functions_lead_in``,
    ``measures_lead_in``), printed unnumbered before item one. An older file has none, so every
    item it holds stays a numbered item, as it printed.

    江苏's 财政专户管理资金 is part of 财政拨款, as seeds 000 and 001 print it: a 江苏 document's
    line of that name joins the group (its 小计 must include it, as the printed form says)."""
    department = document.get("department")
    funds = department.get("funds") if isinstance(department, dict) else None
    if document.get("template") == "jiangsu-dept-target" and isinstance(funds, dict):
        for line in _list(funds.get("income")):
            if isinstance(line, dict) and line.get("name") == "财政专户管理资金":
                line["appropriation"] = True
    return document


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


MIGRATIONS: dict[int, Migration] = {1: migrate_v1_to_v2, 2: migrate_v2_to_v3,
                                    3: migrate_v3_to_v4, 4: migrate_v4_to_v5}


def migrate(document: dict[str, Any], from_version: int,
            to_version: int = SCHEMA_VERSION,
            steps: dict[int, Migration] | None = None) -> dict[str, Any]:
    """Apply every step from ``from_version`` up to ``to_version``."""
    steps = MIGRATIONS if steps is None else steps
    for version in range(from_version, to_version):
        document = steps[version](document)
    return document
