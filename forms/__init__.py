"""The provincial templates, one package each (``forms/<province_form>/``: definition, layout).

Each package defines ``TEMPLATE``; ``register_all()`` registers them in the core's registry
(``app.templates``) at start-up. Adding a province means adding one package here and its example
in ``resources/examples/``: nothing in ``app/`` or ``ui/`` changes (docs/adding-a-province.md).
"""
from __future__ import annotations

import importlib
import pkgutil

from app.templates import Template, all_templates, register


def register_all() -> tuple[Template, ...]:
    """Import every template package and register its ``TEMPLATE``; safe to call again."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        template = getattr(module, "TEMPLATE", None)
        if isinstance(template, Template):
            register(template)
    return all_templates()
