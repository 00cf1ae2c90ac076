"""Where the app keeps its own files: one place, on platformdirs, overridable for tests.

``JIXIAO_HOME`` (if set) replaces the user folders: data, logs, recovery files and the indicator
library go under it.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "jixiao"


def _base(kind: str) -> Path:
    override = os.environ.get("JIXIAO_HOME")
    if override:
        return Path(override) / kind
    if kind == "log":
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return _base("data")


def log_dir() -> Path:
    return _base("log")


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def library_path() -> Path:
    """The indicator library (指标库), a SQLite database: docs/library.md."""
    return data_dir() / "indicator-library.sqlite3"
