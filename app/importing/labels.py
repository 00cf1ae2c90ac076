"""Finding a form's printed labels in a sheet whatever the typing: full- or half-width
brackets and colons, line breaks inside a cell ("一级\\n指标"), a leading "*" of a required box.

A label may stand for a family of labels: ``{unit}`` is 元 or 万元 (and says which unit the
amounts are in), ``{year}`` a four-digit year, ``{any}`` any text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")
_PLACEHOLDERS = {"unit": r"(?P<unit>元|万元)", "year": r"(?P<year>\d{4})?", "any": r"(?P<any>.*)"}
_PLACEHOLDER = re.compile(r"\{(unit|year|any)\}")


_NORMALIZED: dict[str, str] = {}
_NORMALIZED_KEPT = 300_000  # a form's texts, a few times over


def normalize(text: str) -> str:
    """A label's text for comparing: NFKC (（）：→ ():), no whitespace, no leading "*" or
    trailing ":". Remembered: every block's search passes the same cells again."""
    found = _NORMALIZED.get(text)
    if found is None:
        found = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text)).lstrip("*").rstrip(":")
        if len(_NORMALIZED) >= _NORMALIZED_KEPT:
            _NORMALIZED.clear()
        _NORMALIZED[text] = found
    return found


@lru_cache(maxsize=1024)
def literal(label: str) -> str | None:
    """The normalized text a label without placeholders matches exactly (None: it has some)."""
    return None if _PLACEHOLDER.search(label) else _literal(label, True, True)


@lru_cache(maxsize=512)
def label_pattern(label: str) -> re.Pattern[str]:
    """The pattern a normalized cell text must match to be ``label``."""
    parts = _PLACEHOLDER.split(label)
    pattern = []
    for index, part in enumerate(parts):
        if index % 2:
            pattern.append(_PLACEHOLDERS[part])
        else:
            pattern.append(re.escape(_literal(part, index == 0, index == len(parts) - 1)))
    return re.compile("".join(pattern), re.S)


def _literal(text: str, first: bool, last: bool) -> str:
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    if first:
        text = text.lstrip("*")
    if last:
        text = text.rstrip(":")
    return text


def match_label(label: str, text: str) -> dict[str, str] | None:
    """The placeholders' values when ``text`` is the label ({} without placeholders)."""
    if len(text) > 4 * len(label) + 40:  # a paragraph is never a label
        return None
    exact = literal(label)
    if exact is not None:
        return {} if normalize(text) == exact else None
    match = label_pattern(label).fullmatch(normalize(text))
    return None if match is None else {k: v for k, v in match.groupdict().items() if v is not None}


def same_choice(text: str, choice: str) -> bool:
    """A code list's entry typed another way (＝ for =, a line break inside the cell)."""
    return normalize(text) == normalize(choice)


def shown_label(label: str) -> str:
    """A label as a message names it: its placeholders as an officer would read them."""
    return label.replace("{unit}", "万元").replace("{year}", "").replace("{any}", "…")
