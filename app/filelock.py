"""A lock beside an open document, so that a second window or program is told instead of one
silently overwriting the other's work.

The lock is a small file ``.~lock.<name>#`` beside the document (LibreOffice's convention; a
symbolic link's target is the document), holding JSON: pid, host, user, since and a token. It is
created exclusively. A lock whose process is gone (same host, pid not running) is stale and is
taken over; a lock from another computer is believed. A lock file is data, not trust: one that
cannot be read as ours (empty, garbage, an impossible pid, a folder) is neither believed nor
silently removed, the officer chooses (``DocumentLocked`` without an owner). Where no lock can be
written (a read-only folder) the document opens without one.
"""
from __future__ import annotations

import atexit
import datetime
import getpass
import json
import os
import socket
import stat
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.atomic import resolve_target
from app.fsnames import shortened
from app.text import printable

_held: dict[str, str] = {}  # lock file → token, for the windows of this process
MAX_LOCK_BYTES = 64 * 1024  # ours are ~200 bytes; anything far larger is not a lock of ours
MAX_PID = 2 ** 31 - 1  # a process id is a signed 32-bit number (Linux's stay below 2**22)
_SHOWN = 80  # characters of a host or user name shown at most

# What is wrong with a lock file that is not ours to read (said in the choice to the officer).
NOT_A_FILE = "它是文件夹或特殊文件，不是锁文件"
EMPTY = "锁文件是空的"
UNREADABLE = "无法读取锁文件"
GARBAGE = "锁文件的内容无法识别"
BAD_PID = "锁文件中的进程号无效"


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    user: str
    since: str

    def describe(self) -> str:
        if self.host == this_host() and self.pid == os.getpid():
            return "本程序的另一个窗口"
        who = f"用户“{_shown(self.user)}”" if self.user else "另一个用户"
        since = f"，{_shown(self.since)} 起" if self.since else ""
        return f"{who}（计算机 {_shown(self.host)}，进程 {self.pid}{since}）"


def _shown(text: str) -> str:
    """A name from a lock file as it may be shown: printable, one line, not too long."""
    text = printable("".join(ch if ch.isprintable() else " " for ch in text))
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


class DocumentLocked(Exception):
    """The document is open elsewhere (``owner`` says where), or beside it lies a lock file
    that cannot be read as ours (``owner`` None, ``problem`` says why)."""

    def __init__(self, path: Path, owner: LockOwner | None, problem: str = "") -> None:
        self.path, self.owner, self.problem = path, owner, problem
        super().__init__(str(self))

    def __str__(self) -> str:
        name = printable(self.path.name)
        if self.owner is None:
            return (f"“{name}”旁边有一个锁文件“{printable(lock_path_name(self.path))}”，"
                    f"但{self.problem}，无法判断它是否正在别处编辑：可能另一个程序正在打开它，"
                    "也可能是以前异常退出时留下的。\n可以只读方式打开（只能另存为）；确认没有别处"
                    "在编辑时，可以仍然打开（将替换这个锁文件）。")
        return (f"“{name}”已被{self.owner.describe()}打开。同时编辑会互相覆盖，"
                "可以只读方式打开（只能另存为），或先关闭另一处的文档；确认另一处已不再编辑时，"
                "可以仍然打开。")


def lock_path_name(document: Path) -> str:
    try:
        return lock_path(document).name
    except (OSError, ValueError):
        return ".~lock." + document.name + "#"


def this_host() -> str:
    return socket.gethostname()


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this computer (a zombie counts as running)."""
    if not 0 < pid <= MAX_PID:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError, ValueError):  # a pid this system cannot have
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
    found = read_lock(lock_file)
    return found if isinstance(found, tuple) else None


def read_lock(lock_file: Path) -> tuple[LockOwner, str] | str:
    """The lock's owner and token, or what makes the file no lock of ours (Chinese). Never
    raises and never blocks: a pipe or a folder in its place is not opened."""
    try:
        info = os.stat(lock_file)
        if not stat.S_ISREG(info.st_mode):
            return NOT_A_FILE
        if info.st_size > MAX_LOCK_BYTES:
            return GARBAGE
        with open(lock_file, "rb") as handle:
            data = handle.read(MAX_LOCK_BYTES + 1)
    except (OSError, ValueError):
        return UNREADABLE
    if not data.strip():
        return EMPTY
    try:
        meta = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return GARBAGE
    if not isinstance(meta, dict):
        return GARBAGE
    pid, host = meta.get("pid"), meta.get("host")
    user, since, token = (meta.get(key, "") for key in ("user", "since", "token"))
    if not all(isinstance(value, str) for value in (host, user, since, token)) or not host:
        return GARBAGE
    if not isinstance(pid, int) or isinstance(pid, bool) or not 0 < pid <= MAX_PID:
        return BAD_PID
    return LockOwner(pid, host, user, since), token


def owner_of(document: Path | str) -> LockOwner | None:
    """Who holds a live lock on ``document`` (None: nobody, a stale lock, or one that cannot
    be read)."""
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


def acquire(document: Path | str, force: bool = False) -> DocumentLock:
    """Lock ``document`` for this window; raises ``DocumentLocked`` if it is open elsewhere or
    a lock file that cannot be read is in the way. ``force`` (the officer chose 仍然打开):
    whatever lock is there is replaced; where it cannot be, the document opens unlocked."""
    document = Path(document)
    try:
        lock_file = lock_path(document)
    except (OSError, ValueError):
        return DocumentLock(document, None, "")
    token = uuid.uuid4().hex
    for attempt in range(3):
        try:
            _create(lock_file, token)
        except FileExistsError:
            found = read_lock(lock_file)
            if not force:
                if isinstance(found, tuple) and not _is_stale(lock_file, *found):
                    raise DocumentLocked(document, found[0]) from None
                if isinstance(found, str):
                    if attempt == 0 and found in (EMPTY, GARBAGE) and _young(lock_file):
                        time.sleep(0.2)  # being written this very moment: look again
                        continue
                    raise DocumentLocked(document, None, found) from None
            try:
                lock_file.unlink(missing_ok=True)  # stale, or replaced as the officer chose
            except OSError:
                return DocumentLock(document, None, "")  # a folder: open without a lock
            continue
        except (OSError, ValueError):
            return DocumentLock(document, None, "")  # cannot lock here: open without a lock
        _held[str(lock_file)] = token
        return DocumentLock(document, lock_file, token)
    found = read_lock(lock_file)  # another window took it in between, twice
    if isinstance(found, tuple) and not force:
        raise DocumentLocked(document, found[0])
    if isinstance(found, str) and not force and found != UNREADABLE:
        raise DocumentLocked(document, None, found)
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
