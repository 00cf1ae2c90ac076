"""Reading exported files back, as a bureau's tool would: python-docx and openpyxl."""
from __future__ import annotations

import re
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


def pdf_contains(needle: str, text: str) -> bool:
    """``needle`` occurs exactly in text extracted from a PDF, whitespace ignored (no
    normalising: a text layer naming ⻔ for 门 does not hold 门). A cell that breaks across
    pages has the page footer and the repeated header row in the middle of its text: one such
    gap is allowed."""
    needle, text = squeeze(needle), squeeze(text)
    if needle in text:
        return True
    return any(re.search(re.escape(needle[:k]) + ".{1,600}?" + re.escape(needle[k:]), text)
               for k in range(1, len(needle)))
