"""Schema migrations of the raw file dict, run before validation.

Each step ``migrate_vN_to_vN1(raw) -> raw`` takes the ``document`` dict of schema N and returns
it in schema N+1. Register it in ``MIGRATIONS`` under N and raise ``SCHEMA_VERSION``. Never edit a
released step: files of every earlier version must keep opening (tests/fixtures holds a frozen v1).
"""
from __future__ import annotations

from typing import Any, Callable

SCHEMA_VERSION = 4

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


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


MIGRATIONS: dict[int, Migration] = {1: migrate_v1_to_v2, 2: migrate_v2_to_v3,
                                    3: migrate_v3_to_v4}


def migrate(document: dict[str, Any], from_version: int,
            to_version: int = SCHEMA_VERSION,
            steps: dict[int, Migration] | None = None) -> dict[str, Any]:
    """Apply every step from ``from_version`` up to ``to_version``."""
    steps = MIGRATIONS if steps is None else steps
    for version in range(from_version, to_version):
        document = steps[version](document)
    return document
