"""PDF from the print-ready HTML, drawn by Qt (QtGui only: no widgets, no LibreOffice).

Each part is laid out as its own ``QTextDocument`` (a part may be landscape); all parts go to one
``QPdfWriter`` with "第 N 页 共 M 页" under every page. The same function paints onto a
``QPrinter`` for the print preview. This is the only core module that imports Qt.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QFont, QGuiApplication, QPageLayout, QPageSize, QPagedPaintDevice,
                           QPainter, QPdfWriter, QTextDocument, QTextLength, QTextTable)

from app.export.html_render import part_html
from app.export.layout import Part, PrintLayout, TableOfContents

MARGINS_MM = QMarginsF(20, 18, 20, 14)
FOOTER_MM = 8
RESOLUTION = 300

_application: QGuiApplication | None = None


def ensure_gui_application() -> None:
    """Qt's text layout needs a GUI application; without a display, use the offscreen one."""
    global _application
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _application = QGuiApplication(["jixiao"])


def _page_layout(landscape: bool) -> QPageLayout:
    orientation = (QPageLayout.Orientation.Landscape if landscape
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, MARGINS_MM,
                       QPageLayout.Unit.Millimeter)


def _fix_column_widths(document: QTextDocument, columns: tuple[float, ...]) -> None:
    """Qt takes a table's column widths from its first row and splits a spanning cell evenly;
    the part's grid says what each column needs, so set it on every table of that grid."""
    scale = sum(columns)
    lengths = [QTextLength(QTextLength.Type.PercentageLength, 100 * w / scale) for w in columns]
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable) and frame.columns() == len(columns):
            table_format = frame.format()
            table_format.setColumnWidthConstraints(lengths)
            frame.setFormat(table_format)


_PT_LENGTH = re.compile(r"(text-indent|margin-top|margin-bottom|margin-left|padding-left):"
                        r"(\d+(?:\.\d+)?)pt")


def _pt_to_px(html: str, resolution: int) -> str:
    """Qt's HTML ignores pt for indents and margins (fonts are fine): give them in device px."""
    scale = resolution / 72
    return _PT_LENGTH.sub(lambda m: f"{m[1]}:{float(m[2]) * scale:.0f}px", html)


def _layout_part(html: str, device: QPagedPaintDevice, part: Part) -> QTextDocument:
    layout = _page_layout(part.landscape)
    paint = layout.paintRectPixels(device.resolution())
    footer = FOOTER_MM / 25.4 * device.resolution()
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(QFont(["SimSun", "Noto Serif CJK SC", "serif"], 10))
    document.setDocumentMargin(0)
    document.setHtml(_pt_to_px(html, device.resolution()))
    if len(part.columns) > 1:
        _fix_column_widths(document, part.columns)
    document.setPageSize(QSizeF(paint.width(), paint.height() - footer))
    return document


def _anchor_pages(document: QTextDocument, first_page: int) -> dict[str, int]:
    pages: dict[str, int] = {}
    height = document.pageSize().height()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            for name in iterator.fragment().charFormat().anchorNames():
                top = document.documentLayout().blockBoundingRect(block).top()
                pages.setdefault(name, first_page + int(top // height))
            iterator += 1
        block = block.next()
    return pages


def paint_layout(layout: PrintLayout, device: QPagedPaintDevice,
                 cancelled: Callable[[], bool] = lambda: False) -> int:
    """Paint every part onto ``device`` (a QPdfWriter or QPrinter); returns the page count."""
    ensure_gui_application()
    headings = layout.headings()
    parts = layout.printed_parts()
    documents = [_layout_part(part_html(part, headings), device, part) for part in parts]
    if any(isinstance(b, TableOfContents) for part in parts for b in part.blocks):
        # Second pass: the headings' pages are known once everything is laid out.
        pages: dict[str, int] = {}
        first = 1
        for document in documents:
            pages.update(_anchor_pages(document, first))
            first += document.pageCount()
        documents = [_layout_part(part_html(part, headings, pages), device, part)
                     for part in parts]
    total = sum(d.pageCount() for d in documents)

    painter = QPainter()
    number = 0
    for index, (part, document) in enumerate(zip(parts, documents)):
        device.setPageLayout(_page_layout(part.landscape))
        if index == 0:
            if not painter.begin(device):
                raise OSError("无法写入 PDF 文件")
        else:
            device.newPage()
        size = document.pageSize()
        for page in range(document.pageCount()):
            if cancelled():
                painter.end()
                raise InterruptedError
            if page:
                device.newPage()
            number += 1
            painter.save()
            painter.translate(0, -page * size.height())
            document.drawContents(painter, QRectF(0, page * size.height(), size.width(),
                                                  size.height()))
            painter.restore()
            _footer(painter, device, size, f"第 {number} 页 共 {total} 页")
    painter.end()
    return total


def _footer(painter: QPainter, device: QPagedPaintDevice, size: QSizeF, text: str) -> None:
    footer = FOOTER_MM / 25.4 * device.resolution()
    painter.save()
    font = QFont(["SimSun", "Noto Serif CJK SC", "serif"])
    font.setPointSizeF(9)
    painter.setFont(font)
    painter.drawText(QRectF(0, size.height(), size.width(), footer),
                     int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), text)
    painter.restore()


def render_pdf(layout: PrintLayout, path: Path,
               cancelled: Callable[[], bool] = lambda: False) -> None:
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setCreator("绩效填报")
    writer.setTitle(layout.form_name)
    parts = layout.printed_parts()
    writer.setPageLayout(_page_layout(parts[0].landscape if parts else False))
    paint_layout(layout, writer, cancelled)
