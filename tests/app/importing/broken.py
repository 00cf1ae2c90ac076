"""Ways to break a workbook, as officers and other programs do: each writes a file and says
which cell the import must name."""
from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.templates import get_template
from tests.app.importing.roundtrip import export_xlsx

JIANGSU = "jiangsu-dept-target"
SHEET = "绩效目标表"


def jiangsu_document():
    """A small 江苏 document with every block of the form filled."""
    document = get_template(JIANGSU).new_document("测试市自然资源局", 2025)
    department = document.department
    department.functions = ["负责土地管理。", "负责规划编制。"]
    department.organization, department.staffing = "内设五个处室。", "编制30名。"
    funds = department.funds
    funds.total = funds.appropriation = Decimal("100.00")
    funds.income[0].amount = Decimal("100.00")
    funds.basic_expense.full_year = Decimal("60.00")
    funds.project_expense.full_year = Decimal("40.00")
    funds.expense_items[0].name, funds.expense_items[0].full_year = "专项业务费", Decimal("40.00")
    department.long_term_goal, department.annual_goal = "守住耕地红线。", "完成年度规划。"
    department.table("duty").rows[0].set("name", "完成结算项目")
    return document


def exported(folder: Path, name: str = "导出.xlsx") -> Path:
    return export_xlsx(jiangsu_document(), folder / name)


def find(ws: Worksheet, text: str):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def right_of(ws: Worksheet, label: str):
    cell = find(ws, label)
    for merged in ws.merged_cells.ranges:
        if cell.coordinate in merged:
            return ws.cell(row=cell.row, column=merged.max_col + 1)
    return ws.cell(row=cell.row, column=cell.column + 1)


def edit(path: Path, change: Callable[[Worksheet], object]) -> object:
    """Change the first sheet with openpyxl, as an officer would in Excel; returns what
    ``change`` returns (the cell it changed)."""
    workbook = load_workbook(path)
    result = change(workbook.worksheets[0])
    workbook.save(path)
    return result


