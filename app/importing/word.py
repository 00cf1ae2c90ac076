"""A Word document (.docx) read for import as the same cells a workbook gives: each section of
the document (our Word export writes one per printed form, as its Excel export writes one
sheet) becomes one sheet, its paragraphs and tables in order, so the templates' own import
definitions read it unchanged.

- A paragraph with text is one row, one cell across the section's width (as our Excel export
  prints a title or "编制单位：…"); empty paragraphs are left out, and an empty row follows
  every table (the gap that ends a table on a sheet).
- A table is its grid: ``gridSpan`` (and the old ``hMerge``) merges across, ``vMerge``
  restart/continue merges down; the merged range is one cell. A cell's paragraphs are its
  lines. Every position of a table counts as bordered, as an empty row of a table does on a sheet.
- A table that goes on after a page break (our export cuts a table where the PDF's page ends
  and opens the next piece with the header rows, ``w:tblHeader``, and each label cut by the
  break written again) is joined back into one: the repeated header rows are dropped and a
  cell written again is taken as the cell above it.
- Nothing is run or fetched: a .docm's macros are never read, an external part never opened.
  The package goes through ``app.importing.package`` with the workbook's limits.

Every cell and row remembers its place in the Word file (表3第4行第2列, a paragraph by its
first words), so a problem is said where the officer finds it in Word.
"""
from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator
from xml.etree import ElementTree

from app.importing.cells import shown
from app.importing.definition import ImportDefinition
from app.importing.package import Package, PackageError, PackageLimits
from app.importing.package import attribute as _attribute
from app.importing.package import local_name as _local
from app.importing.problems import ImportProblem, WorkbookImportError
from app.importing.word_numbering import Numbering
from app.importing.word_parts import (WordCell, WordParagraph, WordSection, WordTable,
                                      join_continued)
from app.importing.workbook import (MAX_CELL_ELEMENTS, MAX_CELLS, MAX_COLUMNS,
                                    MAX_MERGED_AREA, MAX_ROWS, CellKind, RawCell, SheetData,
                                    WorkbookData)
from app.templates import Template

if TYPE_CHECKING:
    from app.importing.word_sections import WordSheets

LIMITS = PackageLimits()
MAX_PARAGRAPHS = 200_000
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc", ".wps")
_SKIPPED = {"txbxContent", "Fallback", "delText", "instrText", "del", "moveFrom"}
_TRUE = {None, "", "1", "true", "on"}
_TITLE_YEAR = re.compile(r"\d{4}\s*年")  # where a long title breaks (app.export.layout)




