"""A stated total left blank prints blank in every format, so 审核 reports it, with the figure
the editor computes beside it (docs/checks.md, stated totals; issue 21, item 8)."""
from __future__ import annotations

from decimal import Decimal

from app.checks import run_checks
from app.export import build_layout
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES


def _blank_totals(document):
    return [f for f in run_checks(document) if f.code == "STATED_TOTAL_EMPTY"]


def test_a_blank_appropriation_subtotal_is_reported_with_the_computed_figure():
    document = load_document(EXAMPLE_FILES["jiangsu"])
    assert not _blank_totals(document)
    document.department.funds.appropriation = None
    [finding] = _blank_totals(document)
    assert finding.location.path == "department.funds.appropriation"
    assert "财政拨款小计未填写" in finding.message
    assert str(document.department.funds.appropriation_sum()) in finding.message
    # What the paper shows: the 小计 row's amount cell is blank, not the computed figure.
    table = next(build_layout(document).parts[0].tables())
    subtotal = next(row for row in table.rows if any(c.text == "小计" for c in row))
    assert subtotal[-1].text == "" and subtotal[-1].amount is None


def test_a_blank_total_is_reported_once_though_it_ties_twice():
    document = load_document(EXAMPLE_FILES["jiangsu"])
    document.department.funds.total = None
    [finding] = _blank_totals(document)
    assert finding.location.path == "department.funds.total"


def test_a_blank_project_expense_beside_its_items_and_a_blank_execution_total():
    document = load_document(EXAMPLE_FILES["jiangsu"])
    document.department.funds.project_expense.full_year = None
    assert [f.location.path for f in _blank_totals(document)] == [
        "department.funds.project_expense.full_year"]
    evaluation_doc = load_document(EXAMPLE_FILES["national-dept-eval"])
    evaluation = evaluation_doc.department.evaluation
    assert evaluation is not None
    evaluation.execution[0].executed = None
    [finding] = _blank_totals(evaluation_doc)
    assert finding.location.path.endswith("execution[0].executed")
    assert "20,423.97" in finding.message or "20423.97" in finding.message


def test_no_report_while_the_parts_are_empty_too():
    document = load_document(EXAMPLE_FILES["jiangsu"])
    funds = document.department.funds
    funds.total = funds.appropriation = None
    for line in funds.income:
        line.amount = None
    funds.basic_expense.full_year = funds.project_expense.full_year = None
    assert not [f for f in _blank_totals(document) if f.location.path.endswith(
        ("funds.total", "funds.appropriation"))]
    assert Decimal(0) == funds.income_sum()