def patch(path: Path, member: str, old: bytes, new: bytes, count: int = 1) -> None:
    """Replace bytes inside one part of the package, for what no spreadsheet program writes."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    assert old in parts[member], (member, old)
    parts[member] = parts[member].replace(old, new, count)
    write_package(path, parts)


def write_package(path: Path, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                  b'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                  b'ContentType="application/xml"/></Types>')
_ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
              b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
              b'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def handmade(path: Path, sheets: list[tuple[str, str]], shared: list[str] = ()) -> Path:
    """A package written byte by byte: sheets as (name, <sheetData> rows XML)."""
    entries = b"".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'.encode()
                       for n, (name, _) in enumerate(sheets, 1))
    workbook = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + _MAIN +
                b'" xmlns:r="' + _RELS + b'"><sheets>' + entries + b"</sheets></workbook>")
    relations = b"".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'.encode()
        for n in range(1, len(sheets) + 1))
    relations += (b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
    parts = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS,
             "xl/workbook.xml": workbook,
             "xl/_rels/workbook.xml.rels": (b'<?xml version="1.0" encoding="UTF-8"?>'
                                            b'<Relationships xmlns="http://schemas.openxmlformats'
                                            b'.org/package/2006/relationships">' + relations +
                                            b"</Relationships>"),
             "xl/sharedStrings.xml": (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + _MAIN
                                      + b'">' + "".join(f"<si><t>{s}</t></si>" for s in shared)
                                      .encode() + b"</sst>")}
    for n, (_, rows) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + _MAIN +
            b'"><sheetData>' + rows.encode() + b"</sheetData></worksheet>")
    return write_package(path, parts)


@dataclass(frozen=True)
class Broken:
    """A broken workbook: ``make`` writes it into a folder and returns (path, the message the
    import must give, with its sheet and cell)."""

    name: str
    make: Callable[[Path], tuple[Path, str]]
    template: str = JIANGSU


def _amount(text_or_number, message: str) -> Callable[[Path], tuple[Path, str]]:
    """资金总额 replaced by a typed value."""
    def make(folder: Path) -> tuple[Path, str]:
        path = exported(folder)
        cell = edit(path, lambda ws: _set(right_of(ws, "资金总额"), text_or_number))
        return path, f"表“{SHEET}”第{cell.row}行{cell.column_letter}列：{message}"
    return make


def _set(cell, value):
    cell.value = value
    return cell


def _stored(stored: str, message: str) -> Callable[[Path], tuple[Path, str]]:
    """资金总额 holding a number no spreadsheet program writes (1e309, NaN)."""
    def make(folder: Path) -> tuple[Path, str]:
        path = exported(folder)
        cell = edit(path, lambda ws: _set(right_of(ws, "资金总额"), 12345.67))
        patch(path, "xl/worksheets/sheet1.xml", b"<v>12345.67</v>", f"<v>{stored}</v>".encode())
        return path, f"表“{SHEET}”第{cell.row}行{cell.column_letter}列：{message}"
    return make


def _merged_moved(folder: Path) -> tuple[Path, str]:
    """The 一级 cell of 决策 dragged wider, over the 二级 column."""
    path = exported(folder)

    def widen(ws):
        cell = find(ws, "决策")
        merged = next(m for m in ws.merged_cells.ranges if cell.coordinate in m)
        bounds = (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        ws.unmerge_cells(merged.coord)
        for row in range(bounds[0], bounds[2] + 1):  # what was under the new range goes
            for column in range(bounds[1] + 1, bounds[3] + 3):
                for other in [m for m in ws.merged_cells.ranges
                              if m.min_row <= row <= m.max_row and m.min_col <= column <= m.max_col]:
                    ws.unmerge_cells(other.coord)
        ws.merge_cells(start_row=bounds[0], start_column=bounds[1], end_row=bounds[2],
                       end_column=bounds[3] + 2)
        return ws.cell(row=bounds[0], column=bounds[1])
    cell = edit(path, widen)
    return path, (f"表“{SHEET}”第{cell.row}行{cell.column_letter}列：合并单元格跨越了“一级指标”和"
                  "“二级指标”列")


def _formula(folder: Path) -> tuple[Path, str]:
    path = exported(folder)
    cell = edit(path, lambda ws: _set(right_of(ws, "资金总额"), "=SUM(F9:F15)"))
    return path, (f"表“{SHEET}”第{cell.row}行{cell.column_letter}列：是公式（=SUM(F9:F15)），"
                  "文件中没有它的计算结果")


def _missing_sheet(folder: Path) -> tuple[Path, str]:
    template = get_template("guizhou-dept-target")
    document = template.new_document("测试市自然资源局", 2025)
    document.projects = [template.new_project("测试项目", 2025)]
    path = export_xlsx(document, folder / "贵州.xlsx")
    workbook = load_workbook(path)
    workbook["部门整体"].title = "部门"
    workbook.save(path)
    return path, "缺少工作表“部门整体”"


def _date_in_text(folder: Path) -> tuple[Path, str]:
    path = exported(folder)

    def date(ws):
        cell = find(ws, "完成结算项目")
        cell.value = datetime.datetime(2024, 3, 1)
        cell.number_format = "yyyy-mm-dd"
        return cell
    cell = edit(path, date)
    return path, (f"表“{SHEET}”第{cell.row}行{cell.column_letter}列：是 Excel 日期（2024-03-01），"
                  "不是文字")


def _missing_block(folder: Path) -> tuple[Path, str]:
    """The header row of the last table (效益、满意度指标) deleted."""
    path = exported(folder)

    def clear(ws):
        header = next(c for row in ws.iter_rows() for c in row if c.value == "一级指标"
                      and ws.cell(row=c.row + 1, column=1).value == "效益指标")
        for cell in ws[header.row]:
            if not type(cell).__name__ == "MergedCell":
                cell.value = None
    edit(path, clear)
    return path, "找不到“效益、满意度指标”表"


def _missing_label(folder: Path) -> tuple[Path, str]:
    path = exported(folder)
    edit(path, lambda ws: _set(find(ws, "中长期目标"), "远景目标"))
    return path, "找不到“中长期目标”"


def _error_value(folder: Path) -> tuple[Path, str]:
    path = exported(folder)
    cell = edit(path, lambda ws: _set(right_of(ws, "资金总额"), 12345.67))
    patch(path, "xl/worksheets/sheet1.xml", b't="n"><v>12345.67</v>', b't="e"><v>#REF!</v>')
    return path, f"表“{SHEET}”第{cell.row}行{cell.column_letter}列：是错误值“#REF!”，应为金额"


def _boolean(folder: Path) -> tuple[Path, str]:
    path = exported(folder)
    cell = edit(path, lambda ws: _set(right_of(ws, "单位名称"), True))
    return path, f"表“{SHEET}”第{cell.row}行{cell.column_letter}列：是逻辑值 TRUE，应为文字"


def _control_character(folder: Path) -> tuple[Path, str]:
    path = handmade(folder / "控制字符.xlsx", [(SHEET, (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c></row>'))],
        shared=["苏州市市级部门整体预算绩效目标表", "单位名称", "测试_x0007_单位"])
    return path, f"表“{SHEET}”第3行B列：含有不可见的控制字符（U+0007）"


def _too_long(folder: Path) -> tuple[Path, str]:
    text = "字" * 200_001
    path = handmade(folder / "过长.xlsx", [(SHEET, (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        f'<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="inlineStr"><is><t>{text}</t></is>'
        '</c></row>'))], shared=["苏州市市级部门整体预算绩效目标表", "单位名称"])
    return path, f"表“{SHEET}”第3行B列：文字过长（200,001 字，上限 200,000 字）"


def _iso_date(folder: Path) -> tuple[Path, str]:
    """A date cell as some programs store it (t="d"), where the unit's name goes."""
    path = handmade(folder / "日期.xlsx", [(SHEET, (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="d"><v>2024-03-01T00:00:00</v></c>'
        '</row>'))], shared=["苏州市市级部门整体预算绩效目标表", "单位名称"])
    return path, f"表“{SHEET}”第3行B列：是日期（2024-03-01），应为文字"


