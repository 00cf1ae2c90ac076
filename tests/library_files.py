"""Indicator library files as other programs and bad disks leave them: held by another process,
or with pages overwritten."""
from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

# Another process: takes the lock, says so, and keeps it until its stdin is closed.
_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":  # a stuck writer that keeps readers out too
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
else:  # a writer in the middle of a long transaction
    connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', 'elsewhere')")
print("held", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
connection.close()
"""


@contextlib.contextmanager
def held_library(path: Path, exclusive: bool = True) -> Iterator[None]:
    """Another process holds the library's lock (readers shut out too when ``exclusive``) until
    the block ends; nothing it writes is kept."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path),
                               "exclusive" if exclusive else "write"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


def damage_pages(path: Path, table: str, count: int) -> list[int]:
    """Overwrite ``count`` leaf pages of ``table`` in the middle of the file (past their
    headers, as a bad sector or a stray write would); the pages damaged."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        try:
            leaves = [row[0] for row in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                (table,))]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find a table's pages")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    assert len(leaves) > count + 1, f"{table} has too few pages to damage some mid-table"
    middle = len(leaves) // 2
    damaged = leaves[middle:middle + count]
    with path.open("r+b") as file:
        for page in damaged:
            file.seek((page - 1) * page_size + 100)
            file.write(b"\xff" * (page_size - 200))
    return damaged
