"""Schema migrations of the raw file dict, run before validation.

Each step ``migrate_vN_to_vN1(raw) -> raw`` takes the ``document`` dict of schema N and returns
it in schema N+1. Register it in ``MIGRATIONS`` under N and raise ``SCHEMA_VERSION``. Never edit a
released step: files of every earlier version must keep opening (tests/fixtures holds a frozen v1).
"""
from __future__ import annotations

from typing import Any, Callable

SCHEMA_VERSION = 1

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {}


def migrate(document: dict[str, Any], from_version: int,
            to_version: int = SCHEMA_VERSION,
            steps: dict[int, Migration] | None = None) -> dict[str, Any]:
    """Apply every step from ``from_version`` up to ``to_version``."""
    steps = MIGRATIONS if steps is None else steps
    for version in range(from_version, to_version):
        document = steps[version](document)
    return document
