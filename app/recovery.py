"""Autosave and recovery: unsaved work written aside shortly after each edit, offered back after
a crash.

A recovery entry is a ``.jixiao`` file (the unsaved document) plus a small ``.json`` beside it
naming the original file, the time and the process that wrote it. Entries go away after a save or
an explicit discard. An entry whose process still runs belongs to another open window: it is
never offered (nor deleted) by another one.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.atomic import atomic_write
from app.config import recovery_dir
from app.errors import DocumentLoadError
from app.filelock import pid_alive, this_host
from app.model import TargetDocument
from app.projectfile import dumps, load_document


@dataclass(frozen=True)
class RecoveryEntry:
    key: str
    document_file: Path
    original: Path | None  # the file the work belongs to; None for a never-saved document
    saved_at: datetime.datetime

    def load(self) -> TargetDocument:
        return load_document(self.document_file)

    def describe(self) -> str:
        name = self.original.name if self.original else "未保存的新文档"
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
    for meta_file in folder.glob("*.json") if folder.is_dir() else []:
        key = meta_file.stem
        document_file = folder / f"{key}.jixiao"
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            saved_at = datetime.datetime.fromisoformat(meta["saved_at"])
            if _owned_by_a_live_process(meta):
                continue
            load_document(document_file)
        except (OSError, ValueError, KeyError, TypeError, DocumentLoadError):
            continue
        original = Path(meta["original"]) if meta.get("original") else None
        entries.append(RecoveryEntry(key, document_file, original, saved_at))
    return sorted(entries, key=lambda e: e.saved_at, reverse=True)


def _owned_by_a_live_process(meta: dict) -> bool:
    pid = meta.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return False  # an old entry, or our own process's: a crash of this very run is offered
    return meta.get("host") == this_host() and pid_alive(pid)
