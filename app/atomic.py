"""Atomic file replacement: the file on disk is always the old or the new complete version.

Temp files are named ``.<name>.<random>.tmp`` with ``<name>`` cut short when needed, so a file
whose own name is at the file system's limit can still be saved; the ``.bak`` name is shortened
(``<name cut>~<tag>.bak``) when ``<name>.bak`` would be too long; it keeps the original's
permissions. A symbolic link is followed: the file it points to is replaced, in its own folder,
and the link stays a link. A save first removes the temp files of ours older than a day that a
killed save or export left in the folder (``remove_stale_temps``).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from app.fsnames import cut_to_fit, name_limit, shortened

BACKUP_SUFFIX = ".bak"
TEMP_SUFFIX = ".tmp"
_RANDOM_PART = 8  # what tempfile.mkstemp puts between prefix and suffix
STALE_AFTER = 24 * 3600  # seconds after which a temp file of ours is a killed run's leftover
# Our temp files only: ``.<name>.<random>.tmp`` (saves) and ``.~<name>.<random>.<ext>.part``
# (exports), the random part as tempfile.mkstemp makes it.
_OUR_TEMPS = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp|\.~.+\.[a-z0-9_]{8}\.(docx|xlsx|pdf)\.part")


def _fsync_dir(folder: Path) -> None:
    # POSIX needs the folder synced for the rename itself to survive a power cut.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_prefix(folder: Path, name: str, suffix: str = TEMP_SUFFIX) -> str:
    """``.<name>.`` with ``name`` cut so that the whole temp name fits in ``folder``."""
    room = name_limit(folder) - len(".." + suffix) - _RANDOM_PART
    return f".{cut_to_fit(name, room)}."


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=temp_prefix(folder, name),
                                     suffix=TEMP_SUFFIX)
    tmp = Path(temp_name)
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


def resolve_target(path: Path | str) -> Path:
    """The file a save really writes: a symbolic link's target (links followed to the end)."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def backup_path(path: Path | str) -> Path:
    """``<name>.bak`` beside the (link-resolved) file, shortened if that name would be too long."""
    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    return target.with_name(shortened(target.name, BACKUP_SUFFIX, folder))


def atomic_write(path: Path | str, data: bytes, *, keep_backup: bool = True) -> Path:
    """Write ``data`` to ``path`` via a synced temp file in the same folder, then replace.

    With ``keep_backup`` the previous version is kept as ``<name>.bak`` (itself replaced
    atomically), so one earlier state survives even a save of wrong content. Returns the file
    actually written (a symbolic link's target).
    """
    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temps(folder)
    tmp = _write_temp(folder, target.name, data)
    try:
        os.chmod(tmp, _permissions_for(target))
        if keep_backup and target.is_file():
            bak_tmp = _write_temp(folder, target.name, b"")
            try:
                shutil.copyfile(target, bak_tmp)
                os.chmod(bak_tmp, _permissions_for(target))  # mkstemp made it 0600
                with open(bak_tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                os.replace(bak_tmp, backup_path(target))
            except BaseException:
                bak_tmp.unlink(missing_ok=True)
                raise
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return target


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temp files of ours (by their name) older than a day that a killed save or
    export left in ``folder``; the files removed. Never raises: a leftover is only clutter."""
    removed: list[Path] = []
    limit = time.time() - STALE_AFTER
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if not _OUR_TEMPS.fullmatch(entry.name):
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
                except OSError:
                    continue
    except OSError:
        pass
    return removed
