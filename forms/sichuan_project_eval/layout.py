"""四川 部门预算项目支出绩效自评表 on paper: one landscape form per project, as the province's
system prints it (报表编号 510000_0013zp), each its own Word section and Excel sheet, in 小五
as the dense provincial form is (a short project fits one page).

Grid (11 columns): a block label column, then the 绩效指标 columns 一级 | 二级 | 三级 | 指标性质 |
指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析. The 预算执行情况 block lays its eight
columns over the same grid (原因 takes the last three), as the published form does. The
indicators are a table of their own so their header repeats on every page; 合计 is their weights
plus the 预算执行情况 weight (10 + 90 = 100 on the form), computed here, never stored.

Cells the officer left empty print the form's own prompt, as the province's system prints them
("对照年度目标，说明…（100字以内）", the 预算执行率 notes in 原因).
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from app.export.blocks import header_row, indicator_rows, label, money_cell
from app.export.layout import Align, Block, Cell, Paragraph, Part, PrintLayout, Style, Table
from app.model import ExecutionLine, Project, ProjectEvaluation, TargetDocument
from app.scoring import execution_total_line, score_execution, score_sheet
from app.templates import Template

FORM_CODE = "报表编号：510000_0013zp"
COLUMNS = (1.4, 1.3, 1.45, 2.2, 1.05, 1.05, 1.0, 1.1, 0.8, 0.8, 2.0)
VALUE = len(COLUMNS) - 1  # a value right of the block label column
EXECUTION_HEADERS = ("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分")
REASON_SPAN = 3  # 原因 takes the 权重, 得分 and 未完成原因分析 columns
MERGED_REASONS = 300  # characters of 原因 the one merged cell takes (the form asks 100 each)
MERGED_NAME = 40  # characters of a fund line's name beside the merged 原因 cell
CENTRED = 6  # 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分: short values, centred

GOAL_PROMPT = "对照年度目标，说明相关任务目标的完成情况（100字以内）"
EXECUTION_NOTES = ("1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）；"
                   "2.年中发生预算调整的（追加或调减），应单独说明理由；"
                   "3.其他资金包括：社会投入资金、银行贷款。")
CONCLUSION_PROMPT = "结合自评情况，说明项目自评总分，说明项目实施取得的成效或成果。（200字以内）"
PROBLEMS_PROMPT = "结合自评情况，分析存在的问题及原因。（200字以内）"
IMPROVEMENTS_PROMPT = "针对项目自评中发现的问题，提出下一步改进完善的意见及有关政策性建议。（200字以内）"
# "51000021R000000019951-工资性支出": the system's project code before the name.
_PROJECT_CODE = re.compile(r"^[0-9A-Z]{12,}[-－]")


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    # A document without projects still prints one blank form (and gives the files a page).
    projects = document.projects or [
        template.new_project("", document.year) if template.new_project else Project()]
    parts = [_project(document, template, project, n) for n, project in enumerate(projects, 1)]
    return PrintLayout(form_name=template.form_name, parts=parts)


def _project(document: TargetDocument, template: Template, project: Project, n: int) -> Part:
    evaluation = project.evaluation or ProjectEvaluation()
    blocks: list[Block] = [
        Paragraph(FORM_CODE, Style.PLAIN, Align.RIGHT),
        Paragraph(template.title_for(document), Style.TITLE),
        Table([*_basic_rows(document, project, evaluation),
               *_execution_rows(evaluation, _execution_score(evaluation, template))], small=True),
        _indicator_table(project, evaluation, template),
        Table(_closing_rows(project, evaluation), small=True),
    ]
    return Part(blocks, columns=COLUMNS, landscape=True, sheet=f"{n} {_short_name(project.name)}")


def _short_name(name: str) -> str:
    return _PROJECT_CODE.sub("", name) or name


def _or_prompt(text: str, prompt: str) -> str:
    return text if text.strip() else prompt


def _basic_rows(document: TargetDocument, project: Project,
                evaluation: ProjectEvaluation) -> list[list[Cell]]:
    half = (VALUE - 2) // 2  # 项目年度目标 | 年度目标完成情况, right of their row label
    return [
        [label("项目名称"), Cell(project.name, colspan=VALUE)],
        [label("主管部门"), Cell(document.unit_name, colspan=4),
         label("实施单位（盖章）", colspan=2), Cell(project.implementing_unit, colspan=4)],
        [label("项目基本情况", rowspan=3), label("1.项目年度目标完成情况", rowspan=2, colspan=2),
         label("项目年度目标", colspan=half), label("年度目标完成情况", colspan=half)],
        [Cell(project.annual_goal, colspan=half),
         Cell(_or_prompt(evaluation.goal_achievement, GOAL_PROMPT), colspan=half)],
        [label("2.项目实施内容及过程概述", colspan=2), Cell(evaluation.process, colspan=VALUE - 2)],
    ]


def _execution_rows(evaluation: ProjectEvaluation,
                    computed: Decimal | None = None) -> list[list[Cell]]:
    """预算执行情况(10分): 年度预算数 per fund line; 执行率 computed; "/" where a sub-line has no
    weight or score; one 原因 cell beside all the lines (or, for long reasons, one per line)."""
    lines = evaluation.execution
    # The form's one 原因 cell beside all the lines holds the usual short reasons. When the
    # reasons, or a line's name, are too long for a block that stays on one page, each reason
    # goes beside its own line, so a page break splits the block like any rows (a merged cell
    # beside a row longer than a page lost rows in the PDF: docs/decisions.md).
    merged = (len("".join(line.reason for line in lines)) <= MERGED_REASONS
              and all(len(line.name) <= MERGED_NAME for line in lines)
              # and only while the one cell can be read back line by line (Excel import)
              and split_reasons(_reasons(lines), [line.name for line in lines])
              == [line.reason for line in lines])
    rows: list[list[Cell]] = [[
        label("预算执行情况\n（10分）", rowspan=1 + max(len(lines), 1)),
        label(f"年度预算数（{evaluation.unit.value}）"),
        *(label(text) for text in EXECUTION_HEADERS), label("原因", colspan=REASON_SPAN)]]
    total = execution_total_line(lines)  # the line the rules score (总额)
    for n, line in enumerate(lines):
        empty = "" if n == 0 else "/"
        row = [Cell(line.name, align=Align.CENTER if n == 0 else Align.LEFT),
               money_cell(line.initial), money_cell(line.adjusted), money_cell(line.executed),
               Cell(_rate(line), align=Align.RIGHT),
               Cell(_score(line.weight, empty), align=Align.CENTER),
               Cell(_score(computed if line is total and line.score is None else line.score,
                           empty), align=Align.CENTER)]
        if merged:
            if n == 0:
                row.append(Cell(_reasons(lines), rowspan=len(lines), colspan=REASON_SPAN))
        else:
            row.append(Cell(line.reason, colspan=REASON_SPAN))
        rows.append(row)
    if not lines:
        rows.append([Cell("", colspan=len(EXECUTION_HEADERS) + 1),
                     Cell(EXECUTION_NOTES, colspan=REASON_SPAN)])
    return rows


def _execution_score(evaluation: ProjectEvaluation, template: Template) -> Decimal | None:
    """The 总额 line's 得分 as the rules compute it (printed when the officer typed none)."""
    line = execution_total_line(evaluation.execution)
    if line is None or template.scoring is None:
        return None
    return score_execution(line, template.scoring).computed


