"""Export a document as Word, Excel and PDF in its province's layout.

``export_document`` is the one entry point (CLI and GUI): it builds the template's print layout
once, renders each format into a temporary file in the target folder and moves it into place, so
a failed or cancelled export never leaves a half-written file. The temporary file is named
``.~<name>.<random>.<ext>.part``: hidden on Linux and macOS, and ending in ``.part`` so that no
program takes an interrupted export for a finished document. It reports progress and honours
cancellation between and during formats.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from app.atomic import new_file_permissions, remove_stale_temps
from app.errors import os_reason
from app.export.filenames import export_stem, safe_filename
from app.fsnames import cut_to_fit, name_length, name_limit
from app.model import TargetDocument
from app.templates import get_template

from app.export.formats import FORMAT_NAMES, FORMATS

if TYPE_CHECKING:
    from app.export.layout import PrintLayout

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (step, steps, Chinese message)


class ExportError(Exception):
    """An export could not be done; the message is Chinese and says what to do."""


class ExportCancelled(Exception):
    """The officer cancelled; files of this run were removed."""


def build_layout(document: TargetDocument) -> PrintLayout:
    template = get_template(document.template)
    if template.layout is None:
        raise ValueError(f"template {template.id!r} declares no layout")
    return template.layout(document, template)


def export_paths(document: TargetDocument, folder: Path,
                 formats: Sequence[str] = FORMATS) -> dict[str, Path]:
    form_name = get_template(document.template).form_name
    stem = export_stem(document.unit_name, document.year, form_name)
    limit = name_limit(_nearest_existing(Path(folder)))
    return {fmt: Path(folder) / safe_filename(stem, fmt, limit) for fmt in formats}


def _nearest_existing(folder: Path) -> Path:
    """The folder itself or its nearest existing parent (the export may create the folder)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return folder


def _renderer(fmt: str) -> Callable[..., None]:
    if fmt == "docx":
        from app.export.docx_render import render_docx
        return render_docx
    if fmt == "xlsx":
        from app.export.xlsx_render import render_xlsx
        return render_xlsx
    from app.export.pdf import render_pdf  # Qt is loaded only when a PDF is asked for
    return render_pdf


def export_document(document: TargetDocument, folder: Path | str,
                    formats: Sequence[str] = FORMATS, *, force: bool = False,
                    progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Write the requested formats into ``folder``; returns the files written."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ExportError(f"不支持的导出格式：{'、'.join(unknown) or '（空）'}；可选 docx、xlsx、pdf")
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"无法创建文件夹“{folder}”：{os_reason(exc)}") from None
    remove_stale_temps(folder)  # what a killed export left here
    paths = export_paths(document, folder, formats)
    existing = [p for p in paths.values() if p.exists()]
    if existing and not force:
        names = "、".join(f"“{p.name}”" for p in existing)
        raise ExportError(f"文件已存在：{names}。如要覆盖，请选择覆盖（命令行加 --force）")
    report = progress or (lambda step, steps, message: None)
    stop = cancelled or (lambda: False)
    steps = len(paths) + 1
    report(0, steps, "正在排版")
    layout = build_layout(document)
    written: list[Path] = []
    try:
        for step, (fmt, path) in enumerate(paths.items(), start=1):
            if stop():
                raise ExportCancelled
            report(step, steps, f"正在生成 {FORMAT_NAMES[fmt]} 文件：{path.name}")
            _write(fmt, layout, path, stop)
            written.append(path)
    except ExportCancelled:
        _remove(written, existing)
        raise
    except InterruptedError:
        _remove(written, existing)
        raise ExportCancelled from None
    except OSError as exc:
        log.warning("export failed", exc_info=True)
        raise ExportError(f"无法写入“{folder}”：{os_reason(exc)}") from None
    report(steps, steps, "导出完成")
    return written


PART_SUFFIX = ".part"


def temp_name_parts(path: Path) -> tuple[str, str]:
    """mkstemp's prefix and suffix for the temp file of ``path``, fitting the name limit."""
    suffix = f".{path.suffix.lstrip('.')}{PART_SUFFIX}"
    room = name_limit(path.parent) - name_length(".~." + suffix) - 8  # 8: mkstemp's random part
    return f".~{cut_to_fit(path.stem, room)}.", suffix


def _write(fmt: str, layout: PrintLayout, path: Path, cancelled: Callable[[], bool]) -> None:
    prefix, suffix = temp_name_parts(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        renderer = _renderer(fmt)
        if fmt == "pdf":
            renderer(layout, tmp, cancelled)
        else:
            renderer(layout, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, new_file_permissions())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _remove(written: list[Path], existed_before: list[Path]) -> None:
    for path in written:
        if path not in existed_before:
            path.unlink(missing_ok=True)
