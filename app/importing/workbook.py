"""An .xlsx workbook read for import: every cell as the file stores it, the merged ranges, the
defined names of each sheet. The file is read once into memory and never written; nothing is evaluated.

openpyxl would give a float for a number (the digits the file stores are what we need), builds
a styled object per merged cell (a second per import of a form), and pads rows out to the
sheet's stated size; so the parts of the package are read here with a streaming XML parser,
and each limit is checked as it is reached: a huge or hostile file ends with a Chinese message,
never with a hang. Every way a file can be wrong raises ``WorkbookImportError``.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, Iterator
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string

from app.errors import os_reason
from app.readfile import NOT_REGULAR, NotRegularFile, read_regular
from app.importing.package import Event, Package, PackageError, PackageLimits
from app.importing.package import attribute as _attribute
from app.importing.package import local_name as _local
from app.importing.problems import ImportProblem, WorkbookImportError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 20_000  # a form of 5,000 indicators has about 5,300 rows
MAX_ROW_NUMBER = 1_048_576  # Excel's last row: a row numbered beyond is a damaged file
MAX_ROW_ELEMENTS = 200_000  # rows stored, empty formatted ones included
MAX_COLUMNS = 200
MAX_CELLS = 100_000  # cells with a value, in the whole workbook (a 5,000-indicator form: ~50,000)
MAX_CELL_ELEMENTS = 1_000_000  # cells stored, empty formatted ones included
MAX_MERGES = 100_000
MAX_MERGED_AREA = 400_000  # the cells every merged range covers, in the whole workbook
MAX_SHARED_STRINGS = 500_000
MAX_SHARED_CHARACTERS = 20_000_000
MAX_STYLES = 100_000  # Excel's own limit is 64,000 cell formats
MAX_SHEETS = 500
MAX_NAMES = 10_000
MAX_NAME_TEXT = 16_384  # characters of one name's formula (Excel's own limit is 8,192)
LIMITS = PackageLimits()

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_CELL_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_COUNT = re.compile(r"[0-9]{1,9}")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


class CellKind(str, Enum):
    TEXT = "text"
    NUMBER = "number"
    BOOL = "bool"
    ERROR = "error"  # #DIV/0!, #REF! …
    FORMULA = "formula"  # a formula without a stored result
    DATE = "date"  # an ISO 8601 date cell (t="d"), as a few programs write them


@dataclass(frozen=True)
class RawCell:
    row: int
    column: int
    kind: CellKind
    value: str  # a text as stored; a number's digits ("68.4", "1e309"); "1"/"0"; "#REF!"
    formula: str = ""  # "=SUM(E5:E9)" when the cell holds a formula (value: its stored result)
    style: int = 0


@dataclass(frozen=True)
class CellStyle:
    number_format: str = "General"
    bordered: bool = False

    @property
    def is_date(self) -> bool:
        return is_date_format(self.number_format)

    @property
    def is_percent(self) -> bool:
        return "%" in self.number_format


@dataclass
class SheetData:
    name: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    # (name, refers-to) of the names defined for this sheet: our export's row marks
    # (app/export/xlsx_marks.py) are among them
    names: list[tuple[str, str]] = field(default_factory=list)
    styled: set[tuple[int, int]] = field(default_factory=set)  # cells with a border


@dataclass
class WorkbookData:
    sheets: list[SheetData]  # the visible worksheets, in the workbook's order
    styles: list[CellStyle]
    date1904: bool = False
    kind: str = "工作簿"  # what the officer calls the file in a message ("Word 文档")

    def style(self, cell: RawCell) -> CellStyle:
        return self.styles[cell.style] if 0 <= cell.style < len(self.styles) else CellStyle()


def _fail(message: str, path: Path | None, sheet: str = "", row: int | None = None,
          column: int | None = None) -> WorkbookImportError:
    return WorkbookImportError([ImportProblem(message, sheet, row, column)], path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, read once (opened read-only; nothing is ever written to it); a named
    pipe or a device is refused (app/readfile.py)."""
    try:
        if path.is_dir():
            raise _fail("这是一个文件夹，不是 Excel 工作簿", path)
        data, status = read_regular(path, MAX_FILE_BYTES)
        if status.st_size > MAX_FILE_BYTES:
            raise _fail(f"文件过大（{status.st_size / 1024 / 1024:.0f} MB），超过导入上限 "
                        f"{MAX_FILE_BYTES // 1024 // 1024} MB", path)
        return data
    except NotRegularFile:
        raise _fail(NOT_REGULAR, path) from None
    except FileNotFoundError:
        raise _fail("文件不存在", path) from None
    except PermissionError:
        raise _fail("没有读取权限", path) from None
    except OSError as exc:
        raise _fail(f"读取失败：{os_reason(exc)}", path) from None
    except ValueError:  # a name with a NUL character
        raise _fail("文件名无效", path) from None


