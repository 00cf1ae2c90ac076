"""A Word file's narrative read by its printed headings: the paragraphs outside the tables cut
into chapters where a known heading stands, whatever numbers it (typed "一、", "（一）", "1."
or drawn by Word's list numbering, which the Word reader writes in front of the text), and a
chapter's numbered paragraphs read as a list's items. Blank paragraphs are left out; a text
of several paragraphs comes back with one line each. docs/import.md ("Word 文档")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection

from app.model import SubGoal

_NUMERAL = r"[一二三四五六七八九十百零〇\d]+"
# "第一部分", "一、", "（一）", "(1)", "1、", "1." (not "1.5万元"), "1）" before a text.
NUMBER = re.compile(rf"^\s*(?:第{_NUMERAL}部分|[（(]\s*{_NUMERAL}\s*[）)]|[一二三四五六七八九十百]+\s*[、.．]"
                    rf"|\d+\s*(?:[、．)）]|\.(?!\d)))\s*")
_YEAR = re.compile(r"^\d{4}年度?")
_SPACE = re.compile(r"\s+")


def unnumbered(text: str) -> tuple[bool, str]:
    """Whether the text opens with a list number, and the text without it."""
    found = NUMBER.match(text)
    return (True, text[found.end():]) if found and found.end() < len(text) else (False, text)


def heading_key(text: str) -> str:
    """A heading as compared: no number, no spaces, no year before it, no colon after it."""
    return _YEAR.sub("", _SPACE.sub("", unnumbered(text)[1])).rstrip("：:")


@dataclass
class Chapters:
    """The paragraphs under each known heading (its key), in order; ``found``: the headings
    the document has."""

    texts: dict[str, list[str]] = field(default_factory=dict)
    found: list[str] = field(default_factory=list)

    def body(self, key: str) -> str | None:
        """The chapter's paragraphs as one text (None: no such heading in the file)."""
        return None if key not in self.texts else "\n".join(self.texts[key])

    def items(self, key: str) -> tuple[str, list[tuple[str, list[str]]]] | None:
        """The chapter as a list: the unnumbered lead-in before its first item, and each
        numbered paragraph (without its number) with the unnumbered paragraphs after it."""
        if key not in self.texts:
            return None
        lead: list[str] = []
        items: list[tuple[str, list[str]]] = []
        for text in self.texts[key]:
            numbered, rest = unnumbered(text)
            if not numbered and NUMBER.fullmatch(text):  # an empty item prints its number
                numbered, rest = True, ""
            if numbered:
                items.append((rest, []))
            elif items:
                items[-1][1].append(text)
            else:
                lead.append(text)
        return "\n".join(lead), items


def chapters(paragraphs: list[str], headings: set[str], stop: Collection[str] = ()
             ) -> Chapters:
    """Cut the paragraphs where a heading of ``headings`` stands (compared by its key); the
    paragraphs before the first are under "". Reading ends at a heading of ``stop``. A heading
    written twice counts where it stands last: a 目录 lists the headings before the text."""
    texts = [text for text in paragraphs if text.strip()]
    keys = [heading_key(text) for text in texts]
    end = next((i for i, key in enumerate(keys) if key in stop), len(texts))
    last = {key: i for i, key in enumerate(keys[:end]) if key in headings}
    result = Chapters({"": []})
    current = ""
    for i, text in enumerate(texts[:end]):
        if last.get(keys[i]) == i:
            current = keys[i]
            result.texts[current] = []
            result.found.append(current)
        else:
            result.texts[current].append(text)
    return result


def sub_goals(items: list[tuple[str, list[str]]]) -> list[SubGoal]:
    """Each item's title, then its "绩效目标：…" and "绩效指标：…" paragraphs (a paragraph after
    either goes on with it)."""
    goals = []
    for title, lines in items:
        goal = SubGoal(title=title)
        last = ""
        for line in lines:
            for name in ("goal", "indicators"):
                prefix = "绩效目标" if name == "goal" else "绩效指标"
                if re.match(rf"\s*{prefix}\s*[：:]", line):
                    last = name
                    setattr(goal, name, re.sub(rf"^\s*{prefix}\s*[：:]", "", line, count=1))
                    break
            else:
                if last:
                    setattr(goal, last, f"{getattr(goal, last)}\n{line}")
                else:
                    goal.title = f"{goal.title}\n{line}"
        goals.append(goal)
    return goals


def joined(title: str, lines: list[str]) -> str:
    return "\n".join([title, *lines])
