"""What the indicator library (指标库) holds: entries taken from the shipped frameworks and from
the officer's own documents, and the rows they become when inserted into a table.

An entry is one indicator as it was used once: 一级/二级/三级, the 指标值 as one text (a split
target joined: "≥90%"), 指标解释, 评分标准, unit, year and where it came from.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from app.model import IndicatorRow, TargetDocument
from app.scoring import target_column
from app.targets import Kind, parse_target
from app.templates import IndicatorTableSpec, Template

FRAMEWORK = "framework"  # a source kind: a shipped indicator framework
DOCUMENT = "document"  # a source kind: a .jixiao file of the officer's

DEFINITION = "definition"  # the column ids a library entry fills when a table has them
SCORING = "scoring"
KEY_TASK = "key_task"


@dataclass(frozen=True)
class LibraryEntry:
    """One indicator of the library. ``source`` is the framework's name or the file's path;
    ``source_label`` what the picker shows for it (the unit and year of a document)."""

    level1: str
    level2: str
    name: str
    target: str = ""
    definition: str = ""
    scoring: str = ""
    unit: str = ""
    year: int | None = None
    field: str = ""  # 行业领域
    keywords: str = ""
    note: str = ""
    source: str = ""
    source_kind: str = DOCUMENT
    source_label: str = ""
    id: int = 0  # the database row; 0 before it is stored

    def key(self) -> tuple[str, str, str, str]:
        """Entries of one source with the same key are one entry (the dedupe key)."""
        return (self.level1, self.level2, self.name, self.target)

    def as_dict(self) -> dict[str, object]:
        return {"level1": self.level1, "level2": self.level2, "name": self.name,
                "target": self.target, "definition": self.definition, "scoring": self.scoring,
                "unit": self.unit, "year": self.year, "field": self.field,
                "keywords": self.keywords, "note": self.note, "source": self.source,
                "source_kind": self.source_kind, "source_label": self.source_label}


@dataclass(frozen=True)
class Source:
    """Where a set of entries comes from; re-indexing a source replaces all its entries."""

    name: str  # the framework's name, or the document's absolute path
    kind: str
    label: str  # shown in the picker: "国家·项目支出（2020）", "苏州市自然资源和规划局 2024年"
    year: int | None = None
    entries: tuple[LibraryEntry, ...] = field(default=(), repr=False)

    def fingerprint(self) -> str:
        """Changes whenever what would be stored changes: an unchanged re-index is skipped."""
        digest = hashlib.sha256(f"{self.kind}\x1f{self.label}\x1f{self.year}".encode())
        for e in self.entries:
            digest.update("\x1f".join((
                e.level1, e.level2, e.name, e.target, e.definition, e.scoring, e.unit,
                str(e.year), e.field, e.keywords, e.note, "\x1e")).encode())
        return digest.hexdigest()


def unique(entries: Iterable[LibraryEntry]) -> tuple[LibraryEntry, ...]:
    """The entries with one per dedupe key, in first-seen order; a later duplicate only fills
    the 指标解释/评分标准 the first one lacked."""
    kept: dict[tuple[str, str, str, str], LibraryEntry] = {}
    for entry in entries:
        first = kept.get(entry.key())
        if first is None:
            kept[entry.key()] = entry
        elif (not first.definition and entry.definition) or (not first.scoring and entry.scoring):
            kept[entry.key()] = replace(
                first, definition=first.definition or entry.definition,
                scoring=first.scoring or entry.scoring)
    return tuple(kept.values())


# -- the shipped frameworks --------------------------------------------------------------------

def framework_text() -> bytes:
    return (resources.files("resources") / "indicators" / "frameworks.json").read_bytes()


def framework_sources(text: bytes | None = None) -> list[Source]:
    """The indicator frameworks shipped in ``resources/indicators/frameworks.json``."""
    data = json.loads((text if text is not None else framework_text()).decode("utf-8"))
    result = []
    for framework in data["frameworks"]:
        name, year = framework["name"], framework.get("year")
        shared_keywords = framework.get("keywords", "")
        entries = []
        for item in framework["entries"]:
            target = item.get("target", "")
            entries.append(LibraryEntry(
                level1=item["level1"], level2=item["level2"], name=item["name"], target=target,
                definition=item.get("definition", ""), scoring=item.get("scoring", ""),
                unit=item.get("unit") or _unit_of(target), year=year,
                field=item.get("field", ""),
                keywords=" ".join(k for k in (shared_keywords, item.get("keywords", "")) if k),
                note=item.get("note", ""), source=name, source_kind=FRAMEWORK,
                source_label=framework.get("short", name)))
        result.append(Source(name, FRAMEWORK, framework.get("short", name), year,
                             unique(entries)))
    return result


def framework_details() -> dict[str, str]:
    """Each framework's name → the publication it was taken from (shown in the preview)."""
    data = json.loads(framework_text().decode("utf-8"))
    return {f["name"]: f.get("source", "") for f in data["frameworks"]}


# -- the officer's documents -------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _unit_of(target: str) -> str:
    parsed = parse_target(target)
    return parsed.unit if parsed.kind is Kind.QUANTITATIVE else ""


@dataclass(frozen=True)
class DocumentRows:
    """What the library reads of a document, copied: cheap to take on the window's thread,
    read on another while the officer goes on editing."""

    label: str
    year: int | None
    tables: tuple[tuple[IndicatorTableSpec, tuple[dict[str, str], ...]], ...]


def document_rows(document: TargetDocument, template: Template) -> DocumentRows:
    tables = []
    for table in document.department.indicator_tables:
        spec = template.indicator_table(table.key)
        if spec is not None:
            tables.append((spec, tuple(dict(row.cells) for row in table.rows)))
    if template.project_indicators is not None:
        for project in document.projects:
            tables.append((template.project_indicators,
                           tuple(dict(row.cells) for row in project.indicators)))
    return DocumentRows(document_label(document), document.year, tuple(tables))


def document_label(document: TargetDocument) -> str:
    unit = document.unit_name.strip() or "未填单位名称"
    return f"{unit} {document.year}年" if document.year is not None else unit


def document_source(document: TargetDocument, template: Template, path: Path | str) -> Source:
    """The indicators of a document, one entry per named row (duplicates merged), its
    ``path`` as the source. Only reads the document."""
    return rows_source(document_rows(document, template), path)


def rows_source(rows: DocumentRows, path: Path | str) -> Source:
    """The library's entries of a document's copied rows (``document_rows``)."""
    source = str(path)
    entries = []
    for spec, cells_of_rows in rows.tables:
        column = target_column(spec)
        unit_column = next((s.unit for s in spec.split_targets if s.value == column and s.unit),
                           "")
        for cells in cells_of_rows:
            name = cells.get("name", "").strip()
            if not name:
                continue  # a placeholder row: a category without an indicator
            # Built without validation: the cells were validated in the document.
            row = IndicatorRow.model_construct(cells=cells)
            target = spec.target_text(row, column).strip() if column else ""
            unit = cells.get(unit_column, "").strip() if unit_column else _unit_of(target)
            entries.append(LibraryEntry(
                level1=cells.get("level1", "").strip(), level2=cells.get("level2", "").strip(),
                name=name, target=target, definition=cells.get(DEFINITION, "").strip(),
                scoring=cells.get(SCORING, "").strip(), unit=unit, year=rows.year,
                keywords=cells.get(KEY_TASK, "").strip(), source=source,
                source_kind=DOCUMENT, source_label=rows.label))
    return Source(source, DOCUMENT, rows.label, rows.year, unique(entries))
