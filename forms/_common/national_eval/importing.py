"""Reading the national 自评表 sheet (财预〔2020〕10号) back from a workbook, our export or one typed
to the form as the bureaus publish it: ``sheet_blocks`` are one sheet's blocks under the form's
own head boxes, for both national forms. docs/import.md."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from pydantic import ValidationError

from app.boxes import MONEY_PLACES
from app.importing.blocks import Block, Indicators, Value
from app.importing.fields import Text, Year
from app.importing.labels import match_label, shown_label
from app.importing.problems import CellError
from app.model import ExecutionLine
from app.money import CENT, Unit, convert
from app.validation_messages import describe
from forms._common.national_eval.layout import (MONEY_HEADERS, REASONS_LABEL, group_weights,
                                         level1_as_typed, split_reasons, unprefixed_reason)

# What the form prints in 分值 and 得分 of the lines under the total: ours "/", the published
# form "—".
NO_SCORE = ("/", "／", "—", "-", "－")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_YEAR = r"[（(]\s*(\d{4})?\s*年度?\s*[）)]"  # "（2024年度）"


@dataclass(frozen=True)
class Title(Block):
    """The form's title with its year: "项目支出绩效自评表（2024年度）" in one cell (our export),
    or the year "（2024年度）" in a cell of the row under the title (the published form)."""

    title: str
    year: str  # the path of the year: "year", or "document.year" from a project's sheet

    def read(self, reader):
        found = reader.find_pattern(re.compile(rf"\s*{self.title}\s*(?:{_YEAR})?\s*", re.S))
        if found is None:
            reader.missing(f"标题“{self.title}（…年度）”")
            return
        cell, match = found
        reader.use(cell)
        reader.move_to(cell.row)
        year, where = match.group(1), cell
        below = reader.row_after(cell.last_row)
        if not match.group(0).rstrip().endswith(("）", ")")) and below is not None:
            for other in reader.grid.anchored(below):
                text = reader.label_text(other)
                typed = re.fullmatch(rf"\s*{_YEAR}\s*", text or "")
                if typed:
                    reader.use(other)
                    reader.move_to(other.row)
                    year, where = typed.group(1), other
                    break
        try:
            values = Year(self.year).from_text(reader, year or "", where)
        except CellError as error:
            reader.refuse(error)
            return
        for path, value in values.items():
            reader.assign(path, value, where)


def in_yuan_when_exact_only_so(lines: list[dict[str, object]], unit: Unit | None) -> Unit | None:
    """The unit to keep the lines in: 万元 as printed, unless a figure has more than two decimals
    there (a 元 document's, printed exactly): then every figure goes back to 元, where it has
    at most two. Converts the lines in place."""
    amounts = [(line, name) for line in lines for name in ("initial", "adjusted", "executed")
               if isinstance(line.get(name), Decimal)]
    if unit is not Unit.WAN_YUAN and unit is not None:
        return unit
    if not any(_decimals(line[name]) > 2 for line, name in amounts):  # type: ignore[arg-type]
        return unit
    for line, name in amounts:
        yuan = convert(line[name], Unit.WAN_YUAN, Unit.YUAN)  # type: ignore[arg-type]
        line[name] = yuan.quantize(CENT)  # exact: six decimals of 万元 are two of 元
    return Unit.YUAN


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class FundLines(Block):
    """项目资金（万元） / 年度预算执行情况（万元）: a label beside the lines (it names the unit), a
    header 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 with the lines' names left of it,
    one row per fund line; then, when a line has a 原因, the 偏差原因分析及改进措施 rows under the
    lines (one cell of all the reasons, or one row per line: ``layout.reason_cells``)."""

    label: str
    path: str  # the ProjectEvaluation: "evaluation", "department.evaluation"
    headers: tuple[str, ...] = tuple(text for text, _ in MONEY_HEADERS)
    reasons: str = REASONS_LABEL

    def anchors(self, template):
        return (self.label,)

    def read(self, reader):
        found = reader.find_label(self.label)
        if found is None:
            return
        block, groups = found
        reader.move_to(block.row)
        unit = Unit(groups["unit"]) if "unit" in groups else None
        header = reader.find_header(self.headers)
        if header is None or len(header[1]) < len(self.headers):
            missing = [h for h in self.headers if header is None or h not in header[1]]
            reader.missing(f"“{shown_label(self.label)}”的表头“{'、'.join(missing)}”")
            return
        header_row, cells = header
        reader.use(*cells.values())
        columns = [cells[h].column for h in self.headers]
        name_column = columns[0] - 1
        beside = block if block.row <= header_row <= block.last_row else None
        last_column = cells[self.headers[-1]].last_column
        lines: list[dict[str, object]] = []
        last = header_row
        reasons = None
        for row in reader.table_rows(header_row, name_column, last_column, beside, self.headers):
            if self._reasons_label(reader, row, name_column, columns[0], last_column):
                reasons = row
                break
            last = row
            at = [reader.grid.at(row, column) for column in columns]
            line: dict[str, object] = {}
            try:
                line["name"] = reader.text(reader.grid.at(row, name_column))
                # 万元 with up to six decimals: a 元 figure printed exactly (layout.wan_yuan).
                for name, cell in zip(("initial", "adjusted", "executed"), at):
                    line[name] = reader.cells.money(reader.sheet, cell, places=MONEY_PLACES)
                line["weight"] = reader.cells.score(reader.sheet, at[3], NO_SCORE)
                # 执行率 (at[4]) is computed from the figures, never stored.
                line["score"] = reader.cells.score(reader.sheet, at[5], NO_SCORE)
            except CellError as error:
                reader.refuse(error)
            lines.append(line)
        if reasons is not None:
            self._reasons(reader, reasons, name_column, lines)
        reader.move_past(max(last, beside.last_row if beside is not None else last))
        unit = in_yuan_when_exact_only_so(lines, unit)
        if unit is not None:
            reader.assign(f"{self.path}.unit", unit, block)
        items = []
        for line in lines:
            try:
                items.append(ExecutionLine.model_validate(line))
            except ValidationError as exc:
                detail = exc.errors(include_url=False)[0]
                reader.problem(f"{'.'.join(map(str, detail['loc']))}：{describe(detail)}", block)
        reader.assign(f"{self.path}.execution", items, block)

    def _reasons_label(self, reader, row, name_column, first, last):
        """Whether a row starts the 偏差原因 rows: the label where the lines have their names and
        one cell across the figure columns (a fund line of that name has a cell per column)."""
        label = reader.grid.at(row, name_column)
        text = reader.label_text(label) if label is not None else None
        if text is None or match_label(self.reasons, text) is None:
            return False
        cell = reader.grid.at(row, first)
        return cell is not None and cell.column <= first and cell.last_column >= last

    def _reasons(self, reader, row, name_column, lines):
        """The lines' 原因 from the rows under them, set on ``lines``."""
        label = reader.grid.at(row, name_column)
        reader.use(label)
        reader.move_past(label.last_row)
        cells = reader.beside(label)
        try:
            texts = [reader.text(cell) for cell in cells]
        except CellError as error:
            reader.refuse(error)
            return
        names = [str(line.get("name", "")) for line in lines]
        if not names:
            if any(texts):
                reader.problem(f"有“{self.reasons}”，但上面没有资金行", label)
            return
        if len(texts) == len(names) > 1:  # one row per line
            found = [unprefixed_reason(t, name, n) for n, (t, name) in enumerate(zip(texts, names))]
        else:
            found = split_reasons("\n".join(texts), names)
        for line, reason in zip(lines, found):
            line["reason"] = reason


@dataclass(frozen=True)
class Total(Block):
    """总分: the label, the 分值 total (computed, not kept) and the 得分 total right of it. A total
    outside 0–100 (a sheet whose 分值 add up to more) cannot be kept as a score: it is left out
    with a warning, and the editor shows the computed one."""

    path: str  # "evaluation.score", "department.evaluation.score"
    label: str = "总分"

    def anchors(self, template):
        return (self.label,)

    def read(self, reader):
        found = reader.find_label(self.label)
        if found is None:
            return
        label, _ = found
        weights = reader.right_of(label)  # an empty cell may not be in the file at all
        after = weights.last_column if weights is not None else label.last_column + 1
        cell = reader.grid.at(label.row, after + 1)
        reader.use(label, weights, cell)
        reader.move_to(label.row)
        try:
            text = reader.text(cell).strip()
            figure = unicodedata.normalize("NFKC", text).replace(",", "")
            if _NUMBER.fullmatch(figure) and not 0 <= Decimal(figure) <= 100:
                reader.warn(f"总分“{text[:20]}”不在 0 到 100 之间，未导入（编辑器按各项得分计算"
                            "总分），请核对", cell)
                return
            score = reader.cells.score(reader.sheet, cell)
        except CellError as error:
            reader.refuse(error)
            return
        reader.assign(self.path, score, cell or label)


@dataclass(frozen=True)
class WeightedIndicators(Indicators):
    """绩效指标 as the national form prints it: each 一级 with its group's 分值 ("产出指标（50分）"),
    read back as the 一级 alone."""

    def as_typed(self, template, rows):
        rules = template.scoring
        if rules is None:
            return rows
        start = 0
        for end in range(1, len(rows) + 1):
            if end < len(rows) and rows[end].get("level1") == rows[start].get("level1"):
                continue
            group = rows[start:end]
            level1 = group[0].get("level1", "")
            weights = group_weights([_Row(row) for row in group], rules)
            for row in group:
                if "level1" in row:
                    row["level1"] = level1_as_typed(level1, weights)
            start = end
        return rows


class _Row:
    """A row's printed texts where the layout's helpers expect an IndicatorRow."""

    def __init__(self, cells: dict[str, str]) -> None:
        self.cells = cells

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def sheet_blocks(title: str, year: str, head: tuple[Block, ...], money_label: str,
                 evaluation: str, goal: str, table: str) -> tuple[Block, ...]:
    """One 自评表 sheet: its title with the year (at ``year``), the head boxes, the money lines,
    年度总体目标, 绩效指标, 总分 and 评价等级 (which the published form may leave out).
    ``evaluation`` is the path of the sheet's ProjectEvaluation, ``goal`` of its 预期目标,
    ``table`` the indicator table's key ("" for a project's)."""
    return (
        Title(title, year),
        *head,
        FundLines(money_label, evaluation),
        Value("预期目标", Text(goal), below=True),
        Value("实际完成情况", Text(f"{evaluation}.goal_achievement"), below=True),
        WeightedIndicators(table, label="绩效指标"),
        Total(f"{evaluation}.score"),
        Value("评价等级", Text(f"{evaluation}.grade"), required=False),
    )
