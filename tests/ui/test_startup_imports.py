"""What starting up imports: nothing that only exporting, importing, printing or the 指标库 needs.

Each case runs in a fresh interpreter, as the launchers start one, and lists the modules loaded
by the time the window shows its document (or the command has listed the templates). How fast
that is lives in bench/startup.py; this keeps the imports from coming back unnoticed.
"""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EXAMPLE_FILES, ROOT

# Only exporting (python-docx, openpyxl, the renderers), printing (QtPrintSupport), reading a
# workbook (app.importing) or the 指标库 (app.library, its dialogs) need these.
LATER = ("openpyxl", "docx", "lxml", "app.importing", "app.library", "app.export.docx_render",
         "app.export.xlsx_render", "app.export.pdf", "PySide6.QtPrintSupport", "ui.library_access",
         "ui.library_dialog", "ui.library_model", "ui.export_dialog", "ui.print_preview",
         "ui.import_dialog", "ui.carry_action")

WINDOW = """
import json, sys
from PySide6.QtWidgets import QApplication
import forms
from ui.main_window import MainWindow
app = QApplication(["jixiao"])
forms.register_all()
window = MainWindow()
assert window.open_path(sys.argv[1], ask=False)
window.show()
app.processEvents()
print(json.dumps({"modules": sorted(sys.modules), "tabs": window.tabs.count(),
                  "built": [window.tabs.is_built(i) for i in range(window.tabs.count())]}))
"""

TEMPLATES = """
import contextlib, io, json, sys
from jixiao.cli import main
with contextlib.redirect_stdout(io.StringIO()) as listed:
    assert main(["templates"]) == 0
print(json.dumps({"modules": sorted(sys.modules), "listed": listed.getvalue()}))
"""


def _run(code: str, *arguments: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def _too_early(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in LATER)]


def _form_parts(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("forms.") and m.endswith((".importing", ".layout"))]


def test_the_window_on_an_example_imports_nothing_it_does_not_show():
    shown = _run(WINDOW, str(EXAMPLE_FILES["jiangsu"]))
    assert _too_early(shown["modules"]) == []
    assert _form_parts(shown["modules"]) == []
    # Only the tab shown is built; the money and indicator editors wait to be asked for.
    assert shown["tabs"] > 1 and shown["built"] == [True] + [False] * (shown["tabs"] - 1)
    assert "ui.tabs.indicators_tab" not in shown["modules"]


def test_listing_templates_imports_no_qt_and_nothing_of_exporting_or_importing():
    listed = _run(TEMPLATES)
    assert "jiangsu-dept-target\t" in listed["listed"]
    assert _too_early(listed["modules"]) == []
    assert _form_parts(listed["modules"]) == []
    assert not [m for m in listed["modules"] if m.startswith(("PySide6", "ui"))]


def test_a_forms_layout_and_import_are_there_when_used():
    from app.importing.definition import ImportDefinition
    from app.templates import all_templates

    for template in all_templates():
        assert callable(template.layout), template.id
        assert isinstance(template.excel_import, ImportDefinition), template.id


def test_our_modules_are_spared_pysides_source_scan():
    """PySide6 reads the source of every module imported after it, to look for "PySide6";
    ui.main enters the answers for ours first (else ~5% of the window's start-up)."""
    result = _run("""
import json, sys
from ui.main import main
table = sys.modules["PySide6.support.feature"].pyside_feature_dict
print(json.dumps({name: table.get(name) for name in
                  ("ui.main_window", "ui.tabs.fields_tab", "app.model", "app.export.pdf",
                   "forms._common", "app.importing.cells")}))
""")
    assert result == {"ui.main_window": 0, "ui.tabs.fields_tab": 0, "app.model": -1,
                      "app.export.pdf": 0, "forms._common": -1, "app.importing.cells": -1}