def _duplicate_sheets(folder: Path) -> tuple[Path, str]:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>'
    path = handmade(folder / "同名.xlsx", [(SHEET, rows), (SHEET, rows)])
    return path, f"工作簿中有两个同名的工作表“{SHEET}”"


def _huge(folder: Path) -> tuple[Path, str]:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 30_002))
    return handmade(folder / "巨大.xlsx", [(SHEET, rows)]), \
        f"表“{SHEET}”：行数过多（超过 20000 行）"


def _overlapping_merges(folder: Path) -> tuple[Path, str]:
    path = exported(folder)
    patch(path, "xl/worksheets/sheet1.xml", b"<mergeCell ", b'<mergeCell ref="A1:C4"/><mergeCell ')
    return path, "重叠（文件已损坏）"


def _bytes(name: str, data: bytes, message: str) -> Callable[[Path], tuple[Path, str]]:
    def make(folder: Path) -> tuple[Path, str]:
        path = folder / name
        path.write_bytes(data)
        return path, message
    return make


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _truncated(folder: Path) -> tuple[Path, str]:
    path = exported(folder)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path, "文件已损坏（不是完整的 .xlsx 压缩包"


def _year(folder: Path) -> tuple[Path, str]:
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    path = export_xlsx(load_document(EXAMPLE_FILES["sichuan-project-eval"]), folder / "四川.xlsx")
    cell = edit(path, lambda ws: _set(find(ws, "部门预算项目支出绩效自评表（2023年度）"),
                                      "部门预算项目支出绩效自评表（1900年度）"))
    return path, f"第{cell.row}行{cell.column_letter}列：年度“1900”无效"


def _percent(folder: Path) -> tuple[Path, str]:
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    path = export_xlsx(load_document(EXAMPLE_FILES["hebei-text"]), folder / "河北.xlsx")

    def change(ws):
        label = find(ws, "3月底")
        cell = ws.cell(row=label.row + 1, column=label.column)
        cell.value = "33.333%"
        return cell
    cell = edit(path, change)
    return path, f"第{cell.row}行{cell.column_letter}列：百分比“33.333”超过两位小数"


