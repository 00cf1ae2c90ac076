"""File safety (issue #9, item 5): what a hostile or unlucky file, name or disk does to the core."""
from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import atomic, recovery
from app.errors import DocumentLoadError, DocumentSaveError, os_reason
from app.filelock import DocumentLocked, acquire, lock_path, owner_of
from app.fsnames import name_length
from app.model import IndicatorRow, TargetDocument
from app.paths import set_path
from app.projectfile import (changed_on_disk, dumps, load_document, loads, read_document,
                             save_document)
from app.templates import get_template

CJK = re.compile(r"[\u4e00-\u9fff]")


def _document(unit: str = "六盘水市自然资源局") -> TargetDocument:
    return get_template("guizhou-dept-target").new_document(unit, 2024)


def _text(unit: str = "六盘水市自然资源局") -> str:
    return dumps(_document(unit))


# -- 1. lone surrogates ------------------------------------------------------------------------

def test_a_lone_surrogate_in_a_file_is_replaced_and_the_document_saves_again(tmp_path):
    text = _text().replace('"unit_name": "六盘水市自然资源局"',
                           '"unit_name": "\\ud800六盘水\\udcff"')
    text = text.replace('"functions": []', '"functions": ["\\udfff职能"]')
    path = tmp_path / "a.jixiao"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    assert document.unit_name == "\ufffd六盘水\ufffd"
    assert document.department.functions == ["\ufffd职能"]
    save_document(document, path)  # raised UnicodeEncodeError before
    assert load_document(path).unit_name == "\ufffd六盘水\ufffd"


def test_every_model_input_cleans_surrogates_and_keeps_the_rest_as_typed():
    document = _document()
    set_path(document, "unit_name", "\udcff\udcfe单位＝１")  # invalid bytes of a command line
    assert document.unit_name == "\ufffd\ufffd单位＝１"
    set_path(document, "department.functions", ["a"])
    set_path(document, "department.functions[0]", "粘贴\ud83d")
    assert document.department.functions == ["粘贴\ufffd"]
    assert IndicatorRow(name="\ud800x").name == "\ufffdx"
    assert "😀" == IndicatorRow(name="😀").name  # a real pair stays
    dumps(document).encode("utf-8")


def test_load_errors_quoting_a_surrogate_can_be_printed():
    text = _text().replace('"format": "jixiao"', '"x\\udc80": 1, "format": "jixiao"')
    with pytest.raises(DocumentLoadError) as info:
        loads(text)
    str(info.value).encode("utf-8")
    assert "\\udc80" in str(info.value)


# -- 3. long names -------------------------------------------------------------------------------

def test_a_file_whose_name_is_at_the_limit_saves_with_its_backup(tmp_path):
    path = tmp_path / ("局" * 82 + ".jixiao")  # 253 bytes: temp and .bak names add more
    assert name_length(path.name) == 253
    save_document(_document("第一版"), path)
    save_document(_document("第二版"), path)
    backup = atomic.backup_path(path)
    assert backup.name.endswith(".bak") and name_length(backup.name) <= 255
    assert load_document(backup).unit_name == "第一版"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, backup.name])


def test_shortened_backup_names_of_two_long_files_differ(tmp_path):
    a, b = tmp_path / ("局" * 81 + "甲.jixiao"), tmp_path / ("局" * 81 + "乙.jixiao")
    assert name_length(a.name + ".bak") > 255
    backups = atomic.backup_path(a).name, atomic.backup_path(b).name
    assert backups[0] != backups[1] and all(name_length(n) <= 255 for n in backups)


# -- 5. Chinese reasons, numbers ---------------------------------------------------------------

@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM,
                                  errno.ENAMETOOLONG, errno.ENOENT, errno.EEXIST, errno.EIO,
                                  errno.EBUSY, 9999])
def test_os_errors_are_said_in_chinese(code):
    reason = os_reason(OSError(code, "English words from the system"))
    assert CJK.search(reason) and "English" not in reason


def test_a_read_only_disk_on_save_is_said_in_chinese(tmp_path, monkeypatch):
    path = tmp_path / "a.jixiao"

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.os, "replace", read_only)
    with pytest.raises(DocumentSaveError) as info:
        save_document(_document(), path)
    assert "只读" in str(info.value) and "Read-only" not in str(info.value)


@pytest.mark.parametrize("literal, word", [
    ("9" * 5000, "位数过多"),
    ("-" + "1" * 4500, "位数过多"),
    ("1." + "5" * 300, "位数过多"),
    ("1e-999999999", "过小"),
    ("1e999999999", "过大"),
])
def test_absurd_numbers_get_a_chinese_message_with_their_line(literal, word):
    text = _text().replace('"year": 2024', f'"year": {literal}')
    with pytest.raises(DocumentLoadError) as info:
        loads(text)
    message = info.value.message
    assert word in message and "行" in message, message
    assert "NaN" not in message and not re.search(r"[A-Za-z]{3,}", message), message


def test_a_tiny_amount_is_too_many_decimals_not_too_large():
    text = _text().replace('"total": null', '"total": 1e-20', 1)
    with pytest.raises(DocumentLoadError) as info:
        loads(text)
    assert "两位小数" in info.value.message and "过大" not in info.value.message


# -- 6. symbolic links, unknown keys -----------------------------------------------------------

