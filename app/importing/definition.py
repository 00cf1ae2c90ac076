"""An import definition: what a province's workbook holds, declared beside its layout
(``forms/<province>/importing.py``) and attached to its template (``Template.excel_import``).

As the provincial systems store an import template (sheet, first row of each block, the fields
of each block in column order, code lists per column), a definition lists its sheets and, for
each, its blocks in the order the form prints them. Blocks find themselves by their printed
labels rather than by row numbers, so one definition reads our own export, whose rows depend on
the content, and a workbook typed to the published form. docs/import.md describes the format.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

from app.importing.blocks import Block

if TYPE_CHECKING:
    from app.importing.problems import ImportProblem
    from app.model import TargetDocument

# Reads a Word file's paragraphs (outside its tables) into the document its tables gave;
# returns the warnings.
Narrative = Callable[["TargetDocument", list[str]], list["ImportProblem"]]


@dataclass(frozen=True)
class SheetImport:
    """One sheet: its name as the export writes it ("" for any), and its blocks in order.
    Paths are the document's; in a project's sheet they are the project's, and
    ``document.<path>`` names the document's own field (主管部门 printed on each project).
    ``required=False``: a sheet a workbook typed by hand may leave out (贵州's cover)."""

    blocks: tuple[Block, ...]
    name: str = ""
    required: bool = True


@dataclass(frozen=True)
class ImportDefinition:
    """``sheets``: the department's sheets, found by name (a workbook of one sheet may name it
    otherwise). ``projects``: every other visible sheet that is not empty is one project, in
    order. A Word file may hold more or other than the workbook: ``word`` is the definition its
    tables are read with (None: this one), ``narrative`` reads its paragraphs by their headings."""

    sheets: tuple[SheetImport, ...] = ()
    projects: SheetImport | None = None
    word: Optional["ImportDefinition"] = None
    narrative: Narrative | None = None
