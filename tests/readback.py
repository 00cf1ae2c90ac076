"""Reading exported files back, as a bureau's tool would: python-docx and openpyxl."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import _Cell
from openpyxl import load_workbook


def docx_rows(path: Path) -> list[list[str]]:
    """Every table row of a .docx, each merged cell once (vMerge continuations skipped)."""
    document = Document(str(path))
    rows = []
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            rows.append([_Cell(tc, table).text for tc in tr.tc_lst if tc.vMerge != "continue"])
    return rows


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def docx_vertical_merges(path: Path) -> int:
    """How many vertically merged groups the tables hold (w:vMerge w:val="restart")."""
    document = Document(str(path))
    return sum(1 for element in document.element.body.iter(qn("w:vMerge"))
               if element.get(qn("w:val")) == "restart")


def xlsx_cells(path: Path) -> dict[str, list]:
    """Sheet name → its non-empty cells (row-major) as openpyxl reads them."""
    workbook = load_workbook(str(path))
    return {ws.title: [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
            for ws in workbook.worksheets}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(needles: list[str], haystack: list[str]) -> list[str]:
    """The needles not found, in order, each at or after the previous one's position."""
    missing, position = [], 0
    for needle in needles:
        for index in range(position, len(haystack)):
            if haystack[index] == needle:
                position = index
                break
        else:
            missing.append(needle)
    return missing


_RADICALS = "[\u2e80-\u2fdf]"


def _tolerant(text: str) -> str:
    return "".join(
        f"(?:{re.escape(ch)}|{_RADICALS})" if "\u4e00" <= ch <= "\u9fff" else re.escape(ch)
        for ch in text)


def _compatible(text: str) -> str:
    return "".join(ch if "\u2e80" <= ch <= "\u2fdf" else unicodedata.normalize("NFKC", ch)
                   for ch in text)


def pdf_contains(needle: str, text: str) -> bool:
    """``needle`` occurs in text extracted from a PDF, whitespace ignored.

    Noto CJK maps Kangxi/supplement radicals and the ideographs they look like to one glyph,
    and Qt's and LibreOffice's ToUnicode tables may name the radical (门 comes out as ⻔): the
    same glyph on paper, so either code point counts. A cell that breaks across pages has the
    page footer and the repeated header row in the middle of its text: one such gap is allowed.
    """
    # NFKC here only: a PDF's ToUnicode may name U+2329 for 〈 or a Kangxi radical for 土.
    needle, text = (_compatible(squeeze(t)) for t in (needle, text))
    if re.search(_tolerant(needle), text):
        return True
    return any(re.search(_tolerant(needle[:k]) + ".{1,600}?" + _tolerant(needle[k:]), text)
               for k in range(1, len(needle)))
