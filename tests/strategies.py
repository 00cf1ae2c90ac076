"""Hypothesis strategies for complete documents of each template, driven by its definition.

``documents(template_id)`` starts from the template's new document and fills every field its
sections declare (texts, lists, funds, budget stages, team, schedules, spending plans, indicator
tables with the template's columns, projects with the project sections), with text as officers
type it: Chinese, full-width punctuation, CJK extension characters (𠀀), formula-like "=0%",
"<&>", tabs and runs of spaces. Most documents are small; about one in four gets one or two
long paragraphs (300–3,000 characters, with and without line breaks) that cross printed pages
and Excel's row-height limit.
"""
from __future__ import annotations

from decimal import Decimal
from functools import cache

from hypothesis import strategies as st

from app.model import (BudgetLine, BudgetStage, DepartmentFunds, ExecutionLine, ExpenseAmount,
                       FundLine,
                       FundSource, IndicatorRow, IndicatorTable, Period, Project, Safeguards,
                       ScheduleItem, SpendingPlan, SubGoal, TargetDocument,
                       TeamMember, TitledItem)
from app.boxes import exact_amount
from app.money import Unit
from app.templates import FieldKind, FieldSpec, IndicatorTableSpec, Template

SPECIAL_TEXTS = ("＝100%", "=0%", "<&>", "+5", "-3", "@x", "≥90%", "≤10%", "=SUM(1,2)",
                 "＞＝95％", "，。；：“”（）【】", "𠀀𪚥", "a\tb", "多  个   空格", "水门见长",
                 "Ⅰ类①号", "　全角空格")
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_SYMBOLS = st.sampled_from(list("＝≥≤＞＜％，。、；：！？“”‘’（）【】《》—…·"
                                "０１２３４５６７８９ＡＢ℃±×÷①②Ⅰ𠀀𪚥𠮷"
                                "abcXYZ0123456789.%=+-<>&@#/()[]"))
_SPACES = st.sampled_from([" ", "\t", "\u3000"])
_LINE_ALPHABET = st.one_of(_CJK, _CJK, _CJK, _SYMBOLS, _SPACES)


def _text(alphabet, max_size: int):
    return st.text(alphabet, max_size=max_size)


line_texts = st.one_of(_text(_LINE_ALPHABET, 16), st.sampled_from(SPECIAL_TEXTS))
paragraph_texts = st.one_of(
    _text(st.one_of(_LINE_ALPHABET, st.just("\n")), 60), st.sampled_from(SPECIAL_TEXTS))
money = st.one_of(st.none(), st.just(Decimal("0.00")),
                  st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2,
                              allow_nan=False, allow_infinity=False))
percents = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2,
                                            allow_nan=False, allow_infinity=False))
scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False,
                     allow_infinity=False)


@cache
def _corpus() -> str:
    """Real narrative to cut long paragraphs from: every text of the example files."""
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES
    from tests.truth import printed_texts

    texts = [t for path in EXAMPLE_FILES.values() for t in printed_texts(load_document(path))]
    return "".join(t for t in texts if len(t) > 20).replace("\n", "")


@st.composite
def long_texts(draw) -> str:
    """300–3,000 characters of Chinese narrative, as one paragraph or broken into lines."""
    corpus = _corpus()
    length = draw(st.integers(300, 3000))
    start = draw(st.integers(0, len(corpus) - length))
    text = corpus[start:start + length]
    every = draw(st.sampled_from([0, 0, 37, 180, 700]))
    if every:
        text = "\n".join(text[i:i + every] for i in range(0, len(text), every))
    extra = draw(st.sampled_from(SPECIAL_TEXTS))
    at = draw(st.integers(0, len(text)))
    return text[:at] + extra + text[at:]


def _lists(element, max_size: int = 4):
    return st.lists(element, max_size=max_size)


def _rows(spec: IndicatorTableSpec | None):
    """Indicator rows filling the columns the table prints; 一级/二级 drawn from a few values so
    equal neighbours merge as on the printed forms."""
    fields = {column.id for column in spec.columns} if spec else set()
    level1 = st.sampled_from(spec.level1_choices) if spec and spec.level1_choices else line_texts
    group = st.one_of(st.sampled_from(["数量指标", "质量指标", ""]), line_texts)
    values = {f: (group if f in ("level2", "key_task") else paragraph_texts)
              for f in sorted(fields - {"level1"})}  # sorted: the same examples every run
    row = st.builds(IndicatorRow, level1=st.one_of(level1, level1, line_texts), **values)
    return _lists(row, 7)


