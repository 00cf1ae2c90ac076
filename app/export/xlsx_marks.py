"""What our Excel export writes, in a hidden column right of each form, about rows that are not
rows of the document: a header written again after a page break, the next piece of a long text
cut into rows, a cell written again below a page break. The importer reads these marks to give
back the document's own rows and texts (app/importing/grid.py); the officer never sees them.

A mark is one text per sheet row: ``表头`` (the row repeats its table's header), or
``续写:C,D`` (columns whose cell goes on with the text of the cell above) and ``同上:A``
(columns whose cell is the cell above again), joined by ``；``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter

HEADER = "表头"
PIECE = "续写"
REPEAT = "同上"
_MARK = re.compile(rf"^(?:{HEADER}|(?:(?:{PIECE}|{REPEAT}):[A-Z]{{1,3}}(?:,[A-Z]{{1,3}})*)"
                   rf"(?:；(?:{PIECE}|{REPEAT}):[A-Z]{{1,3}}(?:,[A-Z]{{1,3}})*)*)$")


@dataclass(frozen=True)
class RowMark:
    header: bool = False  # a header row written again after a page break
    pieces: frozenset[int] = frozenset()  # 1-based columns continuing the text above
    repeats: frozenset[int] = frozenset()  # 1-based columns repeating the cell above


def format_mark(mark: RowMark) -> str:
    if mark.header:
        return HEADER
    parts = []
    for word, columns in ((PIECE, mark.pieces), (REPEAT, mark.repeats)):
        if columns:
            parts.append(f"{word}:{','.join(get_column_letter(c) for c in sorted(columns))}")
    return "；".join(parts)


def parse_mark(text: object) -> RowMark | None:
    """The mark a cell of the hidden column holds, or None when it holds something else."""
    if not isinstance(text, str) or not _MARK.match(text):
        return None
    if text == HEADER:
        return RowMark(header=True)
    pieces: set[int] = set()
    repeats: set[int] = set()
    for part in text.split("；"):
        word, _, letters = part.partition(":")
        target = pieces if word == PIECE else repeats
        target.update(column_index_from_string(letter) for letter in letters.split(","))
    return RowMark(pieces=frozenset(pieces), repeats=frozenset(repeats))
