"""Opening the indicator library: never a failure for the officer.

A file that is not a database, has tables that are not the library's or stays locked is moved
aside (``…sqlite3.damaged-<time>``) and a new library is built from the shipped frameworks;
documents fill it again as they are opened. If even that is impossible (a read-only data folder,
a full disk, a newer program's library), the library lives in memory for this run. Nothing is
lost that way: every entry comes from a framework or from a document. Decisions:
docs/library.md.
"""
from __future__ import annotations

import datetime
import logging
import os
import sqlite3
import threading
from pathlib import Path

from app import config
from app.library import schema
from app.library.store import IndicatorLibrary, is_damage

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 5.0  # seconds a writer waits for another one before the file counts as locked
KEEP_DAMAGED = 3  # damaged copies kept beside the library, newest first
DAMAGED = ".damaged-"
CACHE_KIB = 32 * 1024  # SQLite's page cache: the indexes of 100,000 entries stay in memory


class _Unusable(Exception):
    """The file cannot serve as the library; ``move`` says whether to move it aside."""

    def __init__(self, reason: str, move: bool = True) -> None:
        super().__init__(reason)
        self.move = move


_OPEN_LOCK = threading.Lock()  # one thread at a time decides whether the file is damaged


def open_library(path: Path | None = None, *,
                 timeout: float = WRITE_TIMEOUT) -> IndicatorLibrary:
    """The library at ``path`` (default: the user data folder's), created and seeded when new,
    migrated when older, moved aside and rebuilt when damaged; in memory as a last resort.
    Never raises for the state of the file."""
    path = Path(path) if path is not None else config.library_path()
    with _OPEN_LOCK:
        try:
            return _open_file(path, timeout)
        except _Unusable as problem:
            if not problem.move:
                log.warning("indicator library %s not used (%s); working in memory", path,
                            problem)
                return _open_memory(str(problem))
            log.warning("indicator library %s is unusable (%s); moving it aside", path, problem)
            moved = move_aside(path)
            if moved is not None:
                try:
                    library = _open_file(path, timeout)
                    library.moved_aside = moved
                    return library
                except (_Unusable, OSError) as again:
                    log.warning("rebuilt indicator library unusable too: %s", again)
            return _open_memory(str(problem))
        except OSError as problem:  # the data folder cannot be made or written
            log.warning("indicator library %s cannot be opened (%s)", path, problem)
            return _open_memory(str(problem))


def _open_file(path: Path, timeout: float) -> IndicatorLibrary:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(os.fspath(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise _Unusable(str(exc)) from None
    try:
        library = IndicatorLibrary(connection, path)
        _prepare(library)
        return library
    except _Unusable:
        connection.close()
        raise
    except sqlite3.Error as exc:
        connection.close()
        # Not a database, malformed, locked beyond the timeout: moved aside. A full disk or a
        # read-only folder: kept, and the library lives in memory.
        raise _Unusable(f"{type(exc).__name__}: {exc}", move=is_damage(exc)) from None


def _open_memory(reason: str) -> IndicatorLibrary:
    library = IndicatorLibrary(sqlite3.connect(":memory:", isolation_level=None), None)
    _prepare(library)
    library.unavailable_reason = reason
    return library


def move_aside(path: Path) -> Path | None:
    """Rename a damaged library (and its -wal/-shm files) to ``<name>.damaged-<time>``; keep
    the newest few such copies. None when it cannot be moved (held open on Windows)."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}{DAMAGED}{stamp}")
    try:
        if path.exists():
            os.replace(path, target)
    except OSError as exc:
        log.warning("cannot move the damaged library aside: %s", exc)
        return None
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        try:
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
        except OSError:
            log.warning("cannot move %s aside", side, exc_info=True)
    _prune_damaged(path)
    return target


def _prune_damaged(path: Path) -> None:
    copies = sorted((p for p in path.parent.glob(f"{path.name}{DAMAGED}*")
                     if not p.name.endswith(("-wal", "-shm", "-journal"))), reverse=True)
    for old in copies[KEEP_DAMAGED:]:
        for file in (old, *(old.with_name(old.name + s) for s in ("-wal", "-shm", "-journal"))):
            try:
                file.unlink(missing_ok=True)
            except OSError:
                log.warning("cannot remove %s", file, exc_info=True)


def _prepare(library: IndicatorLibrary) -> None:
    """Check the version and the tables, migrate, and seed the frameworks."""
    connection = library.connection
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > schema.SCHEMA_VERSION:
        # A newer program's library: leave it for that program.
        raise _Unusable(f"schema version {version} is newer than {schema.SCHEMA_VERSION}",
                        move=False)
    if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise _Unusable("a database with unknown tables")
    if library.path is not None:
        connection.execute("PRAGMA journal_mode=WAL")  # searches read while a save writes
        # A power cut may lose the last write, never the file: the library can be refilled.
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    if version < schema.SCHEMA_VERSION:
        log.info("indicator library: schema %d → %d", version, schema.SCHEMA_VERSION)
        schema.migrate(connection)
    foreign = schema.foreign_table(connection)
    if foreign:
        raise _Unusable(f"table {foreign} is not the library's")
    library.fts = library.meta("search") == "fts5-trigram"
    library.seed_frameworks()


def rebuild_library(path: Path | None = None) -> IndicatorLibrary:
    """Move the library aside and build a new one: for a file found damaged while in use
    (a search or a write failed)."""
    path = Path(path) if path is not None else config.library_path()
    with _OPEN_LOCK:
        moved = move_aside(path)
    library = open_library(path)
    library.moved_aside = library.moved_aside or moved
    return library
