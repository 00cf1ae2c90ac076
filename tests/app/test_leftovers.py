"""A killed save or export leaves a hidden temp file; the next save or export to that folder
removes ours older than a day, and nothing else. A ``.bak`` keeps the original's mode."""
from __future__ import annotations

import os
import stat

import pytest

from app.atomic import atomic_write, backup_path
from app.export import export_document
from app.projectfile import save_document
from app.templates import get_template

DAY_AND_A_BIT = 25 * 3600

OURS = [".苏州.jixiao.k3j_9xq2.tmp", ".~六盘水_2024年预算绩效目标表.ab12cd34.docx.part",
        ".~表.zz_00000.pdf.part", ".~表.abcdefgh.xlsx.part"]
NOT_OURS = [".苏州.jixiao.k3j.tmp",  # not mkstemp's random part
            "苏州.jixiao.k3j_9xq2.tmp",  # not hidden
            ".~表.abcdefgh.doc.part",  # not an export of ours
            ".~lock.苏州.jixiao#", "报告.part", ".cache.ABCDEFGH.tmp"]


def _leave(folder, names, age):
    for name in names:
        path = folder / name
        path.write_bytes(b"half")
        os.utime(path, (path.stat().st_mtime - age,) * 2)


def _document():
    return get_template("guizhou-dept-target").new_document("六盘水市自然资源局", 2024)


@pytest.mark.parametrize("write", ["save", "export"])
def test_the_next_save_or_export_removes_our_leftovers_older_than_a_day(tmp_path, write):
    _leave(tmp_path, OURS + NOT_OURS, DAY_AND_A_BIT)
    young = ".苏州.jixiao.young_01.tmp"  # perhaps another window saving right now
    _leave(tmp_path, [young], 60)
    (tmp_path / ".~表.dir_0000.pdf.part").mkdir()  # a folder by that name is not ours
    if write == "save":
        save_document(_document(), tmp_path / "苏州.jixiao")
    else:
        export_document(_document(), tmp_path, ["xlsx"], force=True)
    left = {p.name for p in tmp_path.iterdir()}
    assert not left & set(OURS)  # all of them stayed before
    assert set(NOT_OURS) | {young, ".~表.dir_0000.pdf.part"} <= left


def test_a_backup_keeps_the_originals_mode(tmp_path):
    path = tmp_path / "a.jixiao"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    atomic_write(path, b"new")
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o644  # was always 0600
    os.chmod(path, 0o640)
    atomic_write(path, b"newer")
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o640
