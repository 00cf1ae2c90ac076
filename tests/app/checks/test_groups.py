"""INDICATOR_GROUP_SPLIT: a 一级 or 二级 group whose rows another group separates."""
from __future__ import annotations

from app.checks import Severity, run_checks
from app.checks.live import LiveChecks
from app.model import IndicatorRow
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES

BENEFIT = "department.indicator_tables[2].rows"


def splits(document) -> list:
    return [f for f in run_checks(document) if f.code == "INDICATOR_GROUP_SPLIT"]


def test_the_library_row_between_economic_and_social_benefit_is_reported():
    """苏州's 效益、满意度指标 as the library used to leave it: 满意度指标 / 服务对象满意度指标 at
    row 2, between 经济效益 and 社会效益."""
    document = load_document(EXAMPLE_FILES["jiangsu"])
    assert splits(document) == []
    rows = document.department.table("benefit").rows
    rows.insert(1, IndicatorRow(level1="满意度指标", level2="服务对象满意度指标",
                                name="服务对象满意度", full_year_target="≥90%"))
    found = splits(document)
    assert [f.message for f in found] == [
        "部门整体的“效益、满意度指标”中，一级指标“效益指标”的行被其他分组隔开（第 1 行、第 3—7 行），"
        "导出时会分成 2 处；请用“上移”“下移”把这些行移到一起",
        "部门整体的“效益、满意度指标”中，一级指标“满意度指标”的行被其他分组隔开（第 2 行、第 8 行），"
        "导出时会分成 2 处；请用“上移”“下移”把这些行移到一起"]
    assert all(f.severity is Severity.WARNING for f in found)
    assert [f.location.path for f in found] == [f"{BENEFIT}[2].level1", f"{BENEFIT}[7].level1"]
    assert (found[0].location.table, found[0].location.row) == ("benefit", 2)


def test_a_level2_split_inside_a_project_and_tables_are_apart():
    document = load_document(EXAMPLE_FILES["guizhou"])
    project = document.projects[0]
    assert splits(document) == []
    moved = project.indicators.pop(0)  # a 数量指标 row, put after the 质量指标 rows
    at = max(i for i, row in enumerate(project.indicators) if row.level2 == "质量指标") + 1
    project.indicators.insert(at, moved)
    [found] = splits(document)
    assert found.location.project == 0 and found.location.column == "level2"
    assert found.message.startswith(f"项目“{project.name}”中，二级指标“产出指标 / 数量指标”的行")
    # The same 一级 in another table of the department is no split.
    jiangsu = load_document(EXAMPLE_FILES["jiangsu"])
    jiangsu.department.table("decision_process").rows.append(
        IndicatorRow(level1="效益指标", level2="社会效益", name="某指标", full_year_target="≥1个"))
    assert splits(jiangsu) == []


def test_the_editor_sees_it_as_soon_as_rows_move():
    document = load_document(EXAMPLE_FILES["jiangsu"])
    live = LiveChecks(document)
    assert live.findings() == run_checks(document)
    table = document.department.table("benefit")
    rows = table.rows
    table.rows = [*rows[:2], rows[6], *rows[2:6]]  # 满意度 moved up into 效益
    live.changed(BENEFIT)
    [found] = [f for f in live.findings() if f.code == "INDICATOR_GROUP_SPLIT"]
    assert "“效益指标”" in found.message and "（第 1—2 行、第 4—7 行）" in found.message
    assert live.findings() == run_checks(document)
    # One 一级 cell typed over: the group splits; another cell of that row leaves it as it is.
    table.rows[2].set("level1", "效益指标")
    live.changed(f"{BENEFIT}[2].level1")
    assert live.findings() == run_checks(document)
    table.rows[1].set("level1", "满意度指标")
    live.changed(f"{BENEFIT}[1].level1")
    table.rows[3].set("name", "改过的指标")
    live.changed(f"{BENEFIT}[3].name")
    [found] = [f for f in live.findings() if f.code == "INDICATOR_GROUP_SPLIT"]
    assert "“效益指标”" in found.message and "（第 1 行、第 3—7 行）" in found.message
    assert live.findings() == run_checks(document)
