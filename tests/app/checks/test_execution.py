"""审核 of the 预算执行情况 lines of a project self-evaluation (四川's 自评表, and any form that
declares them)."""
from decimal import Decimal as D

import pytest

from app.checks import Severity, run_checks
from app.model import ExecutionLine
from app.templates import FieldKind, get_template


def _template():
    # 四川's form prints "(100字以内)" for its 原因; the national ones print no limit.
    return get_template("sichuan-project-eval")


@pytest.fixture
def document():
    template = _template()
    document = template.new_document("测试主管部门", 2023)
    evaluation = document.projects[0].evaluation
    evaluation.execution = [
        ExecutionLine(name="总额", initial=D("100"), adjusted=D("120"), executed=D("110"),
                      weight=D("10"), score=D("9.17")),
        ExecutionLine(name="其中：财政资金", initial=D("100"), adjusted=D("100"),
                      executed=D("95")),
        ExecutionLine(name="单位资金", adjusted=D("20"), executed=D("15")),
        ExecutionLine(name="其他资金"),  # empty: counts as nothing
    ]
    return document


def _codes(document, code):
    return [f for f in run_checks(document) if f.code == code]


def test_lines_that_add_up_pass(document):
    assert not _codes(document, "EXECUTION_TOTAL_MISMATCH")
    assert not _codes(document, "EXECUTION_SCORE_ABOVE_WEIGHT")


def test_a_total_that_is_not_the_sum_of_its_lines_is_an_error(document):
    document.projects[0].evaluation.execution[2].executed = D("14.99")
    [finding] = _codes(document, "EXECUTION_TOTAL_MISMATCH")
    assert finding.severity is Severity.ERROR
    assert finding.location.path == "projects[0].evaluation.execution[0].executed"
    assert "预算执行数 110.00 与各项之和 109.99 不符（相差 0.01）" in finding.message


def test_a_score_above_its_weight_is_an_error(document):
    document.projects[0].evaluation.execution[0].score = D("10.5")
    [finding] = _codes(document, "EXECUTION_SCORE_ABOVE_WEIGHT")
    assert finding.location.path == "projects[0].evaluation.execution[0].score"
    assert "得分 10.5 超过权重 10" in finding.message


def test_a_reason_over_the_printed_limit_is_reported(document):
    spec = next(f for s in _template().project_sections for f in s.fields
                if f.kind is FieldKind.EXECUTION)
    assert spec.limit == 100  # "预算执行率未达到90%的需说明原因(100字以内)"
    document.projects[0].evaluation.execution[1].reason = "原" * 101
    [finding] = [f for f in _codes(document, "TEXT_TOO_LONG")
                 if f.location.path.endswith("execution[1].reason")]
    assert "101 字" in finding.message and "100 字" in finding.message
