"""The national 自评表 (财预〔2020〕10号《项目支出绩效评价管理办法》的附件格式) that both national
forms print: 项目支出绩效自评表 for each project (``forms.national_project_eval``) and 部门整体支出
绩效自评表 for the department as a whole (``forms.national_dept_eval``).

One sheet: the form's head; a money block over four fund lines with 年初预算数 | 全年预算数 |
全年执行数 | 分值 | 执行率 | 得分 (年度资金总额 carries the 10 points); 年度总体目标 (预期目标
beside 实际完成情况); 绩效指标 with one merged 年度指标值 ("≥50个"), 实际完成值, 分值, 得分 and
偏差原因分析及改进措施; 总分 and the grade. This module holds what the two forms declare alike;
``layout`` prints the sheet and ``importing`` reads it back.
"""
from __future__ import annotations

from decimal import Decimal

from app.model import ExecutionLine, ProjectEvaluation
from app.money import Unit
from app.scoring_rules import ScoringRules
from app.templates import Column, ColumnKind, GradeBand
from forms._common import BENEFIT, PRODUCTION, SATISFACTION

# The fund lines the form prints, in its order; only 年度资金总额 carries the block's 10 points.
EXECUTION_LINES = ("年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金")
EXECUTION_WEIGHT = Decimal("10")

SKELETON = {
    PRODUCTION: ("数量指标", "质量指标", "时效指标", "成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
}

# 财政部预算司: 90（含）-100分为优、80（含）-90分为良、60（含）-80分为中、60分以下为差.
GRADE_BANDS = (
    GradeBand("优", Decimal(90), None),
    GradeBand("良", Decimal(80), Decimal(90)),
    GradeBand("中", Decimal(60), Decimal(80)),
    GradeBand("差", None, Decimal(60)),
)

# Editor widths in characters, narrow enough that the eight columns fit beside the project list
# at 1366×768 (a wider table would scroll sideways); the printed widths are the layout's.
COLUMNS = (
    Column("level1", "一级指标", merge=True, width=5),
    Column("level2", "二级指标", merge=True, width=6),
    Column("name", "三级指标", width=10),
    Column("target", "年度指标值", ColumnKind.TARGET, width=6),
    Column("actual", "实际完成值", width=6, result=True),
    Column("weight", "分值", ColumnKind.NUMBER, width=3, required=True),
    Column("score", "得分", ColumnKind.NUMBER, width=3, result=True),
    Column("deviation_reason", "偏差原因分析及改进措施", width=10, result=True),
)
LEVEL1 = (PRODUCTION, BENEFIT, SATISFACTION)

# 产出 50, 效益 30, 满意度 10 and 预算执行率 10 (财预〔2020〕10号), the 定量/定性 rules of the
# budget system: the national defaults.
SCORING = ScoringRules()


def new_evaluation() -> ProjectEvaluation:
    return ProjectEvaluation(unit=Unit.WAN_YUAN, execution=[
        ExecutionLine(name=name, weight=EXECUTION_WEIGHT if n == 0 else None)
        for n, name in enumerate(EXECUTION_LINES)])
