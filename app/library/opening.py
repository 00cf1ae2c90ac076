"""Opening the indicator library: never a failure for the officer, never a loss.

A file another program holds is waited for (``timeout``), then opened read-only for searching
when that works, else left alone and the library lives in memory for this run: a lock is never
damage. Only a file SQLite itself finds damaged (not a database, or failing ``PRAGMA
integrity_check``) or whose tables are not the library's is moved aside
(``…sqlite3.damaged-<time>``); the new library is built from the shipped frameworks plus every
document entry that can still be read from the old file (``app.library.salvage``). If even that
is impossible (a read-only data folder, a full disk, a newer program's library), the library
lives in memory. Decisions: docs/library.md.
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
from app.library.salvage import salvage_sources
from app.library.store import IndicatorLibrary, LibraryError, is_busy, is_damage

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 5.0  # seconds to wait for another program's lock before it counts as in use
READ_TIMEOUT = 0.5  # then, seconds to wait for reading alone
KEEP_DAMAGED = 3  # damaged copies kept beside the library, newest first
DAMAGED = ".damaged-"
CACHE_KIB = 32 * 1024  # SQLite's page cache: the indexes of 100,000 entries stay in memory

# What was wrong with a file that was moved aside, as the officer is told.
NOT_A_DATABASE = "不是 SQLite 数据库文件（文件头已损坏或被改写）"
FAILED_CHECK = "已损坏（未通过 SQLite 的完整性检查）"
FOREIGN = "不是本软件的指标库（其中的表不同）"
IN_USE = "指标库正被其他程序使用"


class _Unusable(Exception):
    """The file cannot serve as the library. ``damage``: why it is moved aside (Chinese);
    "" keeps it (a newer program's library, a full disk)."""

    def __init__(self, reason: str, damage: str = "") -> None:
        super().__init__(reason)
        self.damage = damage


class _Busy(Exception):
    """Another program held the file's lock longer than the wait."""


_OPEN_LOCK = threading.Lock()  # one thread at a time decides whether the file is damaged


def open_library(path: Path | None = None, *,
                 timeout: float = WRITE_TIMEOUT) -> IndicatorLibrary:
    """The library at ``path`` (default: the user data folder's), created and seeded when new,
    migrated when older, read-only or in memory while another program holds it, moved aside
    and rebuilt (keeping what can be read) when damaged; in memory as a last resort.
    Never raises for the state of the file."""
    path = Path(path) if path is not None else config.library_path()
    with _OPEN_LOCK:
        try:
            return _open_file(path, timeout)
        except _Busy as busy:
            return _open_in_use(path, str(busy))
        except _Unusable as problem:
            if not problem.damage:
                log.warning("indicator library %s not used (%s); working in memory", path,
                            problem)
                return _open_memory(str(problem))
            return _replace(path, problem.damage, timeout)
        except OSError as problem:  # the data folder cannot be made or written
            log.warning("indicator library %s cannot be opened (%s)", path, problem)
            return _open_memory(str(problem))


def rebuild_library(path: Path | None = None) -> IndicatorLibrary:
    """For a file SQLite called corrupt while in use (a search or a write failed): checked,
    and moved aside and rebuilt only when the check fails; else opened again as it is."""
    path = Path(path) if path is not None else config.library_path()
    with _OPEN_LOCK:
        try:
            damage = check_file(path)
        except _Busy as busy:
            return _open_in_use(path, str(busy))
        if damage:
            return _replace(path, damage, WRITE_TIMEOUT)
    log.warning("indicator library %s passed its check; opened again", path)
    return open_library(path)


def check_file(path: Path) -> str:
    """What is wrong with the file by SQLite's own checks, in Chinese; "" when it passes (or
    is missing). Raises _Busy when another program holds it."""
    if not path.exists():
        return ""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=READ_TIMEOUT, isolation_level=None)
    except sqlite3.Error as exc:
        return NOT_A_DATABASE if is_damage(exc) else ""
    try:
        found = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
        if found != ["ok"]:
            log.warning("integrity check of %s: %s", path, "; ".join(map(str, found)))
            return FAILED_CHECK
        return _check_search_index(path)
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise _Busy(str(exc)) from None
        if "not a database" in str(exc).lower() or \
                getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            return NOT_A_DATABASE
        return FAILED_CHECK if is_damage(exc) else ""
    finally:
        connection.close()


