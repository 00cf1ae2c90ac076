"""An .xlsx workbook read for import: every cell as the file stores it, the merged ranges, the
defined names of each sheet. The file is read once into memory and never written; nothing is evaluated.

openpyxl would give a float for a number (the digits the file stores are what we need), builds
a styled object per merged cell (a second per import of a form), and pads rows out to the
sheet's stated size; so the parts of the package are read here with a streaming XML parser,
and each limit is checked as it is reached: a huge or hostile file ends with a Chinese message,
never with a hang. Every way a file can be wrong raises ``WorkbookImportError``.
"""
from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import IO, Iterator
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string

from app.errors import os_reason
from app.importing.problems import ImportProblem, WorkbookImportError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PART_BYTES = 128 * 1024 * 1024  # one sheet's XML, uncompressed
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # the whole package, uncompressed
MAX_ROWS = 20_000  # a form of 5,000 indicators has about 5,300 rows
MAX_ROW_ELEMENTS = 200_000  # rows stored, empty formatted ones included
MAX_COLUMNS = 200
MAX_CELLS = 1_000_000
MAX_MERGES = 100_000
MAX_SHEETS = 500
MAX_NAMES = 10_000
MAX_NAME_TEXT = 16_384  # characters of one name's formula (Excel's own limit is 8,192)

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_CELL_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
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

    def style(self, cell: RawCell) -> CellStyle:
        return self.styles[cell.style] if 0 <= cell.style < len(self.styles) else CellStyle()


