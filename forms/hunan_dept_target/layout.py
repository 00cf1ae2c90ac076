"""湖南 部门(单位)整体绩效目标表 on paper, as 岳阳楼区 publishes it: one landscape form on the
nine-column grid of its 绩效指标 table.

Grid: 一级 | 二级 | 三级 | 指标值类型 | 指标值 | 计量单位 | 指标解释 | 评(扣)分标准 | 备注. The
header block puts its labels over 一级 + 二级 and its values over the other seven columns. The
form marks what the unit must write with "*" before the label; the indicators are a table of
their own so their header repeats on every page. The block's last row, "绩效指标", closes the
header block rather than opening the indicator table, because Qt takes a table's column widths
from its first row and a full-width first row would make every column equally wide.
"""
from __future__ import annotations

from app.export.blocks import (indicator_rows, label, numbered_text, signature_blocks,
                               template_numbering)
from app.export.layout import Block, Cell, Paragraph, Part, PrintLayout, Style, Table
from app.model import TargetDocument
from app.templates import IndicatorTableSpec, Template

COLUMNS = (1.1, 1.5, 1.9, 1.2, 1.1, 1.0, 2.3, 2.1, 0.8)
LABEL, VALUE = 2, 7  # colspans of a label and its value on the nine-column grid


def build_layout(document: TargetDocument, template: Template) -> PrintLayout:
    department = document.department
    header = Table([
        # The form prints no "*" on 部门(单位)名称 (only on what the unit writes itself).
        [label("部门(单位)名称", colspan=LABEL), Cell(document.unit_name, colspan=VALUE)],
        [label(_field_label(template, "department.functions"), colspan=LABEL),
         Cell(_functions(department.functions, department.functions_lead_in, template),
              colspan=VALUE)],
        [label(_field_label(template, "department.overall_goal"), colspan=LABEL),
         Cell(department.overall_goal, colspan=VALUE)],
        [label("绩效指标", colspan=len(COLUMNS))],
    ])
    blocks: list[Block] = [Paragraph(template.title_for(document), Style.TITLE), header]
    for spec in template.indicator_tables:
        table = department.table(spec.key)
        rows = table.rows if table else []
        blocks.append(Table([_header_row(spec), *indicator_rows(rows, spec.columns)],
                            header_rows=1))
    blocks += signature_blocks(document, template)
    return PrintLayout(form_name=template.form_name, parts=[
        Part(blocks, columns=COLUMNS, landscape=True, sheet="整体绩效目标表", title_rows=1)])


def _starred(text: str, required: bool) -> str:
    return f"*{text}" if required else text


def _field_label(template: Template, path: str) -> str:
    spec = next(f for s in template.sections for f in s.fields if f.path == path)
    return _starred(spec.label, spec.required)


def _header_row(spec: IndicatorTableSpec) -> list[Cell]:
    """The column headers, "*" on the required ones: a target (指标值) always is."""
    targets = {c.id for c in spec.target_columns()}
    return [label(_starred(c.label, c.required or c.id in targets)) for c in spec.columns]


def _functions(items: list[str], lead_in: str, template: Template) -> str:
    """One duty as the form prints it, unnumbered; several numbered, one per line, after the
    lead-in on its own line (after which even one duty has its number, to be told from it)."""
    if len(items) == 1 and not lead_in:
        return items[0]
    return numbered_text(items, template_numbering(template, "department.functions"), "\n",
                         lead_in)
