"""预算执行情况 lines (a project self-evaluation): the sub-lines add up to the total line, a score
stays within its weight, and a 原因 within the form's printed limit."""
from __future__ import annotations

from typing import Iterator

from app.checks.findings import Finding, Location, Severity
from app.checks.money import stated_total_empty
from app.model import ExecutionLine, TargetDocument
from app.money import format_amount, total
from app.paths import get_path
from app.templates import FieldKind, FieldSpec, Template

_FIGURES = (("initial", "年初预算"), ("adjusted", "调整后预算数"), ("executed", "预算执行数"))


def check_execution(document: TargetDocument, template: Template) -> Iterator[Finding]:
    specs = [(s.key, f) for s in template.sections for f in s.fields
             if f.kind is FieldKind.EXECUTION]
    for key, spec in specs:
        yield from _lines(document, spec, spec.path, key, None, "")
    project_specs = [f for s in template.project_sections for f in s.fields
                     if f.kind is FieldKind.EXECUTION]
    for p, project in enumerate(document.projects):
        for spec in project_specs:
            yield from _lines(document, spec, f"projects[{p}].{spec.path}", "projects", p,
                              f"项目“{project.name or p + 1}”的")


def _lines(document: TargetDocument, spec: FieldSpec, path: str, section: str,
           project: int | None, owner: str) -> Iterator[Finding]:
    try:
        lines: list[ExecutionLine] = get_path(document, path) or []
    except AttributeError:  # the project has no evaluation part
        return

    def where(i: int, field: str) -> Location:
        return Location(section, f"{path}[{i}].{field}", project=project)

    # The first line is the total (总额 / 年度资金总额); the others are its parts (其中 …).
    if len(lines) > 1:
        head, parts = lines[0], lines[1:]
        for field, label in _FIGURES:
            stated = getattr(head, field)
            filled = [getattr(line, field) for line in parts if getattr(line, field) is not None]
            if not filled:
                continue
            summed = total(filled)
            if stated is None:
                what = f"{owner}{spec.label}“{head.name or '总额'}”的{label}"
                yield stated_total_empty(where(0, field), what, "各项", format_amount(summed))
                continue
            if summed != stated:
                yield Finding("EXECUTION_TOTAL_MISMATCH", Severity.ERROR, where(0, field),
                              f"{owner}{spec.label}“{head.name or '总额'}”的{label} "
                              f"{format_amount(stated)} 与各项之和 {format_amount(summed)} 不符"
                              f"（相差 {format_amount(abs(stated - summed))}）")
    for i, line in enumerate(lines):
        if line.score is not None and line.weight is not None and line.score > line.weight:
            yield Finding("EXECUTION_SCORE_ABOVE_WEIGHT", Severity.ERROR, where(i, "score"),
                          f"{owner}{spec.label}“{line.name}”得分 {line.score:f} 超过权重 "
                          f"{line.weight:f}")
        if spec.limit and len(line.reason) > spec.limit:
            yield Finding("TEXT_TOO_LONG", Severity.WARNING, where(i, "reason"),
                          f"{owner}{spec.label}“{line.name}”的原因说明有 {len(line.reason)} 字，"
                          f"超过 {spec.limit} 字的限制")

