"""The indicator library's database: one SQLite connection, writing sources' entries and
searching them (the SQL of a search is ``app.library.query``). Opening, migrating and repairing
the file is ``app.library.opening``; the tables are ``app.library.schema``.
Decisions: docs/library.md.
"""
from __future__ import annotations

import datetime
import hashlib
import logging
import sqlite3
from pathlib import Path
from typing import Iterable, Sequence

from app.library.entries import (FRAMEWORK, LibraryEntry, Source, framework_sources,
                                 framework_text)
from app.library.query import (Filters, best_entries, browse, entries_by_id, entries_of_text,
                               pairs, ranked_texts, words_of)

log = logging.getLogger(__name__)

TEXT_BATCH = 20  # ranked texts whose entries are read at a time


class LibraryError(Exception):
    """The library could not do what was asked. ``damaged``: SQLite found the file corrupt,
    so checking it (and moving it aside when the check fails) helps; ``busy``: another program
    held its lock longer than the wait, so trying again later helps. Neither for a full disk."""

    def __init__(self, message: str, damaged: bool = False, busy: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged
        self.busy = busy


# What SQLite says of a file that is no good as it is, and of one another program holds.
_DAMAGED_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
_DAMAGED_WORDS = ("malformed", "not a database")
_BUSY_CODES = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_BUSY_WORDS = ("locked", "busy")


def _code(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""  # Python 3.11+
    return "_".join(name.split("_")[:2])  # SQLITE_BUSY_SNAPSHOT: SQLITE_BUSY


def is_damage(exc: sqlite3.Error) -> bool:
    code = _code(exc)
    if code:
        return code in _DAMAGED_CODES
    return any(word in str(exc).lower() for word in _DAMAGED_WORDS)


def is_busy(exc: sqlite3.Error) -> bool:
    code = _code(exc)
    if code:
        return code in _BUSY_CODES
    return any(word in str(exc).lower() for word in _BUSY_WORDS)


def _library_error(exc: sqlite3.Error) -> LibraryError:
    return LibraryError(f"{type(exc).__name__}: {exc}", damaged=is_damage(exc),
                        busy=is_busy(exc))


_HAS_ENTRIES = "EXISTS (SELECT 1 FROM entries e WHERE e.source_id = s.id)"
def _now() -> str:
    return datetime.datetime.now().isoformat(timespec="seconds")


class IndicatorLibrary:
    """One connection to the library. Use it from the thread that opened it (``open_library``);
    another thread opens its own. ``path`` is None for a library in memory."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.connection = connection
        self.path = path
        self.moved_aside: Path | None = None  # where a damaged file went, when it was moved
        self.damage = ""  # what was wrong with the moved file, in Chinese ("" when none)
        self.salvaged = 0  # entries read back from the moved file into this one
        self.read_only = False  # another program was writing: opened for searching only
        self.in_use = False  # another program held the file: this one is in memory
        self.unavailable_reason = ""  # why the library is in memory ("" when on disk)
        self.fts = False

    def meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def seed_frameworks(self) -> None:
        """Store the shipped frameworks when they are new or changed (a program update)."""
        text = framework_text()
        digest = hashlib.sha256(text).hexdigest()
        if self.meta("frameworks") == digest:
            return
        shipped = framework_sources(text)
        names = {source.name for source in shipped}
        with self._writing():
            for source in shipped:
                self._store(source)
            for (name,) in self.connection.execute(
                    "SELECT name FROM sources WHERE kind = ?", (FRAMEWORK,)).fetchall():
                if name not in names:
                    self._remove(name)
            self.connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('frameworks', ?)", (digest,))

    # -- writing -------------------------------------------------------------------------

    def _writing(self):
        return _Transaction(self.connection)

    def index_source(self, source: Source) -> bool:
        """Store a source's entries in place of what it had: one transaction. False when the
        source is stored unchanged already (nothing written)."""
        try:
            with self._writing():
                return self._store(source)
        except sqlite3.Error as exc:
            raise _library_error(exc) from exc

    def index_sources(self, sources: Iterable[Source]) -> int:
        """Store several sources, one transaction each; how many changed."""
        return sum(self.index_source(source) for source in sources)

    def remove_source(self, name: str) -> None:
        try:
            with self._writing():
                self._remove(name)
        except sqlite3.Error as exc:
            raise _library_error(exc) from exc

    def _store(self, source: Source) -> bool:
        connection = self.connection
        fingerprint = source.fingerprint()
        row = connection.execute("SELECT id, fingerprint FROM sources WHERE name = ?",
                                 (source.name,)).fetchone()
        if row is not None and row[1] == fingerprint:
            return False
        if row is not None:
            source_id = row[0]
            old_texts = self._clear(source_id)
            connection.execute("UPDATE sources SET kind = ?, label = ?, year = ?, "
                               "fingerprint = ?, indexed_at = ? WHERE id = ?",
                               (source.kind, source.label, source.year, fingerprint, _now(),
                                source_id))
        else:
            old_texts = set()
            source_id = connection.execute(
                "INSERT INTO sources (name, kind, label, year, fingerprint, indexed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (source.name, source.kind, source.label, source.year, fingerprint,
                 _now())).lastrowid
        text_ids: dict[tuple[str, ...], int] = {}
        for entry in source.entries:
            text = (entry.level1, entry.level2, entry.name, entry.definition, entry.keywords)
            if text not in text_ids:
                text_ids[text] = self._text_id(text)
        framework = int(source.kind == FRAMEWORK)
        connection.executemany(
            "INSERT INTO entries (source_id, text_id, target, scoring, unit, year, field, note, "
            "framework) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(source_id, text_ids[(e.level1, e.level2, e.name, e.definition, e.keywords)],
              e.target, e.scoring, e.unit, source.year, e.field, e.note, framework)
             for e in source.entries])
        if source.kind == FRAMEWORK:
            self._mark_framework(text_ids.values())
        self._drop_orphans(old_texts - set(text_ids.values()))
        return True

    def _text_id(self, text: tuple[str, ...]) -> int:
        """The id of a searchable text, stored (and indexed) when new."""
        connection = self.connection
        cursor = connection.execute(
            "INSERT OR IGNORE INTO texts (level1, level2, name, definition, keywords) "
            "VALUES (?, ?, ?, ?, ?)", text)
        if cursor.rowcount == 1:
            text_id = cursor.lastrowid
            assert text_id is not None  # set by the row just inserted
            if self.fts:
                level1, level2, name, definition, keywords = text
                connection.execute(
                    "INSERT INTO text_pairs (rowid, grams_name, grams_text) VALUES (?, ?, ?)",
                    (text_id, pairs(name, singles=True),
                     pairs(" ".join((level1, level2, keywords, definition)))))
            return text_id
        return connection.execute(
            "SELECT id FROM texts WHERE level1 = ? AND level2 = ? AND name = ? "
            "AND definition = ? AND keywords = ?", text).fetchone()[0]

    def _clear(self, source_id: int) -> set[int]:
        """Remove a source's entries; the texts they used."""
        used = {row[0] for row in self.connection.execute(
            "SELECT DISTINCT text_id FROM entries WHERE source_id = ?", (source_id,))}
        self.connection.execute("DELETE FROM entries WHERE source_id = ?", (source_id,))
        return used

    def _mark_framework(self, text_ids: Iterable[int], value: bool = True) -> None:
        self.connection.executemany("UPDATE texts SET framework = ? WHERE id = ?",
                                    [(int(value), i) for i in text_ids])

    def _drop_orphans(self, text_ids: Iterable[int]) -> None:
        """Texts no entry uses any more leave the index; framework marks follow."""
        ids = list(text_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            self.connection.execute(
                f"DELETE FROM texts WHERE id IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM entries WHERE text_id = texts.id)", chunk)
            self.connection.execute(
                f"UPDATE texts SET framework = EXISTS (SELECT 1 FROM entries e "
                f"WHERE e.text_id = texts.id AND e.framework = 1) WHERE id IN ({marks})", chunk)

    def _remove(self, name: str) -> None:
        row = self.connection.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        if row is not None:
            used = self._clear(row[0])
            self.connection.execute("DELETE FROM sources WHERE id = ?", (row[0],))
            self._drop_orphans(used)

    # -- reading -------------------------------------------------------------------------

    def search(self, text: str = "", *, level1: str | None = None, level2: str | None = None,
               year: int | None = None, source: str | None = None, kind: str | None = None,
               limit: int = 200, distinct: bool = False) -> list[LibraryEntry]:
        """Entries matching every word of ``text`` (any part of 三级/一级/二级/指标解释/关键词)
        and the filters, best first (module ``app.library.query``); with no words, by the
        filters alone in the order of their groups. ``distinct`` keeps one entry per
        一级/二级/三级/指标值: the best ranked (a framework's, or the newest)."""
        if limit <= 0:
            return []
        try:
            filters = Filters(level1, level2, year, None,
                              None if kind is None else kind == FRAMEWORK)
            if source is not None:
                row = self.connection.execute("SELECT id FROM sources WHERE name = ?",
                                              (source,)).fetchone()
                if row is None:
                    return []
                filters.source_id = row[0]
            chosen = (self._chosen_by_words(text, filters, limit, distinct) if words_of(text)
                      else self._chosen_by_filters(filters, limit, distinct))
            return self._entries(chosen, limit, distinct)
        except sqlite3.Error as exc:
            raise _library_error(exc) from exc

    def _chosen_by_words(self, text: str, filters: Filters, limit: int,
                         distinct: bool) -> list[int]:
        """Entry ids in rank order: each tier's texts read a batch at a time, with their
        entries, until enough are found (a common word's thousands of texts are never all
        read)."""
        chosen: list[int] = []
        seen_texts: set[int] = set()
        seen_keys: set[tuple[str, str, str, str]] = set()  # the dedupe key, for ``distinct``
        for query in ranked_texts(text, filters, fts=self.fts):
            cursor = self.connection.execute(query.sql, query.params)
            batch = TEXT_BATCH
            try:
                while len(chosen) < limit:
                    rows = cursor.fetchmany(batch)
                    if not rows:
                        break
                    batch = min(batch * 4, 2000)  # few entries pass the filters: larger steps
                    fresh = [row for row in rows if row[0] not in seen_texts]
                    seen_texts.update(row[0] for row in fresh)
                    chosen += (self._distinct_entries(fresh, filters, seen_keys) if distinct
                               else self._all_entries(fresh, filters, limit - len(chosen)))
            finally:
                cursor.close()
            if len(chosen) >= limit:
                break
        return chosen[:limit]

    def _all_entries(self, texts: list[tuple], filters: Filters,
                     limit: int) -> list[int]:
        chosen: list[int] = []
        for text_id, *_ in texts:
            query = entries_of_text(text_id, filters, limit - len(chosen))
            chosen += [row[0] for row in self.connection.execute(query.sql, query.params)]
            if len(chosen) >= limit:
                break
        return chosen

    def _distinct_entries(self, texts: list[tuple], filters: Filters,
                          seen: set[tuple[str, str, str, str]]) -> list[int]:
        """Each text's best entry per 指标值, skipping a dedupe key already chosen (two texts
        may differ only in 指标解释)."""
        if not texts:
            return []
        query = best_entries([text_id for text_id, *_ in texts], filters)
        by_text: dict[int, list[tuple[int, str]]] = {}
        for entry_id, text_id, target, _ in self.connection.execute(query.sql, query.params):
            by_text.setdefault(text_id, []).append((entry_id, target))
        chosen: list[int] = []
        for text_id, level1, level2, name in texts:
            for entry_id, target in by_text.get(text_id, ()):
                key = (level1, level2, name, target)
                if key not in seen:
                    seen.add(key)
                    chosen.append(entry_id)
        return chosen

    def _chosen_by_filters(self, filters: Filters, limit: int, distinct: bool) -> list[int]:
        """Entry ids by the filters alone, in the order of their groups."""
        chosen: list[int] = []
        seen: set[tuple[int, str]] = set()
        wanted = limit + limit // 4 if distinct else limit
        offset, page = 0, wanted * 2
        while len(chosen) < wanted:
            query = browse(filters, page, offset)
            rows = self.connection.execute(query.sql, query.params).fetchall()
            for entry_id, text_id, target, _, _ in rows:
                if not distinct or (text_id, target) not in seen:
                    seen.add((text_id, target))
                    chosen.append(entry_id)
            if len(rows) < page:
                break
            offset += page
        return chosen[:wanted]

    def _entries(self, ids: list[int], limit: int, distinct: bool) -> list[LibraryEntry]:
        """The entries of ``ids`` in that order; ``distinct`` drops a repeated dedupe key (two
        texts differing only in 指标解释 or 关键词)."""
        found: dict[int, LibraryEntry] = {}
        for start in range(0, len(ids), 500):
            query = entries_by_id(ids[start:start + 500])
            for row in self.connection.execute(query.sql, query.params):
                found[row[0]] = _entry(row)
        return _first((found[i] for i in ids if i in found), limit, distinct)

    def count(self, kind: str | None = None) -> int:
        sql = "SELECT count(*) FROM entries e JOIN sources s ON s.id = e.source_id"
        return self._scalar(sql + (" WHERE s.kind = ?" if kind else ""), (kind,) if kind else ())

    def has_documents(self) -> bool:
        """Whether any document's indicators are in the library (not just the frameworks)."""
        return bool(self._scalar("SELECT EXISTS (SELECT 1 FROM entries WHERE framework = 0)"))

    def level1_values(self) -> list[str]:
        """The 一级指标 in the library, the most common first."""
        return self._column("SELECT level1 FROM texts WHERE level1 != '' GROUP BY level1 "
                            "ORDER BY count(*) DESC, level1")

    def level2_values(self, level1: str | None = None, limit: int = 300) -> list[str]:
        """The 二级指标 (under ``level1`` when given), the most common first."""
        where = "WHERE level2 != ''" + (" AND level1 = ?" if level1 is not None else "")
        params: tuple[object, ...] = (level1,) if level1 is not None else ()
        return self._column(f"SELECT level2 FROM texts {where} GROUP BY level2 "
                            "ORDER BY count(*) DESC, level2 LIMIT ?", (*params, limit))

    def years(self) -> list[int]:
        return self._column("SELECT DISTINCT year FROM sources s WHERE year IS NOT NULL AND "
                            f"{_HAS_ENTRIES} ORDER BY year DESC")

    def sources(self) -> list[Source]:
        """Every source with entries: frameworks first, then documents by year (newest
        first) and label."""
        try:
            rows = self.connection.execute(
                f"SELECT name, kind, label, year FROM sources s WHERE {_HAS_ENTRIES} "
                "ORDER BY kind = ? DESC, year IS NULL, year DESC, label, name",
                (FRAMEWORK,)).fetchall()
        except sqlite3.Error as exc:
            raise _library_error(exc) from exc
        return [Source(name, kind, label, year) for name, kind, label, year in rows]

    def _scalar(self, sql: str, params: Sequence[object] = ()) -> int:
        try:
            return self.connection.execute(sql, params).fetchone()[0]
        except sqlite3.Error as exc:
            raise _library_error(exc) from exc

    def _column(self, sql: str, params: Sequence[object] = ()) -> list:
        try:
            return [row[0] for row in self.connection.execute(sql, params)]
        except sqlite3.Error as exc:
            raise _library_error(exc) from exc

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> IndicatorLibrary:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (the connection is in autocommit)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, *_rest) -> None:
        if kind is None:
            self.connection.execute("COMMIT")
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")


def _first(entries: Iterable[LibraryEntry], limit: int, distinct: bool) -> list[LibraryEntry]:
    """Up to ``limit`` entries; with ``distinct``, the first of each dedupe key."""
    if not distinct:
        return list(entries)[:limit]
    kept: dict[tuple[str, str, str, str], LibraryEntry] = {}
    for entry in entries:
        kept.setdefault(entry.key(), entry)
    return list(kept.values())[:limit]


def _entry(row: Sequence) -> LibraryEntry:
    (id_, level1, level2, name, target, definition, scoring, unit, year, field_, keywords,
     note, source, kind, label) = row
    return LibraryEntry(level1=level1, level2=level2, name=name, target=target,
                        definition=definition, scoring=scoring, unit=unit, year=year,
                        field=field_, keywords=keywords, note=note, source=source,
                        source_kind=kind, source_label=label, id=id_)
