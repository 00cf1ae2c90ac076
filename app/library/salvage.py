"""What can still be read from a damaged library file: the documents' entries, row by row.

SQLite stops a query at the first unreadable page; the rows before it and after it are often
fine. Each table is read in rowid order; at an error the reading starts again past the first
rowid that can be reached, so only the rows of the damaged pages are lost. A row whose text is
not valid UTF-8 or whose values have the wrong types is left out. The frameworks' entries are
not read: the new library gets them from the program.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Iterator

from app.library.entries import DOCUMENT, LibraryEntry, Source

log = logging.getLogger(__name__)

LOST_SOURCE = "（从损坏的指标库找回）"  # the label of entries whose document row was lost
_LOWEST = -(2 ** 63)
_HIGHEST = 2 ** 63 - 1


def salvage_sources(path: Path) -> list[Source]:
    """The document sources whose entries could be read from the library file at ``path``
    (a moved-aside copy); empty when nothing can be read. Never raises."""
    try:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=0.5)
    except (sqlite3.Error, OSError, ValueError) as exc:
        log.warning("nothing salvaged from %s: %s", path, exc)
        return []
    try:
        connection.text_factory = bytes  # decoded row by row: one bad text loses one row
        return _sources(connection)
    except Exception:  # noqa: BLE001 - salvage is a bonus; the rebuilt library goes on
        log.warning("salvaging %s failed", path, exc_info=True)
        return []
    finally:
        connection.close()


def _sources(connection: sqlite3.Connection) -> list[Source]:
    sources: dict[int, tuple[str, str, int | None]] = {}
    for row in readable_rows(connection, "sources", ("name", "kind", "label", "year")):
        values = _decoded(row)
        if values is None:
            continue
        source_id, name, kind, label, year = values
        if kind == DOCUMENT and isinstance(name, str) and isinstance(label, str) and \
                _is_year(year):
            sources[source_id] = (name, label, year)
    texts: dict[int, tuple[str, str, str, str, str]] = {}
    for row in readable_rows(connection, "texts",
                             ("level1", "level2", "name", "definition", "keywords")):
        values = _decoded(row)
        if values is not None and all(isinstance(v, str) for v in values[1:]):
            texts[values[0]] = tuple(values[1:])
    found: dict[int | str, list[LibraryEntry]] = {}
    years: dict[int | str, int | None] = {}
    for row in readable_rows(connection, "entries", (
            "source_id", "text_id", "target", "scoring", "unit", "year", "field", "note",
            "framework")):
        values = _decoded(row)
        if values is None:
            continue
        _, source_id, text_id, target, scoring, unit, year, field_, note, framework = values
        text = texts.get(text_id)
        if framework != 0 or text is None or not _is_year(year) or \
                not all(isinstance(v, str) for v in (target, scoring, unit, field_, note)):
            continue
        level1, level2, name, definition, keywords = text
        known = sources.get(source_id)
        key: int | str = source_id if known is not None else f"{LOST_SOURCE} {year or ''}"
        found.setdefault(key, []).append(LibraryEntry(
            level1=level1, level2=level2, name=name, target=target, definition=definition,
            scoring=scoring, unit=unit, year=year, field=field_, keywords=keywords, note=note,
            source=known[0] if known else str(key)))
        years.setdefault(key, known[2] if known else year)
    result = []
    for key, entries in found.items():
        name, label = (sources[key][0], sources[key][1]) if isinstance(key, int) \
            else (key, LOST_SOURCE)
        result.append(Source(name, DOCUMENT, label, years[key], tuple(entries)))
    return result


def readable_rows(connection: sqlite3.Connection, table: str,
                  columns: tuple[str, ...]) -> Iterator[tuple]:
    """Every row of ``table`` that can be read, as (rowid, *columns), in rowid order."""
    sql = f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? ORDER BY rowid"
    after = _LOWEST
    while True:
        try:
            for row in connection.execute(sql, (after,)):
                after = row[0]
                yield row
            return
        except sqlite3.DatabaseError as exc:
            log.info("%s: rows after %d unreadable (%s)", table, after, exc)
            resumed = _next_start(connection, table, after)
            if resumed is None:
                return
            after = resumed


def _next_start(connection: sqlite3.Connection, table: str, after: int) -> int | None:
    """The smallest start past ``after`` from which the next row can be reached: further
    and further ahead until a read succeeds, then back by halves to the first that does."""
    def reachable(start: int) -> bool:
        try:
            connection.execute(f"SELECT rowid FROM {table} WHERE rowid > ? ORDER BY rowid "
                               "LIMIT 1", (start,)).fetchall()
            return True
        except sqlite3.DatabaseError:
            return False

    failed, step = after, 1
    while True:
        if failed >= _HIGHEST - step:
            return None
        if reachable(failed + step):
            good = failed + step
            break
        failed, step = failed + step, step * 2
    while good - failed > 1:  # failed unreachable, good reachable
        middle = failed + (good - failed) // 2
        if reachable(middle):
            good = middle
        else:
            failed = middle
    return good


def _decoded(row: tuple) -> tuple | None:
    """The row with its texts decoded; None when one is not valid UTF-8."""
    try:
        return tuple(value.decode("utf-8") if isinstance(value, bytes) else value
                     for value in row)
    except UnicodeDecodeError:
        return None


def _is_year(value: object) -> bool:
    return value is None or (isinstance(value, int) and 0 < value < 10000)

