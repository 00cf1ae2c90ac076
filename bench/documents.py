"""Large documents for benchmarks: the 100-project × 30-indicator case of the issues."""
from __future__ import annotations

from decimal import Decimal

from app.model import IndicatorRow, Project, ScheduleItem, SpendingPlan, TargetDocument
from app.money import Unit
from app.templates import get_template


def large_document(projects: int = 100, indicators: int = 30) -> TargetDocument:
    document = get_template("guizhou-dept-target").new_document("六盘水市自然资源局", 2024)
    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
              ("满意度指标", "社会公众或服务对象满意度")]
    for p in range(projects):
        rows = [IndicatorRow(level1=levels[i % 4][0], level2=levels[i % 4][1],
                             name=f"项目{p}指标{i}完成率", target="≥90%",
                             definition="完成数/计划数×100%，" * 5) for i in range(indicators)]
        document.projects.append(Project(
            name=f"第{p}号项目", lead="负责人", budget_amount=Decimal("1234567.89"),
            budget_unit=Unit.YUAN, annual_goal="年度目标说明。" * 40,
            spending_plan=SpendingPlan(march=Decimal(25), december=Decimal(75)),
            schedule=[ScheduleItem(start="2024-01-01", end="2024-06-30", work="工作内容" * 20)],
            indicators=rows))
    return document
