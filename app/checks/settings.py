"""A template's checking rules and their parameters, as data (declared in ``forms/``)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CheckSettings:
    # Level-1 categories every indicator set needs (产出/效益/满意度), and the level-2 categories
    # required under each (数量/质量/时效/成本 under 产出).
    required_level1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标")
    required_level2: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The level-1 names that hold satisfaction indicators, whose values must be a percentage.
    satisfaction_level1: tuple[str, ...] = ("满意度指标",)
    text_limit: int = 450  # characters, for paragraph fields without their own limit
    indicator_limit: int = 150  # characters, for one indicator cell
    # Indicator names whose half-year and full-year targets should follow the money table.
    execution_rate_names: tuple[str, ...] = ("预算执行率",)
    execution_tolerance: float = 1.0  # percentage points
    # Which indicator tables belong to the department's required set (empty: all of them).
    department_tables: tuple[str, ...] = ()
    check_projects_budget: bool = True
