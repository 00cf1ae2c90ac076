"""审核: the finance bureau's checks, run before sending (and live in the editor).

``run_checks(document)`` returns every finding, 错误 first; each has a stable code, a severity,
a location the editor can jump to and a Chinese message naming the numbers. A template chooses
its rules' parameters in its ``forms/`` definition (``Template.checks``). See docs/checks.md.
"""
from __future__ import annotations

from app.checks.dates import check_dates
from app.checks.evaluation import check_evaluation
from app.checks.execution import check_execution
from app.checks.fields import check_fields
from app.checks.findings import Finding, Location, Severity
from app.checks.indicators import check_indicators
from app.checks.money import check_money
from app.checks.plans import check_spending_plans
from app.checks.scoring import check_scoring
from app.model import TargetDocument
from app.templates import get_template

__all__ = ["Finding", "Location", "Severity", "run_checks", "has_errors"]


def run_checks(document: TargetDocument) -> list[Finding]:
    template = get_template(document.template)
    settings = template.checks
    findings = [
        *check_fields(document, template, settings),
        *check_money(document, settings),
        *check_spending_plans(document),
        *check_indicators(document, template, settings),
        *check_dates(document),
        *check_evaluation(document, template),
        *check_execution(document, template),
        *check_scoring(document, template),
    ]
    # 错误 first; within a severity, the document's order.
    return sorted(findings, key=lambda f: f.severity is not Severity.ERROR)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