def test_saving_through_a_symbolic_link_writes_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "档案" / "真实.jixiao"
    real.parent.mkdir()
    save_document(_document("原文"), real)
    link = tmp_path / "桌面" / "快捷.jixiao"
    link.parent.mkdir()
    try:
        link.symlink_to(real)
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    save_document(_document("新文"), link)
    assert link.is_symlink() and load_document(real).unit_name == "新文"
    assert load_document(real.with_name("真实.jixiao.bak")).unit_name == "原文"
    assert sorted(p.name for p in link.parent.iterdir()) == ["快捷.jixiao"]


def test_an_unknown_top_level_key_is_refused_with_its_name():
    raw = json.loads(_text())
    raw["generator"] = "别的软件"
    with pytest.raises(DocumentLoadError) as info:
        loads(json.dumps(raw, ensure_ascii=False))
    assert info.value.location == "generator" and "无法识别" in info.value.message


# -- 4. changed on disk, locks, live autosaves ---------------------------------------------------

def test_a_change_by_another_program_is_noticed_a_mere_touch_is_not(tmp_path):
    path = tmp_path / "a.jixiao"
    save_document(_document(), path)
    _, stamp = read_document(path)
    assert not changed_on_disk(path, stamp)
    os.utime(path, ns=(1, 1))  # same content, other time
    assert not changed_on_disk(path, stamp)
    path.write_text(_text("别人改过"), encoding="utf-8")
    assert changed_on_disk(path, stamp)
    stamp = save_document(_document("再存"), path)
    assert not changed_on_disk(path, stamp)
    path.unlink()
    assert changed_on_disk(path, stamp)


def test_a_second_lock_on_one_file_is_refused_until_released(tmp_path):
    path = tmp_path / "a.jixiao"
    save_document(_document(), path)
    first = acquire(path)
    with pytest.raises(DocumentLocked) as info:
        acquire(path)
    assert "另一个窗口" in str(info.value) and "只读" in str(info.value)
    first.release()
    assert not lock_path(path).exists()
    acquire(path).release()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _live_child():
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def _fake_lock(path: Path, pid: int) -> None:
    from app.filelock import this_host

    lock_path(path).write_text(json.dumps({"pid": pid, "host": this_host(), "user": "王会计",
                                           "since": "2025-01-01T09:00:00", "token": "t"}),
                               encoding="utf-8")


def test_a_lock_of_a_running_program_holds_and_a_dead_ones_is_taken_over(tmp_path):
    path = tmp_path / "a.jixiao"
    save_document(_document(), path)
    child = _live_child()
    try:
        _fake_lock(path, child.pid)
        with pytest.raises(DocumentLocked) as info:
            acquire(path)
        assert "王会计" in str(info.value) and owner_of(path).pid == child.pid
    finally:
        child.kill()
        child.wait()
    lock = acquire(path)  # the process is gone: its lock is stale
    assert json.loads(lock_path(path).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


def test_a_live_autosave_of_another_process_is_not_offered(tmp_path):
    document = _document("另一个窗口正在编辑")
    original = tmp_path / "a.jixiao"
    key = recovery.recovery_key(original, "w1")
    recovery.write_recovery(document, key, original)
    meta_file = recovery.recovery_dir() / f"{key}.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    child = _live_child()
    try:
        meta_file.write_text(json.dumps({**meta, "pid": child.pid}), encoding="utf-8")
        assert recovery.pending() == []
    finally:
        child.kill()
        child.wait()
    [entry] = recovery.pending()  # its process died: now it is a crash's leftover
    assert entry.key == key


def test_two_windows_on_one_file_have_separate_autosaves(tmp_path):
    original = tmp_path / "a.jixiao"
    assert recovery.recovery_key(original, "w1") != recovery.recovery_key(original, "w2")


# -- exports: long names, Chinese reasons, temp names ------------------------------------------

def test_a_long_chinese_unit_name_exports_within_the_name_limit(tmp_path):
    from app.export import export_document

    document = _document("六盘水市自然资源和规划局" * 8)  # 96 characters, 288 bytes
    [written] = export_document(document, tmp_path, ["docx"])
    assert written.is_file() and name_length(written.name) <= 255
    assert written.name.endswith(".docx") and "\ufffd" not in written.name


def test_export_names_are_cut_in_bytes_at_a_character_boundary():
    from app.export.filenames import safe_filename

    for limit in (255, 143, 100):
        name = safe_filename("局" * 200 + "😀", "xlsx", limit)
        assert name_length(name) <= limit and name.endswith(".xlsx")
        assert set(name[:-5]) == {"局"}


def test_a_full_disk_during_export_is_said_in_chinese(tmp_path, monkeypatch):
    import app.export as export

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export.os, "replace", disk_full)
    with pytest.raises(export.ExportError) as info:
        export.export_document(_document(), tmp_path, ["docx"])
    assert "磁盘空间不足" in str(info.value) and "No space" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_an_export_in_progress_has_a_name_no_program_takes_for_a_document(tmp_path, monkeypatch):
    import app.export as export

    seen: list[Path] = []
    real = export._renderer

    def spy(fmt):
        render = real(fmt)

        def wrapped(layout, path, *more):
            seen.append(Path(path))
            render(layout, path, *more)
        return wrapped

    monkeypatch.setattr(export, "_renderer", spy)
    export.export_document(_document("自然资源局" * 30), tmp_path, ["docx", "xlsx"])
    assert len(seen) == 2
    for path in seen:
        assert path.name.startswith(".~") and path.name.endswith(".part"), path.name
        assert name_length(path.name) <= 255
