"""Atomic file replacement: the file on disk is always the old or the new complete version."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

BACKUP_SUFFIX = ".bak"


def _fsync_dir(folder: Path) -> None:
    # POSIX needs the folder synced for the rename itself to survive a power cut.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(folder: Path, stem: str, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def new_file_permissions() -> int:
    """What an ordinary new file gets under the user's umask (mkstemp would give 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _permissions_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return new_file_permissions()


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Write ``data`` to ``path`` via a synced temp file in the same folder, then replace.

    With ``keep_backup`` the previous version is kept as ``<name>.bak`` (itself replaced
    atomically), so one earlier state survives even a save of wrong content.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    tmp = _write_temp(folder, path.name, data)
    try:
        os.chmod(tmp, _permissions_for(path))
        if keep_backup and path.is_file():
            bak_tmp = _write_temp(folder, path.name + BACKUP_SUFFIX, b"")
            try:
                shutil.copyfile(path, bak_tmp)
                with open(bak_tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                os.replace(bak_tmp, backup_path(path))
            except BaseException:
                bak_tmp.unlink(missing_ok=True)
                raise
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