def _rate(line: ExecutionLine) -> str:
    """预算执行率 as the form prints it: "100.00%"; a line with nothing budgeted and nothing
    spent prints "0.00%" as the province's system does; an unfilled line prints nothing."""
    rate = line.rate()
    if rate is not None:
        return f"{rate:.2f}%"
    if line.adjusted is not None and line.executed is not None and not line.executed:
        return "0.00%"
    return ""


def _score(value: Decimal | None, empty: str = "") -> str:
    return empty if value is None else f"{value:f}"


def _reasons(lines: list[ExecutionLine]) -> str:
    """原因: what the officer wrote, naming the sub-line it is for; else the form's notes."""
    texts = []
    for n, line in enumerate(lines):
        if line.reason.strip():
            name = _reason_name(line.name)
            texts.append(line.reason if n == 0 or not name else f"{name}：{line.reason}")
    return "\n".join(texts) or EXECUTION_NOTES


def _reason_name(name: str) -> str:
    return name.removeprefix("其中：").removeprefix("其中:")


def split_reasons(text: str, names: list[str]) -> list[str] | None:
    """Each line's 原因 from the one cell beside all the lines (what ``_reasons`` printed), or
    None when the text cannot be divided (a line's reason on several lines, a sub-line without a
    name): the form then prints each reason beside its own line."""
    reasons = [""] * len(names)
    if text == EXECUTION_NOTES or not names:
        return reasons
    if len(names) == 1:
        return [text]
    prefixes = [""] + [f"{_reason_name(name)}：" if _reason_name(name) else "" for name in names[1:]]
    last = -1
    for token in text.split("\n"):
        line = next((k for k in range(last + 1, len(names))
                     if k and prefixes[k] and token.startswith(prefixes[k])), None)
        if line is None and last < 0:
            line = 0
        if line is None:
            return None
        reasons[line] = token[len(prefixes[line]):]
        last = line
    return reasons


