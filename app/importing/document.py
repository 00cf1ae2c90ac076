"""The imported document: the template's new document (and new projects) with every value read
set at its path, checked by the model as a loaded file is. Nothing is set until the whole
workbook was read without a problem."""
from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from app.boxes import BOXES, BoxError, validate_boxes
from app.importing.problems import ImportProblem
from app.importing.reader import Assignment
from app.model import IndicatorTable, Project, TargetDocument
from app.templates import Template
from app.validation_messages import describe, first_problems

_TABLE = re.compile(r"^department\.indicator_tables\[([^\]]*)\]$")


def build_document(template: Template, assignments: list[Assignment], projects: int,
                   problems: list[ImportProblem], warnings: list[ImportProblem],
                   source: str = "工作簿") -> TargetDocument | None:
    first = _document_values(assignments, warnings)
    year = first["year"].value if "year" in first else None
    unit = first["unit_name"].value if "unit_name" in first else None
    if not isinstance(year, int):
        year = template.default_year()
        warnings.append(ImportProblem(f"{source}中没有年度，已取 {year} 年度，请在编辑器中核对"))
    document = template.new_document(unit if isinstance(unit, str) else "", year)
    if template.has_projects:
        document.projects = [template.new_project("", year) if template.new_project else Project()
                             for _ in range(projects)]
    for assignment in assignments:
        if assignment.project is None and first.get(assignment.path, assignment) is not assignment:
            continue  # a later sheet's copy of a document field: the first one is kept
        target: BaseModel = document if assignment.project is None else \
            document.projects[assignment.project]
        try:
            _set(target, assignment.path, assignment.value)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = assignment.where
            problems.append(ImportProblem(describe(error), where.sheet, where.row, where.column))
    if problems:
        return None
    if "unit_name" not in first and document.compiled_by:  # a workbook without 单位名称
        document.unit_name = document.compiled_by
        warnings.append(ImportProblem(f"{source}中没有单位名称，已取编制单位“{document.compiled_by}”"))
    try:
        result = TargetDocument.model_validate(document.model_dump())
    except ValidationError as exc:  # pragma: no cover - every value was set through the model
        message, _ = first_problems(exc)
        problems.append(ImportProblem(message))
        return None
    try:
        validate_boxes(result, template)
    except BoxError as exc:  # a value the reader let through that the declaration refuses
        problems.append(ImportProblem(exc.message))
        return None
    return result


def _document_values(assignments: list[Assignment], warnings: list[ImportProblem]
                     ) -> dict[str, Assignment]:
    """The document's own fields (单位, 年度 …) by the first sheet that states them; a later
    sheet that says otherwise gets a warning."""
    first: dict[str, Assignment] = {}
    for assignment in assignments:
        if assignment.project is not None or "." in assignment.path:
            continue
        kept = first.setdefault(assignment.path, assignment)
        if kept is not assignment and kept.value != assignment.value:
            where = assignment.where
            warnings.append(ImportProblem(
                f"与前面的表不同（“{str(assignment.value)[:30]}”），已取前面的“"
                f"{str(kept.value)[:30]}”", where.sheet, where.row, where.column))
    return first


def _set(model: BaseModel, path: str, value: object) -> None:
    table = _TABLE.match(path)
    if table and isinstance(model, TargetDocument):
        key = table.group(1)
        existing = model.department.table(key)
        if existing is None:
            existing = IndicatorTable(key=key)
            model.department.indicator_tables.append(existing)
        existing.rows = value  # type: ignore[assignment]  # checked by validate_assignment
        return
    *parents, name = path.split(".")
    if parents == [BOXES]:  # a declared box: checked against its declaration at the end
        getattr(model, BOXES)[name] = value
        return
    for parent in parents:
        child = getattr(model, parent)
        if child is None:
            child = _model_type(type(model), parent)()
            setattr(model, parent, child)
        model = child
    setattr(model, name, value)


def _model_type(owner: type[BaseModel], name: str) -> type[BaseModel]:
    """The model class of an optional sub-model field (``ProjectEvaluation | None``)."""
    annotation: Any = owner.model_fields[name].annotation
    candidates = typing.get_args(annotation) if isinstance(
        annotation, (types.UnionType,)) or typing.get_origin(annotation) is typing.Union \
        else (annotation,)
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    raise TypeError(f"{owner.__name__}.{name} is not a model")
