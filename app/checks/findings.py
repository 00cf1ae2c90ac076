"""What a check reports: a stable code, a severity, where, and a Chinese message with numbers."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "错误"  # export refuses unless forced
    WARNING = "警告"  # informs


@dataclass(frozen=True)
class Location:
    """Where a finding points, so the editor can jump there.

    ``section`` is the template's section key ("funds", "indicators", …, or "projects"),
    ``path`` the dotted model path of the field ("department.funds.expense_items[3].full_year"),
    ``table`` the indicator table's key, ``row`` its row, ``column`` the field of the row, and
    ``project`` the index of the project when the finding is inside one.
    """

    section: str
    path: str
    table: str = ""
    row: int | None = None
    column: str = ""
    project: int | None = None

    def describe(self) -> str:
        """A short Chinese account of the place, for the CLI and the 审核 panel."""
        parts = []
        if self.project is not None:
            parts.append(f"第 {self.project + 1} 个项目")
        if self.row is not None:
            parts.append(f"第 {self.row + 1} 行")
        return "，".join(parts) or self.path


@dataclass(frozen=True)
class Finding:
    code: str  # stable, e.g. BUDGET_TOTAL_MISMATCH
    severity: Severity
    location: Location
    message: str

    def __hash__(self) -> int:
        # Kept once made: the 审核 panel compares thousands of findings after each edit, and
        # the live checks hand back the same objects for what did not change.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.code, self.severity.value, self.location, self.message))
            object.__setattr__(self, "_hash", cached)
        return cached

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data
