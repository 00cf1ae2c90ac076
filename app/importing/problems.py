"""What an import reports: each problem with its sheet and cell, said in Chinese."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from app.text import printable

# More would not help the officer: the first fifty say what kind of mistake it is.
MAX_REPORTED = 50


@dataclass(frozen=True)
class ImportProblem:
    """One problem (or, as a warning, one thing the officer should check) and where it is."""

    message: str
    sheet: str = ""
    row: int | None = None  # 1-based sheet row
    column: int | None = None  # 1-based column
    last_row: int | None = None  # a range of rows ("第5–9行")
    place: str = ""  # said instead of the sheet and cell (a Word document's 表3第4行第2列)

    @property
    def where(self) -> str:
        """表“项目1”第12行D列 / 表“项目1”第5–9行 / 表“项目1” / ""."""
        if self.place:
            return self.place
        if not self.sheet and self.row is None:
            return ""
        place = f"表“{printable(self.sheet)}”" if self.sheet else ""
        if self.row is not None:
            rows = (f"第{self.row}–{self.last_row}行" if self.last_row and self.last_row != self.row
                    else f"第{self.row}行")
            place += rows + (f"{get_column_letter(self.column)}列" if self.column else "")
        return place

    def __str__(self) -> str:
        where = self.where
        return f"{where}：{printable(self.message)}" if where else printable(self.message)


class WorkbookImportError(Exception):
    """The workbook cannot be imported: nothing was written. ``problems`` lists every problem
    found (a file that cannot be read at all has one, without a cell)."""

    def __init__(self, problems: list[ImportProblem], path: Path | str | None = None) -> None:
        self.problems = problems
        self.path = Path(path) if path is not None else None
        super().__init__(str(self))

    def lines(self) -> list[str]:
        shown = [str(p) for p in self.problems[:MAX_REPORTED]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"另有 {more} 处问题未列出")
        return shown

    def __str__(self) -> str:
        name = f"“{printable(str(self.path))}”" if self.path is not None else "工作簿"
        head = f"无法导入{name}"
        if len(self.problems) == 1:
            return f"{head}：{self.lines()[0]}"
        return f"{head}，有 {len(self.problems)} 处问题：\n" + "\n".join(self.lines())


class CellError(Exception):
    """Raised while reading one value; the reader adds it to the problems and goes on."""

    def __init__(self, problem: ImportProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))
