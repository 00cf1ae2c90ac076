"""Self-evaluation: the stated grade follows the score under the template's grade bands."""
from __future__ import annotations

from typing import Iterator, Sequence

from app.checks.findings import Finding, Location, Severity
from app.model import TargetDocument
from app.templates import GradeBand, Template


def check_evaluation(document: TargetDocument, template: Template) -> Iterator[Finding]:
    evaluation = document.self_evaluation
    if evaluation is None or evaluation.score is None or not template.grade_bands:
        return
    expected = template.grade_for(evaluation.score)
    stated = evaluation.grade.strip()
    if stated and expected and stated != expected:
        yield Finding("GRADE_MISMATCH", Severity.ERROR,
                      Location("results", "self_evaluation.grade"),
                      f"得分 {evaluation.score} 分应评为“{expected}”，但填写的等级为“{stated}”"
                      f"（{describe_bands(template.grade_bands)}）")


def describe_bands(bands: Sequence[GradeBand]) -> str:
    """The bands as the message names them: "优秀 ≥85；良好 75–85；一般 60–75；较差 <60"."""
    return "；".join(_band(b) for b in bands)


def _band(band: GradeBand) -> str:
    if band.low is None:
        return f"{band.grade} <{band.high}"
    if band.high is None:
        return f"{band.grade} ≥{band.low}"
    return f"{band.grade} {band.low}–{band.high}"
