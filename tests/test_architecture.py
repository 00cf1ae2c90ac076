"""The core (app, forms) knows no widgets and no ui: checked two ways."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


QT_MODULE = "app.export.pdf"  # the one core module that draws with QtGui


def test_core_imports_without_loading_qt():
    code = ("import sys, pkgutil, importlib, app, forms\n"
            "for pkg in (app, forms):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            f"        if not m.name.endswith('__main__') and m.name != {QT_MODULE!r}:\n"
            "            importlib.import_module(m.name)\n"
            "forms.register_all()\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'ui')))\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr


def test_import_linter_contract_holds():
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if linter is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    result = subprocess.run([linter], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout  # no Qt in the core; the layers


def test_only_the_pdf_module_uses_qt_and_only_qtgui_and_qtcore():
    import re

    pattern = re.compile(r"^\s*(?:from|import)\s+PySide6(\.\w+)?", re.MULTILINE)
    for source in [*(ROOT / "app").rglob("*.py"), *(ROOT / "forms").rglob("*.py")]:
        found = set(pattern.findall(source.read_text(encoding="utf-8")))
        module = ".".join(source.relative_to(ROOT).with_suffix("").parts)
        if module == QT_MODULE:
            assert found <= {".QtCore", ".QtGui"}, found
        else:
            assert not found, (module, found)


def test_no_python_docx_table_cell_calls_in_loops():
    # Table.cell(r, c) rebuilds the whole grid on every call (quadratic): never use it.
    import re

    for source in [*(ROOT / "app").rglob("*.py"), *(ROOT / "forms").rglob("*.py")]:
        assert not re.search(r"\btable\.cell\(", source.read_text(encoding="utf-8")), source


def test_core_tests_do_not_import_pyside6():
    for folder in ("app", "forms"):
        for test in (ROOT / "tests" / folder).rglob("*.py"):
            assert "PySide6" not in test.read_text(encoding="utf-8"), test


def test_the_core_never_imports_the_templates():
    # forms registers into app.templates at start-up; app never reaches back (nor by string).
    import re

    pattern = re.compile(r"^\s*(from\s+forms\b|import\s+forms\b)|import_module\(\s*[\"']forms",
                         re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_editor_names_no_template():
    # The UI follows what a template declares (field kinds, column kinds, flags), never its id.
    from app.templates import template_ids

    for source in (ROOT / "ui").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not [t for t in template_ids() if t in text], source
