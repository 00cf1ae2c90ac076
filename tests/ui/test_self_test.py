"""``jixiao --self-test FILE``: an installation's check, run with nobody at the screen."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import EXAMPLE_FILES, ROOT


def _self_test(tmp_path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               JIXIAO_HOME=str(tmp_path / "jixiao"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([sys.executable, "-m", "ui.main", "--self-test", *arguments],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_a_file_that_cannot_be_read_fails_the_check_instead_of_waiting_on_a_box(tmp_path):
    result = _self_test(tmp_path, str(tmp_path / "没有这个文件.jixiao"))
    assert result.returncode == 1
    assert "自检失败" in result.stderr and "没有这个文件.jixiao" in result.stderr


def test_an_example_passes_the_check_and_its_picture_is_saved(tmp_path):
    picture = tmp_path / "窗口.png"
    result = _self_test(tmp_path, str(EXAMPLE_FILES["jiangsu"]), "--screenshot", str(picture))
    assert result.returncode == 0, result.stderr
    assert picture.stat().st_size > 10_000
