"""What a .jixiao file is about (template, unit, year), read from its first few kilobytes.

The file writes its ``document`` keys in the model's order, so these three come first; reading
them does not parse or validate the whole file, which a list of recent files at start-up cannot
afford for a document of thousands of rows. A file this cannot read says nothing rather than
something wrong: opening it reports the real problem.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 4096
_STRING = r'"((?:[^"\\]|\\.)*)"'
_FIELDS = {
    "template": re.compile(r'"template"\s*:\s*' + _STRING),
    "unit_name": re.compile(r'"unit_name"\s*:\s*' + _STRING),
    "year": re.compile(r'"year"\s*:\s*(\d{4}|null)'),
}
_TAG = re.compile(r'"format"\s*:\s*"jixiao"')


@dataclass(frozen=True)
class FileHeader:
    template: str
    unit_name: str
    year: int | None


def read_header(path: Path) -> FileHeader | None:
    """The file's template, unit and year; None when it is not a readable .jixiao file
    (missing, unreadable, another format, or not written the usual way)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEAD_BYTES).decode("utf-8", errors="ignore")
    except OSError:
        return None
    if not _TAG.search(head):
        return None
    found = {key: pattern.search(head) for key, pattern in _FIELDS.items()}
    template, unit, year = found["template"], found["unit_name"], found["year"]
    if template is None or unit is None:
        return None
    try:
        return FileHeader(json.loads(f'"{template.group(1)}"'), json.loads(f'"{unit.group(1)}"'),
                          int(year.group(1)) if year and year.group(1) != "null" else None)
    except ValueError:  # a broken escape: say nothing rather than something wrong
        return None