_FUND_NAMES = st.one_of(st.sampled_from([s.value for s in FundSource]), line_texts)


def _funds(expense_only: bool):
    items = st.builds(BudgetLine, name=line_texts, full_year=money,
                      **({} if expense_only else {"half_year": money}))
    if expense_only:  # 贵州 支出预算（本级）: the editor offers no income and no half year
        return st.builds(DepartmentFunds, unit=st.sampled_from(Unit), total=money,
                         basic_expense=st.builds(ExpenseAmount, full_year=money),
                         project_expense=st.builds(ExpenseAmount, full_year=money),
                         expense_items=_lists(items, 5))
    amount = st.builds(ExpenseAmount, half_year=money, full_year=money)
    return st.builds(DepartmentFunds, unit=st.sampled_from(Unit), total=money,
                     appropriation=money, basic_expense=amount, project_expense=amount,
                     income=_lists(st.builds(FundLine, name=_FUND_NAMES, amount=money,
                                             appropriation=st.booleans()), 7),
                     expense_items=_lists(items, 5))


def _stages():
    lines = _lists(st.builds(FundLine, name=_FUND_NAMES, amount=money), 5)
    label = st.one_of(st.sampled_from(["年初预算", "预算调整", "决算"]), line_texts)
    return st.lists(st.builds(BudgetStage, label=label, income=lines, expense=lines,
                              text=paragraph_texts), min_size=0, max_size=5)


