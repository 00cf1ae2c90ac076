"""What a cell holds and where it goes in the model: a text, an amount (with the unit its label
names), a year, a score, a percentage, a numbered list printed as one text, a text made of
labelled parts, a date range. Each reads a cell into {model path: value}."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.money import Unit

if TYPE_CHECKING:
    from app.importing.grid import GridCell
    from app.importing.reader import SheetReader


class Field:
    """Reads one cell (or the text a pattern found) into model paths."""

    def values(self, reader: "SheetReader", cell: "GridCell | None",
               groups: dict[str, str]) -> dict[str, object]:
        return self.from_text(reader, reader.text(cell), cell)

    def from_text(self, reader: "SheetReader", text: str, cell: "GridCell | None"
                  ) -> dict[str, object]:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Field):
    """A text as typed. ``prompts``: what the form prints in an empty box ("（100字以内）")."""

    path: str
    prompts: tuple[str, ...] = ()

    def from_text(self, reader, text, cell):
        return {self.path: "" if text in self.prompts else text}


@dataclass(frozen=True)
class Skip(Field):
    """A column the form prints but the document does not keep (签字, a computed 执行率)."""

    def values(self, reader, cell, groups):
        return {}

    def from_text(self, reader, text, cell):
        return {}


@dataclass(frozen=True)
class Money(Field):
    """An amount; ``unit`` is the path of the Unit a label's {unit} names (元 / 万元)."""

    path: str
    unit: str = ""

    def values(self, reader, cell, groups):
        found: dict[str, object] = {self.path: reader.cells.money(reader.sheet, cell)}
        if self.unit and "unit" in groups:
            found[self.unit] = Unit(groups["unit"])
        return found


@dataclass(frozen=True)
class Year(Field):
    path: str

    def values(self, reader, cell, groups):
        return {self.path: reader.cells.year(reader.sheet, cell)}

    def from_text(self, reader, text, cell):
        if not text:
            return {}
        year = int(text)
        if not 1949 <= year <= 2200:
            reader.problem(f"年度“{text}”无效，应为四位年份，如 2025", cell)
            return {}
        return {self.path: year}


@dataclass(frozen=True)
class Score(Field):
    """A score or weight, 0–100; ``empty``: what the form prints for none ("/")."""

    path: str
    empty: tuple[str, ...] = ()

    def values(self, reader, cell, groups):
        return {self.path: reader.cells.score(reader.sheet, cell, self.empty)}


@dataclass(frozen=True)
class Percent(Field):
    path: str

    def values(self, reader, cell, groups):
        return {self.path: reader.cells.percent(reader.sheet, cell)}


@dataclass(frozen=True)
class Numbered(Field):
    """A list printed as one text, each item after its number ("（一）…（二）…", "1. …\\n2. …").

    ``single_unnumbered``: the form prints a list of one item without its number (湖南). A text
    that does not start with the first number is one item, unless the list has a ``lead_in``
    (the path of its lead-in): then what comes before the first number is the lead-in."""

    path: str
    numbering: str
    separator: str = ""
    single_unnumbered: bool = False
    lead_in: str = ""

    def from_text(self, reader, text, cell):
        found: dict[str, object] = {}
        single = self.single_unnumbered
        if self.lead_in:
            # Where even one item prints its number, a text without any is all lead-in.
            lead, text = split_lead_in(text, self.numbering, self.separator,
                                       alone=not self.single_unnumbered)
            found[self.lead_in] = lead
            single = single and not lead  # after a lead-in, even one item has its number
        found[self.path] = split_numbered(text, self.numbering, self.separator, single)
        return found


def number_label(index: int, pattern: str) -> str:
    """Item ``index``'s label in a numbering pattern, as the layouts print it."""
    from app.export.blocks import numbered

    return numbered(index, pattern)


def split_lead_in(text: str, numbering: str, separator: str = "", alone: bool = False
                  ) -> tuple[str, str]:
    """Undo ``numbered_text(…, lead_in=…)``: the text before the first item's number, and the
    numbered items. A text with no first number is the lead-in when ``alone`` (a list whose
    every item prints its number), else the items' text as it is."""
    first = number_label(1, numbering)
    if not text or text.startswith(first):
        return "", text
    at = text.find(separator + first)
    if at <= 0:
        return (text, "") if alone else ("", text)
    return text[:at], text[at + len(separator):]


def split_numbered(text: str, numbering: str, separator: str = "",
                   single_unnumbered: bool = False) -> list[str]:
    if not text:
        return []
    first = number_label(1, numbering)
    second = separator + number_label(2, numbering)
    if not text.startswith(first) or (single_unnumbered and second not in text):
        return [text]
    items = []
    position, index = len(first), 1
    while True:
        marker = separator + number_label(index + 1, numbering)
        found = text.find(marker, position)
        if found < 0:
            items.append(text[position:])
            return items
        items.append(text[position:found])
        position, index = found + len(marker), index + 1


@dataclass(frozen=True)
class Prefixed(Field):
    """A text of labelled parts, one per line: "机构设置：…\\n人员配置：…". Text without the
    first label goes to the first path."""

    parts: tuple[tuple[str, str], ...]  # (label printed before the part, path)
    separator: str = "\n"

    def from_text(self, reader, text, cell):
        return split_prefixed(text, self.parts, self.separator)


def split_prefixed(text: str, parts: tuple[tuple[str, str], ...], separator: str
                   ) -> dict[str, str]:
    """Undo ``separator.join(label + part for each non-empty part)``."""
    found = {path: "" for _, path in parts}
    index = next((i for i, (label, _) in enumerate(parts) if text.startswith(label)), None)
    if index is None:
        if text:
            found[parts[0][1]] = text
        return found
    rest = text
    while True:
        rest = rest[len(parts[index][0]):]
        following = next(((j, rest.rfind(separator + parts[j][0]))
                          for j in range(index + 1, len(parts))
                          if rest.rfind(separator + parts[j][0]) >= 0), None)
        if following is None:
            found[parts[index][1]] = rest
            return found
        j, at = following
        found[parts[index][1]] = rest[:at]
        rest, index = rest[at + len(separator):], j


@dataclass(frozen=True)
class Period(Field):
    """A date range printed as one text: start, separator, end ("2024-01-01至2024-12-31")."""

    start: str
    end: str
    separator: str = "至"

    def from_text(self, reader, text, cell):
        if not text:
            return {self.start: "", self.end: ""}
        start, mark, end = text.partition(self.separator)
        if not mark:
            reader.warn(f"“{text[:30]}”中没有“{self.separator.strip()}”，已作为开始时间导入", cell)
        return {self.start: start, self.end: end}
