"""Reading an input file once, read-only, without waiting on it: a named pipe (FIFO) nobody
writes to, or a device such as /dev/zero, is refused before a byte is read."""
from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a pipe, a device or a socket, not a file."""


NOT_REGULAR = "不是普通文件（是管道、设备或其他特殊文件），无法读取"


def read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """At most ``limit + 1`` bytes of a regular file and its status; raises ``NotRegularFile``
    for anything else, ``OSError`` as opening and reading do."""
    # Non-blocking: opening a pipe nobody writes to would wait for a writer for ever.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(NOT_REGULAR)
        if status.st_size > limit:
            return b"", status
        return handle.read(limit + 1), status
