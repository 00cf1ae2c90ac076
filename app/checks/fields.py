"""Required fields and text lengths, as the template's sections declare them."""
from __future__ import annotations

from typing import Any, Iterator

from app.checks.findings import Finding, Location, Severity
from app.model import TargetDocument
from app.templates import CheckSettings, FieldKind, FieldSpec, Section, Template

_LIMITED = (FieldKind.TEXT, FieldKind.LINE)


def resolve(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
    return obj


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    return False


def check_fields(document: TargetDocument, template: Template,
                 settings: CheckSettings) -> Iterator[Finding]:
    yield from _sections(document, template.sections, "", None, "", settings)
    for p, project in enumerate(document.projects):
        owner = f"项目“{project.name or p + 1}”的"
        yield from _sections(project, template.project_sections, f"projects[{p}].", p, owner,
                             settings)


def _sections(obj: Any, sections: tuple[Section, ...], prefix: str, project: int | None,
              owner: str, settings: CheckSettings) -> Iterator[Finding]:
    for section in sections:
        for spec in section.fields:
            value = resolve(obj, spec.path)
            where = Location("projects" if project is not None else section.key,
                             prefix + spec.path, project=project)
            if spec.required and _empty(value):
                yield Finding("FIELD_REQUIRED", Severity.ERROR, where,
                              f"{owner}“{spec.label}”必须填写")
            yield from _length(spec, value, where, owner, settings)


def _length(spec: FieldSpec, value: Any, where: Location, owner: str,
            settings: CheckSettings) -> Iterator[Finding]:
    limit = settings.text_limit if spec.limit is None else spec.limit
    if not limit:
        return
    texts = value if spec.kind is FieldKind.LIST and isinstance(value, list) else (
        [value] if spec.kind in _LIMITED and isinstance(value, str) else [])
    for i, text in enumerate(texts):
        if len(text) > limit:
            item = f"第 {i + 1} 项" if spec.kind is FieldKind.LIST else ""
            yield Finding("TEXT_TOO_LONG", Severity.WARNING, where,
                          f"{owner}“{spec.label}”{item}有 {len(text)} 字，超过 {limit} 字的限制")