def _score(folder: Path) -> tuple[Path, str]:
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    path = export_xlsx(load_document(EXAMPLE_FILES["hebei-eval"]), folder / "自评.xlsx")
    cell = edit(path, lambda ws: _set(right_of(ws, "自评得分"), "120"))
    return path, f"表“自评数据”第{cell.row}行{cell.column_letter}列：分数“120”应在 0 到 100 之间"


def _another_form(folder: Path) -> tuple[Path, str]:
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    path = export_xlsx(load_document(EXAMPLE_FILES["sichuan-project-eval"]), folder / "四川.xlsx")
    return path, "这个工作簿是“四川 · 部门预算项目支出绩效自评表”的格式，不是“江苏 · 市级部门整体预算绩效目标表”的"


def _national_project(folder: Path) -> Path:
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    return export_xlsx(load_document(EXAMPLE_FILES["national-project-eval"]), folder / "自评表.xlsx")


def _national_executed(folder: Path) -> tuple[Path, str]:
    """A fund line's 全年执行数 typed in words, on the first project's sheet."""
    path = _national_project(folder)

    def change(ws):
        header = find(ws, "全年执行数")
        return _set(ws.cell(row=header.row + 1, column=header.column), "四十二万")
    cell = edit(path, change)
    sheet = load_workbook(path).worksheets[0].title
    return path, f"表“{sheet}”第{cell.row}行{cell.column_letter}列：金额“四十二万”不是数字"


def _national_weight(folder: Path) -> tuple[Path, str]:
    """The total line's 分值 over 100."""
    path = _national_project(folder)

    def change(ws):
        header = find(ws, "分值")
        return _set(ws.cell(row=header.row + 1, column=header.column), "110")
    cell = edit(path, change)
    return path, f"第{cell.row}行{cell.column_letter}列：分数“110”应在 0 到 100 之间"


def _national_money_block(folder: Path) -> tuple[Path, str]:
    path = _national_project(folder)
    edit(path, lambda ws: _set(find(ws, "项目资金\n（万元）"), "资金情况"))  # the form says 万元
    return path, "找不到“项目资金（万元）”"


def _national_department(folder: Path) -> tuple[Path, str]:
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    path = export_xlsx(load_document(EXAMPLE_FILES["national-dept-eval"]), folder / "部门.xlsx")
    return path, ("这个工作簿是“全国 · 部门整体支出绩效自评表（财预〔2020〕10号格式）”的格式，"
                  "不是“全国 · 项目支出绩效自评表（财预〔2020〕10号）”的")


_TITLE_ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
               '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c></row>')
_TITLE_STRINGS = ["苏州市市级部门整体预算绩效目标表", "单位名称", "测试单位"]


def _sheet_xml(change: Callable[[bytes], bytes], message: str,
               rows: str = _TITLE_ROWS) -> Callable[[Path], tuple[Path, str]]:
    """A handmade workbook whose sheet XML is then changed as no spreadsheet program writes it."""
    def make(folder: Path) -> tuple[Path, str]:
        path = handmade(folder / "改写.xlsx", [(SHEET, rows)], shared=_TITLE_STRINGS)
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
        parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
        return write_package(path, parts), message
    return make


def _corrupt_deflate(folder: Path) -> tuple[Path, str]:
    """Bytes in the middle of the sheet's compressed data overwritten (a bad copy, a bad disk)."""
    path = exported(folder)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # block type 3: no such deflate block

    path.write_bytes(bytes(data))
    return path, "已损坏"


def _entity_after_comment(data: bytes) -> bytes:
    declaration, _, rest = data.partition(b"?>")
    return (declaration + b"?><!--" + b"x" * 5000 + b'--><!DOCTYPE worksheet [<!ENTITY e "'
            + b"x" * 100 + b'">]>' + rest)


