"""The core (app, forms) knows no widgets and no ui (checked two ways); no form imports another."""
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
    assert "3 kept, 0 broken" in result.stdout  # no Qt in the core; the layers; the templates


def _templates_contract() -> dict:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"]
                  if c["type"] == "independence" and c["modules"] == ["forms.*"]]
    return contract


def test_the_templates_contract_opens_every_shared_module_and_no_form():
    # A new form folder is walled in by forms.*; what forms share is forms._common (a package).
    opened = {rule.split("->")[1].strip() for rule in _templates_contract()["ignore_imports"]}
    shared = {f"forms.{p.stem}" for p in (ROOT / "forms").iterdir()
              if p.name.startswith("_") and not p.name.startswith("__")
              and (p.suffix == ".py" or (p / "__init__.py").exists())}
    packages = {m for m in shared if (ROOT / m.replace(".", "/")).is_dir()}
    assert opened == shared | {f"{m}.**" for m in packages}, \
        "pyproject.toml: the templates' independence contract lists each forms._<x> module"


def test_the_templates_contract_breaks_when_a_form_imports_another():
    import copy

    grimp = pytest.importorskip("grimp")
    from importlinter.contracts.independence import IndependenceContract

    options = {k: v for k, v in _templates_contract().items() if k not in ("name", "type")}
    contract = IndependenceContract(name="templates", session_options={},
                                    contract_options=options)
    graph = grimp.build_graph("forms", "app")
    assert contract.check(copy.deepcopy(graph), verbose=False).kept
    for importer, imported in (("forms.hunan_dept_target.layout", "forms.jiangsu_dept_target"),
                               ("forms._common", "forms.national_project_eval.layout")):
        broken = copy.deepcopy(graph)
        broken.add_import(importer=importer, imported=imported)
        assert not contract.check(broken, verbose=False).kept, (importer, imported)


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
