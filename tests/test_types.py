"""The packages type-check: mypy, with pyproject.toml's [tool.mypy] settings, finds no error."""
import importlib.util
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_mypy_finds_no_errors():
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    # No cache: nothing left in the working tree, and no stale result hiding an error.
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", os.devnull],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_errors_in_the_packaging_script():
    # scripts/ is not a checked package (its other files are developer aids); `make deb` is a
    # shipped command, so its script is checked, strictly.
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[dev]')")
    result = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", os.devnull, "--strict",
                             "scripts/build_deb.py"],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
