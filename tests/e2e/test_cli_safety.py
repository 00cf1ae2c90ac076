"""``jixiao-cli`` facing hostile input and failing disks: Chinese messages, never a traceback."""
import json
import os
import subprocess
import sys

import pytest

from app import cli as cli_module
from tests.conftest import EXAMPLE_FILES, ROOT

EXPORT_NAME = "苏州市自然资源和规划局_2024年市级部门整体预算绩效目标表"


def run(*args, cwd=None):
    # bytes arguments reach the program as the raw bytes a terminal would pass
    argv = [sys.executable, "-m", "jixiao", *(a if isinstance(a, bytes) else str(a) for a in args)]
    return subprocess.run(argv, capture_output=True, cwd=cwd or ROOT, timeout=60)


def err(result) -> str:
    return result.stderr.decode("utf-8", "replace")


@pytest.mark.skipif(os.name == "nt", reason="Windows passes arguments as UTF-16: no invalid bytes")
def test_new_with_invalid_bytes_in_the_unit_name_writes_a_file_that_saves(tmp_path):
    target = tmp_path / "a.jixiao"
    result = run("new", "jiangsu-dept-target", "-o", target, "--unit", b"\xff\xfe\xe5\x8d\x95\xe4\xbd\x8d")
    assert result.returncode == 0, err(result)
    assert "Traceback" not in err(result) and "不是 UTF-8" in err(result)
    unit = json.loads(target.read_text(encoding="utf-8"))["document"]["unit_name"]
    assert unit == "\ufffd\ufffd单位"


def test_a_file_name_too_long_for_the_disk_is_said_in_chinese(tmp_path):
    result = run("new", "jiangsu-dept-target", "-o", tmp_path / ("局" * 90))
    assert result.returncode == 2
    assert "文件名或路径过长" in err(result) and "Traceback" not in err(result)


def test_a_failed_export_prints_a_chinese_reason_and_no_traceback(tmp_path):
    (tmp_path / f"{EXPORT_NAME}.docx").mkdir()  # a folder where the file must go
    result = run("export", EXAMPLE_FILES["jiangsu"], "-o", tmp_path, "--format", "docx",
                 "--force")
    assert result.returncode == 2
    assert "Traceback" not in err(result) and "文件夹" in err(result)
    assert "Is a directory" not in err(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{EXPORT_NAME}.docx"]


def test_an_unexpected_error_exits_3_with_one_chinese_line(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setitem(cli_module._COMMANDS, "templates", broken)
    assert cli_module.main(["templates"]) == cli_module.EXIT_INTERNAL
    stderr = capsys.readouterr().err
    assert "程序内部错误" in stderr and "Traceback" not in stderr and "boom" not in stderr
