"""Which sections of a Word document a template reads: the department's sheets, each the
section whose labels and titles its blocks find best, and every other section with a
project's labels. Cover pages, 目录 and narrative chapters are left out (the narrative is
read by its headings, app.importing.narrative)."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.importing.blocks import Match
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.labels import literal, match_label, normalize
from app.importing.problems import ImportProblem, WorkbookImportError
from app.importing.workbook import SheetData, WorkbookData
from app.templates import Template

if TYPE_CHECKING:
    from app.importing.word import WordData


@dataclass
class WordSheets:
    """The sections a template reads, named as its definition names its sheets."""

    workbook: WorkbookData
    names: dict[str, str]  # the name given → the section's sheet name


def _score(sheet: SheetData, labels: set[str], patterns: set[str]) -> float:
    """The share of a sheet definition's labels and patterns (titles, "经办人：…") a sheet has."""
    if not labels and not patterns:
        return 0.0
    texts = {raw.value for raw in sheet.cells.values() if len(raw.value) <= 60}
    normalized = {normalize(t) for t in texts}
    found = 0
    for label in labels:
        exact = literal(label)
        if exact is not None:
            found += exact in normalized
        else:
            found += any(match_label(label, t) is not None for t in texts)
    for pattern in patterns:
        compiled = re.compile(pattern)
        found += any(compiled.fullmatch(raw.value) is not None for raw in sheet.cells.values())
    return found / (len(labels) + len(patterns))


def choose_sections(data: WordData, template: Template, path: Path | None,
                     definition: ImportDefinition | None) -> WordSheets:
    """The department's sections, each the one whose labels its sheet's blocks find best, and
    every other section with a project's labels; cover pages, 目录 and narrative chapters are
    left out."""
    assert definition is not None
    title = template.title

    def score(sheet: SheetData, sheet_import: SheetImport) -> float:
        return _score(sheet, {a for block in sheet_import.blocks for a in block.anchors(template)},
                      {block.pattern for block in sheet_import.blocks if isinstance(block, Match)})

    free = list(data.sheets)
    chosen: list[SheetData] = []
    names: dict[str, str] = {}
    alone = definition.projects is None and len(definition.sheets) == 1
    for sheet_import in definition.sheets:
        ranked = sorted(((score(s, sheet_import), -i, s) for i, s in enumerate(free)),
                        key=lambda x: x[:2], reverse=True)
        if ranked and (ranked[0][0] >= 0.5 or (alone and ranked[0][0] > 0)):
            sheet = ranked[0][2]
        elif alone and len(free) == 1:
            sheet = free[0]
        elif not sheet_import.required:
            continue
        else:
            raise WorkbookImportError([ImportProblem(
                f"文档中找不到“{title}”的“{sheet_import.name}”部分（它的标题和表头都不在文档中）")],
                path)
        free = [s for s in free if s is not sheet]
        given = sheet_import.name or sheet.name
        names[given] = sheet.name
        chosen.append(dataclasses.replace(sheet, name=given))
    if definition.projects is not None:
        for sheet in data.sheets:
            if any(s is sheet for s in free) and score(sheet, definition.projects) >= 0.5:
                names[sheet.name] = sheet.name
                chosen.append(sheet)
    if not chosen:
        raise WorkbookImportError([ImportProblem(
            f"文档中找不到“{title}”的表格（标题和表头都对不上）")], path)
    return WordSheets(WorkbookData(chosen, [], kind="Word 文档"), names)
