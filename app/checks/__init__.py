"""审核: the finance bureau's checks, run before sending (and live in the editor).

``run_checks(document)`` returns every finding, 错误 first; each has a stable code, a severity,
a location the editor can jump to and a Chinese message naming the numbers. A template chooses
its rules' parameters in its ``forms/`` definition (``Template.checks``). See docs/checks.md.
``app.checks.live.LiveChecks`` keeps the same findings up to date edit by edit.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, Iterable

from app.checks.boxes import check_boxes
from app.checks.dates import check_dates
from app.checks.evaluation import check_evaluation
from app.checks.execution import check_execution
from app.checks.fields import check_fields
from app.checks.findings import Finding, Location, Severity
from app.checks.groups import GROUP_COLUMNS, check_groups, check_groups_sheet
from app.checks.indicators import check_indicators
from app.checks.money import check_money
from app.checks.plans import check_spending_plans
from app.checks.scoring import check_scoring, check_scoring_sheet
from app.model import TargetDocument
from app.templates import CheckSettings, Template, get_template

__all__ = ["Finding", "Location", "Severity", "run_checks", "has_errors"]


@dataclass(frozen=True)
class Rule:
    """A group of checks over the whole document. ``reads_rows``: it reads indicator rows, so
    the live checks run it again after any edit, not only after edits outside the indicator
    tables (a rule of one row at a time belongs in ``app.checks.indicators.ROW_RULES``).
    ``per_sheet``: the same findings for one indicator set (the department's, ``None``, or a
    project's), ``check`` being these in the order of the sets; the live checks then run
    again only the sheets whose rows were edited. ``columns``: the only cells of a row it reads
    (一级/二级), so an edit of another cell does not run it again."""

    name: str
    check: Callable[[TargetDocument, Template, CheckSettings], Iterable[Finding]]
    reads_rows: bool = False
    per_sheet: Callable[[TargetDocument, Template, int | None], Iterable[Finding]] | None = None
    columns: frozenset[str] = frozenset()


INDICATORS = "indicators"  # kept row by row by app.checks.live
# In the order run_checks reports them (within a severity).
RULES: tuple[Rule, ...] = (
    Rule("fields", check_fields),
    Rule("money", lambda document, template, settings: check_money(document, settings)),
    Rule("plans", lambda document, template, settings: check_spending_plans(document)),
    Rule(INDICATORS, check_indicators, reads_rows=True),
    Rule("groups", lambda document, template, settings: check_groups(document, template),
         reads_rows=True, per_sheet=check_groups_sheet, columns=frozenset(GROUP_COLUMNS)),
    Rule("dates", lambda document, template, settings: check_dates(document)),
    Rule("evaluation", lambda document, template, settings: check_evaluation(document, template)),
    Rule("execution", lambda document, template, settings: check_execution(document, template)),
    Rule("scoring", lambda document, template, settings: check_scoring(document, template),
         reads_rows=True, per_sheet=check_scoring_sheet),
    # Declared boxes; a box may be required by what an indicator row says (完成目标可能性).
    Rule("boxes", lambda document, template, settings: check_boxes(document, template),
         reads_rows=True),
)


def run_checks(document: TargetDocument) -> list[Finding]:
    template = get_template(document.template)
    settings = template.checks
    return errors_first([f for rule in RULES for f in rule.check(document, template, settings)])


def errors_first(findings: list[Finding]) -> list[Finding]:
    """错误 first; within a severity, the document's order."""
    error = Severity.ERROR
    return ([f for f in findings if f.severity is error]
            + [f for f in findings if f.severity is not error])


def error_count(findings: list[Finding]) -> int:
    """How many of ``findings``, 错误 first as ``run_checks`` gives them, are 错误 (a search,
    not a count: the 审核 panel asks after every edit)."""
    return bisect_left(findings, True, key=lambda f: f.severity is not Severity.ERROR)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
