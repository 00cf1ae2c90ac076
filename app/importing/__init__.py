"""Excel and Word import: a workbook or a Word document in a province's layout (our own
export, or one typed to the published form) read into a document of that template, all or
nothing. The format is told by the file's content (app/importing/word.py reads a .docx into the
same cells a workbook gives), never by its name.

``import_workbook(path, template)`` reads the file once, read-only, and returns the document
and the warnings (things to check, such as an 一级指标 outside the template's list); any
problem raises ``WorkbookImportError`` with every problem and its cell, and nothing is
written. ``guess_template(path)`` proposes the template a workbook looks like. The definitions
are the templates' own (``Template.excel_import``, declared in ``forms/<province>/``).
docs/import.md.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from app.importing.cells import Cells
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.convert import convert_old_word, is_old_word
from app.importing.document import build_document
from app.importing.grid import Grid
from app.importing.labels import literal, match_label, normalize
from app.importing.package import PackageCancelled as ImportCancelled
from app.importing.problems import ImportProblem, WorkbookImportError
from app.importing.reader import Assignment, SheetReader
from app.importing.scores import untype_computed_scores
from app.importing.word import WORD_SUFFIXES, WordData, is_word, read_word, word_refusal
from app.importing.workbook import SheetData, WorkbookData, read_bytes, read_workbook
from app.model import TargetDocument
from app.templates import Template, all_templates

__all__ = ["ImportCancelled", "ImportDefinition", "ImportProblem", "ImportResult", "SheetImport",
           "WorkbookImportError", "guess_from", "guess_template", "import_data", "import_workbook",
           "importable_templates", "read_file"]


@dataclass
class ImportResult:
    document: TargetDocument
    warnings: list[ImportProblem] = field(default_factory=list)


def importable_templates() -> tuple[Template, ...]:
    return tuple(t for t in all_templates() if t.excel_import is not None)


def import_workbook(path: Path | str, template: Template) -> ImportResult:
    """Read ``path`` as a workbook of ``template``; raises ``WorkbookImportError``."""
    path = Path(path)
    definition = template.excel_import
    if definition is None:
        raise WorkbookImportError([ImportProblem(f"模板“{template.title}”不支持从 Excel 导入")],
                                  path)
    return import_data(read_file(path), template, path)


def read_file(path: Path | str, cancelled: Callable[[], bool] | None = None) -> WorkbookData:
    """The workbook (or Word document) read once (for a guess and then the import); raises
    ``WorkbookImportError`` for a file that is not a readable workbook or document,
    ``ImportCancelled`` once ``cancelled()`` says so (the editor's 取消)."""
    path = Path(path)
    data = read_bytes(path)
    if is_old_word(data, path):  # .doc, .wps: LibreOffice makes a .docx of it
        return read_word(convert_old_word(data, path, cancelled), path, cancelled)
    if not data and _named_word(path):
        raise WorkbookImportError([ImportProblem("文件是空的（0 字节），不是 Word 文档")], path)
    refused = word_refusal(data, path)
    if refused is not None:
        raise refused
    if is_word(data) or (_named_word(path) and not _holds_workbook(data)):
        return read_word(data, path, cancelled)  # a .docx without its parts is said to be one
    return read_workbook(data, path, cancelled)


def _named_word(path: Path) -> bool:
    return path.suffix.lower() in WORD_SUFFIXES


def _holds_workbook(data: bytes) -> bool:
    """Whether a zip has a workbook part (a .xlsx renamed .docx is read as the workbook)."""
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return True  # not a zip: the workbook reader says what it is
    return any(name.lower().endswith("workbook.xml") for name in names)


def import_data(workbook: WorkbookData, template: Template, path: Path | None = None
                ) -> ImportResult:
    if not isinstance(workbook, WordData):
        return _import_sheets(workbook, template, path)
    if template.excel_import is None:
        raise WorkbookImportError([ImportProblem(f"模板“{template.title}”不支持导入")], path)
    definition = word_definition(template.excel_import)
    chosen = workbook.for_template(template, path, definition)
    try:
        result = _import_sheets(chosen.workbook, template, path, definition)
    except WorkbookImportError as exc:
        raise WorkbookImportError([workbook.located(p, chosen.names) for p in exc.problems],
                                  path) from None
    result.warnings = [workbook.located(w, chosen.names) for w in result.warnings]
    if definition.narrative is not None:
        result.warnings += definition.narrative(result.document, workbook.paragraphs())
    return result


def word_definition(definition: ImportDefinition) -> ImportDefinition:
    """The definition a Word file of the template is read with."""
    return definition.word or definition


def _import_sheets(workbook: WorkbookData, template: Template, path: Path | None,
                   definition: ImportDefinition | None = None) -> ImportResult:
    definition = definition or template.excel_import
    assert definition is not None
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    assignments: list[Assignment] = []
    cells = Cells(workbook)
    department, projects = _sheets(workbook, definition, template, warnings, path)
    for sheet, sheet_import in department:
        _read_sheet(sheet, sheet_import, cells, template, None, assignments, problems, warnings,
                    path)
    for index, sheet in enumerate(projects):
        assert definition.projects is not None
        _read_sheet(sheet, definition.projects, cells, template, index, assignments, problems,
                    warnings, path)
    document = None
    if not problems:
        document = build_document(template, assignments, len(projects), problems, warnings,
                                  source=workbook.kind)
    if problems or document is None:
        other = _another_form(workbook, template, f"按所选模板读取有 {len(problems)} 处对不上") \
            if len(problems) >= 3 else []
        raise WorkbookImportError(other or problems, path)
    untype_computed_scores(document, template)
    return ImportResult(document, warnings)


def _another_form(workbook: WorkbookData, template: Template, detail: str
                  ) -> list[ImportProblem]:
    """When the workbook is plainly another template's form, say that instead of listing every
    label the chosen template misses."""
    guess = guess_from(workbook)
    if guess is None or guess == template.id:
        return []
    other = next(t for t in all_templates() if t.id == guess)
    this = "这个工作簿" if workbook.kind == "工作簿" else f"这份 {workbook.kind}"
    return [ImportProblem(f"{this}是“{other.title}”的格式，不是“{template.title}”的（{detail}）；"
                          f"请改选模板“{other.title}”（{other.id}）后重新导入")]


def _read_sheet(sheet: SheetData, sheet_import: SheetImport, cells: Cells, template: Template,
                project: int | None, assignments: list[Assignment],
                problems: list[ImportProblem], warnings: list[ImportProblem],
                path: Path | None) -> None:
    reader = SheetReader(Grid(sheet, path), cells, template, project, assignments, problems,
                         warnings)
    blocks = sheet_import.blocks
    for index, block in enumerate(blocks):
        reader.next_anchors = tuple(a for later in blocks[index + 1:]
                                    for a in later.anchors(template))
        block.read(reader)


def _sheets(workbook: WorkbookData, definition: ImportDefinition, template: Template,
            warnings: list[ImportProblem], path: Path | None
            ) -> tuple[list[tuple[SheetData, SheetImport]], list[SheetData]]:
    """The department's sheets by name, and the project sheets: every other sheet with cells."""
    by_name = {sheet.name.strip().lower(): sheet for sheet in workbook.sheets}
    taken: set[int] = set()
    department = []
    for sheet_import in definition.sheets:
        sheet = by_name.get(sheet_import.name.lower()) if sheet_import.name else None
        if sheet is None and not sheet_import.required:
            continue
        if sheet is None:
            alone = [s for s in workbook.sheets if s.cells]
            if len(alone) == 1 and definition.projects is None:
                sheet = alone[0]
                if sheet_import.name:
                    warnings.append(ImportProblem(
                        f"没有名为“{sheet_import.name}”的工作表，已读取唯一的工作表", sheet.name))
            else:
                names = "、".join(f"“{s.name}”" for s in workbook.sheets[:5])
                more = f"等 {len(workbook.sheets)} 个" if len(workbook.sheets) > 5 else ""
                problems = [ImportProblem(
                    f"缺少工作表“{sheet_import.name}”（{template.title}的工作簿应有此表；"
                    f"本工作簿的表：{names}{more}）")]
                raise WorkbookImportError(_another_form(
                    workbook, template, f"没有工作表“{sheet_import.name}”") or problems, path)
        taken.add(id(sheet))
        department.append((sheet, sheet_import))
    projects = []
    if definition.projects is not None:
        projects = [s for s in workbook.sheets if id(s) not in taken and s.cells]
    return department, projects


def guess_template(path: Path | str) -> str | None:
    """The id of the template whose labels the workbook holds best (None: no good match).
    Reads the file; a file that cannot be read gives None (the import then says why)."""
    try:
        workbook = read_file(path)
    except WorkbookImportError:
        return None
    return guess_from(workbook)


def guess_from(workbook: WorkbookData) -> str | None:
    texts = {raw.value for sheet in workbook.sheets for raw in sheet.cells.values()
             if raw.row <= 300 and len(raw.value) <= 60}
    normalized = {normalize(text) for text in texts}
    scores = []
    for template in importable_templates():
        definition = template.excel_import
        assert definition is not None
        if isinstance(workbook, WordData):
            definition = word_definition(definition)
        anchors = {a for sheet_import in _all_sheet_imports(definition)
                   for block in sheet_import.blocks for a in block.anchors(template)}
        if not anchors:
            continue
        found = sum(1 for anchor in anchors if _anchor_found(anchor, normalized, texts))
        scores.append((found / len(anchors), found, template.id))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < 0.5 or (len(scores) > 1 and scores[1][:2] == scores[0][:2]):
        return None
    return scores[0][2]


def _anchor_found(anchor: str, normalized: set[str], texts: set[str]) -> bool:
    # A label without placeholders is one text: looked up, not matched against every cell.
    exact = literal(anchor)
    if exact is not None:
        return exact in normalized and any(match_label(anchor, text) is not None
                                           for text in texts if normalize(text) == exact)
    return any(match_label(anchor, text) is not None for text in texts)


def _all_sheet_imports(definition: ImportDefinition) -> list[SheetImport]:
    return [*definition.sheets, *([definition.projects] if definition.projects else [])]
