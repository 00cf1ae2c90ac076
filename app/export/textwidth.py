"""Display width of text: East Asian wide characters count as two columns."""
from __future__ import annotations

import math
import unicodedata


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    return sum(map(char_width, text))


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (at least one)."""
    width = max(width, 1.0)
    return max(1, sum(max(1, math.ceil(display_width(line) / width))
                      for line in text.split("\n")))
