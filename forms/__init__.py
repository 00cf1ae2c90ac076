"""The provincial templates. Each module here defines ``TEMPLATE``; adding a province means
adding one module (and, later, its export layout) — nothing in ``ui/`` or the model changes."""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from app.templates import Template


@cache
def all_templates() -> tuple[Template, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        template = getattr(module, "TEMPLATE", None)
        if isinstance(template, Template):
            found.append(template)
    return tuple(sorted(found, key=lambda t: _ORDER.get(t.id, 99)))


# The order the seeds came in; later provinces sort after them by their module name.
_ORDER = {"jiangsu-dept-target": 0, "hebei-perf-text": 1, "hebei-self-eval": 2,
          "guizhou-dept-target": 3}


def template_ids() -> list[str]:
    return [t.id for t in all_templates()]


def get_template(template_id: str) -> Template:
    for template in all_templates():
        if template.id == template_id:
            return template
    raise KeyError(template_id)
