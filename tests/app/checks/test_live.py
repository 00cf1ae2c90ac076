"""The live checks give exactly what a full run gives, after any sequence of edits."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.checks import run_checks
from app.checks.indicators import check_indicators
from app.checks.live import LiveChecks
from app.model import IndicatorRow, Project
from app.paths import get_path, set_path
from app.templates import get_template, template_ids
from tests.strategies import documents

# Texts that make findings come and go: duplicates, placeholders, empty required cells,
# numbers without operators, the 预算执行率 row, required 一级/二级.
TEXTS = ["", "  ", "产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "完成率",
         "预算执行率", "≥90%", "90", "＝3个", "健全", "=0%", "很好", "100%",
         # and scores: 分值, 得分, 定性 bands
         "10", "20", "12.5", "达成年度指标", "部分达成年度指标并具有一定效果", "0"]


def _lists(document) -> list[tuple[str, list[str]]]:
    """(rows path, column ids) of every indicator table of the document."""
    template = get_template(document.template)
    found = []
    for i, table in enumerate(document.department.indicator_tables):
        spec = template.indicator_table(table.key)
        if spec is not None:
            found.append((f"department.indicator_tables[{i}].rows",
                          [c.id for c in spec.columns]))
    if template.project_indicators is not None:
        columns = [c.id for c in template.project_indicators.columns]
        found += [(f"projects[{p}].indicators", columns) for p in range(len(document.projects))]
    return found


def _edit(data, document) -> str:
    """Make one edit as the editor's commands do; returns the path they would report."""
    lists = _lists(document)
    kind = data.draw(st.sampled_from(["cell", "cell", "cell", "cell", "insert", "remove",
                                      "move", "row", "paste", "name", "funds", "project",
                                      "evaluation"]))
    if kind == "evaluation":  # a stated 总分, or the money of a 预算执行 line
        owners = [f"projects[{p}].evaluation" for p, project in enumerate(document.projects)
                  if project.evaluation is not None]
        if document.department.evaluation is not None:
            owners.append("department.evaluation")
        if owners:
            owner = data.draw(st.sampled_from(owners))
            amounts = st.sampled_from([None, Decimal(0), Decimal("85.5"), Decimal(100)])
            lines = get_path(document, f"{owner}.execution")
            if lines and data.draw(st.booleans()):
                path = f"{owner}.execution[{data.draw(st.integers(0, len(lines) - 1))}]." + \
                    data.draw(st.sampled_from(["executed", "adjusted", "score", "weight"]))
            else:
                path = f"{owner}.score"
            set_path(document, path, data.draw(amounts))
            return path
    if kind == "name" and document.projects:
        p = data.draw(st.integers(0, len(document.projects) - 1))
        path = f"projects[{p}].name"
        set_path(document, path, data.draw(st.sampled_from(["", "甲", "乙"])))
        return path
    if kind == "funds":
        path = "department.funds.total"
        set_path(document, path, data.draw(st.sampled_from([None, Decimal(0), Decimal(100)])))
        return path
    if kind == "project" and get_template(document.template).has_projects:
        projects = list(document.projects)
        if projects and data.draw(st.booleans()):
            del projects[data.draw(st.integers(0, len(projects) - 1))]
        else:
            projects.append(Project(name=data.draw(st.sampled_from(["", "丙"]))))
        set_path(document, "projects", projects)
        return "projects"
    if not lists:
        return ""
    path, columns = data.draw(st.sampled_from(lists))
    rows = list(get_path(document, path))
    text = st.sampled_from(TEXTS)
    new_row = st.builds(lambda cells: IndicatorRow(cells=cells),
                        st.dictionaries(st.sampled_from(columns), text, max_size=4))
    if kind == "cell" and rows:
        i = data.draw(st.integers(0, len(rows) - 1))
        cell = f"{path}[{i}].{data.draw(st.sampled_from(columns))}"
        set_path(document, cell, data.draw(text))
        return cell
    if kind == "row" and rows:
        i = data.draw(st.integers(0, len(rows) - 1))
        set_path(document, f"{path}[{i}]", data.draw(new_row))
        return f"{path}[{i}]"
    if kind == "insert":
        rows.insert(data.draw(st.integers(0, len(rows))), data.draw(new_row))
    elif kind == "remove" and rows:
        del rows[data.draw(st.integers(0, len(rows) - 1))]
    elif kind == "move" and len(rows) > 1:
        i = data.draw(st.integers(0, len(rows) - 2))
        rows[i], rows[i + 1] = rows[i + 1], rows[i]
    elif kind == "paste" and rows:  # cells set in place, then the list stored
        for _ in range(data.draw(st.integers(1, 3))):
            rows[data.draw(st.integers(0, len(rows) - 1))].set(
                data.draw(st.sampled_from(columns)), data.draw(text))
    set_path(document, path, rows)
    return path


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(template_ids()).flatmap(documents), st.data())
def test_live_findings_equal_a_full_run_after_random_edits(document, data):
    live = LiveChecks(document)
    assert live.findings() == run_checks(document)
    for _ in range(data.draw(st.integers(1, 12))):
        for _ in range(data.draw(st.integers(1, 2))):  # sometimes two edits, one re-check
            live.changed(_edit(data, document))
        template = get_template(document.template)
        assert live.indicator_findings() == list(
            check_indicators(document, template, template.checks))
        assert live.findings() == run_checks(document)


def test_an_edit_re_checks_only_its_row(monkeypatch):
    """One cell edited in a long table: one row's rules run again, not the table's."""
    document = get_template("jiangsu-dept-target").new_document("某局", 2024)
    document.department.indicator_tables[1].rows = [
        IndicatorRow(level1="履职", level2=f"职责{i // 20}", name=f"指标{i}",
                     full_year_target="2个") for i in range(300)]
    live = LiveChecks(document)
    live.findings()
    import app.checks.indicators as indicators
    calls = []
    original = indicators._notation
    monkeypatch.setattr(indicators, "_notation",
                        lambda *args: calls.append(args[2]) or original(*args))
    path = "department.indicator_tables[1].rows[150].full_year_target"
    set_path(document, path, "≥2个")
    live.changed(path)
    findings = live.findings()
    assert calls == [150]
    assert findings == run_checks(document)


def test_an_edit_re_scores_only_its_project(monkeypatch):
    """A 自评表 of many projects: a score typed in one project scores that project again, not
    every project of the document."""
    import forms.national_project_eval as national
    document = national.new_document("某局", 2024)
    document.projects = [national.new_project(f"项目{p}", 2024) for p in range(30)]
    for project in document.projects:
        project.indicators[0].cells.update(name="完成数", target="≥50个", actual="45",
                                           weight="20")
    live = LiveChecks(document)
    live.findings()
    import app.checks.scoring as scoring
    sheets = []
    original = scoring._check_set
    monkeypatch.setattr(scoring, "_check_set", lambda document, template, indicators: (
        sheets.append(indicators.project) or original(document, template, indicators)))
    path = "projects[7].indicators[0].score"
    set_path(document, path, "19")
    live.changed(path)
    findings = live.findings()
    assert sheets == [7]
    assert any(f.code == "SCORE_OVERRIDDEN" and f.location.project == 7 for f in findings)
    assert findings == run_checks(document)
