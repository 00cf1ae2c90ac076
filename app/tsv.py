"""Tab-separated text as Excel and WPS put a block of cells on the clipboard.

Cells are separated by tabs, rows end in \\r\\n (a lone \\n or \\r is read too), and the block
ends with a line end that adds no row. A cell holding a tab, a line break or a quote is wrapped
in double quotes, a quote inside doubled ("a""b"). Any other quote is text: a cell copied from
Word may start with one (\"三公\"经费), and an unterminated quote never swallows the next rows.
Cell text is kept exactly, never trimmed. Every table of the editor reads and writes through here.
"""
from __future__ import annotations

import re
from typing import Sequence

# A quoted cell counts only when its closing quote ends the cell.
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"(?=[\t\r\n]|\Z)')
_PLAIN = re.compile(r"[^\t\r\n]*")
_NEEDS_QUOTES = re.compile(r'[\t\r\n"]')


def parse(text: str) -> list[list[str]]:
    """The rows of cells in ``text``; empty text has no rows."""
    grid: list[list[str]] = []
    row: list[str] = []
    i, n = 0, len(text)
    while i < n:
        quoted = _QUOTED.match(text, i)
        if quoted is not None:
            row.append(quoted.group(1).replace('""', '"'))
        else:
            quoted = _PLAIN.match(text, i)
            assert quoted is not None  # _PLAIN matches the empty text too
            row.append(quoted.group())
        i = quoted.end()
        if i == n:
            break
        if text[i] == "\t":
            i += 1
            if i == n:  # a tab at the very end leaves an empty last cell
                row.append("")
            continue
        i += 2 if text.startswith("\r\n", i) else 1
        grid.append(row)
        row = []
    if row:
        grid.append(row)
    return grid


def format(grid: Sequence[Sequence[str]]) -> str:  # noqa: A001 - the module's own verb
    """``grid`` as Excel writes it to the clipboard; ``parse`` gives it back (every row holding
    at least one cell)."""
    return "".join("\t".join(_cell(text) for text in row) + "\r\n" for row in grid)


def _cell(text: str) -> str:
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def width(grid: Sequence[Sequence[str]]) -> int:
    """The number of columns of ``grid``: its longest row."""
    return max((len(row) for row in grid), default=0)
