"""The indicator library (指标库) as the window uses it: one connection on the window's thread
for the picker, and one worker thread that adds documents as they are opened or saved.

Adding a document never holds up the window: its indicator cells are copied here (a few
milliseconds for 3,000 rows), everything else runs on the worker, one transaction per document.
Nothing here ever raises to the caller or shows an error: failures are logged. A library another
program holds is left alone (the document is added when next opened or saved); one SQLite
finds damaged is moved aside and rebuilt with what it still had (app.library.opening).
"""
from __future__ import annotations

import concurrent.futures
import logging
import threading
from pathlib import Path

from app import config
from app.library import (IndicatorLibrary, LibraryError, document_rows, open_library,
                         rebuild_library, rows_source)
from app.library.entries import DocumentRows
from app.library.indexing import source_name
from app.model import TargetDocument
from app.templates import Template

log = logging.getLogger(__name__)

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_pending: set[concurrent.futures.Future] = set()
_pending_lock = threading.Lock()
PICKER_TIMEOUT = 1.0  # seconds the window's thread waits for a locked library
_picker: IndicatorLibrary | None = None
_picker_path: Path | None = None  # the library file the picker's connection is for


def add_document(document: TargetDocument, template: Template,
                 path: Path | str) -> concurrent.futures.Future | None:
    """Add (or refresh) a document's indicators in the library, on the worker thread."""
    global _executor
    try:
        rows = document_rows(document, template)
        name = source_name(path)
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="indicator-library")
        future = _executor.submit(_store, config.library_path(), rows, name)
    except Exception:  # noqa: BLE001 - the library must never stand in the officer's way
        log.warning("could not add %s to the indicator library", path, exc_info=True)
        return None
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)
    return future


def _forget(future: concurrent.futures.Future) -> None:
    with _pending_lock:
        _pending.discard(future)


def _store(database: Path, rows: DocumentRows, name: str) -> bool:
    """On the worker: the document's entries into the library (a damaged file rebuilt once)."""
    try:
        source = rows_source(rows, name)
        library = open_library(database)
        try:
            if library.in_use or library.read_only:
                log.warning("indicator library in use by another program; %s not added", name)
                return False
            try:
                return library.index_source(source)
            except LibraryError as exc:
                if not exc.damaged:
                    raise
                log.warning("indicator library damaged while adding %s: %s", name, exc)
                library.close()
                library = rebuild_library(database)
                return library.index_source(source)
        finally:
            library.close()
    except Exception:  # noqa: BLE001 - logged, never shown: the document itself is fine
        log.warning("adding %s to the indicator library failed", name, exc_info=True)
        return False


def wait_for_indexing(timeout: float | None = None) -> bool:
    """Wait until the documents handed over so far are stored; False on timeout."""
    with _pending_lock:
        pending = list(_pending)
    done, not_done = concurrent.futures.wait(pending, timeout)
    return not not_done


def picker_library() -> IndicatorLibrary:
    """The window thread's connection, opened on first use (again if the data folder moved)."""
    global _picker, _picker_path
    path = config.library_path()
    if _picker is None or _picker_path != path:
        close_picker_library()
        _picker, _picker_path = open_library(path, timeout=PICKER_TIMEOUT), path
    return _picker


def rebuild_picker_library() -> IndicatorLibrary:
    """After a search found the file damaged: move it aside, start again from the frameworks."""
    global _picker, _picker_path
    close_picker_library()
    _picker_path = config.library_path()
    _picker = rebuild_library(_picker_path)
    return _picker


def close_picker_library() -> None:
    global _picker
    if _picker is not None:
        try:
            _picker.close()
        except Exception:  # noqa: BLE001
            log.warning("closing the indicator library failed", exc_info=True)
        _picker = None
