"""Lock and recovery files are data, not trust: whatever a ``.~lock.<name>#`` or a recovery
entry holds (a huge or negative pid, garbage, another host, nothing, a folder, a pipe), opening
the document gives a choice and the start never raises."""
from __future__ import annotations

import json
import os

import pytest

from app import filelock, recovery
from app.filelock import DocumentLocked, acquire, lock_path, pid_alive, read_lock, this_host
from app.projectfile import save_document
from app.templates import get_template

HUGE_PIDS = [2 ** 31, 2 ** 32, 2 ** 63, 10 ** 30]


def _meta(**changed) -> bytes:
    meta = {"pid": 12345, "host": this_host(), "user": "王会计",
            "since": "2025-01-01T09:00:00", "token": "t"}
    return json.dumps({**meta, **changed}, ensure_ascii=False).encode("utf-8")


# Lock file contents nobody should believe nor silently throw away: (name, bytes, problem).
CRAFTED = [
    *((f"pid {pid}", _meta(pid=pid), filelock.BAD_PID) for pid in HUGE_PIDS),
    ("negative pid", _meta(pid=-5), filelock.BAD_PID),
    ("pid 0", _meta(pid=0), filelock.BAD_PID),
    ("pid as text", _meta(pid="12345"), filelock.BAD_PID),
    ("pid true", _meta(pid=True), filelock.BAD_PID),
    ("pid float", _meta(pid=1.5), filelock.BAD_PID),
    ("no host", _meta(host=""), filelock.GARBAGE),
    ("host a number", _meta(host=7), filelock.GARBAGE),
    ("garbage", b"\x00\x01garbage\xff\xfe", filelock.GARBAGE),
    ("not UTF-8", "{\"pid\": 1, \"host\": \"主机\"}".encode("gbk"), filelock.GARBAGE),
    ("a JSON list", b"[1, 2, 3]", filelock.GARBAGE),
    ("nested 100,000 deep", b"[" * 100_000, filelock.GARBAGE),
    ("a megabyte", b"x" * 1_000_000, filelock.GARBAGE),
    ("empty", b"", filelock.EMPTY),
    ("blank", b" \n", filelock.EMPTY),
]


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "苏州.jixiao"
    save_document(get_template("guizhou-dept-target").new_document("苏州", 2024), path)
    return path


def _old(path) -> None:
    os.utime(path, (1_000_000_000, 1_000_000_000), follow_symlinks=False)  # not being written


@pytest.mark.parametrize("pid", [*HUGE_PIDS, -1, 0])
def test_a_pid_this_system_cannot_have_is_not_running(pid):
    assert pid_alive(pid) is False  # 2**31 raised OverflowError before


@pytest.mark.parametrize("name, content, problem", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_a_crafted_lock_file_gives_a_choice_and_can_be_replaced(document, name, content,
                                                                problem):
    lock_path(document).write_bytes(content)
    _old(lock_path(document))
    assert read_lock(lock_path(document)) == problem
    with pytest.raises(DocumentLocked) as refused:
        acquire(document)
    message = str(refused.value)
    assert refused.value.owner is None and problem in message and "仍然打开" in message
    assert lock_path(document).read_bytes() == content  # not removed without asking
    lock = acquire(document, force=True)  # 仍然打开
    assert json.loads(lock_path(document).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()
    assert not lock_path(document).exists()


def test_a_lock_of_another_computer_is_believed_and_shown_safely(document):
    lock_path(document).write_bytes(_meta(host="别的电脑\x1b[31m" + "很长" * 200, pid=2 ** 31 - 1))
    with pytest.raises(DocumentLocked) as refused:
        acquire(document)
    message = str(refused.value)
    assert refused.value.owner is not None and "别的电脑" in message
    assert "\x1b" not in message and len(message) < 400
    acquire(document, force=True).release()


def test_a_folder_in_the_locks_place_gives_a_choice_and_opens_without_a_lock(document):
    lock_path(document).mkdir()
    (lock_path(document) / "inside").write_text("x")
    with pytest.raises(DocumentLocked) as refused:
        acquire(document)
    assert filelock.NOT_A_FILE in str(refused.value)
    lock = acquire(document, force=True)
    assert lock.lock_file is None and lock_path(document).is_dir()  # nothing of theirs removed
    lock.release()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_named_pipe_in_the_locks_place_is_never_opened(document):
    os.mkfifo(lock_path(document))
    assert read_lock(lock_path(document)) == filelock.NOT_A_FILE  # reading it would block
    with pytest.raises(DocumentLocked):
        acquire(document)
    acquire(document, force=True).release()


def test_a_lock_being_written_this_moment_is_looked_at_again(document, monkeypatch):
    lock_path(document).write_bytes(b"")  # young: its writer is between create and write

    def finish_writing(_seconds):
        lock_path(document).write_bytes(_meta(host="别的电脑"))
    monkeypatch.setattr(filelock.time, "sleep", finish_writing)
    with pytest.raises(DocumentLocked) as refused:
        acquire(document)
    assert refused.value.owner is not None and refused.value.owner.host == "别的电脑"


# -- recovery entries ----------------------------------------------------------------------

def _entry(key: str, meta: object | bytes) -> None:
    folder = recovery.recovery_dir()
    recovery.write_recovery(get_template("guizhou-dept-target").new_document(key, 2024), key,
                            None)
    data = meta if isinstance(meta, bytes) else json.dumps(meta).encode("utf-8")
    (folder / f"{key}.json").write_bytes(data)


def test_crafted_recovery_entries_never_raise_and_sound_ones_are_still_offered(tmp_path):
    now = "2025-03-01T10:00:00"
    for number, pid in enumerate([*HUGE_PIDS, -1, 0, True, "12", None]):
        _entry(f"pid{number}", {"original": None, "saved_at": now, "pid": pid,
                                "host": this_host()})
    _entry("zoned", {"original": None, "saved_at": "2025-03-01T10:00:00+08:00", "pid": 1,
                     "host": "别的电脑"})
    _entry("odd-original", {"original": "a\x00b.jixiao", "saved_at": now})
    _entry("number-original", {"original": 7, "saved_at": now})
    for key, data in {"garbage": b"\xff\x00garbage", "empty": b"", "list": b"[1]",
                      "deep": b"[" * 100_000, "no-time": b'{"original": null}',
                      "time-number": b'{"saved_at": 5}',
                      "huge": b'{"saved_at": "' + b"x" * 200_000 + b'"}'}.items():
        _entry(key, data)
    (recovery.recovery_dir() / "folder.json").mkdir()
    if hasattr(os, "mkfifo"):
        recovery.write_recovery(get_template("guizhou-dept-target").new_document("x", 2024),
                                "pipe", None)
        (recovery.recovery_dir() / "pipe.json").unlink()
        os.mkfifo(recovery.recovery_dir() / "pipe.json")
    found = {entry.key: entry for entry in recovery.pending()}
    assert set(found) == {f"pid{n}" for n in range(9)} | {"zoned", "odd-original",
                                                            "number-original"}
    assert found["odd-original"].original is None and found["number-original"].original is None
    assert found["zoned"].saved_at.tzinfo is None
    for entry in found.values():
        assert entry.describe() and entry.load()


def test_a_recovery_folder_that_is_a_file_offers_nothing(monkeypatch, tmp_path):
    blocker = tmp_path / "recovery"
    blocker.write_text("x")
    monkeypatch.setattr(recovery, "recovery_dir", lambda: blocker)
    assert recovery.pending() == []