def _fail(message: str, path: Path | None, sheet: str = "", row: int | None = None,
          column: int | None = None) -> WorkbookImportError:
    return WorkbookImportError([ImportProblem(message, sheet, row, column)], path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, read once (opened read-only; nothing is ever written to it)."""
    try:
        if path.is_dir():
            raise _fail("这是一个文件夹，不是 Excel 工作簿", path)
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _fail(f"文件过大（{size / 1024 / 1024:.0f} MB），超过导入上限 "
                            f"{MAX_FILE_BYTES // 1024 // 1024} MB", path)
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _fail("文件不存在", path) from None
    except PermissionError:
        raise _fail("没有读取权限", path) from None
    except OSError as exc:
        raise _fail(f"读取失败：{os_reason(exc)}", path) from None


def read_workbook(data: bytes, path: Path | None = None) -> WorkbookData:
    """Parse an .xlsx package held in memory."""
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
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return _Package(archive, path).read()
    except zipfile.BadZipFile:
        raise _fail("文件已损坏（不是完整的 .xlsx 压缩包，可能下载或复制时被截断）", path) from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError):
        # RuntimeError: a member encrypted with a zip password.
        raise _fail("文件已损坏或使用了不支持的压缩方式，请在 Excel 中打开并另存为 .xlsx", path) \
            from None
    except ElementTree.ParseError as exc:
        raise _fail(f"工作簿内部的 XML 已损坏（{exc.position[0]} 行），请在 Excel 中打开并另存",
                    path) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


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
    def __init__(self, archive: zipfile.ZipFile, path: Path | None) -> None:
        self.archive = archive
        self.path = path
        infos = archive.infolist()
        if len(infos) > 10_000:
            raise _fail("压缩包中的文件过多，不是正常的 Excel 工作簿", path)
        self.sizes = {info.filename: info.file_size for info in infos}
        if sum(self.sizes.values()) > MAX_TOTAL_BYTES:
            raise _fail("工作簿解压后过大，超过导入上限（可能是损坏或恶意构造的文件）", path)

    def fail(self, message: str, **where) -> WorkbookImportError:
        return _fail(message, self.path, **where)

    def too_many_rows(self, sheet: str) -> WorkbookImportError:
        return self.fail(f"行数过多（超过 {MAX_ROWS} 行），不像一份绩效表；请删除多余的行后再导入",
                         sheet=sheet)

    def open(self, name: str) -> IO[bytes]:
        if self.sizes.get(name, 0) > MAX_PART_BYTES:
            raise self.fail(f"工作簿中的“{name}”过大，超过导入上限")
        handle = self.archive.open(name)
        head = handle.peek(2048)[:2048] if hasattr(handle, "peek") else b""
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise self.fail("工作簿含有不允许的 XML 声明（DOCTYPE），可能是恶意构造的文件")
        return handle

    def parse(self, name: str) -> ElementTree.Element:
        with self.open(name) as handle:
            return ElementTree.parse(handle).getroot()

    def read(self) -> WorkbookData:
        names = set(self.sizes)
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
            sheets.append(self._sheet(name, target, strings, styles))
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
            local = _attribute(element, "localSheetId") or ""
            text = element.text or ""
            if local.isdigit() and int(local) < sheets and len(text) <= MAX_NAME_TEXT:
                found.setdefault(int(local), []).append((_attribute(element, "name") or "", text))
        return found

    def _main_part(self) -> str | None:
        if "_rels/.rels" not in self.sizes:
            return "xl/workbook.xml" if "xl/workbook.xml" in self.sizes else None
        for relation in self.parse("_rels/.rels"):
            if (relation.get("Type") or "").endswith("/officeDocument"):
                return (relation.get("Target") or "").lstrip("/")
        return None

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (kind, part name) of a part's relationships."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.sizes:
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
        if part is None or part not in self.sizes:
            return []
        strings = []
        with self.open(part) as handle:
            for _, element in ElementTree.iterparse(handle, events=("end",)):
                if _local(element.tag) == "si":
                    strings.append(_unescape(_text_of(element)))
                    element.clear()
        return strings

    def _styles(self, relations: dict[str, tuple[str, str]]) -> list[CellStyle]:
        part = next((t for k, t in relations.values() if k == "styles"), None)
        if part is None or part not in self.sizes:
            return []
        root = self.parse(part)
        formats = dict(BUILTIN_FORMATS)
        borders: list[bool] = []
        styles: list[CellStyle] = []
        for element in root:
            tag = _local(element.tag)
            if tag == "numFmts":
                for fmt in element:
                    try:
                        formats[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "General")
                    except ValueError:
                        continue
            elif tag == "borders":
                borders = [any((side.get("style") or "none") != "none" for side in border)
                           for border in element]
            elif tag == "cellXfs":
                for xf in element:
                    try:
                        number, border = int(xf.get("numFmtId", "0")), int(xf.get("borderId", "0"))
                    except ValueError:
                        number, border = 0, 0
                    styles.append(CellStyle(formats.get(number, "General"),
                                            0 <= border < len(borders) and borders[border]))
        return styles

    def _sheet(self, name: str, part: str, strings: list[str], styles: list[CellStyle]
               ) -> SheetData:
        sheet = SheetData(name)
        row, column, rows = 0, 0, 0
        with self.open(part) as handle:
            for event, element in ElementTree.iterparse(handle, events=("start", "end")):
                tag = _local(element.tag)
                if event == "start":
                    if tag == "row":
                        number = element.get("r")
                        row = int(number) if number and number.isdigit() else row + 1
                        column, rows = 0, rows + 1
                        if rows > MAX_ROW_ELEMENTS:
                            raise self.too_many_rows(name)
                    continue
                if tag == "c":
                    row, column = self._cell(sheet, element, row, column, strings, styles)
                    element.clear()
                elif tag == "row":
                    element.clear()
                elif tag == "mergeCell":
                    sheet.merges.append(self._range(name, element.get("ref") or ""))
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
        style = int(element.get("s", "0")) if (element.get("s") or "0").isdigit() else 0
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
            try:
                value, kind = strings[int(stored or "")], CellKind.TEXT
            except (ValueError, IndexError):
                raise self.fail("单元格引用了不存在的文字（文件已损坏）", sheet=sheet.name, row=row,
                                column=column) from None
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
        if 0 <= style < len(styles) and styles[style].bordered:
            sheet.styled.add((row, column))
        if value is None or (value == "" and not formula):
            return row, column  # a styled empty cell
        if row > MAX_ROWS:
            raise self.too_many_rows(sheet.name)
        if column > MAX_COLUMNS:
            raise self.fail(f"内容超出了前 {MAX_COLUMNS} 列，不像一份绩效表；请删除多余的列",
                            sheet=sheet.name, row=row, column=column)
        if len(sheet.cells) >= MAX_CELLS:
            raise self.fail("单元格过多，超过导入上限", sheet=sheet.name)
        sheet.cells[(row, column)] = RawCell(row, column, kind, value, formula, style)
        return row, column

    def _position(self, sheet: str, reference: str) -> tuple[int, int]:
        match = _CELL_REFERENCE.match(reference.upper())
        if not match:
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
