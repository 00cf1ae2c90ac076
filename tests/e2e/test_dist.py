"""The desktop build: PyInstaller makes dist/jixiao/, whose CLI validates and exports an example
and whose GUI starts offscreen, opens an example and closes cleanly."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from app.templates import template_ids

from tests.conftest import EXAMPLE_FILES
from tests.dist_bundle import shared_bundle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return shared_bundle(tmp_path_factory)


def run(bundle: Path, *args, **env):
    return subprocess.run([str(bundle / "jixiao-cli"), *map(str, args)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **env})


def test_bundled_cli_lists_validates_and_exports(bundle, tmp_path):
    assert run(bundle, "templates").stdout.count("\t") == len(template_ids())  # all bundled
    assert run(bundle, "--version").stdout.startswith("jixiao ")
    checked = run(bundle, "validate", EXAMPLE_FILES["jiangsu"])
    assert checked.returncode == 0 and "INDICATOR_CATEGORY_EMPTY" in checked.stdout
    exported = run(bundle, "export", EXAMPLE_FILES["jiangsu"], "-o", tmp_path,
                   QT_QPA_PLATFORM="offscreen")
    assert exported.returncode == 0, exported.stderr
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".docx", ".pdf", ".xlsx"]
    assert all(p.stat().st_size > 5000 for p in tmp_path.iterdir())


def test_bundled_gui_opens_an_example_and_closes_cleanly(bundle, tmp_path):
    picture = tmp_path / "gui.png"
    result = subprocess.run(
        [str(bundle / "jixiao"), "--self-test", str(EXAMPLE_FILES["guizhou"]),
         "--screenshot", str(picture)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "JIXIAO_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert picture.stat().st_size > 20_000


def test_the_bundle_carries_only_what_it_needs(bundle):
    internal = bundle / "_internal"
    names = {p.name for p in internal.rglob("*")}
    assert not any("WebEngine" in n or n.startswith("libQt6Quick") for n in names)
    assert "tkinter" not in names and "pytest" not in names and "mypy" not in names
    # Embedded-device plug-ins and the libraries only they load (build.spec's UNUSED_QT).
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert sorted(p.name for p in (plugins / "platforms").iterdir()) == [
        "libqminimal.so", "libqoffscreen.so", "libqwayland.so", "libqxcb.so"]
    assert not (plugins / "egldeviceintegrations").exists()
    assert not (plugins / "generic").exists()
    assert not any(n.startswith(("libQt6Network", "libQt6EglFS")) for n in names)
    assert [str(p) for p in internal.iterdir() if p.is_symlink() and not p.exists()] == []
    assert (bundle / "README.md").is_file() and (bundle / "jixiao.desktop").is_file()
    assert (internal / "resources" / "examples" / "jiangsu-suzhou-2024.jixiao").is_file()


def test_the_bundled_cli_has_the_indicator_library(bundle, tmp_path):
    # sqlite3 with FTS5 and the shipped frameworks (package data) are in the build.
    found = run(bundle, "library", "search", "预算执行率", "--json", JIXIAO_HOME=str(tmp_path))
    assert found.returncode == 0, found.stderr
    assert '"source_kind": "framework"' in found.stdout and "＝100%" in found.stdout
