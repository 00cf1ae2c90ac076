"""Display width of text: East Asian wide characters count as two columns."""
from __future__ import annotations

import unicodedata


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    return sum(map(char_width, text))


def wrap(text: str, width: float) -> list[str]:
    """The lines ``text`` takes in a column ``width`` characters wide, character by character.

    ``"".join(wrap(text, w)) == text`` always: a line break stays at the end of the line it ends,
    and a line holds at least one character however narrow the column. A final line break adds
    no empty line (nothing is printed on it). Every line count of the exports comes from here.
    """
    width = max(width, 1.0)
    lines: list[str] = []
    start, used = 0, 0.0
    for i, ch in enumerate(text):
        if ch == "\n":
            lines.append(text[start:i + 1])
            start, used = i + 1, 0.0
            continue
        w = char_width(ch)
        if used + w > width and i > start:
            lines.append(text[start:i])
            start, used = i, 0.0
        used += w
    if start < len(text) or not lines:
        lines.append(text[start:])
    return lines


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (at least one)."""
    return len(wrap(text, width))