def _child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _number(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isascii() and text.isdigit() else default


def _value(element: ElementTree.Element | None, name: str, default: int) -> int:
    """The number in a property's ``w:val`` (``w:gridSpan``), or ``default``."""
    found = _child(element, name)
    return default if found is None else _number(_attribute(found, "val"), default)


def _fail(message: str, path: Path | None) -> WorkbookImportError:
    return WorkbookImportError([ImportProblem(message)], path)


@dataclass
class WordData(WorkbookData):
    """The document's sections as sheets ("第1节" …), and where each sheet cell is in Word."""

    sections: list[WordSection] = field(default_factory=list)
    # sheet name → (section index, row → place, (row, column) → place)
    places: dict[str, tuple[int, dict[int, str], dict[tuple[int, int], str]]] = \
        field(default_factory=dict)

    def paragraphs(self) -> list[str]:
        """Every paragraph outside the tables, in order (the narrative a definition reads)."""
        return [text for section in self.sections for text in section.paragraphs()]

    def for_template(self, template: Template, path: Path | None,
                     definition: ImportDefinition | None = None) -> WordSheets:
        from app.importing.word_sections import choose_sections

        return choose_sections(self, template, path, definition or template.excel_import)

    def located(self, problem: ImportProblem, names: dict[str, str]) -> ImportProblem:
        """The problem with its Word place (``names``: the chosen sheets' names → the
        section's own sheet name)."""
        name = names.get(problem.sheet, problem.sheet)
        known = self.places.get(name)
        if known is None:
            return problem
        section, rows, cells = known
        place = ""
        if problem.row is not None and problem.column is not None:
            place = cells.get((problem.row, problem.column), "")
        if not place and problem.row is not None:
            place = rows.get(problem.row, "")
        if not place:
            words = self.sections[section].first_words()
            place = f"第{section + 1}节" + (f"（“{words}”起）" if words else "")
        return dataclasses.replace(problem, place=place)


def is_word(data: bytes) -> bool:
    """Whether a zip package is a Word document (told by its parts, not the file's name)."""
    if not data.startswith(b"PK"):
        return False
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False
    return "word/document.xml" in names or any(n.lower() == "word/document.xml" for n in names)


def word_refusal(data: bytes, path: Path | None) -> WorkbookImportError | None:
    """The refusal for a file that is no .docx but is one of Word's other kinds (an encrypted
    .docx, a Word 97–2003 .doc or a WPS .wps: OLE compound files), or a file named as a Word
    document that is no readable package. None: read it by its content."""
    named = path is not None and path.suffix.lower() in WORD_SUFFIXES
    if data.startswith(_OLE_SIGNATURE):
        if _ENCRYPTED_STREAM in data and named:
            return _fail("Word 文档设置了打开密码（已加密），无法读取；请在 Word 或 WPS 中取消密码"
                         "（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）后另存，再导入", path)
        if _WORD_STREAM in data or named:
            return _fail("这是旧版 Word 文件（.doc）或 WPS 文字文件（.wps），无法直接读取；请在 Word "
                         "或 WPS 中打开并“另存为” Word 文档（.docx）后再导入", path)
        return None
    if not named or not data:
        return None
    if not data.startswith(b"PK"):
        return _fail("不是 Word 文档（.docx）：文件内容不是 Word 的格式（可能是改了扩展名的其他文件，"
                     "或文件已损坏）", path)
    try:
        zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return _fail("文件已损坏（不是完整的 .docx 压缩包，可能下载或复制时被截断）", path)
    return None


def read_word(data: bytes, path: Path | None = None,
              cancelled: Callable[[], bool] | None = None) -> WordData:
    """Parse a .docx package held in memory; raises ``WorkbookImportError``."""
    reader = _Reader(path)
    try:
        reader.package = Package(data, LIMITS, cancelled)
        return reader.read()
    except PackageError as exc:
        raise _fail(exc.message, path) from None
    except zipfile.BadZipFile:
        raise _fail("文件已损坏（不是完整的 .docx 压缩包，可能下载或复制时被截断）", path) from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError, zlib.error):
        raise _fail("文件已损坏或使用了不支持的压缩方式，请在 Word 中打开并另存为 .docx", path) \
            from None
    except ElementTree.ParseError as exc:
        raise _fail(f"Word 文档内部的 XML“{reader.part}”已损坏（第 {exc.position[0]} 行），"
                    "请在 Word 中打开并另存", path) from None