BROKEN = [
    Broken("text in a money cell", _amount("12,3a", "金额“12,3a”不是数字")),
    Broken("negative money", _amount(-5, "金额“-5”不能为负数")),
    Broken("more than two decimals", _amount(12.345, "金额“12.345”超过两位小数")),
    Broken("1e309", _stored("1e309", "“1e309”超出了数字的范围（无穷大），应为金额")),
    Broken("inf", _stored("inf", "“inf”超出了数字的范围（无穷大），应为金额")),
    Broken("NaN", _stored("NaN", "“NaN”不是有效的数字（NaN），应为金额")),
    Broken("an error value", _error_value),
    Broken("a formula without its result", _formula),
    Broken("merged cells moved", _merged_moved),
    Broken("overlapping merged cells", _overlapping_merges),
    Broken("a date typed into a text cell", _date_in_text),
    Broken("a logical value in a text cell", _boolean),
    Broken("an ISO date cell", _iso_date),
    Broken("a control character", _control_character),
    Broken("text over the model's limit", _too_long),
    Broken("a missing required table", _missing_block),
    Broken("a missing labelled box", _missing_label),
    Broken("a missing sheet", _missing_sheet, "guizhou-dept-target"),
    Broken("duplicate sheets", _duplicate_sheets),
    Broken("a huge sheet", _huge),
    Broken("a year out of range", _year, "sichuan-project-eval"),
    Broken("a percentage with three decimals", _percent, "hebei-perf-text"),
    Broken("a score over 100", _score, "hebei-self-eval"),
    Broken("another province's form", _another_form),
    Broken("a national fund line's amount in words", _national_executed, "national-project-eval"),
    Broken("a national 分值 over 100", _national_weight, "national-project-eval"),
    Broken("a national form without its money block", _national_money_block,
           "national-project-eval"),
    Broken("the national department form for the project form", _national_department,
           "national-project-eval"),
    Broken("an empty file", _bytes("空.xlsx", b"", "文件是空的（0 字节）")),
    Broken("a .xls renamed .xlsx", _bytes("旧版.xlsx", _OLE + "Workbook".encode("utf-16-le"),
                                          "这是旧版 Excel 文件（.xls")),
    Broken("a password-protected workbook",
           _bytes("加密.xlsx", _OLE + "EncryptedPackage".encode("utf-16-le"), "设置了打开密码")),
    Broken("a zip that is not a workbook",
           _bytes("压缩包.xlsx", _zip_of({"说明.txt": "你好".encode()}), "是压缩文件，但不是 Excel 工作簿")),
    # Told by its content, a Word document is read as one whatever its name: this one has
    # no table.
    Broken("a Word document renamed",
           _bytes("文档.xlsx", _zip_of({"word/document.xml": b"<w/>"}), "Word 文档中没有表格")),
    Broken("an OpenDocument spreadsheet",
           _bytes("表格.xlsx", _zip_of({"mimetype": b"application/vnd.oasis.opendocument."
                                                     b"spreadsheet"}), "OpenDocument 表格（.ods）")),
    Broken("a text file renamed", _bytes("文本.xlsx", "单位名称,金额\n".encode("gbk"),
                                         "不是 Excel 工作簿（.xlsx）")),
    Broken("a truncated file", _truncated),
    Broken("a number over 1e28", _stored("1e29", "金额“100000000000000000000000000000”过大")),
    Broken("a corrupt deflate stream", _corrupt_deflate),
    Broken("XML declared GBK", _sheet_xml(lambda d: d.replace(b'encoding="UTF-8"', b'encoding="GBK"'),
                                          "声明了不支持的文字编码“GBK”")),
    Broken("XML in an unknown encoding",
           _sheet_xml(lambda d: d.replace(b'encoding="UTF-8"', b'encoding="x-no-such"'),
                      "声明了不支持的文字编码“x-no-such”")),
    Broken("an entity declared after a long comment", _sheet_xml(
        _entity_after_comment, "含有不允许的 XML 声明（DOCTYPE 或实体）")),
    Broken("superscript digits in a row number", _sheet_xml(
        lambda d: d.replace(b'<row r="3">', "<row r=\"³\">".encode()), f"表“{SHEET}”：行号“³”无效")),
    Broken("superscript digits in a cell reference", _sheet_xml(
        lambda d: d.replace(b'r="B3"', 'r="B³"'.encode()), f"表“{SHEET}”：单元格位置“B³”无效")),
    Broken("a merged range over the whole sheet", _sheet_xml(
        lambda d: d.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell '
                                             b'ref="H1:XFD1048576"/></mergeCells>'),
        f"表“{SHEET}”第1行H列：合并单元格H1:XFD1048576等合计覆盖的单元格超过 400,000 个的导入上限")),
]
