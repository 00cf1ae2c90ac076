"""The ``.jixiao`` project file: UTF-8 JSON, versioned, saved atomically with one ``.bak``.

Every way a file can be wrong ends in one ``DocumentLoadError`` with a Chinese message and
the JSON path of the problem; a failed load only reads, it never touches the file.
See docs/file-format.md.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.atomic import atomic_write
from app.errors import DocumentLoadError, DocumentSaveError, os_reason
from app.migrations import SCHEMA_VERSION, migrate
from app.model import TargetDocument
from app.readfile import NOT_REGULAR, NotRegularFile, read_regular
from app.boxes import BoxError, validate_boxes
from app.templates import get_template, template_ids
from app.validation_messages import first_problems

FORMAT_TAG = "jixiao"
EXTENSION = ".jixiao"
# Far above any real document (the 100-project benchmark is a few MB), far below harm.
MAX_FILE_BYTES = 64 * 1024 * 1024


TOP_LEVEL_KEYS = ("format", "schema_version", "document")
# A number's digits and exponent: far beyond any amount, year or score, far below harm (Python's
# int() of a 5,000-digit literal raises; Decimal of 1e-999999999 makes pydantic count a billion).
MAX_NUMBER_DIGITS = 100
MAX_NUMBER_EXPONENT = 1000


class _BadNumber(ValueError):
    def __init__(self, literal: str, reason: str) -> None:
        super().__init__(reason)
        self.literal, self.reason = literal, reason


def _reject_constant(name: str) -> Any:
    raise _BadNumber(name, "不是有效的数字（不能是 NaN 或无穷大）")


def _parse_int(literal: str) -> int:
    digits = len(literal.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise _BadNumber(literal, f"位数过多（{digits} 位）")
    return int(literal)


def _parse_decimal(literal: str) -> Decimal:
    number = Decimal(literal)
    sign, digits, exponent = number.as_tuple()
    if len(digits) > MAX_NUMBER_DIGITS:
        raise _BadNumber(literal, f"位数过多（{len(digits)} 位）")
    if isinstance(exponent, int) and exponent < -MAX_NUMBER_EXPONENT:
        raise _BadNumber(literal, "过小（指数超出范围），不是有效的金额或数字")
    if isinstance(exponent, int) and exponent > MAX_NUMBER_EXPONENT:
        raise _BadNumber(literal, "过大（指数超出范围）")
    return number


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate:{key}")
        result[key] = value
    return result


def _line_and_column(text: str, literal: str) -> str:
    """Where a number literal stands (its first occurrence outside a string), "第 L 行第 C 列"."""
    match = re.search(r"(?<=[:\[,\s])" + re.escape(literal) + r"(?=[,\]}\s]|$)", text)
    if match is None:
        return ""
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return f"第 {line} 行第 {column} 列"


def _parse_json(text: str, source: Path | None) -> Any:
    try:
        # Decimal, never float: "21274.97" and 21274.97 both arrive exact.
        return json.loads(text, parse_float=_parse_decimal, parse_int=_parse_int,
                          parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DocumentLoadError(
            f"第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（文件可能被截断或损坏）",
            path=source) from None
    except RecursionError:
        raise DocumentLoadError("JSON 嵌套层级过深，不是绩效填报的文档", path=source) from None
    except _BadNumber as exc:
        shown = exc.literal if len(exc.literal) <= 20 else exc.literal[:12] + "…"
        where = _line_and_column(text, exc.literal)
        what = f"{where}的数值" if where else "数值"
        raise DocumentLoadError(f"{what}“{shown}”{exc.reason}（文件可能已损坏）",
                                path=source) from None
    except (ValueError, ArithmeticError) as exc:
        reason = str(exc)
        if reason.startswith("duplicate:"):
            raise DocumentLoadError(f"字段“{reason[10:]}”出现了两次，文件已损坏",
                                    path=source) from None
        raise DocumentLoadError("含有无法识别的数值（文件可能已损坏）", path=source) from None


def document_from_data(raw: Any, source: Path | None = None) -> TargetDocument:
    """Validate the decoded JSON of a project file, migrating older schemas first."""
    if not isinstance(raw, dict):
        raise DocumentLoadError("文件顶层应为 JSON 对象，不是绩效填报的文档", path=source)
    unknown = [key for key in raw if key not in TOP_LEVEL_KEYS]
    if unknown:
        # A typo or another program's key: refused like unknown keys inside the document, since
        # keeping them would drop them silently on the next save.
        raise DocumentLoadError(f"有无法识别的字段“{unknown[0]}”（文件可能来自其他软件或已损坏）",
                                path=source, location=unknown[0])
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
    if result.template not in template_ids():
        raise DocumentLoadError(f"未知的模板“{result.template}”（可能需要更新版本的软件）",
                                path=source, location="document.template")
    try:
        validate_boxes(result, get_template(result.template))
    except BoxError as exc:
        raise DocumentLoadError(exc.message, path=source, location=f"document.{exc.path}") \
            from None
    return result


def loads(text: str, source: Path | None = None) -> TargetDocument:
    return document_from_data(_parse_json(text, source), source)


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read or written: to notice another program's change."""

    mtime_ns: int
    size: int
    sha256: str