def _indicator_table(project: Project, evaluation: ProjectEvaluation,
                     template: Template) -> Table:
    spec = template.project_indicators
    columns = spec.columns if spec else ()
    # Only 一级/二级 merge, so a row's last cells are always 指标性质 … 得分 and 未完成原因分析.
    # 得分 as the officer typed it, else as the rules compute it (app/scoring.py).
    sheet = score_sheet(project.indicators, spec, template.scoring, evaluation.execution) \
        if spec and template.scoring else None
    body = []
    for n, row in enumerate(indicator_rows(project.indicators, columns)):
        cells = [*row[:-CENTRED - 1],
                 *(replace(cell, align=Align.CENTER) for cell in row[-CENTRED - 1:-1]), row[-1]]
        scored = sheet.rows[n] if sheet else None
        if scored is not None and not cells[-2].text and scored.computed is not None:
            cells[-2] = replace(cells[-2], text=str(scored.computed))
        body.append(cells)
    execution = sheet.execution if sheet else None
    weights = [line.weight for line in evaluation.execution[:1]]
    scores = [execution.effective if execution else line.score
              for line in evaluation.execution[:1]]
    weights += [_number(row.get("weight")) for row in project.indicators]
    scores += [s.effective if s else None for s in sheet.rows] if sheet else [
        _number(row.get("score")) for row in project.indicators]
    total = [label("合计", colspan=len(COLUMNS) - 3),
             Cell(_sum(weights), align=Align.CENTER), Cell(_sum(scores), align=Align.CENTER),
             Cell("")]
    return Table([[label("绩效指标\n（90分）", rowspan=1 + len(body)), *header_row(columns)],
                  *body, total], header_rows=1, small=True)


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _sum(values: list[Decimal | None]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return ""
    return f"{sum(present, Decimal(0)).normalize():f}"


def _closing_rows(project: Project, evaluation: ProjectEvaluation) -> list[list[Cell]]:
    half = len(COLUMNS) // 2
    return [
        [label("评价结论"), Cell(_or_prompt(evaluation.conclusion, CONCLUSION_PROMPT),
                               colspan=VALUE)],
        [label("存在问题"), Cell(_or_prompt(evaluation.problems, PROBLEMS_PROMPT),
                               colspan=VALUE)],
        [label("改进措施"), Cell(_or_prompt(evaluation.improvements, IMPROVEMENTS_PROMPT),
                               colspan=VALUE)],
        [Cell(f"项目负责人：{project.lead}", colspan=half),
         Cell(f"财务负责人：{evaluation.finance_lead}", colspan=len(COLUMNS) - half)],
    ]
