"""A text too tall for one Excel row, cut into pieces that each fit one: at sentence ends.

Excel rows are at most 409 points tall, so a 主要职能 of a few thousand characters cannot print
in one cell. It is cut where a reader would pause: after 。；！？ or a line break, and only
inside a sentence too long on its own after ，、：. A piece never starts with a closing or
separating mark (，、。）” …) or a space: those stay at the end of the piece before. Only a
run of text with no such mark at all, taller than a row by itself, is cut at a line end, and
then not between two letters or digits of a Latin word or number. The pieces joined give the
text back, character for character; the importer joins them (app/importing/grid.py).
"""
from __future__ import annotations

import unicodedata

from app.export.textwidth import wrap, wrapped_lines

SENTENCE_ENDS = frozenset("。；;！!？?\n")
CLAUSE_ENDS = frozenset("，,、：:")
_OPENING = ("Ps", "Pi")  # （ “ 《 open what follows: a piece may start with them


def cannot_start(ch: str) -> bool:
    """Whether a piece may not start with ``ch``: a space, or any mark but an opening one."""
    category = unicodedata.category(ch)
    return ch.isspace() or (category.startswith("P") and category not in _OPENING)


def text_pieces(text: str, width: float, max_lines: int) -> list[str]:
    """``text`` cut into pieces of at most ``max_lines`` lines in a column ``width`` wide
    (``textwidth.wrap`` counts them), at the latest sentence end that keeps a piece within."""
    max_lines = max(max_lines, 1)
    if wrapped_lines(text, width) <= max_lines:
        return [text]
    pieces: list[str] = []
    for sentence in _units(text, SENTENCE_ENDS):
        if wrapped_lines(sentence, width) > max_lines:
            clauses = [p for clause in _units(sentence, CLAUSE_ENDS)
                       for p in (_at_line_ends(clause, width, max_lines)
                                 if wrapped_lines(clause, width) > max_lines else [clause])]
        else:
            clauses = [sentence]
        for clause in clauses:
            if pieces and wrapped_lines(pieces[-1] + clause, width) <= max_lines:
                pieces[-1] += clause
            else:
                pieces.append(clause)
    return pieces


def _units(text: str, ends: frozenset[str]) -> list[str]:
    """``text`` cut after each of ``ends`` and the marks and spaces that close with it."""
    units: list[str] = []
    start, i = 0, 0
    while i < len(text):
        if text[i] in ends:
            i += 1
            while i < len(text) and cannot_start(text[i]):
                i += 1
            units.append(text[start:i])
            start = i
        else:
            i += 1
    if start < len(text):
        units.append(text[start:])
    return units


def _at_line_ends(text: str, width: float, max_lines: int) -> list[str]:
    """A run with no sentence or clause end, taller than a row: cut at line ends, each cut
    moved back before a mark that cannot start a piece or into no Latin word."""
    lines = wrap(text, width)
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = start + sum(len(line) for line in lines[:max_lines])
        if end < len(text):
            end = _safe_cut(text, start, end)
        pieces.append(text[start:end])
        lines = wrap(text[end:], width)
        start = end
    return pieces


def _safe_cut(text: str, start: int, cut: int) -> int:
    """The latest position at or before ``cut`` (after ``start``) a piece may start at."""
    for position in range(cut, start, -1):
        before, after = text[position - 1], text[position]
        inside_word = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
        if not cannot_start(after) and not inside_word:
            return position
    return cut  # nowhere better: the line end itself