def _stamp(stat: os.stat_result, data: bytes) -> FileStamp:
    return FileStamp(stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())


def changed_on_disk(path: Path | str, stamp: FileStamp) -> bool:
    """Whether ``path`` now differs from ``stamp`` (removed, or other content; a mere touch with
    the same content is no change)."""
    try:
        stat = os.stat(path)
        if (stat.st_mtime_ns, stat.st_size) == (stamp.mtime_ns, stamp.size):
            return False
        if stat.st_size != stamp.size:
            return True
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() != stamp.sha256
    except OSError:
        return True


def _read_bytes(path: Path) -> tuple[bytes, FileStamp]:
    try:
        if path.is_dir():
            raise DocumentLoadError("这是一个文件夹，不是文档", path=path)
        data, stat = read_regular(path, MAX_FILE_BYTES)
        if stat.st_size > MAX_FILE_BYTES:
            raise DocumentLoadError(
                f"文件过大（{stat.st_size / 1024 / 1024:.0f} MB），不是绩效填报的文档", path=path)
    except NotRegularFile:
        raise DocumentLoadError(NOT_REGULAR, path=path) from None
    except FileNotFoundError:
        raise DocumentLoadError("文件不存在", path=path) from None
    except PermissionError:
        raise DocumentLoadError("没有读取权限", path=path) from None
    except OSError as exc:
        raise DocumentLoadError(f"读取失败：{os_reason(exc)}", path=path) from None
    except ValueError:  # a name with a NUL character
        raise DocumentLoadError("文件名无效", path=path) from None
    return data, _stamp(stat, data)


def read_document(path: Path | str) -> tuple[TargetDocument, FileStamp]:
    """Read a ``.jixiao`` file and what it was on disk; any problem raises ``DocumentLoadError``."""
    path = Path(path)
    data, stamp = _read_bytes(path)
    if not data.strip():
        raise DocumentLoadError("文件是空的", path=path)
    try:
        text = data.decode("utf-8-sig")  # tolerate the BOM that Windows Notepad adds
    except UnicodeDecodeError as exc:
        raise DocumentLoadError(f"不是 UTF-8 文本（第 {exc.start + 1} 个字节处），不是绩效填报的文档",
                                path=path) from None
    return loads(text, path), stamp


def load_document(path: Path | str) -> TargetDocument:
    """Read a ``.jixiao`` file; any problem raises ``DocumentLoadError``."""
    return read_document(path)[0]


def dumps(document: TargetDocument) -> str:
    """The file's text: stable key order (the model's field order), two-space indent, UTF-8."""
    payload = {
        "format": FORMAT_TAG,
        "schema_version": SCHEMA_VERSION,
        "document": document.model_dump(mode="json"),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def save_document(document: TargetDocument, path: Path | str, *,
                  keep_backup: bool = True) -> FileStamp:
    """Save atomically: serialise fully in memory, then replace the file in one step (a symbolic
    link's target is replaced, the link kept). Returns what the file now is on disk."""
    path = Path(path)
    try:
        data = dumps(document).encode("utf-8")
    except UnicodeEncodeError:  # the model cleans every text; this guards code that bypassed it
        raise DocumentSaveError("文档中含有无法保存的字符", path=path) from None
    try:
        written = atomic_write(path, data, keep_backup=keep_backup)
        return _stamp(os.stat(written), data)
    except OSError as exc:
        raise DocumentSaveError(os_reason(exc), path=path) from None


def is_project_file(path: Path | str) -> bool:
    return os.fspath(path).lower().endswith(EXTENSION)
