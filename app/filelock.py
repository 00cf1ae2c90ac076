"""A lock beside an open document, so that a second window or program is told instead of one
silently overwriting the other's work.

The lock is a small file ``.~lock.<name>#`` beside the document (LibreOffice's convention; a
symbolic link's target is the document), holding JSON: pid, host, user, since and a token. It is
created exclusively. A lock whose process is gone (same host, pid not running) is stale and is
taken over; a lock from another computer is believed. Where no lock can be written (a read-only
folder) the document opens without one.
"""
from __future__ import annotations

import atexit
import datetime
import getpass
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.atomic import resolve_target
from app.fsnames import shortened
from app.text import printable

_held: dict[str, str] = {}  # lock file → token, for the windows of this process


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    user: str
    since: str

    def describe(self) -> str:
        if self.host == this_host() and self.pid == os.getpid():
            return "本程序的另一个窗口"
        who = f"用户“{self.user}”" if self.user else "另一个用户"
        return f"{who}（计算机 {self.host}，进程 {self.pid}，{self.since} 起）"


class DocumentLocked(Exception):
    """The document is open elsewhere; ``owner`` says where."""

    def __init__(self, path: Path, owner: LockOwner) -> None:
        self.path, self.owner = path, owner
        super().__init__(str(self))

    def __str__(self) -> str:
        return (f"“{printable(self.path.name)}”已被{self.owner.describe()}打开。"
                "同时编辑会互相覆盖，可以只读方式打开（只能另存为），或先关闭另一处的文档。")


def this_host() -> str:
    return socket.gethostname()


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this computer (a zombie counts as running)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    if sys.platform != "win32":  # called only there; ctypes.windll exists only there
        return False
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def lock_path(document: Path | str) -> Path:
    target = resolve_target(document)
    folder = target.parent if str(target.parent) else Path(".")
    return target.with_name(shortened(".~lock." + target.name, "#", folder))


def _read_owner(lock_file: Path) -> tuple[LockOwner, str] | None:
    try:
        meta = json.loads(lock_file.read_text(encoding="utf-8"))
        owner = LockOwner(int(meta["pid"]), str(meta["host"]), str(meta.get("user", "")),
                          str(meta.get("since", "")))
        return owner, str(meta.get("token", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def owner_of(document: Path | str) -> LockOwner | None:
    """Who holds a live lock on ``document`` (None: nobody, or a stale lock)."""
    lock_file = lock_path(document)
    found = _read_owner(lock_file)
    if found is None:
        return None
    owner, token = found
    return None if _is_stale(lock_file, owner, token) else owner


def _is_stale(lock_file: Path, owner: LockOwner, token: str) -> bool:
    if owner.host != this_host():
        return False
    if owner.pid == os.getpid():
        return _held.get(str(lock_file)) != token  # left by a window of ours that is gone
    return not pid_alive(owner.pid)


class DocumentLock:
    """Held while a window edits the document; ``release()`` removes the lock file if it is ours."""

    def __init__(self, document: Path, lock_file: Path | None, token: str) -> None:
        self.document, self.lock_file, self.token = document, lock_file, token

    def release(self) -> None:
        if self.lock_file is None:
            return
        key = str(self.lock_file)
        if _held.get(key) == self.token:
            del _held[key]
            found = _read_owner(self.lock_file)
            if found is not None and found[1] == self.token:
                self.lock_file.unlink(missing_ok=True)
        self.lock_file = None


def acquire(document: Path | str) -> DocumentLock:
    """Lock ``document`` for this window; raises ``DocumentLocked`` if it is open elsewhere."""
    document = Path(document)
    try:
        lock_file = lock_path(document)
    except OSError:
        return DocumentLock(document, None, "")
    token = uuid.uuid4().hex
    for _ in range(2):
        try:
            _create(lock_file, token)
        except FileExistsError:
            found = _read_owner(lock_file)
            if found is not None and not _is_stale(lock_file, *found):
                raise DocumentLocked(document, found[0]) from None
            if found is None and _young(lock_file):
                continue  # being written this very moment by someone else: look again
            lock_file.unlink(missing_ok=True)  # stale or unreadable: take it over
            continue
        except OSError:
            return DocumentLock(document, None, "")  # cannot lock here: open without a lock
        _held[str(lock_file)] = token
        return DocumentLock(document, lock_file, token)
    found = _read_owner(lock_file)
    if found is not None:
        raise DocumentLocked(document, found[0])
    return DocumentLock(document, None, "")


@atexit.register
def _release_all() -> None:
    """A window that never closed (killed event loop, a test) leaves no lock behind at exit."""
    for key, token in list(_held.items()):
        DocumentLock(Path(key), Path(key), token).release()


def _young(lock_file: Path) -> bool:
    try:
        age = datetime.datetime.now().timestamp() - lock_file.stat().st_mtime
    except OSError:
        return False
    return age < 2


def _create(lock_file: Path, token: str) -> None:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        user = ""
    meta = {"pid": os.getpid(), "host": this_host(), "user": user, "token": token,
            "since": datetime.datetime.now().isoformat(timespec="seconds")}
    fd = os.open(lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(meta, handle, ensure_ascii=False)