def _check_search_index(path: Path) -> str:
    """FTS5's own check of the search index, which ``integrity_check`` does not read (it
    needs a writable connection, and writes nothing)."""
    connection = sqlite3.connect(os.fspath(path), timeout=READ_TIMEOUT, isolation_level=None)
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in ("text_trigrams", "text_pairs"):
            if table in tables:
                connection.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        return ""
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise _Busy(str(exc)) from None
        log.warning("search index check of %s: %s", path, exc)
        return FAILED_CHECK if is_damage(exc) else ""
    finally:
        connection.close()


def _replace(path: Path, damage: str, timeout: float) -> IndicatorLibrary:
    """Move the damaged file aside and build a new library holding what it still had."""
    log.warning("indicator library %s: %s; moving it aside", path, damage)
    moved = move_aside(path)
    if moved is None:
        return _open_memory(damage)
    try:
        library = _open_file(path, timeout)
    except (_Unusable, _Busy, OSError) as again:
        log.warning("rebuilt indicator library unusable too: %s", again)
        return _open_memory(damage)
    library.moved_aside, library.damage = moved, damage
    for source in salvage_sources(moved):
        try:
            library.index_source(source)
            library.salvaged += len(source.entries)
        except LibraryError:
            log.warning("could not keep the entries of %s", source.name, exc_info=True)
    log.warning("indicator library rebuilt; %d entries kept from %s", library.salvaged, moved)
    return library


def _open_file(path: Path, timeout: float) -> IndicatorLibrary:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(os.fspath(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise _Unusable(str(exc), NOT_A_DATABASE if is_damage(exc) else "") from None
    try:
        library = IndicatorLibrary(connection, path)
        _prepare(library)
        return library
    except (_Unusable, _Busy):
        connection.close()
        raise
    except sqlite3.Error as exc:
        connection.close()
        if is_busy(exc):
            raise _Busy(f"{type(exc).__name__}: {exc}") from None
        if is_damage(exc):
            damage = check_file(path)
            if not damage:  # SQLite called it corrupt, its checks find nothing: kept
                raise _Unusable(f"{type(exc).__name__}: {exc} (checks passed)") from None
            raise _Unusable(f"{type(exc).__name__}: {exc}", damage) from None
        # A full disk or a read-only folder: kept, and the library lives in memory.
        raise _Unusable(f"{type(exc).__name__}: {exc}") from None


def _open_in_use(path: Path, reason: str) -> IndicatorLibrary:
    """Another program holds the file: read-only when reading works, else in memory. The
    file is never touched."""
    log.warning("indicator library %s is in use by another program (%s)", path, reason)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=READ_TIMEOUT, isolation_level=None)
    except (sqlite3.Error, OSError):
        return _in_memory_while_in_use()
    library = IndicatorLibrary(connection, path)
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] != schema.SCHEMA_VERSION \
                or schema.foreign_table(connection):
            raise _Unusable("not this program's current library")
        connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        library.fts = library.meta("search") == "fts5-trigram"
        library.count()  # the lock may keep readers out too
    except (sqlite3.Error, _Unusable, LibraryError) as exc:
        log.warning("indicator library %s cannot be read either: %s", path, exc)
        connection.close()
        return _in_memory_while_in_use()
    library.read_only = True
    return library


def _in_memory_while_in_use() -> IndicatorLibrary:
    library = _open_memory(IN_USE)
    library.in_use = True
    return library


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
        raise _Unusable(f"schema version {version} is newer than {schema.SCHEMA_VERSION}")
    if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise _Unusable("a database with unknown tables", FOREIGN)
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
        raise _Unusable(f"table {foreign} is not the library's", FOREIGN)
    library.fts = library.meta("search") == "fts5-trigram"
    library.seed_frameworks()

