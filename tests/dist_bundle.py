"""The one-folder build, made once per test run and shared by the test files that need it
(tests/e2e/test_dist.py, tests/e2e/test_deb.py), whichever worker comes first."""
from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def shared_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    if not pyinstaller.exists() and shutil.which("pyinstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[dev]')")
    # Under pytest-xdist each worker's base folder sits in the run's own folder: share that.
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent
    work = run_folder / "pyinstaller"
    folder = work / "dist" / "jixiao"
    with open(run_folder / "pyinstaller.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for the build, then shares it
        if not (work / "built").exists():
            shutil.rmtree(work, ignore_errors=True)
            result = subprocess.run(
                [str(pyinstaller) if pyinstaller.exists() else "pyinstaller", "build.spec",
                 "--noconfirm", "--distpath", str(work / "dist"), "--workpath",
                 str(work / "build")],
                cwd=ROOT, capture_output=True, text=True, timeout=900)
            assert result.returncode == 0, result.stderr[-3000:]
            (work / "built").touch()
    assert (folder / "jixiao").exists() and (folder / "jixiao-cli").exists()
    return folder
