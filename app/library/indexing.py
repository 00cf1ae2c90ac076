"""Adding documents to the library: one file (the editor, on open and save) or whole folders
(``jixiao-cli library add``). A file that cannot be read is reported; the others still go in.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from app.errors import DocumentLoadError, os_reason
from app.library.entries import document_source
from app.library.store import IndicatorLibrary, LibraryError
from app.projectfile import is_project_file, load_document
from app.templates import get_template

log = logging.getLogger(__name__)


@dataclass
class IndexReport:
    """What an indexing run did: files stored (changed), already up to date, and the
    problems, each a Chinese message naming the file."""

    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    entries: int = 0  # indicators in the files read

    @property
    def files(self) -> int:
        return len(self.changed) + len(self.unchanged)


def source_name(path: Path | str) -> str:
    """How a file is named as a source: its absolute path, as the editor remembers files."""
    return os.path.abspath(path)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name, kept as surrogates
        return False
    return True


def _shown(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def project_files(paths: Iterable[Path], report: IndexReport) -> list[Path]:
    """The .jixiao files of ``paths``: files as given, folders searched through (symbolic links
    to folders are not followed). A missing path or unreadable folder is a problem."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            def unreadable(error: OSError) -> None:
                report.problems.append(
                    f"无法读取文件夹“{error.filename}”：{os_reason(error)}")

            for folder, folders, files in os.walk(path, onerror=unreadable):
                folders.sort()
                for name in sorted(files):
                    if not is_project_file(name):
                        continue
                    if not _utf8(os.path.join(folder, name)):
                        # The library stores names as text: bytes that are no UTF-8 cannot be
                        # stored (nor shown), so such a file is named with � and left out.
                        report.problems.append(
                            f"“{_shown(os.path.join(folder, name))}”的文件名含有无法识别的"
                            "字符编码（不是 UTF-8），未加入指标库；请改名后重试")
                        continue
                    found.append(Path(folder) / name)
        else:
            report.problems.append(f"“{path}”不存在（应为文件夹或 .jixiao 文件）")
    return found


def index_files(library: IndicatorLibrary, paths: Iterable[Path]) -> IndexReport:
    """Read every .jixiao file under ``paths`` and store its indicators, one transaction per
    file; a re-index of a file replaces its entries."""
    report = IndexReport()
    for path in project_files(paths, report):
        try:
            document = load_document(path)
            source = document_source(document, get_template(document.template),
                                     source_name(path))
        except DocumentLoadError as exc:
            report.problems.append(str(exc))
            continue
        try:
            changed = library.index_source(source)
        except LibraryError:
            log.warning("indexing %s failed", path, exc_info=True)
            report.problems.append(f"无法把“{path}”加入指标库：指标库被占用或已损坏，请稍后重试")
            continue
        report.entries += len(source.entries)
        (report.changed if changed else report.unchanged).append(path)
    return report