def _box_value(spec: FieldSpec):
    """A declared box's value, by its kind (None: left empty)."""
    from app.boxes import options_of

    box, kind = options_of(spec), spec.kind
    if kind is FieldKind.CHOICE:
        return st.one_of(st.none(), st.sampled_from(box.options))
    if kind is FieldKind.TICKS:
        if box.single:
            return st.one_of(st.none(), st.sampled_from(box.options).map(lambda o: [o]))
        return st.lists(st.sampled_from(box.options), unique=True).map(
            lambda ticked: [o for o in box.options if o in ticked])
    if kind is FieldKind.PERCENT:
        return percents
    if kind is FieldKind.DATE:
        return st.one_of(st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"), line_texts)
    if kind is FieldKind.MONEY:
        return st.one_of(money, exact_money)
    assert box.table is not None and kind is FieldKind.MONEY_TABLE
    cells = [(row.key, column.key) for row in box.table.rows
             for column in box.table.stored_columns()]
    return st.lists(st.one_of(money, exact_money), min_size=len(cells),
                    max_size=len(cells)).map(lambda amounts: _table(cells, amounts))


def _table(cells: list[tuple[str, str]], amounts: list) -> dict:
    table: dict = {}
    for (row, column), amount in zip(cells, amounts):
        if amount is not None:
            table.setdefault(row, {})[column] = amount
    return table


# A 元 figure in a 万元 box: up to six decimals, kept exact.
exact_money = st.decimals(min_value=0, max_value=Decimal("99999999.999999"), places=6,
                          allow_nan=False, allow_infinity=False).map(
    exact_amount)


def _value(template: Template, spec: FieldSpec, tables):
    """A strategy for one declared field, by its kind."""
    kind = spec.kind
    if kind in (FieldKind.CHOICE, FieldKind.TICKS, FieldKind.PERCENT, FieldKind.DATE,
                FieldKind.MONEY_TABLE) or (kind is FieldKind.MONEY
                                           and spec.path.startswith("boxes.")):
        return _box_value(spec)
    if kind is FieldKind.INDICATORS:
        if spec.path == "indicators":
            return _rows(tables[0] if tables else None)
        return st.tuples(*(_rows(t) for t in tables)).map(
            lambda rows: [IndicatorTable(key=t.key, rows=r) for t, r in zip(tables, rows)])
    if kind is FieldKind.FUNDS:
        from tests.truth import expense_only_templates
        return _funds(template.id in expense_only_templates())
    if kind is FieldKind.BUDGET_STAGES:
        return _stages()
    if kind is FieldKind.EXECUTION:
        score = st.one_of(st.none(), scores)
        return _lists(st.builds(ExecutionLine, name=_FUND_NAMES, initial=money, adjusted=money,
                                executed=money, weight=score, score=score,
                                reason=paragraph_texts), 6)
    if kind is FieldKind.TEAM:
        role = st.one_of(st.sampled_from(["组长", "副组长", "组成员", "组成员"]), line_texts)
        return _lists(st.builds(TeamMember, role=role, name=line_texts, title=line_texts), 6)
    if kind is FieldKind.TITLED_LIST:
        return _lists(st.builds(TitledItem, title=line_texts, text=paragraph_texts))
    if kind is FieldKind.SUB_GOALS:
        return _lists(st.builds(SubGoal, title=line_texts, goal=paragraph_texts,
                                indicators=paragraph_texts))
    if kind is FieldKind.SCHEDULE:
        return _lists(st.builds(ScheduleItem, start=line_texts, end=line_texts,
                                work=paragraph_texts))
    if kind is FieldKind.LIST:
        return _lists(paragraph_texts)
    if kind is FieldKind.MONEY:
        return money
    if kind is FieldKind.SPENDING_PLAN:
        return st.one_of(st.none(), st.builds(SpendingPlan, march=percents, june=percents,
                                              october=percents, december=percents))
    if kind is FieldKind.PERIOD:
        return st.builds(Period, start=line_texts, end=line_texts)
    if kind is FieldKind.SCORE:
        # A 总分 the officer may leave to the engine (the national 自评表) is often unstated.
        return scores if spec.required else st.one_of(st.none(), scores)
    if kind is FieldKind.YEAR:
        return st.integers(1949, 2200)
    if kind is FieldKind.LINE:
        return line_texts
    return paragraph_texts


def _set(model: object, path: str, value: object) -> None:
    from app.paths import set_path

    set_path(model, path, value)


def _fill(draw, template: Template, model: object, fields, tables) -> None:
    for spec in fields:
        _set(model, spec.path, draw(_value(template, spec, tables)))


@st.composite
def documents(draw, template_id: str) -> TargetDocument:
    from app.templates import get_template

    template = get_template(template_id)
    document = template.new_document("", 2024)
    department_fields = [f for s in template.sections for f in s.fields]
    _fill(draw, template, document, department_fields, template.indicator_tables)
    if template.has_projects:
        project_fields = [f for s in template.project_sections for f in s.fields]
        tables = (template.project_indicators,) if template.project_indicators else ()
        projects = []
        for name in draw(st.lists(line_texts, max_size=3)):
            project = template.new_project(name, document.year) if template.new_project \
                else Project(name=name)
            project.safeguards = project.safeguards or Safeguards()
            _fill(draw, template, project, project_fields, tables)
            projects.append(project)
        document.projects = projects
    _lengthen(draw, document)
    return TargetDocument.model_validate(document.model_dump())


def _lengthen(draw, document: TargetDocument) -> None:
    """Now and then one or two printed texts become long paragraphs."""
    from tests.truth import printed

    count = draw(st.sampled_from([0, 0, 0, 0, 0, 0, 1, 1, 2]))
    texts = [p.path for p in printed(document) if isinstance(p.value, str)
             and not p.path.endswith(("year", "score", "weight", "march", "june", "october",
                                      "december")) and _free_text(document, p.path)]
    for _ in range(count):
        if not texts:
            break
        path = draw(st.sampled_from(texts))
        _set_path(document, path, draw(long_texts()))
        # Not two page-long texts in one table row: beside each other over several pages, no
        # text stream (ours, LibreOffice's) can give both unbroken; docs/decisions.md.
        row = path.rsplit(".", 1)[0]
        if row.endswith("]"):
            texts = [t for t in texts if not t.startswith(row + ".")]


def _free_text(document: TargetDocument, path: str) -> bool:
    """Whether a printed text may be any text: not a declared box of printed options, a date
    or a number (a box's kind says what it holds)."""
    from app.boxes import box_specs
    from app.templates import get_template

    head, found, key = path.partition("boxes.")
    if not found:
        return True
    spec = box_specs(get_template(document.template), head.startswith("projects[")).get(
        key.split("[")[0].split(".")[0])
    return spec is not None and spec.kind in (FieldKind.LINE, FieldKind.TEXT, FieldKind.LIST)


def _set_path(model: object, path: str, value: str) -> None:
    """Set "projects[0].indicators[2].name"-style paths (a declared box's too)."""
    from app.paths import set_path

    set_path(model, path, value)
