"""Display width of text: East Asian wide characters count as two columns."""
from __future__ import annotations

import math
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


class _Widths(dict):
    """Code point → its width as a one-character string (for ``str.translate``), filled in as
    characters are met."""

    def __missing__(self, code: int) -> str:
        width = "\x02" if char_width(chr(code)) == 2 else "\x01"
        self[code] = width
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    return sum(map(char_width, text))


def wrap(text: str, width: float) -> list[str]:
    """The lines ``text`` takes in a column ``width`` characters wide, character by character.

    ``"".join(wrap(text, w)) == text`` always: a line break stays at the end of the line it ends,
    and a line holds at least one character however narrow the column. A final line break adds
    no empty line (nothing is printed on it). Every line count of the exports comes from here.
    """
    width = max(width, 1.0)
    # Widths are whole numbers: a line of width w fits when w <= floor(width), compared exactly.
    limit = math.floor(width) if math.isfinite(width) else math.inf
    lines: list[str] = []
    segments = text.split("\n")
    for n, segment in enumerate(segments):
        end_of_line = "\n" if n + 1 < len(segments) else ""
        if not segment:
            if end_of_line or not lines:
                lines.append(end_of_line)
            continue
        # Each line takes characters while their widths add up to at most ``width`` (at least
        # one): found by bisection in the running sums, not character by character.
        sums = [0, *accumulate(segment.translate(_WIDTHS).encode("ascii"))]
        start = 0
        while start < len(segment):
            stop = max(bisect_right(sums, sums[start] + limit) - 1, start + 1)
            lines.append(segment[start:stop])
            start = stop
        lines[-1] += end_of_line
    return lines


@lru_cache(maxsize=16384)
def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (at least one).

    Remembered: the Excel export counts every cell's lines when it spreads tall rows, when it
    plans the pages and when it writes each page's rows."""
    return len(wrap(text, width))
