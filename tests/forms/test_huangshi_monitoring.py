"""湖北 · 黄石市项目支出绩效监控表: its declared 审核 as the form's notes state it, and 结转 into it
from a target form on the command line."""
from __future__ import annotations

import json
from decimal import Decimal

from app.checks import run_checks
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.e2e.test_cli import cli

EXAMPLE = "hubei-huangshi-monitoring"


def _codes(document) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in run_checks(document):
        found.setdefault(finding.code, []).append(finding.location.path)
    return found


def test_the_published_half_year_is_behind_schedule_and_nothing_else_is_wrong():
    codes = _codes(load_document(EXAMPLE_FILES[EXAMPLE]))
    # 87.57 of 220 万元 by June: 39.80 %, on both lines of the money block.
    assert codes.pop("BOX_RATE_LOW") == ["projects[0].boxes.funds"] * 2
    assert list(codes) == ["TARGET_VAGUE"]  # the published 成本 target is a budget


def test_a_doubtful_row_needs_both_free_text_rows():
    document = load_document(EXAMPLE_FILES[EXAMPLE])
    document.projects[0].indicators[3].set("likelihood", "不可能")
    assert _codes(document)["BOX_REQUIRED_WHEN"] == [
        "projects[0].boxes.deviation", "projects[0].boxes.advice"]
    document.projects[0].boxes.update({"deviation": "评审推迟。", "advice": "加快进度。"})
    assert "BOX_REQUIRED_WHEN" not in _codes(document)


def test_spending_above_the_budget_is_an_error():
    document = load_document(EXAMPLE_FILES[EXAMPLE])
    document.projects[0].boxes["funds"]["general"]["executed"] = Decimal("230.00")
    found = [f for f in run_checks(document) if f.code == "BOX_ABOVE_LIMIT"]
    assert [f.severity.value for f in found] == ["错误"]
    assert "230.00" in found[0].message and "220.00" in found[0].message


def test_a_target_form_carries_to_the_year_s_middle_on_the_command_line(tmp_path):
    source = load_document(EXAMPLE_FILES["guizhou"])
    result = cli("carry", EXAMPLE_FILES["guizhou"], "--to", "monitoring",
                 "-o", tmp_path / "监控.jixiao")
    assert result.returncode == 0, result.stderr
    carried = json.loads((tmp_path / "监控.jixiao").read_text(encoding="utf-8"))["document"]
    assert carried["template"] == EXAMPLE and carried["year"] == source.year
    first = carried["projects"][0]
    assert first["boxes"]["funds"] == {"total": {"initial": "42.00"}}  # 420000.00 元
    assert [r["cells"]["name"] for r in first["indicators"]] == \
        [r.name for r in source.projects[0].indicators if r.name.strip()]


def test_what_cannot_be_monitored_exits_2_and_writes_nothing(tmp_path):
    for example in ("jiangsu", EXAMPLE):  # no project indicators; already a monitoring form
        result = cli("carry", EXAMPLE_FILES[example], "--to", "monitoring",
                     "-o", tmp_path / "x.jixiao")
        assert result.returncode == 2 and "结转" in result.stderr, result.stderr
        assert not (tmp_path / "x.jixiao").exists()
