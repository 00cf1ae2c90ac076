"""The errors a user can see: each carries a Chinese message and where the problem is."""
from __future__ import annotations

from pathlib import Path


class DocumentLoadError(Exception):
    """A project file could not be opened. ``message`` says what, ``location`` where (JSON path)."""

    def __init__(self, message: str, *, path: Path | str | None = None, location: str = "") -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"（位置：{self.location}）" if self.location and self.location not in self.message else ""
        if self.path is None:
            return f"无法读取文档：{self.message}{where}"
        return f"无法打开“{self.path}”：{self.message}{where}"


class DocumentSaveError(Exception):
    """A project file could not be written; the file on disk is unchanged."""

    def __init__(self, message: str, *, path: Path | str) -> None:
        self.message = message
        self.path = Path(path)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"无法保存“{self.path}”：{self.message}。原文件未被改动。"
