"""Workbooks typed by hand to published forms, not made by our export: 苏州's 部门整体目标表
(seed 000) and the national 项目支出绩效自评表 (``write_national_project_workbook``, below).

苏州's is laid out as the published page is: the title and 年度 over the form, label boxes on the left
with line breaks where the page breaks them ("单位\\n主要职能"), the 部门整体资金（万元） table with
收入 (资金总额, 财政拨款 小计 and its sources, the other sources) and 支出 (半年计划执行数 and
全年预算数), the goals, then the three indicator tables one under another with 一级/二级 (and
重点工作) as merged cells. The grid differs from our export's (seven columns, other spans),
amounts are typed as numbers (2683.8, 0), and there are no row marks, no page furniture and no
signature rows, as in a workbook an officer makes.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from app.export.blocks import numbered_text
from app.export.layout import merged_runs
from app.model import IndicatorRow, Project, TargetDocument
from app.scoring import execution_total_line, number, plain, score_sheet
from app.templates import get_template
from forms._common.national_eval.layout import wan_yuan

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
WIDTH = 7  # columns A–G


class _Sheet:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1

    def put(self, row: int, first: int, value: object, last: int | None = None,
            rows: int = 1, bold: bool = False) -> None:
        """A value in a box from column ``first`` to ``last`` over ``rows`` rows, bordered."""
        last = first if last is None else last
        cell = self.ws.cell(row=row, column=first)
        if value is not None and value != "":
            cell.value = _typed(value)
            if isinstance(cell.value, str):
                cell.data_type = "s"
        cell.font = Font(name="宋体", bold=bold)
        cell.alignment = _WRAP
        for r in range(row, row + rows):
            for c in range(first, last + 1):
                self.ws.cell(row=r, column=c).border = _BOX
        if rows > 1 or last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row + rows - 1,
                                end_column=last)


def _typed(value: object) -> object:
    """An amount typed into Excel: a number (2683.8, 0), never text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_suzhou_workbook(document: TargetDocument, path: Path, sheet: str = "绩效目标表",
                          note: str = "") -> Path:
    """``note``: a line across the form right under the last table, as printed forms add."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    form = _Sheet(ws)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=WIDTH)
    ws.cell(row=1, column=1, value=f"{document.region}市级部门整体预算绩效目标表").font = \
        Font(name="黑体", size=16)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=WIDTH)
    ws.cell(row=2, column=1, value=f"{document.year}年度")
    department = document.department
    row = 3
    organisation = "\n".join(part for part in (
        f"机构设置：{department.organization}" if department.organization else "",
        f"人员配置：{department.staffing}" if department.staffing else "") if part)
    for label, value in (("单位名称", document.unit_name),
                         ("单位\n主要职能", numbered_text(department.functions, "（一）")),
                         ("机构设置及\n人员配置", organisation)):
        form.put(row, 1, label, 2, bold=True)
        form.put(row, 3, value, WIDTH)
        row += 1
    row = _funds(form, document, row)
    for label, value in (("中长期目标", department.long_term_goal),
                         ("年度目标", department.annual_goal)):
        form.put(row, 1, label, 2, bold=True)
        form.put(row, 3, value, WIDTH)
        row += 1
    for key in ("decision_process", "duty", "benefit"):
        table = department.table(key)
        row = _indicators(form, table.rows if table else [], row, duty=key == "duty")
    if note:
        form.put(row, 1, note, WIDTH)
    workbook.save(path)
    return path


def _funds(form: _Sheet, document: TargetDocument, row: int) -> int:
    funds = document.department.funds
    appropriated = [line for line in funds.income if line.appropriation]
    others = [line for line in funds.income if not line.appropriation]
    expense = [("基本支出", funds.basic_expense.half_year, funds.basic_expense.full_year),
               ("项目支出", funds.project_expense.half_year, funds.project_expense.full_year),
               *((i.name, i.half_year, i.full_year) for i in funds.expense_items)]
    income_rows = 2 + 1 + len(appropriated) + len(others)
    expense_rows = 1 + len(expense)
    form.put(row, 1, "部门\n整体\n资金\n（万\n元）", rows=income_rows + expense_rows, bold=True)
    form.put(row, 2, "收入", rows=income_rows, bold=True)
    form.put(row, 3, "", 5)
    form.put(row, 6, "全年\n预算数", WIDTH, bold=True)
    form.put(row + 1, 3, "资金总额", 5)
    form.put(row + 1, 6, funds.total, WIDTH)
    form.put(row + 2, 3, "财政拨款", rows=1 + len(appropriated))
    form.put(row + 2, 4, "小计", 5)
    form.put(row + 2, 6, funds.appropriation, WIDTH)
    at = row + 3
    for line in appropriated:
        form.put(at, 4, line.name, 5)
        form.put(at, 6, line.amount, WIDTH)
        at += 1
    for line in others:
        form.put(at, 3, line.name, 5)
        form.put(at, 6, line.amount, WIDTH)
        at += 1
    form.put(at, 2, "支出", rows=expense_rows, bold=True)
    form.put(at, 3, "", 5)
    form.put(at, 6, "半年\n计划执行\n数", bold=True)
    form.put(at, 7, "全年\n预算数", bold=True)
    at += 1
    for name, half, full in expense:
        form.put(at, 3, name, 5)
        form.put(at, 6, half)
        form.put(at, 7, full)
        at += 1
    return at


def _indicators(form: _Sheet, rows: list[IndicatorRow], row: int, duty: bool) -> int:
    """一级 | 二级 | (重点工作) | 三级 | 半年 | 全年 on A–G; groups merged down as printed."""
    if duty:
        spans = {"level1": (1, 1), "level2": (2, 2), "key_task": (3, 3), "name": (4, 5),
                 "half_year_target": (6, 6), "full_year_target": (7, 7)}
        headers = ("一级\n指标", "二级指标", "重点工作", "三级指标", "半年指标\n值", "全年指标值")
    else:
        spans = {"level1": (1, 1), "level2": (2, 3), "name": (4, 5),
                 "half_year_target": (6, 6), "full_year_target": (7, 7)}
        headers = ("一级\n指标", "二级指标", "三级指标", "半年指标\n值", "全年指标值")
    for (first, last), header in zip(spans.values(), headers):
        form.put(row, first, header, last, bold=True)
    row += 1
    groups = [c for c in ("level1", "level2", "key_task") if c in spans]
    runs = {}
    keys: list[tuple[str, ...]] = [() for _ in rows]
    for column in groups:
        keys = [key + (r.get(column),) for key, r in zip(keys, rows)]
        runs[column] = merged_runs(keys)
    for index, indicator in enumerate(rows):
        for column, (first, last) in spans.items():
            if column in runs:
                span = runs[column][index]
                if span:
                    form.put(row + index, first, indicator.get(column), last, rows=span)
            else:
                form.put(row + index, first, indicator.get(column), last)
    return row + len(rows)


# --- the national 项目支出绩效自评表 (财预〔2020〕10号) -------------------------------------------

NATIONAL_WIDTH = 9  # columns A–I: 绩效指标's label and its eight columns
NO_SCORE = "—"  # what the published form prints in 分值 and 得分 of the lines under the total


def write_national_project_workbook(document: TargetDocument, path: Path) -> Path:
    """One sheet per project ("项目1", "项目2" …), each typed as the published form lays it out:
    the title on one row and "（2024年度）" on the next, 项目名称, 主管部门 | 实施单位, 项目资金（万元）
    beside its fund lines ("—" in 分值 and 得分 under the total, 执行率 as "100.00%"), 年度总体目标,
    绩效指标 with each 一级 typed with its group's 分值 on one line ("产出指标（50分）") and merged
    down, 二级 merged within it, 总分 and 评价等级. Nine columns where our export has ten (三级 one
    column wide, 得分 of the money block over two), amounts and the money block's scores typed as
    numbers, indicator cells as text; no row marks, no repeated headers. 得分 and 总分 are what
    the printed form shows: typed, else as the rules compute them."""
    template = get_template(document.template)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for n, project in enumerate(document.projects, 1):
        form = _Sheet(workbook.create_sheet(f"项目{n}"))
        _national_project(form, document, project, template)
    workbook.save(path)
    return path


def _national_project(form: _Sheet, document: TargetDocument, project: Project,
                      template) -> None:  # type: ignore[no-untyped-def]
    width = NATIONAL_WIDTH
    evaluation = project.evaluation
    assert evaluation is not None and template.scoring is not None
    rules, spec = template.scoring, template.project_indicators
    scores = score_sheet(project.indicators, spec, rules, evaluation.execution,
                         template.grade_bands)
    form.put(1, 1, "项目支出绩效自评表", width, bold=True)
    form.put(2, 1, f"（{document.year}年度）", width)
    form.put(3, 1, "项目名称", bold=True)
    form.put(3, 2, project.name, width)
    form.put(4, 1, "主管部门", bold=True)
    form.put(4, 2, document.unit_name, 4)
    form.put(4, 5, "实施单位", 6, bold=True)
    form.put(4, 7, project.implementing_unit, width)
    lines = evaluation.execution
    # The published form is in 万元: a 元 document's figures typed there exactly.
    form.put(5, 1, "项目资金\n（万元）", rows=1 + len(lines), bold=True)
    form.put(5, 2, "")
    for column, text in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率"), 3):
        form.put(5, column, text, bold=True)
    form.put(5, 8, "得分", width, bold=True)
    total = execution_total_line(lines)
    row = 6
    for line in lines:
        scored = scores.execution if line is total else None
        weight = line.weight if line.weight is not None else (
            scored.weight if scored is not None else None)
        score = line.score if line.score is not None else (
            scored.computed if scored is not None else None)
        rate = line.rate()
        form.put(row, 2, line.name)
        for column, amount in enumerate((line.initial, line.adjusted, line.executed), 3):
            form.put(row, column, None if amount is None else wan_yuan(amount, evaluation.unit))
        form.put(row, 6, weight if scored is not None or weight is not None else NO_SCORE)
        form.put(row, 7, "" if rate is None else f"{rate:.2f}%")
        form.put(row, 8, score if scored is not None or score is not None else NO_SCORE, width)
        row += 1
    form.put(row, 1, "年度总体目标", rows=2, bold=True)
    form.put(row, 2, "预期目标", 5, bold=True)
    form.put(row, 6, "实际完成情况", width, bold=True)
    form.put(row + 1, 2, project.annual_goal, 5)
    form.put(row + 1, 6, evaluation.goal_achievement, width)
    row += 2
    indicators = project.indicators
    form.put(row, 1, "绩效指标", rows=1 + len(indicators), bold=True)
    for column, text in enumerate(c.label for c in spec.columns):
        form.put(row, 2 + column, text, bold=True)
    row += 1
    level1 = merged_runs([r.level1 for r in indicators])
    level2 = merged_runs([(r.level1, r.level2) for r in indicators])
    for index, (indicator, scored) in enumerate(zip(indicators, scores.rows)):
        if level1[index]:
            group = indicators[index:index + level1[index]]
            weights = [w for w in (number(r.get(rules.weight)) for r in group) if w is not None]
            text = indicator.level1
            if weights and text.strip():
                text += f"（{plain(sum(weights))}分）"
            form.put(row + index, 2, text, rows=level1[index])
        if level2[index]:
            form.put(row + index, 3, indicator.level2, rows=level2[index])
        typed = indicator.get(rules.score)
        score = typed if typed.strip() else (
            "" if scored is None or scored.computed is None else str(scored.computed))
        for column, text in enumerate((indicator.name, indicator.get("target"),
                                       indicator.get("actual"), indicator.get("weight"), score,
                                       indicator.get("deviation_reason")), 4):
            form.put(row + index, column, text)
    row += len(indicators)
    weights = [w for w in (number(r.get(rules.weight)) for r in indicators if r.name.strip())
               if w is not None] + [scores.execution.weight]
    form.put(row, 1, "总分", 6, bold=True)
    form.put(row, 7, sum(weights))
    form.put(row, 8, evaluation.score)
    form.put(row, 9, "")
    form.put(row + 1, 1, "评价等级", 6, bold=True)
    form.put(row + 1, 7, evaluation.grade, width)
