"""Autosave and recovery: unsaved work written aside shortly after each edit, offered back after
a crash.

A recovery entry is a ``.jixiao`` file (the unsaved document) plus a small ``.json`` beside it
naming the original file, the time and the process that wrote it. Entries go away after a save or
an explicit discard. An entry whose process still runs belongs to another open window: it is
never offered (nor deleted) by another one. The recovery folder is data, not trust: an entry
whose files cannot be read as ours is skipped, never an error at start.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from app.atomic import atomic_write
from app.config import recovery_dir
from app.errors import DocumentLoadError
from app.filelock import pid_alive, this_host
from app.model import TargetDocument
from app.projectfile import dumps, load_document
from app.text import printable

MAX_META_BYTES = 64 * 1024  # ours are ~200 bytes


@dataclass(frozen=True)
class RecoveryEntry:
    key: str
    document_file: Path
    original: Path | None  # the file the work belongs to; None for a never-saved document
    saved_at: datetime.datetime

    def load(self) -> TargetDocument:
        return load_document(self.document_file)

    def describe(self) -> str:
        name = printable(self.original.name) if self.original else "未保存的新文档"
        return f"{self.saved_at:%Y-%m-%d %H:%M}（{name}）"


def recovery_key(original: Path | None, session_id: str) -> str:
    """One entry per window and file: two windows on one file never share an entry."""
    source = f"{original.resolve()}\n{session_id}" if original else f"new-{session_id}"
    return hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def write_recovery(document: TargetDocument, key: str, original: Path | None) -> Path:
    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{key}.jixiao"
    atomic_write(target, dumps(document).encode("utf-8"), keep_backup=False)
    meta = {"original": str(original) if original else None,
            "saved_at": datetime.datetime.now().isoformat(timespec="seconds"),
            "pid": os.getpid(), "host": this_host()}
    # ensure_ascii: a file name with undecodable bytes (surrogate escapes) still writes.
    atomic_write(folder / f"{key}.json", json.dumps(meta).encode("ascii"), keep_backup=False)
    return target


def discard(key: str) -> None:
    for suffix in (".jixiao", ".json"):
        (recovery_dir() / f"{key}{suffix}").unlink(missing_ok=True)


def pending() -> list[RecoveryEntry]:
    """Entries left by a session that did not save (newest first); broken ones are skipped, and
    so are those of another process that still runs (a live window's autosave)."""
    folder = recovery_dir()
    entries = []
    try:
        meta_files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError:
        return []
    for meta_file in meta_files:
        key = meta_file.stem
        document_file = folder / f"{key}.jixiao"
        try:
            meta = _read_meta(meta_file)
            if meta is None or _owned_by_a_live_process(meta) or not _is_file(document_file):
                continue
            saved_at = _saved_at(meta.get("saved_at"))
            load_document(document_file)
        except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError,
                DocumentLoadError):
            continue
        entries.append(RecoveryEntry(key, document_file, _original(meta.get("original")),
                                     saved_at))
    return sorted(entries, key=lambda e: e.saved_at, reverse=True)


def _is_file(path: Path) -> bool:
    """A regular file (a pipe in its place would block the start)."""
    return stat.S_ISREG(os.stat(path).st_mode)


def _read_meta(meta_file: Path) -> dict | None:
    if not _is_file(meta_file) or meta_file.stat().st_size > MAX_META_BYTES:
        return None
    meta = json.loads(meta_file.read_bytes().decode("utf-8"))
    return meta if isinstance(meta, dict) else None


def _saved_at(value: object) -> datetime.datetime:
    """The entry's time, local and without a zone (a written zone would not sort with the
    others)."""
    if not isinstance(value, str):
        raise ValueError("no time")
    saved_at = datetime.datetime.fromisoformat(value)
    if saved_at.tzinfo is not None:
        saved_at = saved_at.astimezone().replace(tzinfo=None)
    return saved_at


def _original(value: object) -> Path | None:
    """The file the work belongs to; None (offered as a new document) when what is written is
    no usable path."""
    if not isinstance(value, str) or not value or "\x00" in value or len(value) > 4096:
        return None
    return Path(value)


def _owned_by_a_live_process(meta: dict) -> bool:
    pid = meta.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or pid == os.getpid():
        return False  # an old entry, or our own process's: a crash of this very run is offered
    return meta.get("host") == this_host() and pid_alive(pid)
