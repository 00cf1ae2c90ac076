"""Start-up: the layer above ``ui``, ``forms`` and ``app`` that puts them together.

``start()`` registers the provincial templates in the core's registry; the command line
(``jixiao-cli``, ``python -m jixiao``) and the desktop app call it before anything else.
"""
from __future__ import annotations

from app.templates import Template


def start() -> tuple[Template, ...]:
    import forms

    return forms.register_all()
