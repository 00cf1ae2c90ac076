"""A document with hostile text in every text field: what officers paste, and worse."""
from __future__ import annotations

from enum import Enum
from itertools import cycle

from pydantic import BaseModel

from app.model import TargetDocument

HOSTILE = ["=SUM(1,2)", "+5", "-3", "@x", "=0%", "a\tb\nc", "𠀀", "<&>", "＝100%",
           "行\n换\t行<b>粗</b>&amp;", "字" * 10_000]
LONG_FIELDS = 3  # 10,000 characters in every eleventh field would make a 1,300-page PDF


def _values():
    long_left = LONG_FIELDS
    for value in cycle(HOSTILE):
        if len(value) > 1000:
            if not long_left:
                continue
            long_left -= 1
        yield value


def fill_hostile(model: BaseModel, values=None) -> None:
    """Set every text field (recursively, lists included) to the next hostile value."""
    values = values or _values()
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if name in ("template", "key") or isinstance(value, Enum):
            continue
        if isinstance(value, str):
            setattr(model, name, next(values))
        elif isinstance(value, BaseModel):
            fill_hostile(value, values)
        elif isinstance(value, dict):  # an indicator row's cells, by column id
            for key in value:
                value[key] = next(values)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    fill_hostile(item, values)
                elif isinstance(item, str):
                    value[i] = next(values)


def hostile_document(source: TargetDocument) -> TargetDocument:
    document = source.model_copy(deep=True)
    fill_hostile(document)
    return document
