"""Export file names: "{单位名称}_{年度}年{表名}.{ext}", safe on Windows and within the file
system's name limit (255 bytes on Linux: only 85 Chinese characters)."""
from __future__ import annotations

import re

from app.fsnames import DEFAULT_NAME_MAX, cut_to_fit, name_length

MAX_NAME = 120  # characters, extension included: leaves room for a deep folder on Windows
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(stem: str, extension: str, name_max: int = DEFAULT_NAME_MAX) -> str:
    """Replace what Windows forbids, drop trailing dots/spaces, keep within ``MAX_NAME``
    characters and ``name_max`` file-system units (bytes on Linux), never cutting a character."""
    cleaned = _FORBIDDEN.sub("_", stem).strip()
    suffix = f".{extension}"
    cleaned = cleaned[: MAX_NAME - len(suffix)]
    cleaned = cut_to_fit(cleaned, min(name_max, DEFAULT_NAME_MAX) - name_length(suffix))
    cleaned = cleaned.rstrip(". ")
    if not cleaned:
        cleaned = "未命名"
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = cut_to_fit("_" + cleaned, min(name_max, DEFAULT_NAME_MAX) - name_length(suffix))
    return cleaned + suffix


def export_stem(unit_name: str, year: int | None, form_name: str) -> str:
    unit = unit_name.strip() or "未命名单位"
    return f"{unit}_{year}年{form_name}" if year is not None else f"{unit}_{form_name}"
