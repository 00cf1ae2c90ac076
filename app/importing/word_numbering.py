"""Word's own list numbering (``w:numPr``): the number Word draws before a paragraph that its
text lacks, written back in front of the text ("（一）", "1、") so a list numbered by Word reads
as the same list typed by hand. The formats a Chinese form uses are drawn as Word draws them;
any other format is drawn as a decimal number, a bullet as nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree

from app.importing.package import local_name as _local

DIGITS = "零一二三四五六七八九"
_CHINESE = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
            "ideographTraditional", "japaneseCounting", "taiwaneseCounting",
            "taiwaneseCountingThousand"}
_MAX_LEVELS = 9


def _val(element: ElementTree.Element | None, name: str) -> str | None:
    if element is None:
        return None
    for child in element:
        if _local(child.tag) == name:
            for key, value in child.attrib.items():
                if _local(key) == "val":
                    return value
    return None


def _int(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isascii() and text.isdigit() else default


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (a form's lists stay below a hundred)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else DIGITS[tens]) + "十" if tens else "") + \
        (DIGITS[ones] if ones or not tens else "")


def _drawn(n: int, fmt: str) -> str:
    if fmt in _CHINESE:
        return chinese(n)
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        letter = chr(ord("A") + n - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """The document's lists (numbering.xml) and the count each has reached."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → ilvl → level
    counts: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: ElementTree.Element | None) -> "Numbering":
        numbering = cls()
        if root is None:
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for child in root:
            tag = _local(child.tag)
            if tag == "abstractNum":
                ident = next((v for k, v in child.attrib.items()
                              if _local(k) == "abstractNumId"), "")
                abstract[ident] = {
                    _int(next((v for k, v in lvl.attrib.items() if _local(k) == "ilvl"), None),
                         0): _Level(_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                    _int(_val(lvl, "start"), 1))
                    for lvl in child if _local(lvl.tag) == "lvl"}
            elif tag == "num":
                ident = next((v for k, v in child.attrib.items() if _local(k) == "numId"), "")
                numbering.levels[ident] = abstract.get(_val(child, "abstractNumId") or "", {})
        return numbering

    def label(self, properties: ElementTree.Element | None) -> str:
        """The number drawn before a paragraph with these properties (``w:pPr``), counted."""
        num = None if properties is None else next(
            (c for c in properties if _local(c.tag) == "numPr"), None)
        if num is None:
            return ""
        ident = _val(num, "numId") or ""
        levels = self.levels.get(ident)
        if not levels:  # numId 0 (numbering removed) or a list the file does not define
            return ""
        ilvl = min(max(_int(_val(num, "ilvl"), 0), 0), _MAX_LEVELS - 1)
        counts = self.counts.setdefault(ident, [0] * _MAX_LEVELS)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            counts[deeper] = 0
        level = levels.get(ilvl, _Level())
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for n in range(ilvl, -1, -1):
            known = levels.get(n, _Level())
            count = counts[n] + known.start - 1 if counts[n] else known.start
            text = text.replace(f"%{n + 1}", _drawn(count, known.fmt))
        return text
