"""资金支出计划 (河北 projects): each checkpoint 0–100 %, together 100 %."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from app.checks.findings import Finding, Location, Severity
from app.model import TargetDocument

CHECKPOINTS = (("march", "3月底"), ("june", "6月底"), ("october", "10月底"),
               ("december", "12月底"))


def check_spending_plans(document: TargetDocument) -> Iterator[Finding]:
    for p, project in enumerate(document.projects):
        plan = project.spending_plan
        if plan is None:
            continue
        owner = f"项目“{project.name or p + 1}”的资金支出计划"
        values = [(field, label, getattr(plan, field)) for field, label in CHECKPOINTS]
        for field, label, value in values:
            if value is not None and not 0 <= value <= 100:
                yield Finding("SPENDING_PLAN_RANGE", Severity.ERROR,
                              Location("projects", f"projects[{p}].spending_plan.{field}",
                                       project=p),
                              f"{owner}{label}为 {value}%，应在 0% 到 100% 之间")
        filled = [f"{label} {value}%" for _, label, value in values if value is not None]
        total = sum((v for _, _, v in values if v is not None), Decimal(0))
        if total != 100:
            detail = "、".join(filled) if filled else "均未填写"
            yield Finding("SPENDING_PLAN_TOTAL", Severity.ERROR,
                          Location("projects", f"projects[{p}].spending_plan", project=p),
                          f"{owner}合计 {total}%（{detail}），应为 100%")
