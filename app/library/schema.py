"""The indicator library's tables, its schema version (``PRAGMA user_version``) and the steps
that bring an older library up to date. Decisions: docs/library.md."""
from __future__ import annotations

import sqlite3
from typing import Callable

SCHEMA_VERSION = 1

# The searchable texts (一级, 二级, 三级, 指标解释, 关键词) are stored once, however many entries
# (years, documents, 指标值) share them: the search ranks texts, then lists their entries.
SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    year INTEGER,
    fingerprint TEXT NOT NULL,
    indexed_at TEXT NOT NULL
);
CREATE TABLE texts (
    id INTEGER PRIMARY KEY,
    level1 TEXT NOT NULL, level2 TEXT NOT NULL, name TEXT NOT NULL,
    definition TEXT NOT NULL, keywords TEXT NOT NULL,
    framework INTEGER NOT NULL DEFAULT 0,
    UNIQUE (level1, level2, name, definition, keywords)
);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    text_id INTEGER NOT NULL REFERENCES texts(id),
    target TEXT NOT NULL, scoring TEXT NOT NULL, unit TEXT NOT NULL, year INTEGER,
    field TEXT NOT NULL, note TEXT NOT NULL,
    framework INTEGER NOT NULL  -- its source is a framework (the source's kind, for the index)
);
CREATE INDEX texts_by_group ON texts (level1, level2, name);
CREATE INDEX texts_by_name ON texts (name);
-- A common word finds thousands of texts: they are walked in this order, not sorted.
CREATE INDEX texts_by_length ON texts (framework DESC, length(name), id);
CREATE INDEX entries_by_source ON entries (source_id);
CREATE INDEX entries_by_year ON entries (year, text_id);
-- The search reads a text's entries, their 指标值 and filters from this index alone.
CREATE INDEX entries_by_text ON entries (text_id, target, framework, year, source_id);
"""

FTS_V1 = """
CREATE VIRTUAL TABLE text_trigrams USING fts5(
    name, level1, level2, definition, keywords,
    content='texts', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE text_pairs USING fts5(grams_name, grams_text, tokenize='unicode61');
CREATE TRIGGER texts_added AFTER INSERT ON texts BEGIN
    INSERT INTO text_trigrams (rowid, name, level1, level2, definition, keywords)
        VALUES (new.id, new.name, new.level1, new.level2, new.definition, new.keywords);
END;
CREATE TRIGGER texts_removed AFTER DELETE ON texts BEGIN
    INSERT INTO text_trigrams (text_trigrams, rowid, name, level1, level2, definition, keywords)
        VALUES ('delete', old.id, old.name, old.level1, old.level2, old.definition, old.keywords);
    DELETE FROM text_pairs WHERE rowid = old.id;
END;
"""


def fts_available() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (SQLite ≥ 3.34)."""
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='trigram')")
        return True
    except sqlite3.Error:
        return False


def _run_script(connection: sqlite3.Connection, script: str) -> None:
    """Each statement of ``script`` inside the open transaction (``executescript`` would
    commit it first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            connection.execute(statement)
            statement = ""


def _create_v1(connection: sqlite3.Connection) -> None:
    _run_script(connection, SCHEMA_V1)
    fts = fts_available()
    if fts:
        _run_script(connection, FTS_V1)
    connection.execute("INSERT INTO meta (key, value) VALUES ('search', ?)",
                       ("fts5-trigram" if fts else "like",))


# Step i brings a library from schema version i to i + 1. A later schema appends a step here
# (ALTER TABLE …, or rebuilding a derived table from ``entries``); never edit a released one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1]
EXPECTED_COLUMNS = {
    "sources": {"id", "name", "kind", "label", "year", "fingerprint", "indexed_at"},
    "texts": {"id", "level1", "level2", "name", "definition", "keywords", "framework"},
    "entries": {"id", "source_id", "text_id", "target", "scoring", "unit", "year", "field",
                "note", "framework"},
    "meta": {"key", "value"},
}


def migrate(connection: sqlite3.Connection) -> None:
    """Run the missing steps, in one transaction. The version is read again under the write
    lock: another process may have migrated while this one waited."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](connection)
            connection.execute(f"PRAGMA user_version = {step + 1}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def foreign_table(connection: sqlite3.Connection) -> str:
    """The first table that is not as the library's should be ("" when all are)."""
    for table, expected in EXPECTED_COLUMNS.items():
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if not expected <= columns:
            return table
    return ""
