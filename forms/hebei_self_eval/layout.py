"""河北 部门整体支出绩效自评报告 on paper: the narrative report of seed 003 (一、（一）1、（1）)
with the 评价工作组 list as a table, plus an Excel-only 自评数据 sheet.

The report states its 收支预决算 figures in the officer's sentences, as the seed does, and prints
no table of them (docs/decisions.md): a table would have to line up stages whose lines are named
differently ("决算收入" beside 政府性基金预算) and would read as totals the report never states.
The 自评数据 sheet lists each stated line once, stage by stage, with no computed totals.

Grid: four columns: 阶段 | 收支 | 项目 | 金额 and 职务 | 姓名 | 职务/职称 | 签字.
"""
from __future__ import annotations

from decimal import Decimal

from app.export.blocks import label, numbered, signature_blocks, template_numbering
from app.export.layout import (Align, Block, Cell, Paragraph, Part, PrintLayout, Style, Table,
                               merged_runs)
from app.model import SelfEvaluation, TargetDocument, TeamMember
from app.templates import Template

COLUMNS = (1.6, 1.3, 1.7, 1.3)
REPORT_NAME = "年度整体支出绩效自评报告"
TEAM_HEADING = "评价工作组人员名单及签字"
BLANK = "____"  # the sentence's score/grade when the officer has not stated them yet


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    evaluation = document.self_evaluation or SelfEvaluation()
    width = len(COLUMNS)
    # The report ends with 评价工作组人员名单及签字, its own signatures (seed 003).
    report = Part([*_report(document, evaluation, template, width),
                   *signature_blocks(document, template)], columns=COLUMNS)
    data = Part(_data_sheet(document, evaluation, template, width), columns=COLUMNS,
                sheet="自评数据", title_rows=1, excel_only=True)
    return PrintLayout(form_name=template.form_name, parts=[report, data])


def _report(document: TargetDocument, evaluation: SelfEvaluation, template: Template,
            width: int) -> list[Block]:
    department = document.department
    functions = template_numbering(template, "department.functions")
    year = "" if document.year is None else str(document.year)
    blocks: list[Block] = [
        Paragraph(document.unit_name, Style.TITLE),
        Paragraph(f"{year}{REPORT_NAME}", Style.TITLE),
        _body(evaluation.preface),
        _h1("一、部门基本情况"),
        _h2("（一）部门概况"),
        _h3("1、部门职能"),
        *([_body(department.functions_lead_in)] if department.functions_lead_in else []),
        *(_body(f"{numbered(i, functions)}{item}")
          for i, item in enumerate(department.functions, 1)),
        _h3("2、机构设置"), _body(department.organization),
        _h3("3、资产情况"), _body(evaluation.assets),
        _h2("（二）部门收支预决算情况"),
        *(_body(stage.text) for stage in evaluation.budget_stages),
        _h2("（三）部门整体支出绩效目标、指标"),
        _h3("1、整体绩效目标"), _body(department.overall_goal),
        _h3("2、分项绩效目标、指标"),
    ]
    for i, goal in enumerate(department.sub_goals, 1):
        blocks += [_h3(f"{numbered(i, '（1）')}{goal.title}"), _body(f"绩效目标：{goal.goal}"),
                   _body(f"绩效指标：{goal.indicators}")]
    blocks += [
        _h1("二、自评工作开展情况"),
        _h2("（一）自评的组织工作"), _body(evaluation.organization),
        _h2("（二）绩效自评目的"), _body(evaluation.purpose),
        _h2("（三）绩效自评内容"), _body(evaluation.content),
        _h2("（四）自评的方法"),
        # "1、科学公正原则。此次绩效自评…": the principle runs into its explanation.
        *(_body(f"{i}、{m.title}。{m.text}" if m.title else f"{i}、{m.text}")
          for i, m in enumerate(evaluation.methods, 1)),
        _h2("（五）绩效自评过程"), _body(evaluation.process),
        _h1("三、部门整体支出绩效目标实现情况及指标分析"),
        _h2("（一）总体绩效目标实现情况"), _body(evaluation.overall_achievement),
        _h2("（二）分项绩效目标实现情况及指标分析"),
    ]
    for i, item in enumerate(evaluation.sub_achievements, 1):
        blocks += [_h3(f"{numbered(i, '（1）')}{item.title}"), _body(item.text)]
    blocks += [
        _h1("四、评价结论和评价等级"),
        _body(evaluation.grading_method),
        _body(evaluation.conclusion),
        _body(f"我单位{year}年度部门整体绩效自评得分{_score_text(evaluation.score) or BLANK}分，"
              f"评价等级为“{evaluation.grade or BLANK}”。"),
        _h1("五、存在的问题及改进措施"),
        _h2("（一）存在的主要问题"),
    ]
    for i, item in enumerate(evaluation.problems, 1):
        blocks += [_h3(f"{i}.{item.title}"), _body(item.text)]
    blocks.append(_h2("（二）针对问题提出具体的改进措施或建议"))
    for i, item in enumerate(evaluation.improvements, 1):
        blocks += [_h3(f"{i}.{item.title}"), _body(item.text)]
    blocks += [Paragraph(TEAM_HEADING, Style.HEADING1, align=Align.CENTER),
               _team_table(evaluation.team, width)]
    return blocks


def _data_sheet(document: TargetDocument, evaluation: SelfEvaluation, template: Template,
                width: int) -> list[Block]:
    """自评数据: the report's score, grade and team as plain tables for further work in Excel.

    No 收支预决算 table: the report states those figures in the officer's sentences only, and a
    table of them would print lines (and totals) the form does not have."""
    return [
        Paragraph(template.title_for(document), Style.TITLE),
        _h2("评价结论和评价等级"),
        Table([[label("自评得分"), Cell(_score_text(evaluation.score), colspan=width - 1)],
               [label("评价等级"), Cell(evaluation.grade, colspan=width - 1)]]),
        _h2(TEAM_HEADING),
        _team_table(evaluation.team, width),
    ]


def _team_table(team: list[TeamMember], width: int) -> Table:
    """职务 | 姓名 | 职务/职称 | 签字 (left blank for the pen); equal roles share one merged cell."""
    title_span = width - 3
    rows = [[label("职务"), label("姓名"), label("职务/职称", colspan=title_span), label("签字")]]
    spans = merged_runs([member.role for member in team])
    for member, span in zip(team, spans):
        role = [Cell(member.role, rowspan=span, align=Align.CENTER)] if span else []
        rows.append([*role, Cell(member.name, align=Align.CENTER),
                     Cell(member.title, colspan=title_span), Cell()])
    return Table(rows, header_rows=1)


def _score_text(score: Decimal | None) -> str:
    return "" if score is None else format(score, "f")  # as stored: 99.44, never 9.944E+1


def _body(text: str) -> Paragraph:
    return Paragraph(text, Style.BODY)


def _h1(text: str) -> Paragraph:
    return Paragraph(text, Style.HEADING1)


def _h2(text: str) -> Paragraph:
    return Paragraph(text, Style.HEADING2)


def _h3(text: str) -> Paragraph:
    return Paragraph(text, Style.HEADING3)
