"""The 审核 findings of every example, as the Markdown list in docs/checks.md.

`python scripts/checks_report.py` prints it; tests/app/checks keeps docs/checks.md in step.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import forms  # noqa: E402
from app.checks import run_checks  # noqa: E402
from app.projectfile import load_document  # noqa: E402

forms.register_all()


def example_findings_markdown() -> str:
    lines = []
    for example in sorted((ROOT / "resources" / "examples").glob("*.jixiao")):
        findings = run_checks(load_document(example))
        errors = sum(1 for f in findings if f.severity.value == "错误")
        lines.append(f"### `{example.name}`: {errors} 错误, {len(findings) - errors} 警告")
        lines.append("")
        if not findings:
            lines.append("No findings.")
        for finding in findings:
            lines.append(f"- {finding.severity.value} `{finding.code}` "
                         f"`{finding.location.path}`: {finding.message}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(example_findings_markdown())
