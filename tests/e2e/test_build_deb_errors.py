"""`make deb` without a build, or without dpkg-dev: a Chinese message and exit 1, no package."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "build_deb.py"


def test_without_a_build_it_says_to_run_make_dist_first(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "jixiao"), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "无法生成 .deb" in result.stderr and "make dist" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_without_dpkg_dev_it_names_the_package_to_install(tmp_path):
    bundle = tmp_path / "jixiao"
    bundle.mkdir()
    cli = bundle / "jixiao-cli"
    cli.write_text("#!/bin/sh\necho jixiao 9.9\n")
    cli.chmod(0o755)
    # A PATH with no dpkg: the script's first dpkg tool is not found.
    result = subprocess.run([sys.executable, str(SCRIPT), str(bundle), "--out",
                             str(tmp_path / "out")], capture_output=True, text=True, timeout=60,
                            env={"PATH": str(tmp_path / "nothing"), "LANG": "C.UTF-8"})
    assert result.returncode == 1, result.stderr
    assert "dpkg-dev" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
