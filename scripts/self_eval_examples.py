"""The two national self-evaluation examples, made the way an officer makes them: 结转 of a
shipped target example into its year-end 自评表, then the year's results filled in.

`python scripts/self_eval_examples.py` rewrites them in resources/examples/; tests/app/test_carry.py
checks that the shipped files are exactly what this script makes. The results (实际完成值, 执行数,
reasons) are illustrative, chosen by fixed rules below so that the examples show every kind of
score: full marks, under-completion with its 偏差原因, 定性 results in two bands, and an 执行率
under 100%. docs/examples/national-*.md says so.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import forms  # noqa: E402
from app.carry import carry_to_self_evaluation, self_evaluation_template  # noqa: E402
from app.model import IndicatorRow, ProjectEvaluation, TargetDocument  # noqa: E402
from app.projectfile import load_document, save_document  # noqa: E402
from app.scoring import REVERSE, money2, plain, score_sheet  # noqa: E402
from app.scoring_rules import ACHIEVED, PARTLY_ACHIEVED  # noqa: E402
from app.targets import Kind, parse_target  # noqa: E402
from app.templates import IndicatorTableSpec, Template, get_template  # noqa: E402

EXAMPLES = ROOT / "resources" / "examples"
SOURCES = {"national-project-eval-liupanshui-2024.jixiao": "guizhou-liupanshui-2024.jixiao",
           "national-dept-eval-suzhou-2024.jixiao": "jiangsu-suzhou-2024.jixiao"}

SHORT_REASON = ("受汛期和项目审批进度影响，部分工作延至次年一季度完成；"
                "已调整工作计划，明确责任人和完成时限。")
PARTLY_REASON = "工作已开展并取得一定效果，但覆盖面不足；下一年度将扩大实施范围并加强跟踪问效。"
GOAL_DONE = "年度绩效目标基本完成，各项工作按计划推进，具体完成情况见绩效指标。"


def fill_rows(rows: list[IndicatorRow], offset: int) -> None:
    """实际完成值, 得分 and 偏差原因 of a sheet: targets met, except every seventh quantitative row
    (90% done, or 110% of a ≤ target) and every fifth 定性 row (partly achieved, 70% of its 分值)."""
    quantitative = qualitative = offset
    for row in rows:
        target = parse_target(row.get("target"))
        weight = Decimal(row.get("weight") or 0)
        if target.kind is Kind.QUANTITATIVE and target.number is not None:
            quantitative += 1
            actual = target.number
            if quantitative % 7 == 3:
                actual = target.number * Decimal("1.1" if target.operator in REVERSE else "0.9")
                row.set("deviation_reason", SHORT_REASON)
            row.set("actual", f"{plain(actual.quantize(Decimal('0.01')))}{target.unit}")
        elif target.kind is Kind.QUALITATIVE:
            qualitative += 1
            if qualitative % 5 == 2:
                row.set("actual", PARTLY_ACHIEVED)
                row.set("score", str(money2(weight * Decimal("0.7"))))
                row.set("deviation_reason", PARTLY_REASON)
            else:
                row.set("actual", ACHIEVED)
                row.set("score", str(money2(weight)))


def fill_evaluation(evaluation: ProjectEvaluation, rows: list[IndicatorRow],
                    spec: IndicatorTableSpec, template: Template, share: Decimal) -> None:
    """执行数 at ``share`` of the budget on every line that has one; then the stated 总分/等级 as
    computed (an officer copies them from the editor's sum)."""
    evaluation.goal_achievement = GOAL_DONE
    for line in evaluation.execution:
        if line.adjusted is not None:
            line.executed = (line.adjusted * share).quantize(Decimal("0.01"))
    assert template.scoring is not None
    sheet = score_sheet(rows, spec, template.scoring, evaluation.execution,
                        template.grade_bands)
    evaluation.score, evaluation.grade = sheet.total, sheet.grade or ""


def make(name: str) -> TargetDocument:
    source = load_document(EXAMPLES / SOURCES[name])
    source_template = get_template(source.template)
    template = self_evaluation_template(source_template)
    sheet = carry_to_self_evaluation(source, source_template, template)
    if template.has_projects:
        spec = template.project_indicators
        assert spec is not None
        for n, project in enumerate(sheet.projects):
            fill_rows(project.indicators, n)
            assert project.evaluation is not None
            share = Decimal(1) - Decimal("0.03") * (n % 4)  # 100%, 97%, 94%, 91%
            fill_evaluation(project.evaluation, project.indicators, spec, template, share)
    else:
        spec = template.indicator_tables[0]
        rows = sheet.department.indicator_tables[0].rows
        fill_rows(rows, 0)
        assert sheet.department.evaluation is not None
        fill_evaluation(sheet.department.evaluation, rows, spec, template, Decimal("0.96"))
    return sheet


def main() -> None:
    forms.register_all()
    for name in SOURCES:
        save_document(make(name), EXAMPLES / name, keep_backup=False)
        print(f"已生成：resources/examples/{name}")


if __name__ == "__main__":
    main()
