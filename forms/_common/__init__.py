"""Pieces several templates share: the usual indicator skeleton and qualitative words."""
from __future__ import annotations

from typing import Any

from app.model import IndicatorRow
from app.templates import FieldKind, FieldSpec

# Words bureaus accept as a qualitative target (定性指标值); the checks suggest a measurable
# target for anything else.
QUALITATIVE_WORDS = (
    "健全", "合规", "及时", "有效", "完善", "公开", "规范", "科学", "合理", "明确", "执行", "稳定",
    "达标", "合格", "提高", "提升", "有效提升", "有效提高", "有效促进", "有效保障", "明显",
    "效果明显", "显著", "持续", "按时", "按时完成", "按时限完成", "良好", "优良", "满意", "有利于",
    "通过", "验收",
)

PRODUCTION = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"


def skeleton(level2_by_level1: dict[str, tuple[str, ...]]) -> list[IndicatorRow]:
    """One empty row per 二级 category: the officer fills in the indicators."""
    return [IndicatorRow(level1=level1, level2=level2)
            for level1, level2s in level2_by_level1.items() for level2 in level2s]


def numbered_list(path: str, label: str, numbering: str, **options: Any
                  ) -> tuple[FieldSpec, FieldSpec]:
    """A numbered list and, right before it, the field of its lead-in (``<path>_lead_in``):
    the unnumbered text a form may print before item one ("……具体包括：（一）负责…")."""
    lead_in = f"{path}_lead_in"
    return (FieldSpec(lead_in, f"{label}：编号前的引言（不编号，可空）", FieldKind.TEXT),
            FieldSpec(path, label, FieldKind.LIST, numbering=numbering, lead_in=lead_in,
                      **options))
