"""What the window asks when a document it opens is locked elsewhere, or a lock file beside it
cannot be read: 以只读方式打开 / 仍然打开 / 取消. The lock file's content only decides the
wording (app.filelock); whatever it holds, the officer gets this choice, never an error."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app import filelock
from app.filelock import DocumentLock, DocumentLocked
from ui import dialogs

READ_ONLY, ANYWAY = 0, 1  # the buttons' order


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentLock", text)


def lock_for_opening(parent: QWidget | None,
                     path: Path) -> tuple[DocumentLock | None, bool] | None:
    """Lock ``path`` for a window; if another one has it (or an unreadable lock file is in the
    way), ask. (lock, read_only), or None when the officer chose not to open it."""
    try:
        return filelock.acquire(path), False
    except DocumentLocked as exc:
        title = _tr("文档已在别处打开") if exc.owner is not None else _tr("发现无法识别的锁文件")
        choice = dialogs.choose(parent, title, str(exc),
                                [_tr("以只读方式打开"), _tr("仍然打开"), _tr("取消")])
    if choice == READ_ONLY:
        return None, True
    if choice == ANYWAY:
        return filelock.acquire(path, force=True), False
    return None
