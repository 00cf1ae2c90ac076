"""四川's 自评表 prints the rules' 得分 where the officer typed none (docx read back)."""
from __future__ import annotations

from app.export import export_document
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.readback import docx_rows, squeeze


def test_untyped_scores_print_as_computed_and_the_total_adds_what_prints(tmp_path):
    document = load_document(EXAMPLE_FILES["sichuan-project-eval"])
    project = document.projects[1]  # 县级重大项目前期工作经费
    late = project.indicators[4]  # 前期工作按期完成率: 85.7 against ≥90, 权重 10, typed 9
    assert late.name == "前期工作按期完成率" and late.get("score") == "9"
    late.set("score", "")
    project.evaluation.execution[0].score = None  # 86.40 ÷ 95.00 × 10 = 9.0947… → 9.09
    [docx] = export_document(document, tmp_path, ["docx"])
    rows = [squeeze("".join(row)) for row in docx_rows(docx)]
    # 85.7 ÷ 90 × 10 = 9.5222… → 9.52 in the 得分 column, right after 权重 10.
    assert any("前期工作按期完成率≥90%85.7109.52" in row for row in rows), \
        [r for r in rows if "前期工作按期完成率" in r]
    # 合计: weights 10 + 90 = 100; scores 9.09 + (89 − 9 + 9.52) = 98.61.
    assert any(row.startswith("合计") and "10098.61" in row for row in rows)
