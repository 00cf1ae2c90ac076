"""PDF from the print layout, drawn by Qt (QtGui only: no widgets, no LibreOffice).

Text is laid out with ``QTextLayout`` (the ``Measure`` of ``app.export.paginate``), pages are
planned by the paginator, and each page is painted line by line and cell by cell, with
"第 N 页 共 M 页" under it. The same function paints onto a ``QPrinter`` for the print preview.
The written file's text layer is then corrected (``app.export.pdf_text_layer``) so that copying
or searching gives the characters typed. This is the only core module that imports Qt.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (QFont, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize,
                           QPagedPaintDevice, QPainter, QPdfWriter, QPen, QRawFont,
                           QTextLayout, QTextOption)

from app.export.layout import Align, PrintLayout
from app.export.paginate import Font, Page, PagePlan, RectOp, TextOp, plan_pages
from app.export.pdf_text_layer import is_radical_lookalike, fix_text_layer

MARGINS_MM = QMarginsF(20, 18, 20, 14)
FOOTER_MM = 8
RESOLUTION = 300

FAMILIES = {
    "song": ["SimSun", "宋体", "Noto Serif CJK SC", "Noto Serif SC", "serif"],
    "fangsong": ["FangSong", "仿宋", "Noto Serif CJK SC", "Noto Serif SC", "serif"],
    "hei": ["SimHei", "黑体", "Noto Sans CJK SC", "Noto Sans SC", "sans-serif"],
    "kai": ["KaiTi", "楷体", "Noto Serif CJK SC", "Noto Serif SC", "serif"],
}
FOOTER_FONT = Font("song", 9)
_ALIGN = {Align.LEFT: Qt.AlignmentFlag.AlignLeft, Align.CENTER: Qt.AlignmentFlag.AlignHCenter,
          Align.RIGHT: Qt.AlignmentFlag.AlignRight}

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


class _Box:
    """A text laid out at a width: its lines, their advances, and how to draw some of them."""

    __slots__ = ("layout", "heights", "tops", "offsets")

    def __init__(self, layout: QTextLayout, heights: list[float], offsets: list[float]):
        self.layout = layout
        self.heights = heights
        self.offsets = offsets  # each line's glyphs sit this far below its slot's top
        tops = [0.0]
        for h in heights:
            tops.append(tops[-1] + h)
        self.tops = tops

    def draw(self, painter: QPainter, first: int, last: int, x: float, y: float) -> None:
        for i in range(first, min(last, self.layout.lineCount())):
            line = self.layout.lineAt(i)
            top = y + self.tops[i] - self.tops[first] + self.offsets[i]
            line.draw(painter, QPointF(x, top - line.y()))


class QtMeasure:
    """``Measure`` on a paint device: fonts at its resolution, every text kept for drawing."""

    def __init__(self, device: QPagedPaintDevice):
        self.device = device
        self.dpi = device.logicalDpiY()
        self.fonts: dict[Font, QFont] = {}
        self.characters: set[str] = set()

    def points(self, pt: float) -> float:
        return pt * self.dpi / 72

    def qfont(self, font: Font) -> QFont:
        qfont = self.fonts.get(font)
        if qfont is None:
            qfont = QFont()
            qfont.setFamilies(FAMILIES[font.family])
            qfont.setPointSizeF(font.size)
            qfont.setBold(font.bold)
            self.fonts[font] = qfont
        return qfont

    def text(self, text: str, font: Font, width: float, align: Align = Align.LEFT,
             indent: float = 0.0, spacing: float = 1.0) -> _Box:
        self.characters.update(text)
        qfont = self.qfont(font)
        # QTextLayout breaks lines only at U+2028, not at "\n".
        layout = QTextLayout(text.replace("\r\n", "\u2028").replace("\n", "\u2028"), qfont,
                             self.device)
        option = QTextOption(_ALIGN[align])
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTabStopDistance(self.points(24))
        layout.setTextOption(option)
        heights: list[float] = []
        offsets: list[float] = []
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            first = not heights
            line.setLineWidth(max(width - (indent if first else 0.0), 1.0))
            line.setPosition(QPointF(indent if first else 0.0, y))
            natural = line.height()
            heights.append(natural * spacing)
            offsets.append(natural * (spacing - 1) / 2)
            y += natural
        layout.endLayout()
        if not heights:  # an empty text still takes a line, as in the printed forms
            natural = QFontMetricsF(qfont, self.device).height()
            heights, offsets = [natural * spacing], [0.0]
        return _Box(layout, heights, offsets)


def page_sizes(device: QPagedPaintDevice) -> dict[bool, tuple[float, float]]:
    footer = FOOTER_MM / 25.4 * device.resolution()
    sizes = {}
    for landscape in (False, True):
        rect = _page_layout(landscape).paintRectPixels(device.resolution())
        sizes[landscape] = (float(rect.width()), float(rect.height()) - footer)
    return sizes


def plan_layout(layout: PrintLayout, device: QPagedPaintDevice) -> tuple[PagePlan, QtMeasure]:
    ensure_gui_application()
    measure = QtMeasure(device)
    return plan_pages(layout, measure, page_sizes(device)), measure


def paint_layout(layout: PrintLayout, device: QPagedPaintDevice,
                 cancelled: Callable[[], bool] = lambda: False) -> int:
    """Paint every page onto ``device`` (a QPdfWriter or QPrinter); returns the page count."""
    plan, measure = plan_layout(layout, device)
    _paint(plan, measure, device, cancelled)
    return len(plan.pages)


def _paint(plan: PagePlan, measure: QtMeasure, device: QPagedPaintDevice,
           cancelled: Callable[[], bool]) -> None:
    total = len(plan.pages)
    painter = QPainter()
    pen = QPen(Qt.GlobalColor.black)
    pen.setWidthF(measure.points(0.5))
    for number, page in enumerate(plan.pages, start=1):
        if cancelled():
            if painter.isActive():
                painter.end()
            raise InterruptedError
        if number == 1:
            device.setPageLayout(_page_layout(page.landscape))
            if not painter.begin(device):
                raise OSError("无法写入 PDF 文件")
        else:
            if page.landscape != plan.pages[number - 2].landscape:
                device.setPageLayout(_page_layout(page.landscape))
            device.newPage()
        painter.setPen(pen)
        _paint_page(painter, page, plan, measure)
        _footer(painter, measure, page, f"第 {number} 页 共 {total} 页")
    if painter.isActive():
        painter.end()


def _paint_page(painter: QPainter, page: Page, plan: PagePlan, measure: QtMeasure) -> None:
    for op in page.ops:
        if isinstance(op, RectOp):
            painter.drawRect(QRectF(op.x, op.y, op.width, op.height))
        elif isinstance(op, TextOp):
            op.box.draw(painter, op.first, op.last, op.x, op.y)  # type: ignore[attr-defined]
    toc_font = measure.qfont(Font("fangsong", 12))
    for anchor, x, y, width in page.toc:
        number = plan.anchors.get(anchor)
        if number is not None:
            box = measure.text(str(number), Font("fangsong", 12), width, Align.RIGHT,
                               spacing=1.5)
            painter.setFont(toc_font)
            box.draw(painter, 0, 1, x, y)


def _footer(painter: QPainter, measure: QtMeasure, page: Page, text: str) -> None:
    footer = FOOTER_MM / 25.4 * measure.device.resolution()
    measure.characters.update(text)
    painter.save()
    painter.setFont(measure.qfont(FOOTER_FONT))
    painter.drawText(QRectF(0, page.height, page.width, footer),
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
    plan, measure = plan_layout(layout, writer)
    _paint(plan, measure, writer, cancelled)
    del writer  # the file is complete once the writer is gone
    path.write_bytes(fix_text_layer(path.read_bytes(), _lookalikes(measure)))


def _lookalikes(measure: QtMeasure) -> Callable[[int], str | None]:
    """Code point → the typed character drawn with the same glyph, for the text layer.

    Qt names each glyph by the first code point that maps to it, and CJK fonts map radicals
    (⽔ U+2F54) to the glyph of the ideograph (水): the ideograph the officer typed is wanted.
    """
    typed = measure.characters
    tables = []
    for qfont in measure.fonts.values():
        raw = QRawFont.fromFont(qfont)
        if not raw.isValid():
            continue
        by_glyph: dict[int, str] = {}
        for ch in sorted(typed):
            glyphs = raw.glyphIndexesForString(ch)
            if len(glyphs) == 1 and glyphs[0] and not is_radical_lookalike(ord(ch)):
                by_glyph.setdefault(glyphs[0], ch)
        tables.append((raw, by_glyph))

    def replace(code: int) -> str | None:
        ch = chr(code)
        if ch in typed and not is_radical_lookalike(code):
            return None
        for raw, by_glyph in tables:
            glyphs = raw.glyphIndexesForString(ch)
            if glyphs and glyphs[0] and by_glyph.get(glyphs[0], ch) != ch:
                return by_glyph[glyphs[0]]
        return None

    return replace
