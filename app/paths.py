"""Dotted paths into a document: "department.funds.expense_items[3].full_year".

An indicator row's cells are named by column id as if they were fields:
"projects[0].indicators[2].target" is the ``target`` cell of that row.

The editor's undo commands and the checks' locations name fields this way; setting goes through
pydantic's assignment validation, so an edit is cleaned and checked like a loaded file.
"""
from __future__ import annotations

import re
from typing import Any

from app.model import IndicatorRow

_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for name, index in _PART.findall(path):
        parts.append(name if name else int(index))
    return parts


def get_path(root: Any, path: str) -> Any:
    return _walk(root, parse_path(path))


def set_path(root: Any, path: str, value: Any) -> None:
    """Set a field (validated by the model) or a list item (the list is re-assigned, so the
    item is validated too: a pasted control character is cleaned either way)."""
    *parents, last = parse_path(path)
    if isinstance(last, int):
        *parents, field = parents
        assert isinstance(field, str)  # an index follows the name of its list
        owner = _walk(root, parents)
        items = list(getattr(owner, field))
        items[last] = value
        setattr(owner, field, items)
    else:
        owner = _walk(root, parents)
        if isinstance(owner, IndicatorRow):
            owner.set(last, value)
        else:
            setattr(owner, last, value)


def _walk(root: Any, parts: list[str | int]) -> Any:
    for part in parts:
        if isinstance(part, int):
            root = root[part]
        elif isinstance(root, IndicatorRow):
            root = root.get(part)
        else:
            root = getattr(root, part)
    return root
