"""How long a file name may be, measured as the file system measures it.

Linux and macOS count a name's bytes (UTF-8): 255 bytes are only 85 Chinese characters. Windows
counts UTF-16 code units (255). Names are cut at a character boundary, never inside one.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

DEFAULT_NAME_MAX = 255


def name_limit(folder: Path | str | None = None) -> int:
    """The longest name ``folder``'s file system takes (``PC_NAME_MAX`` where known, else 255)."""
    if folder is not None and hasattr(os, "pathconf"):
        try:
            limit = os.pathconf(folder, "PC_NAME_MAX")
        except (OSError, ValueError):
            limit = -1
        if 0 < limit < DEFAULT_NAME_MAX:
            return limit
    return DEFAULT_NAME_MAX


def name_length(name: str) -> int:
    """A name's length in the file system's units (UTF-16 units on Windows, bytes elsewhere)."""
    if os.name == "nt":
        return len(name.encode("utf-16-le", "surrogatepass")) // 2
    return len(os.fsencode(name))


def cut_to_fit(text: str, budget: int) -> str:
    """The longest prefix of ``text`` whose ``name_length`` is at most ``budget``."""
    if name_length(text) <= budget:
        return text
    low, high = 0, len(text)
    while low < high:  # binary search on characters: a character is never split
        middle = (low + high + 1) // 2
        if name_length(text[:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def fits(name: str, folder: Path | str | None = None) -> bool:
    return name_length(name) <= name_limit(folder)


def shortened(name: str, suffix: str, folder: Path | str | None = None) -> str:
    """``name + suffix`` if it fits; else ``name`` cut short, a tag of the full name (so two long
    names that start alike do not share the result), and ``suffix``."""
    if fits(name + suffix, folder):
        return name + suffix
    tag = "~" + hashlib.sha1(os.fsencode(name)).hexdigest()[:8]
    return cut_to_fit(name, name_limit(folder) - name_length(tag + suffix)) + tag + suffix