def read_workbook(data: bytes, path: Path | None = None,
                  cancelled: Callable[[], bool] | None = None) -> WorkbookData:
    """Parse an .xlsx package held in memory; ``cancelled`` is asked now and then (the
    editor's 取消) and ends the reading with ``PackageCancelled``."""
    if not data:
        raise _fail("文件是空的（0 字节），不是 Excel 工作簿", path)
    if data.startswith(_OLE_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            raise _fail("工作簿设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码"
                        "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再导入", path)
        raise _fail("这是旧版 Excel 文件（.xls 或 WPS 的 .et，只是扩展名为 .xlsx），请在 Excel 或 "
                    "WPS 中打开并“另存为” Excel 工作簿（.xlsx）后再导入", path)
    if not data.startswith(b"PK"):
        raise _fail("不是 Excel 工作簿（.xlsx）：文件内容不是 Excel 的格式"
                    "（可能是改了扩展名的其他文件，或文件已损坏）", path)
    reader = _Package(path)
    try:
        reader.package = Package(data, LIMITS, cancelled)
        return reader.read()
    except PackageError as exc:
        raise _fail(exc.message, path, sheet=reader.sheet) from None
    except zipfile.BadZipFile:
        raise _fail("文件已损坏（不是完整的 .xlsx 压缩包，可能下载或复制时被截断）", path) from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError, zlib.error):
        raise _fail("文件已损坏或使用了不支持的压缩方式，请在 Excel 中打开并另存为 .xlsx", path) \
            from None
    except ElementTree.ParseError as exc:
        place = f"“{reader.part}”" if reader.part else ""
        raise _fail(f"工作簿内部的 XML {place}已损坏（第 {exc.position[0]} 行），请在 Excel 中打开并"
                    "另存", path, sheet=reader.sheet) from None


def _count(text: str | None) -> int | None:
    """An attribute's number, ASCII digits only (int() would take "²" and "٣" too, or raise)."""
    return int(text) if text is not None and _COUNT.fullmatch(text) else None




