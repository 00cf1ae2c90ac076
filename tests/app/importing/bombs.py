"""Workbooks built to exhaust a reader: small files that unpack or expand to gigabytes. Each is
written here, streamed into the package, never checked in."""
from __future__ import annotations

import random
import zipfile
from pathlib import Path

from tests.app.importing.broken import (_CONTENT_TYPES, _MAIN, _RELS, _ROOT_RELS, SHEET,
                                        exported)

_STYLES = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="' + _MAIN + b'">'
           b'<borders count="2"><border/><border><left style="thin"/></border></borders>'
           b'<cellXfs count="2"><xf numFmtId="0" borderId="0"/><xf numFmtId="0" borderId="1"/>'
           b'</cellXfs></styleSheet>')


def _package(path: Path, sheet_chunks, shared_chunks=(), rows_per_chunk: int = 0) -> Path:
    """A one-sheet package whose sheet and shared strings are written from chunks of bytes."""
    workbook = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + _MAIN +
                b'" xmlns:r="' + _RELS + b'"><sheets><sheet name="' + SHEET.encode() +
                b'" sheetId="1" r:id="rId1"/></sheets></workbook>')
    relations = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                 b'openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                 b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                 b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                 b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                 b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
                 b'2006/relationships/styles" Target="styles.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", relations)
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + _MAIN + b'">')
            for chunk in shared_chunks:
                part.write(chunk)
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + _MAIN +
                       b'"><sheetData>')
            for chunk in sheet_chunks:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return path


def huge_merge(folder: Path) -> Path:
    """Our export of a small form, plus one merged range H1:XFD1048576 (17 billion cells)."""
    from tests.app.importing.broken import patch

    path = exported(folder, "合并炸弹.xlsx")
    patch(path, "xl/worksheets/sheet1.xml", b"<mergeCell ",
          b'<mergeCell ref="H1:XFD1048576"/><mergeCell ')
    return path


def empty_styled_cells(folder: Path, cells: int = 12_000_000) -> Path:
    """Rows of bordered empty cells, 200 to a row: nothing but formatting."""
    row = b'<row>' + b'<c s="1"/>' * 200 + b'</row>'
    chunk = row * 500

    def chunks():
        for _ in range(cells // (200 * 500)):
            yield chunk
    return _package(folder / "空单元格.xlsx", chunks())


def empty_shared_strings(folder: Path, strings: int = 25_000_000) -> Path:
    chunk = b"<si/>" * 100_000

    def chunks():
        for _ in range(strings // 100_000):
            yield chunk
    title = b'<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c></row>'
    return _package(folder / "空文字.xlsx", [title], chunks())


def random_texts(folder: Path, rows: int = 300, columns: int = 200, seed: int = 23) -> Path:
    """A sheet of random short texts, every cell filled: no form, but nothing huge either."""
    chance = random.Random(seed)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    parts = []
    for r in range(1, rows + 1):
        cells = "".join(
            f'<c t="inlineStr"><is><t>{"".join(chance.choices(alphabet, k=chance.randint(1, 6)))}'
            "</t></is></c>" for _ in range(columns))
        parts.append(f'<row r="{r}">{cells}</row>'.encode())
    return _package(folder / "随机文字.xlsx", parts)
