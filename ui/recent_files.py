"""What the window remembers of the officer's files (QSettings): the recently opened documents and
the last folder used, where every open, save and import dialog starts.

Never the program's working folder: under a launcher that is wherever the program was started
from (the install folder, or a source checkout). Without a remembered folder that still exists,
a dialog starts in the user's 文档 folder.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 10
RECENT_KEY = "files/recent"
FOLDER_KEY = "files/folder"


def documents_folder() -> Path:
    """The user's 文档 folder (the home folder where the system names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def start_folder(settings: QSettings) -> Path:
    """Where a file dialog starts: the last folder used, else 文档."""
    remembered = str(settings.value(FOLDER_KEY, "") or "")
    if remembered and Path(remembered).is_absolute() and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember_folder(settings: QSettings, folder: Path) -> None:
    settings.setValue(FOLDER_KEY, os.path.abspath(folder))


def recent_files(settings: QSettings) -> list[Path]:
    """The recently opened documents that still exist, newest first."""
    value = settings.value(RECENT_KEY, []) or []
    paths = [value] if isinstance(value, str) else list(cast("list[str]", value))
    return [Path(p) for p in paths if Path(p).is_absolute() and Path(p).is_file()]


def remember_file(settings: QSettings, path: Path) -> None:
    """``path`` first in the recent list; its folder is the last folder used."""
    path = Path(os.path.abspath(path))
    paths = [str(path)] + [str(p) for p in recent_files(settings) if p != path]
    settings.setValue(RECENT_KEY, paths[:MAX_RECENT])
    remember_folder(settings, path.parent)
