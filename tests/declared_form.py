"""A throwaway template in a temporary package, outside ``forms/``: one declared box of every
kind (and a money table with relations, a box carried as 上年, a box required by what an
indicator row says). ``install(folder)`` writes the package there, imports it and registers its
template; ``uninstall()`` takes it away again. It proves a form with boxes the model has never
heard of needs no change outside its own folder."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from app.templates import Template, register, unregister

PACKAGE = "boxform_throwaway"
TEMPLATE_ID = "throwaway-boxes"

_INIT = '''
"""A form of every box kind (a test's throwaway template)."""
from dataclasses import replace
from decimal import Decimal

from app.boxes import (AtMost, BoxOptions, Carry, MoneyColumn, MoneyRow, MoneyTable, PartsOf,
                       RateAtLeast, RequiredWhen)
from app.model import IndicatorRow, Project, TargetDocument
from app.templates import (Column, ColumnKind, FieldKind, FieldSpec, IndicatorTableSpec, Section,
                           Template)

from {package}.importing import IMPORT
from {package}.layout import build_layout

FUNDS = MoneyTable(
    rows=(MoneyRow("total", "年度资金总额："), MoneyRow("general", "其中：一般公共预算拨款"),
          MoneyRow("other", "其他资金")),
    columns=(MoneyColumn("initial", "年初预算数"), MoneyColumn("h1", "1-6月执行数", result=True),
             MoneyColumn("rate", "执行率", rate_of=("h1", "initial"))),
    relations=(PartsOf("total", ("general", "other")), AtMost("h1", "initial"),
               RateAtLeast("h1", "initial", Decimal(50), message="序时进度滞后")))
# A project's own money table: its 年初预算数 total means the project's budget (结转 fills it).
PROJECT_FUNDS = replace(FUNDS, budget=("total", "initial"))

BOXES = (
    FieldSpec("boxes.note", "备注行", FieldKind.LINE, limit=20),
    FieldSpec("boxes.summary", "情况说明", FieldKind.TEXT, required=True),
    FieldSpec("boxes.items", "主要任务", FieldKind.LIST, numbering="1. "),
    FieldSpec("boxes.plan_year", "规划年度", FieldKind.YEAR),
    FieldSpec("boxes.filed", "填报日期", FieldKind.DATE),
    FieldSpec("boxes.amount", "中期资金总额（万元）", FieldKind.MONEY, box=BoxOptions(unit="万元")),
    FieldSpec("boxes.share", "自筹比例", FieldKind.PERCENT,
              box=BoxOptions(minimum=Decimal(0), maximum=Decimal(100))),
    FieldSpec("boxes.nature", "项目属性", FieldKind.CHOICE,
              box=BoxOptions(options=("新增项目", "延续项目"))),
    FieldSpec("boxes.types", "项目类型", FieldKind.TICKS,
              box=BoxOptions(options=("常年性项目", "延续性项目", "一次性项目"), numbering="1、")),
    FieldSpec("boxes.source", "资金来源", FieldKind.TICKS,
              box=BoxOptions(options=("部门预算项目", "省直专项"), single=True, numbering="1、")),
    FieldSpec("boxes.funds", "项目资金", FieldKind.MONEY_TABLE,
              box=BoxOptions(unit="万元", table=FUNDS)),
    FieldSpec("boxes.remark", "上年度情况", FieldKind.TEXT, box=BoxOptions(carry=Carry.PRIOR)),
)

INDICATORS = IndicatorTableSpec("", "绩效指标", (
    Column("level1", "一级指标", merge=True), Column("name", "指标名称"),
    Column("target", "指标值", ColumnKind.TARGET),
    Column("likelihood", "完成目标可能性", ColumnKind.CHOICE,
           choices=("确定能", "有可能", "不可能"), result=True)))


def new_document(unit_name: str, year: int) -> TargetDocument:
    return TargetDocument(template=TEMPLATE.id, unit_name=unit_name, year=year)


def new_project(name: str, year: int | None) -> Project:
    return Project(name=name, indicators=[IndicatorRow(level1="产出指标")])


TEMPLATE = Template(
    id="{template_id}", title="测试 · 声明栏目表", province="测试",
    document_title="{{year}}年度声明栏目测试表", money_unit="万元",
    new_document=new_document, new_project=new_project, form_name="声明栏目测试表",
    layout=build_layout, has_projects=True, stage="monitoring",
    sections=(Section("basic", "基本情况", (
        FieldSpec("unit_name", "单位名称", FieldKind.LINE, required=True),
        FieldSpec("year", "年度", FieldKind.YEAR, required=True),
        *BOXES)),),
    project_sections=(Section("project", "项目", (
        FieldSpec("name", "项目名称", FieldKind.LINE, required=True),
        FieldSpec("boxes.project_funds", "项目资金（万元）", FieldKind.MONEY_TABLE,
                  box=BoxOptions(unit="万元", table=PROJECT_FUNDS)),
        FieldSpec("indicators", "绩效指标", FieldKind.INDICATORS),
        FieldSpec("boxes.deviation", "偏差原因分析", FieldKind.TEXT,
                  box=BoxOptions(required_when=RequiredWhen("likelihood", ("有可能", "不可能")))),
    )),),
    project_indicators=INDICATORS,
    excel_import=IMPORT,
)
'''

_LAYOUT = '''
from app.export.blocks import header_row, indicator_rows, label
from app.export.boxes import box_cell, box_text, money_table_rows
from app.export.layout import Cell, Paragraph, Part, PrintLayout, Style, Table


def _spec(template, path, project=False):
    sections = template.project_sections if project else template.sections
    return next(f for s in sections for f in s.fields if f.path == path)


def build_layout(document, template):
    rows = [[label("单位名称"), Cell(document.unit_name, colspan=3)]]
    for spec in template.sections[0].fields[2:]:
        if spec.path == "boxes.funds":
            rows += money_table_rows(document, spec, header=spec.label)
        else:
            rows.append([label(spec.label), box_cell(document, spec, colspan=3)])
    parts = [Part([Paragraph(template.title_for(document), Style.TITLE), Table(rows)],
                  columns=(1.5, 2, 2, 2), sheet="总表")]
    for n, project in enumerate(document.projects, 1):
        columns = template.project_indicators.columns
        deviation = _spec(template, "boxes.deviation", project=True)
        funds = _spec(template, "boxes.project_funds", project=True)
        parts.append(Part([
            Paragraph(template.title_for(document), Style.TITLE),
            Table([[label("项目名称"), Cell(project.name, colspan=3)],
                   *money_table_rows(project, funds, header=funds.label)]),
            Table([header_row(columns), *indicator_rows(project.indicators, columns)],
                  header_rows=1),
            Table([[label(deviation.label), Cell(box_text(project, deviation), colspan=3)]]),
        ], columns=(1.5, 2, 2, 2), sheet=f"项目{{n}}"))
    return PrintLayout(form_name=template.form_name, parts=parts)
'''

_IMPORTING = '''
from app.importing.blocks import Indicators, Match, Value
from app.importing.boxes import Box, BoxTable
from app.importing.definition import ImportDefinition, SheetImport
from app.importing.fields import Text, Year

IMPORT = ImportDefinition(
    sheets=(SheetImport(name="总表", blocks=(
        Match(r"(\\d{{4}})年度声明栏目测试表", (Year("year"),), name="标题"),
        Value("单位名称", Text("unit_name")),
        Box("note"), Box("summary"), Box("items"), Box("plan_year"), Box("filed"),
        Box("amount"), Box("share"), Box("nature"), Box("types"), Box("source"),
        BoxTable("funds"), Box("remark"),
    )),),
    projects=SheetImport(blocks=(
        Value("项目名称", Text("name")), BoxTable("project_funds"), Indicators(""),
        Box("deviation"),
    )),
)
'''


def install(folder: Path) -> Template:
    package = folder / PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    values = {"package": PACKAGE, "template_id": TEMPLATE_ID}
    (package / "__init__.py").write_text(_INIT.format(**values), encoding="utf-8")
    (package / "layout.py").write_text(_LAYOUT.format(**values), encoding="utf-8")
    (package / "importing.py").write_text(_IMPORTING.format(**values), encoding="utf-8")
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    module = importlib.import_module(PACKAGE)
    return register(module.TEMPLATE)


def uninstall(folder: Path) -> None:
    unregister(TEMPLATE_ID)
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    if str(folder) in sys.path:
        sys.path.remove(str(folder))


@pytest.fixture
def throwaway(tmp_path_factory):
    """The throwaway template, registered for one test (import this fixture to use it)."""
    folder = tmp_path_factory.mktemp("forms")
    template = install(folder)
    yield template
    uninstall(folder)
