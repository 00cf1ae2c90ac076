"""The errors a user can see: each carries a Chinese message and where the problem is."""
from __future__ import annotations

import errno
from pathlib import Path

from app.text import printable

# What the operating system said, in Chinese, with what to do; English strerror never reaches
# the officer. Windows maps its own codes (disk full, sharing violation) onto these errnos.
_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足，请清理磁盘或换一个位置",
    errno.EROFS: "磁盘或文件夹是只读的，请换一个可写的位置",
    errno.EACCES: "没有权限（文件或文件夹可能是只读的，或正被其他程序如 Word、Excel 打开）",
    errno.EPERM: "没有权限（文件或文件夹可能是只读的，或正被其他程序如 Word、Excel 打开）",
    errno.ENAMETOOLONG: "文件名或路径过长，请缩短文件名或换一个较浅的文件夹",
    errno.ENOENT: "文件或所在文件夹不存在",
    errno.EEXIST: "已存在同名的文件",
    errno.EISDIR: "目标是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EBUSY: "文件正被其他程序占用，请关闭后重试",
    errno.EIO: "磁盘读写出错（磁盘、U 盘或网络位置可能有故障）",
    errno.EINVAL: "文件名无效（可能含有系统不允许的字符）",
    errno.EMFILE: "同时打开的文件过多，请关闭一些程序后重试",
    errno.ENFILE: "同时打开的文件过多，请关闭一些程序后重试",
    errno.ELOOP: "符号链接层级过多（链接可能指向自身）",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.EFBIG: "文件过大，超出了磁盘格式的限制",
}
if hasattr(errno, "EDQUOT"):
    _OS_REASONS[errno.EDQUOT] = "超出了磁盘配额，请清理文件或联系管理员"


def os_reason(exc: OSError) -> str:
    """The Chinese reason for an ``OSError`` (never the English ``strerror``)."""
    code = exc.errno or 0
    reason = _OS_REASONS.get(code)
    if reason is None:
        name = errno.errorcode.get(code, "")
        reason = f"系统错误（{name or '代码'} {code}）" if code else "系统错误"
    return reason


class DocumentLoadError(Exception):
    """A project file could not be opened. ``message`` says what, ``location`` where (JSON path)."""

    def __init__(self, message: str, *, path: Path | str | None = None, location: str = "") -> None:
        # A message may quote the file's own text: keep it printable whatever the file held.
        self.message = printable(message)
        self.path = Path(path) if path is not None else None
        self.location = printable(location)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"（位置：{self.location}）" if self.location and self.location not in self.message else ""
        if self.path is None:
            return f"无法读取文档：{self.message}{where}"
        return f"无法打开“{printable(str(self.path))}”：{self.message}{where}"


class DocumentSaveError(Exception):
    """A project file could not be written; the file on disk is unchanged."""

    def __init__(self, message: str, *, path: Path | str) -> None:
        self.message = printable(message)
        self.path = Path(path)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"无法保存“{printable(str(self.path))}”：{self.message}。原文件未被改动。"
