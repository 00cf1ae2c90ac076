"""Any document the model accepts survives save → load unchanged."""
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model import (BudgetLine, Department, DepartmentFunds, ExecutionLine, FundLine,
                       IndicatorRow, IndicatorTable, Project, ProjectEvaluation, ScheduleItem,
                       SpendingPlan, TargetDocument)
from app.money import Unit
from app.projectfile import dumps, load_document, loads, save_document
from app.templates import template_ids
from app.text import clean_text

# Text as officers produce it: CJK (with the supplementary plane: 𠀀), full-width symbols,
# tabs and newlines, and now and then a very long paragraph.
_ALPHABET = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list("＝≥≤＞＜％，。；：“”（）【】𠀀𪚥\t\n 　")),
)
texts = st.one_of(
    st.text(_ALPHABET, max_size=40),
    st.sampled_from(["＝100%", "≥90%", "=0%", "+5", "-3", "@x", "<&>", "健全"]),
    st.builds(lambda s, n: (s or "字") * n, st.text(_ALPHABET, min_size=1, max_size=3),
              st.just(100_000 // 3)),
).map(clean_text)

money = st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("99999999999999.99"),
                                         places=2, allow_nan=False, allow_infinity=False))
percent = st.one_of(st.none(), st.decimals(min_value=-100, max_value=100, places=2,
                                           allow_nan=False, allow_infinity=False))

rows = st.builds(IndicatorRow, level1=texts, level2=texts, key_task=texts, name=texts,
                 target=texts, half_year_target=texts, full_year_target=texts, basis=texts,
                 definition=texts)
funds = st.builds(
    DepartmentFunds, unit=st.sampled_from(Unit), total=money, appropriation=money,
    income=st.lists(st.builds(FundLine, name=texts, amount=money, appropriation=st.booleans()),
                    max_size=4),
    expense_items=st.lists(st.builds(BudgetLine, name=texts, half_year=money, full_year=money),
                           max_size=4))
projects = st.builds(
    Project, name=texts, budget_amount=money, budget_unit=st.sampled_from(Unit),
    spending_plan=st.one_of(st.none(), st.builds(SpendingPlan, march=percent, june=percent,
                                                 october=percent, december=percent)),
    schedule=st.lists(st.builds(ScheduleItem, start=texts, end=texts, work=texts), max_size=3),
    indicators=st.lists(rows, max_size=4),
    evaluation=st.one_of(st.none(), st.builds(
        ProjectEvaluation, goal_achievement=texts, conclusion=texts,
        execution=st.lists(st.builds(ExecutionLine, name=texts, initial=money, executed=money,
                                     weight=st.one_of(st.none(), st.decimals(
                                         0, 100, places=2, allow_nan=False)),
                                     reason=texts), max_size=3))))
documents = st.builds(
    TargetDocument,
    template=st.sampled_from(template_ids()),
    unit_name=texts, year=st.one_of(st.none(), st.integers(1949, 2200)), region=texts,
    department=st.builds(Department, functions=st.lists(texts, max_size=3), funds=funds,
                         annual_goal=texts,
                         indicator_tables=st.lists(st.builds(IndicatorTable, key=texts,
                                                             rows=st.lists(rows, max_size=4)),
                                                   max_size=2)),
    projects=st.lists(projects, max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(documents)
def test_any_accepted_document_survives_save_and_load(document):
    text = dumps(document)
    again = loads(text)
    assert again == document
    assert dumps(again) == text


def test_extreme_document_through_the_disk(tmp_path):
    long_text = "𠀀＝100%，“引号”\t换行\n" * 7_000  # over 100,000 characters
    document = TargetDocument(
        template="jiangsu-dept-target", unit_name="𠀀𪚥单位＝≥≤", year=2024,
        department=Department(annual_goal=long_text[:100_000], funds=DepartmentFunds(
            total=Decimal("99999999999999.99"),
            expense_items=[BudgetLine(name="=SUM(1,2)", half_year=Decimal("0.01"),
                                      full_year=Decimal("0"))])))
    path = tmp_path / "extreme.jixiao"
    save_document(document, path)
    loaded = load_document(path)
    assert loaded == document
    assert loaded.department.annual_goal == long_text[:100_000]
    assert isinstance(loaded.department.funds.total, Decimal)
    assert loaded.department.funds.expense_items[0].full_year == Decimal("0.00")