class _Reader:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.package: Package
        self.part = ""
        self.tables = 0
        self.paragraphs = 0
        self.positions = 0  # grid positions of every table (the bordered cells of a sheet)
        self.merged_area = 0
        self._closed = True  # no table is being read
        self._above: dict[int, WordCell] = {}  # column → the cell covering the row above
        self.numbering = Numbering()

    def fail(self, message: str) -> WorkbookImportError:
        return _fail(message, self.path)

    def read(self) -> WordData:
        part = self._main_part()
        if part is None or part not in self.package:
            raise self.fail("是压缩文件，但不是 Word 文档（缺少 document.xml）")
        if "word/numbering.xml" in self.package:
            self.part = "word/numbering.xml"
            self.numbering = Numbering.read(self.package.parse(self.part))
        self.part = part
        sections = self._sections(part)
        if not self.tables:
            raise self.fail("Word 文档中没有表格：绩效表的内容都在表格中，这份文档不像任何一种绩效表"
                            "（如是扫描件或图片，请先转为可编辑的表格）")
        return _as_sheets(sections, self)

    def _main_part(self) -> str | None:
        if "_rels/.rels" not in self.package:
            return "word/document.xml" if "word/document.xml" in self.package else None
        self.part = "_rels/.rels"
        for relation in self.package.parse("_rels/.rels"):
            if (relation.get("Type") or "").endswith("/officeDocument"):
                target = relation.get("Target") or ""
                return target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(target)
        return None

    def _sections(self, part: str) -> list[WordSection]:
        sections = [WordSection()]
        stack: list[str] = []
        for event, element in self.package.events(part, ("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                stack.append(tag)
                continue
            stack.pop()
            if tag == "p" and "p" not in stack and "tbl" not in stack:
                if any(t in _SKIPPED or t == "txbxContent" for t in stack):
                    continue
                sections[-1].items.append(self._paragraph(element))
                if _child(_child(element, "pPr"), "sectPr") is not None:
                    sections.append(WordSection())
                element.clear()
            elif tag == "tr" and stack.count("tbl") == 1 and "p" not in stack:
                table = self._current(sections[-1])
                self._row(table, element)
                element.clear()
            elif tag == "tbl" and "tbl" not in stack and "p" not in stack:
                if not self._closed:  # a table without rows is nothing
                    self._closed = True
                    join_continued(sections[-1])
                element.clear()
            elif tag == "tbl" and "tbl" not in stack:
                element.clear()  # a table inside a text box: not part of the form
        if not sections[-1].items:
            sections.pop()
        return sections

    def _current(self, section: WordSection) -> WordTable:
        """The table being read (a new one at its first row)."""
        last = section.items[-1] if section.items else None
        if self._closed or not isinstance(last, WordTable):
            self.tables += 1
            last = WordTable(self.tables, 0)
            section.items.append(last)
            self._closed = False
            self._above = {}
        return last

    def _paragraph(self, p: ElementTree.Element) -> WordParagraph:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise self.fail(f"段落超过 {MAX_PARAGRAPHS:,} 个的导入上限，不像一份绩效表")
        properties = _child(p, "pPr")
        breaks = _child(properties, "pageBreakBefore")
        page_break = breaks is not None and _attribute(breaks, "val") in _TRUE
        # The number Word draws (w:numPr) goes before the text, as if typed.
        text = self.numbering.label(properties) + _text(p)
        if any(_local(e.tag) == "br" and _attribute(e, "type") == "page" for e in p.iter()):
            page_break = True
        style = _child(properties, "pStyle")
        if style is not None and (_attribute(style, "val") or "").lower() == "title":
            text = _title_unbroken(text)
        return WordParagraph(text, page_break)

    def _row(self, table: WordTable, tr: ElementTree.Element) -> None:
        r = len(table.rows)
        if r >= MAX_ROWS:
            raise self.fail(f"表{table.number}的行数超过 {MAX_ROWS:,} 行的导入上限，不像一份绩效表")
        properties = _child(tr, "trPr")
        header = _child(properties, "tblHeader")
        if header is not None and _attribute(header, "val") in _TRUE \
                and table.header_rows == r:
            table.header_rows += 1
        column = min(_value(properties, "gridBefore", 0), MAX_COLUMNS + 1)
        above = self._above
        here: dict[int, WordCell] = {}
        anchored: list[str] = []
        word_row = r + 1
        for index, tc in enumerate(_row_cells(tr), start=1):
            cell_properties = _child(tc, "tcPr")
            span = max(1, min(_value(cell_properties, "gridSpan", 1), MAX_COLUMNS + 1))
            if column + span > MAX_COLUMNS:
                raise self.fail(f"表{table.number}第{word_row}行超出了 {MAX_COLUMNS} 列，"
                                "不像一份绩效表")
            self.positions += span
            if self.positions > MAX_CELL_ELEMENTS:
                raise self.fail(f"表格的单元格超过 {MAX_CELL_ELEMENTS:,} 个的导入上限，不像一份绩效表")
            vmerge = _child(cell_properties, "vMerge")
            hmerge = _child(cell_properties, "hMerge")
            owner = above.get(column)
            previous = here.get(column - 1)
            if hmerge is not None and _attribute(hmerge, "val") != "restart" \
                    and previous is not None and previous.row == r:
                previous.last_column = column + span - 1
                cell = previous
            elif vmerge is not None and _attribute(vmerge, "val") != "restart" \
                    and owner is not None and owner.column == column:
                owner.last_row = r
                self.merged_area += span
                if self.merged_area > MAX_MERGED_AREA:
                    raise self.fail(f"表{table.number}等的合并单元格合计覆盖的单元格超过 "
                                    f"{MAX_MERGED_AREA:,} 个的导入上限，不像一份绩效表")
                cell = owner
            else:
                cell = WordCell(r, column, r, column + span - 1, _cell_text(tc),
                                (table.number, word_row, index))
                table.cells.append(cell)
                if r < table.header_rows:
                    anchored.append(cell.text)
            for c in range(column, column + span):
                here[c] = cell
            column += span
        table.rows.append((table.number, word_row))
        table.columns = max(table.columns, column)
        if r < table.header_rows:
            table.headers.append(anchored)
        self._above = here


def _title_unbroken(text: str) -> str:
    """A title without the line break our export puts before its year when it is too long for
    one line (``app.export.layout.title_text``: only into a title without a break of its own);
    the officer's own line breaks stay."""
    if text.count("\n") != 1:
        return text
    joined = text.replace("\n", "")
    year = _TITLE_YEAR.search(joined)
    return joined if year is not None and year.start() == text.index("\n") else text


def _row_cells(tr: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """A row's cells, also those a content control or custom XML wraps."""
    for child in tr:
        tag = _local(child.tag)
        if tag == "tc":
            yield child
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _row_cells(child)


def _text(element: ElementTree.Element) -> str:
    """A paragraph's text as shown: runs' text, tabs, line breaks; deleted text, field codes
    and text boxes left out."""
    parts: list[str] = []

    def walk(node: ElementTree.Element) -> None:
        for child in node:
            tag = _local(child.tag)
            if tag in _SKIPPED:
                continue
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab" and _local(node.tag) == "r":
                parts.append("\t")
            elif tag in ("br", "cr") and _attribute(child, "type") in (None, "textWrapping"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _cell_text(tc: ElementTree.Element) -> str:
    """A cell's paragraphs (nested tables' too), one line each."""
    lines: list[str] = []

    def walk(node: ElementTree.Element) -> None:
        for child in node:
            tag = _local(child.tag)
            if tag == "p":
                lines.append(_text(child))
            elif tag not in ("tcPr", "trPr", "tblPr", "tblGrid"):
                walk(child)

    walk(tc)
    return "\n".join(lines)


def _as_sheets(sections: list[WordSection], reader: _Reader) -> WordData:
    sheets: list[SheetData] = []
    places: dict[str, tuple[int, dict[int, str], dict[tuple[int, int], str]]] = {}
    values = 0
    for number, section in enumerate(sections):
        name = f"第{number + 1}节"
        sheet = SheetData(name)
        rows: dict[int, str] = {}
        cells: dict[tuple[int, int], str] = {}
        width = max([t.columns for t in section.items if isinstance(t, WordTable)], default=1)
        row = 1
        for item in section.items:
            if row > MAX_ROWS:
                raise reader.fail(f"第{number + 1}节的内容超过 {MAX_ROWS:,} 行的导入上限，不像一份绩效表")
            if isinstance(item, WordParagraph):
                if not item.text.strip():
                    continue
                sheet.cells[(row, 1)] = RawCell(row, 1, CellKind.TEXT, item.text)
                values += 1
                if width > 1:
                    sheet.merges.append((row, 1, row, width))
                rows[row] = f"段落“{shown(item.text.strip(), 15)}”"
                row += 1
                continue
            for r, (table, word_row) in enumerate(item.rows):
                rows[row + r] = f"表{table}第{word_row}行"
                for c in range(1, item.columns + 1):
                    sheet.styled.add((row + r, c))
            for cell in item.cells:
                r1, c1 = row + cell.row, 1 + cell.column
                r2, c2 = row + cell.last_row, 1 + cell.last_column
                if cell.text:
                    sheet.cells[(r1, c1)] = RawCell(r1, c1, CellKind.TEXT, cell.text)
                    values += 1
                if (r1, c1) != (r2, c2):
                    sheet.merges.append((r1, c1, r2, c2))
                table, word_row, index = cell.place
                cells[(r1, c1)] = f"表{table}第{word_row}行第{index}列"
            row += len(item.rows) + 1  # the gap after a table
            if values > MAX_CELLS:
                raise reader.fail(f"有内容的单元格超过 {MAX_CELLS:,} 个的导入上限，不像一份绩效表")
        if sheet.cells:
            sheets.append(sheet)
            places[name] = (number, rows, cells)
    return WordData(sheets, [], sections=sections, places=places)
