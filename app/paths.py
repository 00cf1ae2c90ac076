"""Dotted paths into a document: "department.funds.expense_items[3].full_year".

An indicator row's cells are named by column id as if they were fields:
"projects[0].indicators[2].target" is the ``target`` cell of that row.

The editor's undo commands and the checks' locations name fields this way; setting goes through
pydantic's assignment validation, so an edit is cleaned and checked like a loaded file.
Declared boxes are a dict (``boxes.deviation``, a money table's cell ``boxes.funds.total.initial``):
an empty value removes its key, and setting a cell makes the dicts that hold it.
"""
from __future__ import annotations

import re
from typing import Any

from app.boxes import set_box
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
    trail: list[tuple[dict[str, Any], str]] = []
    if isinstance(last, int):
        *parents, field = parents
        assert isinstance(field, str)  # an index follows the name of its list
        owner = _walk(root, parents, trail)
        items = list(_child(owner, field) or [])
        items[last] = value
        _assign(owner, field, items)
    else:
        _assign(_walk(root, parents, trail), last, value)
    for parent, name in reversed(trail):  # a money table's row or table left empty goes
        if not parent.get(name):
            parent.pop(name, None)


def _child(owner: Any, name: str) -> Any:
    if owner is None:  # inside a box that is empty
        return None
    if isinstance(owner, (dict, IndicatorRow)):
        return owner.get(name)
    return getattr(owner, name)


def _assign(owner: Any, name: str, value: Any) -> None:
    if isinstance(owner, dict):
        set_box(owner, name, value)
    elif isinstance(owner, IndicatorRow):
        owner.set(name, value)
    else:
        setattr(owner, name, value)


def _walk(root: Any, parts: list[str | int],
          trail: list[tuple[dict[str, Any], str]] | None = None) -> Any:
    """The value at ``parts``; a box's missing value is None. With a ``trail`` (setting), a
    missing dict on the way (a money table's row) is made, and every dict step is noted."""
    for part in parts:
        if isinstance(part, int):
            root = root[part]
        elif isinstance(root, dict):
            child = root.get(part)
            if trail is not None:
                if child is None:
                    child = root[part] = {}
                trail.append((root, part))
            root = child
        else:
            root = _child(root, part)
    return root
