"""Spare PySide6's source scan of every module imported after it.

PySide6 replaces ``__import__`` so that a module may write ``from __feature__ import
snake_case``; to know which modules might, it reads the source of every module imported after
Qt and searches it for "PySide6" (``inspect.getsource``: a file read and a tokenisation each).
None of ours uses a feature, so their answers are entered before they are imported: 0 (uses
PySide6, default features) for the editor's modules, -1 (not a PySide6 module) for the rest.
If a PySide6 release drops the table, nothing happens and the scan simply runs.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import app
import forms
import ui


def _enter_answers() -> None:
    feature = sys.modules.get("PySide6.support.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for package, answer in ((ui, 0), (app, -1), (forms, -1)):
        for name in _module_names(Path(package.__path__[0]), package.__name__):
            table.setdefault(name, answer)
    table["app.export.pdf"] = 0  # the core's one Qt module (it paints the PDF with QtGui)


def _module_names(folder: Path, prefix: str) -> list[str]:
    """The dotted names of the modules under ``folder``, read from its files (importing a
    package to list it would cost what this saves)."""
    names: list[str] = []
    for root, folders, files in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(("__", "."))]
        relative = Path(root).relative_to(folder).parts
        base = ".".join((prefix, *relative))
        names.extend(f"{base}.{file[:-3]}" if file != "__init__.py" else base
                     for file in files if file.endswith(".py"))
    return names


_enter_answers()
