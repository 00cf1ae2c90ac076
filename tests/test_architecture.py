"""The core (app, forms) knows no widgets and no ui: checked two ways."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_core_imports_without_loading_qt():
    code = ("import sys, pkgutil, importlib, app, forms\n"
            "for pkg in (app, forms):\n"
            "    for m in pkgutil.iter_modules(pkg.__path__):\n"
            "        if m.name != '__main__':\n"
            "            importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
            "forms.all_templates()\n"
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
    assert "1 kept, 0 broken" in result.stdout


def test_core_tests_do_not_import_pyside6():
    for folder in ("app", "forms", "e2e"):
        for test in (ROOT / "tests" / folder).glob("*.py"):
            assert "PySide6" not in test.read_text(encoding="utf-8"), test
