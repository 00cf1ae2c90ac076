"""PDF from the print layout, drawn by Qt (QtGui only: no widgets, no LibreOffice).

Text is laid out with ``QTextLayout`` (the ``Measure`` of ``app.export.paginate``), pages are
planned by the paginator, and each page is painted line by line and cell by cell, with
"第 N 页 共 M 页" under it. The same function paints onto a ``QPrinter`` for the print preview.
The written file's text layer is then corrected (``app.export.pdf_text_layer``) so that copying
or searching gives the characters typed. This is the only core module that imports Qt.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path
from typing import Callable, cast

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (QFont, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize,
                           QPagedPaintDevice, QPainter, QPdfWriter, QPen, QRawFont,
                           QTextLayout, QTextOption)

from app.export.layout import Align, PrintLayout, Style
from app.export.paginate import Font, Page, PagePlan, RectOp, TextOp, plan_pages
from app.export.page_units import FOOTER_MM, PAGE_MARGINS_MM, PARAGRAPH_STYLES
from app.export.pdf_text_layer import is_radical_lookalike, fix_text_layer

MARGINS_MM = QMarginsF(*PAGE_MARGINS_MM)
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


class GlyphLog:
    """Which glyph of which font face stood for which typed text, in the order drawn.

    Qt's PDF writer numbers each face's glyphs in the order they are first drawn (0 being the
    missing glyph) and names them in the text layer by a reverse look-up of the font's
    character map, which fails for shaped variants (digits beside Latin letters in Noto CJK),
    characters beyond the BMP, and radicals sharing an ideograph's glyph. The log gives the
    text layer fixer the truth: per face, glyph number → the text it was drawn for.
    """

    _FLAGS = (QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
              | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes)

    def __init__(self) -> None:
        self.faces: dict[str, tuple[dict[int, int], list[str]]] = {}
        self._names: dict[QRawFont, str] = {}  # a face's PostScript name, read once

    def add(self, layout: QTextLayout, first: int, last: int, units: list[str]) -> None:
        """Log lines ``first:last`` of ``layout`` (whose text's UTF-16 ``units`` are given),
        just drawn. One request for the lines' glyph runs: Qt gives a face's glyphs of all
        the lines as one run, in the order drawn."""
        start = layout.lineAt(first).textStart()
        end_line = layout.lineAt(last - 1)
        end = end_line.textStart() + end_line.textLength()
        for run in layout.glyphRuns(start, end - start, self._FLAGS):
            glyphs = run.glyphIndexes()
            raw = run.rawFont()
            # Qt's PDF writer keeps one font per face file, synthetic bold included.
            numbers, texts = self.faces.setdefault(self._name(raw), ({0: 0}, [""]))
            if numbers.keys() >= set(glyphs):
                continue  # every glyph known already: most runs, once a page or two is done
            indexes = run.stringIndexes()
            for i, glyph in enumerate(glyphs):
                if glyph in numbers:
                    continue
                numbers[glyph] = len(texts)
                start = indexes[i] if i < len(indexes) else -1
                end = indexes[i + 1] if i + 1 < len(indexes) else start + 1
                # A glyph for several characters (a ligature) stands for all of them.
                text = "".join(units[start:max(end, start + 1)]) if 0 <= start < len(units) \
                    else ""
                texts.append(_checked(raw, glyph, text, units))

    def _name(self, raw: QRawFont) -> str:
        try:
            name = self._names.get(raw)
        except TypeError:  # a binding without hashable raw fonts
            return postscript_name(raw)
        if name is None:
            name = self._names[raw] = postscript_name(raw)
        return name

    def tables(self) -> list[tuple[str, list[str]]]:
        """Per face: its PostScript name, and glyph number in the PDF → the text drawn with it
        ("" unknown)."""
        return [(key, texts) for key, (_, texts) in self.faces.items()]


def postscript_name(raw: QRawFont) -> str:
    """The name a PDF's /BaseFont gives the face: name ID 6 of its 'name' table."""
    table = bytes(raw.fontTable("name").data())
    try:
        count, strings = struct.unpack(">HH", table[2:6])
        for i in range(count):
            platform, _, _, name_id, length, offset = struct.unpack(
                ">HHHHHH", table[6 + 12 * i:18 + 12 * i])
            if name_id == 6:
                data = table[strings + offset:strings + offset + length]
                return data.decode("utf-16-be" if platform in (0, 3) else "latin-1")
    except (struct.error, UnicodeDecodeError):
        pass
    return raw.familyName().replace(" ", "")


def _checked(raw: QRawFont, glyph: int, text: str, units: list[str]) -> str:
    """The text of a glyph new to the log: the run's string index says which, but runs of a
    fallback font (a character the first font lacks) carry wrong indexes; the font's own
    character map, asked for each character of the line, then finds it."""
    if len(text) == 1 and list(raw.glyphIndexesForString(text)) == [glyph]:
        return text
    for ch in dict.fromkeys(units):
        if ch and list(raw.glyphIndexesForString(ch)) == [glyph]:
            return ch
    return text  # a shaped variant (the cmap has another glyph): trust the string index


def _utf16_units(text: str) -> list[str]:
    """For each UTF-16 unit of ``text`` (Qt's string indexes), the character starting there."""
    if not text or max(text) <= "\uffff":
        return list(text)  # no character beyond the BMP: one unit each
    units: list[str] = []
    for ch in text:
        units.append(ch)
        if ord(ch) > 0xFFFF:
            units.append("")
    return units


class _Box:
    """A text laid out at a width: its lines, their advances, and how to draw some of them."""

    __slots__ = ("layout", "heights", "tops", "offsets", "log", "_units")

    def __init__(self, layout: QTextLayout, heights: list[float], offsets: list[float],
                 log: GlyphLog | None):
        self.layout = layout
        self.log = log
        self._units: list[str] | None = None
        self.heights = heights
        self.offsets = offsets  # each line's glyphs sit this far below its slot's top
        tops = [0.0]
        for h in heights:
            tops.append(tops[-1] + h)
        self.tops = tops

    def draw(self, painter: QPainter, first: int, last: int, x: float, y: float) -> None:
        last = min(last, self.layout.lineCount())
        for i in range(first, last):
            line = self.layout.lineAt(i)
            top = y + self.tops[i] - self.tops[first] + self.offsets[i]
            line.draw(painter, QPointF(x, top - line.y()))
        if self.log is not None and last > first:
            if self._units is None:
                self._units = _utf16_units(self.layout.text())
            self.log.add(self.layout, first, last, self._units)


class QtMeasure:
    """``Measure`` on a paint device: fonts at its resolution, every text kept for drawing."""

    def __init__(self, device: QPagedPaintDevice, log: GlyphLog | None = None):
        self.device = device
        self.log = log
        self.dpi = device.logicalDpiY()
        self.fonts: dict[Font, QFont] = {}
        self.options: dict[Align, QTextOption] = {}
        self.boxes: dict[tuple, _Box] = {}
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

    def _option(self, align: Align) -> QTextOption:
        option = self.options.get(align)
        if option is None:
            option = self.options[align] = QTextOption(_ALIGN[align])
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            option.setTabStopDistance(self.points(24))
        return option

    def text(self, text: str, font: Font, width: float, align: Align = Align.LEFT,
             indent: float = 0.0, spacing: float = 1.0) -> _Box:
        # The same text at the same width lays out the same: a form's labels, targets such
        # as "≥90%" and group names recur in every table, and each is laid out once.
        key = (text, font, width, align, indent, spacing)
        box = self.boxes.get(key)
        if box is None:
            box = self.boxes[key] = self._layout(text, font, width, align, indent, spacing)
        return box

    def _layout(self, text: str, font: Font, width: float, align: Align, indent: float,
                spacing: float) -> _Box:
        self.characters.update(text)
        qfont = self.qfont(font)
        # QTextLayout breaks lines only at U+2028, not at "\n".
        layout = QTextLayout(text.replace("\r\n", "\u2028").replace("\n", "\u2028"), qfont,
                             self.device)
        layout.setTextOption(self._option(align))
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
        return _Box(layout, heights, offsets, self.log)


def _resolution(device: QPagedPaintDevice) -> int:
    # QPdfWriter and QPrinter (not importable here: QtPrintSupport) both have resolution().
    return device.resolution()  # type: ignore[attr-defined]  # not on their common base


def page_sizes(device: QPagedPaintDevice) -> dict[bool, tuple[float, float]]:
    footer = FOOTER_MM / 25.4 * _resolution(device)
    sizes = {}
    for landscape in (False, True):
        rect = _page_layout(landscape).paintRectPixels(_resolution(device))
        sizes[landscape] = (float(rect.width()), float(rect.height()) - footer)
    return sizes


def plan_layout(layout: PrintLayout, device: QPagedPaintDevice,
                log: GlyphLog | None = None) -> tuple[PagePlan, QtMeasure]:
    ensure_gui_application()
    measure = QtMeasure(device, log)
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
    try:  # an active painter left behind would crash Qt when the device goes
        for number, page in enumerate(plan.pages, start=1):
            if cancelled():
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
    finally:
        if painter.isActive():
            painter.end()


def _paint_page(painter: QPainter, page: Page, plan: PagePlan, measure: QtMeasure) -> None:
    for op in page.ops:
        if isinstance(op, RectOp):
            painter.drawRect(QRectF(op.x, op.y, op.width, op.height))
        elif isinstance(op, TextOp):
            cast(_Box, op.box).draw(painter, op.first, op.last, op.x, op.y)  # measured here
    for anchor, x, y, width in page.toc:
        number = plan.anchors.get(anchor)
        if number is not None:
            style = PARAGRAPH_STYLES[Style.TOC]
            box = measure.text(str(number), style.font, width, Align.RIGHT,
                               spacing=style.spacing)
            box.draw(painter, 0, 1, x, y)


def _footer(painter: QPainter, measure: QtMeasure, page: Page, text: str) -> None:
    footer = FOOTER_MM / 25.4 * _resolution(measure.device)
    box = measure.text(text, FOOTER_FONT, page.width, Align.CENTER)
    box.draw(painter, 0, 1, 0.0, page.height + footer - sum(box.heights))


def _writer(layout: PrintLayout, target: str | QBuffer) -> QPdfWriter:
    writer = QPdfWriter(target)
    writer.setResolution(RESOLUTION)
    writer.setCreator("绩效填报")
    writer.setTitle(layout.form_name)
    parts = layout.printed_parts()
    writer.setPageLayout(_page_layout(parts[0].landscape if parts else False))
    return writer


def print_plan(layout: PrintLayout) -> PagePlan:
    """The PDF's page plan, without painting: the Word file breaks its pages where the PDF
    does and prints its 目录 with the PDF's page numbers."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return plan_layout(layout, _writer(layout, buffer))[0]


def render_pdf(layout: PrintLayout, path: Path,
               cancelled: Callable[[], bool] = lambda: False) -> None:
    ensure_gui_application()
    # Painted into memory and written by Python: Qt's own file writing ignores a full disk and
    # leaves a cut-off PDF that looks exported.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(layout, buffer)
    log = GlyphLog()
    plan, measure = plan_layout(layout, writer, log)
    _paint(plan, measure, writer, cancelled)
    del writer  # the PDF is complete once the writer is gone
    painted = bytes(buffer.data().data())
    buffer.close()
    path.write_bytes(fix_text_layer(painted, log.tables(), _lookalikes(measure)))


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