def _unescape(text: str) -> str:
    # Excel writes characters XML cannot hold as _xHHHH_ in its shared strings.
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _text_of(element: ElementTree.Element) -> str:
    """The text of a string item (<si> or <is>): plain <t> or rich runs, phonetic guides left out."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


class _Package:
    """One reading of a workbook's parts; ``part`` and ``sheet`` say where it is, for a message."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.package: Package
        self.part = ""
        self.sheet = ""
        self.cell_elements = 0
        self.cells = 0
        self.merged_area = 0

    def fail(self, message: str, **where) -> WorkbookImportError:
        return _fail(message, self.path, **where)

    def too_many_rows(self, sheet: str) -> WorkbookImportError:
        return self.fail(f"行数过多（超过 {MAX_ROWS} 行），不像一份绩效表；请删除多余的行后再导入",
                         sheet=sheet)

    def events(self, name: str, events: tuple[Event, ...] = ("end",)
               ) -> Iterator[tuple[str, ElementTree.Element]]:
        self.part = name
        yield from self.package.events(name, events)

    def parse(self, name: str) -> ElementTree.Element:
        self.part = name
        return self.package.parse(name)

    def read(self) -> WorkbookData:
        names = self.package.names
        if "mimetype" in names:
            raise self.fail("这是 OpenDocument 表格（.ods），请在 WPS 或 LibreOffice 中另存为 "
                            "Excel 工作簿（.xlsx）后再导入")
        workbook_part = self._main_part()
        if workbook_part is None or workbook_part not in names:
            if "word/document.xml" in names:
                raise self.fail("这是 Word 文档（.docx），不是 Excel 工作簿")
            raise self.fail("是压缩文件，但不是 Excel 工作簿（缺少 workbook.xml）")
        relations = self._relations(workbook_part)
        root = self.parse(workbook_part)
        date1904 = any(_local(e.tag) == "workbookPr" and _attribute(e, "date1904") in ("1", "true")
                       for e in root.iter())
        strings = self._shared_strings(relations)
        styles = self._styles(relations)
        sheets: list[SheetData] = []
        seen: dict[str, str] = {}
        entries = [e for e in root.iter() if _local(e.tag) == "sheet"]
        if len(entries) > MAX_SHEETS:
            raise self.fail(f"工作表过多（{len(entries)} 个），超过导入上限 {MAX_SHEETS} 个")
        defined = self._sheet_names(root, len(entries))
        for index, entry in enumerate(entries):
            name = _attribute(entry, "name") or ""
            if name.lower() in seen:
                raise self.fail(f"工作簿中有两个同名的工作表“{name}”（文件已损坏），"
                                "请在 Excel 中打开并另存后再导入")
            seen[name.lower()] = name
            if (_attribute(entry, "state") or "visible") != "visible":
                continue  # a hidden sheet (lists for drop-downs and the like) is not a form
            kind, target = relations.get(_attribute(entry, "id") or "", ("", ""))
            if kind != "worksheet":
                continue  # a chart sheet
            if target not in names:
                raise self.fail(f"工作表“{name}”的内容缺失（文件已损坏）")
            self.sheet = name
            sheets.append(self._sheet(name, target, strings, styles))
            self.sheet = ""
            sheets[-1].names = defined.get(index, [])
        if not sheets:
            raise self.fail("工作簿中没有可见的工作表")
        return WorkbookData(sheets, styles, date1904)

    def _sheet_names(self, root: ElementTree.Element, sheets: int
                     ) -> dict[int, list[tuple[str, str]]]:
        """The names defined for a sheet (``localSheetId``: its place among all sheets)."""
        found: dict[int, list[tuple[str, str]]] = {}
        elements = [e for e in root.iter() if _local(e.tag) == "definedName"]
        for element in elements[:MAX_NAMES]:
            local = _count(_attribute(element, "localSheetId"))
            text = element.text or ""
            if local is not None and local < sheets and len(text) <= MAX_NAME_TEXT:
                found.setdefault(local, []).append((_attribute(element, "name") or "", text))
        return found

    def _main_part(self) -> str | None:
        if "_rels/.rels" not in self.package:
            return "xl/workbook.xml" if "xl/workbook.xml" in self.package else None
        for relation in self.parse("_rels/.rels"):
            if (relation.get("Type") or "").endswith("/officeDocument"):
                return (relation.get("Target") or "").lstrip("/")
        return None

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (kind, part name) of a part's relationships."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.package:
            return {}
        found = {}
        for relation in self.parse(rels):
            if relation.get("TargetMode") == "External":
                continue
            target = relation.get("Target") or ""
            target = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            kind = (relation.get("Type") or "").rsplit("/", 1)[-1]
            found[relation.get("Id") or ""] = (kind, target)
        return found

    def _shared_strings(self, relations: dict[str, tuple[str, str]]) -> list[str]:
        part = next((t for k, t in relations.values() if k == "sharedStrings"), None)
        if part is None or part not in self.package:
            return []
        strings = []
        characters = 0
        for _, element in self.events(part):
            if _local(element.tag) == "si":
                text = _unescape(_text_of(element))
                element.clear()
                characters += len(text)
                strings.append(text)
                if len(strings) > MAX_SHARED_STRINGS:
                    raise self.fail(f"共享文字超过 {MAX_SHARED_STRINGS:,} 条的导入上限，"
                                    "不像一份绩效表")
                if characters > MAX_SHARED_CHARACTERS:
                    raise self.fail(f"共享文字合计超过 {MAX_SHARED_CHARACTERS:,} 字的导入上限，"
                                    "不像一份绩效表")
        return strings

    def _styles(self, relations: dict[str, tuple[str, str]]) -> list[CellStyle]:
        part = next((t for k, t in relations.values() if k == "styles"), None)
        if part is None or part not in self.package:
            return []
        formats = dict(BUILTIN_FORMATS)
        borders: list[bool] = []
        cell_formats: list[tuple[int, int]] = []
        section = ""
        for event, element in self.events(part, ("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag in ("numFmts", "borders", "cellXfs", "cellStyleXfs"):
                    section = tag
                continue
            if tag == "numFmt" and section == "numFmts":
                number = _count(element.get("numFmtId"))
                if number is not None:
                    formats[number] = element.get("formatCode", "General")
            elif tag == "border" and section == "borders":
                borders.append(any((side.get("style") or "none") != "none" for side in element))
            elif tag == "xf" and section == "cellXfs":
                cell_formats.append((_count(element.get("numFmtId")) or 0,
                                     _count(element.get("borderId")) or 0))
            elif tag in ("numFmts", "borders", "cellXfs", "cellStyleXfs"):
                section = ""
            else:
                continue
            if max(len(formats), len(borders), len(cell_formats)) > MAX_STYLES:
                raise self.fail(f"单元格样式超过 {MAX_STYLES:,} 个的导入上限，不像一份绩效表")
            if tag in ("numFmt", "border", "xf"):
                element.clear()
        return [CellStyle(formats.get(number, "General"), 0 <= border < len(borders)
                          and borders[border]) for number, border in cell_formats]

    def _sheet(self, name: str, part: str, strings: list[str], styles: list[CellStyle]
               ) -> SheetData:
        sheet = SheetData(name)
        row, column, rows = 0, 0, 0
        for event, element in self.events(part, ("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    number = element.get("r")
                    row = row + 1 if number is None else _count(number) or -1
                    if row < 1 or row > MAX_ROW_NUMBER:
                        raise self.fail(f"行号“{(number or '')[:20]}”无效（文件已损坏）", sheet=name)
                    column, rows = 0, rows + 1
                    if rows > MAX_ROW_ELEMENTS:
                        raise self.too_many_rows(name)
                continue
            if tag == "c":
                self.cell_elements += 1
                if self.cell_elements > MAX_CELL_ELEMENTS:
                    raise self.fail(f"单元格（含空的带格式单元格）超过 {MAX_CELL_ELEMENTS:,} 个的导入"
                                    "上限，不像一份绩效表；请删除多余的行和列后再导入", sheet=name)
                row, column = self._cell(sheet, element, row, column, strings, styles)
                element.clear()
            elif tag == "row":
                element.clear()
            elif tag == "mergeCell":
                reference = element.get("ref") or ""
                merged = self._range(name, reference)
                element.clear()
                # Nothing beyond the rows and columns read can be in a form: a title merged
                # across the whole row is kept, cut to them.
                r1, c1, r2, c2 = merged = (*merged[:2], min(merged[2], MAX_ROWS),
                                           min(merged[3], MAX_COLUMNS))
                if r1 > r2 or c1 > c2:
                    continue
                self.merged_area += (r2 - r1 + 1) * (c2 - c1 + 1)
                if self.merged_area > MAX_MERGED_AREA:
                    raise self.fail(f"合并单元格{reference[:30]}等合计覆盖的单元格超过 "
                                    f"{MAX_MERGED_AREA:,} 个的导入上限，不像一份绩效表；请取消多余"
                                    "的合并后再导入", sheet=name, row=r1, column=c1)
                sheet.merges.append(merged)
                if len(sheet.merges) > MAX_MERGES:
                    raise self.fail("合并单元格过多，超过导入上限", sheet=name)
        return sheet

    def _cell(self, sheet: SheetData, element: ElementTree.Element, row: int, column: int,
              strings: list[str], styles: list[CellStyle]) -> tuple[int, int]:
        reference = element.get("r")
        if reference:
            row, column = self._position(sheet.name, reference)
        else:
            column += 1
        style = _count(element.get("s")) or 0
        kind_code = element.get("t", "n")
        value_element = formula_element = inline = None
        for child in element:
            tag = _local(child.tag)
            if tag == "v":
                value_element = child
            elif tag == "f":
                formula_element = child
            elif tag == "is":
                inline = child
        stored = value_element.text if value_element is not None else None
        formula = ""
        if formula_element is not None:
            formula = "=" + (formula_element.text or "")
        if kind_code == "inlineStr":
            value: str | None = _text_of(inline) if inline is not None else None
            kind = CellKind.TEXT
        elif kind_code == "s":
            index = _count((stored or "").strip())
            if index is None or index >= len(strings):
                raise self.fail("单元格引用了不存在的文字（文件已损坏）", sheet=sheet.name, row=row,
                                column=column)
            value, kind = strings[index], CellKind.TEXT
        elif kind_code == "str":
            value, kind = stored, CellKind.TEXT
        elif kind_code == "b":
            value, kind = stored, CellKind.BOOL
        elif kind_code == "e":
            value, kind = stored, CellKind.ERROR
        elif kind_code == "d":
            value, kind = stored, CellKind.DATE
        else:
            value, kind = stored, CellKind.NUMBER
        if formula and kind is not CellKind.TEXT and (value is None or value == ""):
            value, kind = "", CellKind.FORMULA  # a text formula's result may be empty
        inside = row <= MAX_ROWS and column <= MAX_COLUMNS
        if inside and 0 <= style < len(styles) and styles[style].bordered:
            sheet.styled.add((row, column))  # a border beyond the limits holds nothing to read
        if value is None or (value == "" and not formula):
            return row, column  # a styled empty cell
        if row > MAX_ROWS:
            raise self.too_many_rows(sheet.name)
        if column > MAX_COLUMNS:
            raise self.fail(f"内容超出了前 {MAX_COLUMNS} 列，不像一份绩效表；请删除多余的列",
                            sheet=sheet.name, row=row, column=column)
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise self.fail(f"有内容的单元格超过 {MAX_CELLS:,} 个的导入上限，不像一份绩效表",
                            sheet=sheet.name)
        sheet.cells[(row, column)] = RawCell(row, column, kind, value, formula, style)
        return row, column

    def _position(self, sheet: str, reference: str) -> tuple[int, int]:
        match = _CELL_REFERENCE.match(reference.upper())
        if not match or not 1 <= int(match.group(2)) <= MAX_ROW_NUMBER:
            raise self.fail(f"单元格位置“{reference[:20]}”无效（文件已损坏）", sheet=sheet)
        return int(match.group(2)), column_index_from_string(match.group(1))

    def _range(self, sheet: str, reference: str) -> tuple[int, int, int, int]:
        first, _, last = reference.partition(":")
        r1, c1 = self._position(sheet, first)
        r2, c2 = self._position(sheet, last or first)
        return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def iter_cells(sheet: SheetData) -> Iterator[RawCell]:
    """The sheet's cells with a value, row by row."""
    return iter(sorted(sheet.cells.values(), key=lambda c: (c.row, c.column)))
