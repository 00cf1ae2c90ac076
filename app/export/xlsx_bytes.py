"""A workbook as the bytes of its .xlsx file, failing cleanly.

openpyxl writes each sheet through a temporary file in the system's temp folder and an lxml
generator. When that folder's disk is full, lxml raises ``SerialisationError`` (not an
``OSError``), and the half-closed generator and zip raise once more, in English, whenever they
are collected. Here the failure becomes the ``OSError`` it is, and the leftovers are collected
at once, into the log.
"""
from __future__ import annotations

import errno
import gc
import io
import logging
import sys

from lxml import etree  # type: ignore[import-untyped]
from openpyxl import Workbook

log = logging.getLogger(__name__)


def workbook_bytes(workbook: Workbook) -> bytes:
    zipped = io.BytesIO()
    failure: OSError | None = None
    previous = sys.unraisablehook
    sys.unraisablehook = _log_leftover
    try:
        try:
            workbook.save(zipped)
        except etree.SerialisationError as exc:  # "IO_ENOSPC": libxml2's name of the errno
            code = getattr(errno, str(exc).removeprefix("IO_"), errno.EIO)
            failure = OSError(code, f"writing a sheet: {exc}")
        except OSError as exc:  # a fresh error: its traceback would keep the leftovers alive
            failure = OSError(exc.errno, exc.strerror, exc.filename)
        if failure is None:
            return zipped.getvalue()
        gc.collect()  # the leftovers' second error now, into the log
    finally:
        sys.unraisablehook = previous
    raise failure


def _log_leftover(unraisable) -> None:
    log.warning("after a failed workbook save: %s", unraisable.exc_value)
