"""The ``.jixiao`` project file: UTF-8 JSON, versioned, saved atomically with one ``.bak``.

Every way a file can be wrong ends in one ``DocumentLoadError`` with a Chinese message and
the JSON path of the problem; a failed load only reads, it never touches the file.
See docs/file-format.md.
"""
from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.atomic import atomic_write
from app.errors import DocumentLoadError, DocumentSaveError
from app.migrations import SCHEMA_VERSION, migrate
from app.model import TargetDocument
from app.validation_messages import first_problems

FORMAT_TAG = "jixiao"
EXTENSION = ".jixiao"
# Far above any real document (the 100-project benchmark is a few MB), far below harm.
MAX_FILE_BYTES = 64 * 1024 * 1024


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate:{key}")
        result[key] = value
    return result


def _parse_json(text: str, source: Path | None) -> Any:
    try:
        # Decimal, never float: "21274.97" and 21274.97 both arrive exact.
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant,
                          object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DocumentLoadError(
            f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（文件可能被截断或损坏）",
            path=source) from None
    except RecursionError:
        raise DocumentLoadError("JSON 嵌套层级过深，不是绩效填报的文档", path=source) from None
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith("duplicate:"):
            raise DocumentLoadError(f"字段“{reason[10:]}”出现了两次，文件已损坏",
                                    path=source) from None
        raise DocumentLoadError(f"含有非数字的数值“{reason}”（NaN 或无穷大）",
                                path=source) from None


def _known_templates() -> set[str]:
    from forms import template_ids  # forms imports app.model; importing here avoids a cycle

    return set(template_ids())


def document_from_data(raw: Any, source: Path | None = None) -> TargetDocument:
    """Validate the decoded JSON of a project file, migrating older schemas first."""
    if not isinstance(raw, dict):
        raise DocumentLoadError("文件顶层应为 JSON 对象，不是绩效填报的文档", path=source)
    if raw.get("format") != FORMAT_TAG:
        raise DocumentLoadError("不是绩效填报的文档（缺少 \"format\": \"jixiao\" 标记）",
                                path=source, location="format")
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DocumentLoadError("格式版本（schema_version）缺失或无效", path=source,
                                location="schema_version")
    if version > SCHEMA_VERSION:
        raise DocumentLoadError(
            f"文件由更新版本的绩效填报保存（格式版本 {version}，本软件支持到 {SCHEMA_VERSION}），"
            "请升级软件后再打开", path=source, location="schema_version")
    document = raw.get("document")
    if not isinstance(document, dict):
        raise DocumentLoadError("缺少文档内容（document）", path=source, location="document")
    document = migrate(document, version)
    try:
        result = TargetDocument.model_validate(document)
    except ValidationError as exc:
        message, location = first_problems(exc, prefix=("document",))
        raise DocumentLoadError(message, path=source, location=location) from None
    if result.template not in _known_templates():
        raise DocumentLoadError(f"未知的模板“{result.template}”（可能需要更新版本的软件）",
                                path=source, location="document.template")
    return result


def loads(text: str, source: Path | None = None) -> TargetDocument:
    return document_from_data(_parse_json(text, source), source)


def load_document(path: Path | str) -> TargetDocument:
    """Read a ``.jixiao`` file; any problem raises ``DocumentLoadError``."""
    path = Path(path)
    try:
        if path.is_dir():
            raise DocumentLoadError("这是一个文件夹，不是文档", path=path)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentLoadError(
                f"文件过大（{size / 1024 / 1024:.0f} MB），不是绩效填报的文档", path=path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentLoadError("文件不存在", path=path) from None
    except PermissionError:
        raise DocumentLoadError("没有读取权限", path=path) from None
    except OSError as exc:
        raise DocumentLoadError(f"读取失败（{exc.strerror or exc}）", path=path) from None
    if not data.strip():
        raise DocumentLoadError("文件是空的", path=path)
    try:
        text = data.decode("utf-8-sig")  # tolerate the BOM that Windows Notepad adds
    except UnicodeDecodeError as exc:
        raise DocumentLoadError(f"不是 UTF-8 文本（第 {exc.start + 1} 个字节处），不是绩效填报的文档",
                                path=path) from None
    return loads(text, path)


def dumps(document: TargetDocument) -> str:
    """The file's text: stable key order (the model's field order), two-space indent, UTF-8."""
    payload = {
        "format": FORMAT_TAG,
        "schema_version": SCHEMA_VERSION,
        "document": document.model_dump(mode="json"),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def save_document(document: TargetDocument, path: Path | str, *, keep_backup: bool = True) -> None:
    """Save atomically: serialise fully in memory, then replace the file in one step."""
    path = Path(path)
    data = dumps(document).encode("utf-8")
    try:
        atomic_write(path, data, keep_backup=keep_backup)
    except OSError as exc:
        raise DocumentSaveError(_os_reason(exc), path=path) from None


def _os_reason(exc: OSError) -> str:
    import errno

    reasons = {
        errno.ENOSPC: "磁盘空间不足",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.ENOENT: "所在文件夹不存在",
        errno.EROFS: "磁盘为只读",
        errno.EISDIR: "目标是一个文件夹",
    }
    return reasons.get(exc.errno or 0, f"写入失败（{exc.strerror or exc}）")


def is_project_file(path: Path | str) -> bool:
    return os.fspath(path).lower().endswith(EXTENSION)
