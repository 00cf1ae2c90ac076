"""A zip package of XML parts (an .xlsx workbook; a .docx document is one too) read with every
expansion counted before it happens: the parts' number, each part's and all parts' unpacked
bytes (counted as they come out of the decompressor, never the sizes the zip declares), the
ratio of unpacked to packed bytes, and the XML elements parsed. Each part's prolog (everything
before its root element) is read whole first: a DOCTYPE or entity declaration anywhere in it, or
an encoding no spreadsheet program writes, is refused. Any limit passed raises
``PackageError`` at once, with a Chinese message; the caller adds its own place (sheet, part).

The XML is fed to the parser a megabyte at a time: expat rescans an unfinished token (a long
comment) on every feed, so small feeds turn one long token into quadratic time.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable, Iterator, Literal, cast
from xml.etree import ElementTree

MB = 1024 * 1024
_CHUNK = MB


def local_name(tag: str) -> str:
    """An element's or attribute's name without its namespace (transitional or strict OOXML,
    Word's or the workbook's)."""
    return tag.rsplit("}", 1)[-1]


def attribute(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace."""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return None


@dataclass(frozen=True)
class PackageLimits:
    entries: int = 10_000
    part_bytes: int = 32 * MB  # one part, unpacked
    total_bytes: int = 128 * MB  # every part read, unpacked
    ratio: int = 200  # unpacked bytes per packed byte of a part over ``ratio_from`` bytes
    ratio_from: int = MB  # a part this small may compress as well as it likes
    elements: int = 1_500_000  # XML elements of every part read
    tree_elements: int = 100_000  # a part parsed whole (relationships, workbook.xml)
    prolog_bytes: int = 64 * 1024


Event = Literal["start", "end"]


class PackageError(Exception):
    """The package passes a limit or cannot be read; ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class PackageCancelled(Exception):
    """The reading was cancelled (the editor's 取消)."""


# What expat reads itself; a multi-byte legacy encoding (GBK) or an unknown one it cannot.
_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii",
              "iso-8859-1", "latin-1", "latin1"}
_DECLARED = re.compile(r"""^<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


class Package:
    """The parts of a zip package held in memory."""

    def __init__(self, data: bytes, limits: PackageLimits = PackageLimits(),
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.limits = limits
        self.cancelled = cancelled
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        infos = self.archive.infolist()
        if len(infos) > limits.entries:
            raise PackageError(f"压缩包中的文件过多（{len(infos):,} 个，上限 {limits.entries:,} 个），"
                               "不是正常的文档")
        self.infos = {info.filename: info for info in infos}
        self.unpacked = 0
        self.elements = 0

    @property
    def names(self) -> set[str]:
        return set(self.infos)

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise PackageCancelled()

    # -- bytes ---------------------------------------------------------------------------
    def chunks(self, name: str) -> Iterator[bytes]:
        """The part's unpacked bytes, a megabyte at a time, each limit checked as they come."""
        info = self.infos[name]
        limits = self.limits
        if info.file_size > limits.part_bytes:  # declared: refused early, but not trusted
            raise self._too_big(name, info.file_size)
        count = 0
        try:
            with self.archive.open(info) as handle:
                while True:
                    self.check_cancelled()
                    chunk = handle.read(_CHUNK)
                    if not chunk:
                        return
                    count += len(chunk)
                    self.unpacked += len(chunk)
                    if count > limits.part_bytes:
                        raise self._too_big(name, count)
                    if self.unpacked > limits.total_bytes:
                        raise PackageError(f"解压后超过 {limits.total_bytes // MB} MB 的导入上限"
                                           "（可能是损坏或恶意构造的文件）")
                    if count > limits.ratio_from and count > limits.ratio * max(
                            info.compress_size, 1):
                        raise PackageError(f"文件中的“{name}”的压缩比异常（超过 {limits.ratio} 倍），"
                                           "可能是恶意构造的文件")
                    yield chunk
        except (zlib.error, EOFError, zipfile.BadZipFile):
            raise PackageError(f"文件中的“{name}”已损坏（压缩数据无法解开），文件可能在下载或复制时损坏；"
                               "请在原程序中打开并另存") from None
        except (NotImplementedError, RuntimeError):
            # RuntimeError: a member encrypted with a zip password.
            raise PackageError("使用了不支持的压缩方式或压缩密码") from None

    def _too_big(self, name: str, size: int) -> PackageError:
        return PackageError(f"文件中的“{name}”解压后超过 {self.limits.part_bytes // MB} MB 的导入上限"
                            f"（至少 {size / MB:.0f} MB），可能是损坏或恶意构造的文件")

    # -- XML -----------------------------------------------------------------------------
    def events(self, name: str, events: tuple[Event, ...] = ("end",)
               ) -> Iterator[tuple[str, ElementTree.Element]]:
        """The part parsed as it streams in, every element counted (an "end" each)."""
        parser: ElementTree.XMLPullParser = ElementTree.XMLPullParser(events=events)
        limit = self.limits.elements
        for chunk in self._checked(name):
            try:
                parser.feed(chunk)
            except (ValueError, LookupError):  # an encoding the prolog check let through
                raise PackageError(f"文件中的“{name}”的文字编码无法读取，请在原程序中打开并另存") from None
            for event, element in cast(Iterator[tuple[str, ElementTree.Element]],
                                       parser.read_events()):
                if event == "end":
                    self.elements += 1
                    if self.elements > limit:
                        raise PackageError(f"文件中的 XML 元素超过 {limit:,} 个的导入上限，不像一份表格")
                    if not self.elements % 65_536:
                        self.check_cancelled()
                yield event, element
        parser.close()
        yield from cast(Iterator[tuple[str, ElementTree.Element]], parser.read_events())

    def parse(self, name: str) -> ElementTree.Element:
        """A small part parsed whole (its elements capped at ``tree_elements``)."""
        root = None
        count = 0
        for _, element in self.events(name):
            count += 1
            if count > self.limits.tree_elements:
                raise PackageError(f"文件中的“{name}”过大（XML 元素超过 {self.limits.tree_elements:,} 个）")
            root = element
        if root is None:
            raise ElementTree.ParseError("no element found")
        return root

    def _checked(self, name: str) -> Iterator[bytes]:
        """The part's chunks, its prolog read whole and checked before the first is passed on."""
        head = b""
        chunks = self.chunks(name)
        for chunk in chunks:
            head += chunk
            verdict = _prolog(head, name)
            if verdict is not None or len(head) > self.limits.prolog_bytes:
                if verdict is None:
                    raise PackageError(f"文件中的“{name}”的 XML 开头过长（根元素之前超过 "
                                       f"{self.limits.prolog_bytes // 1024} KB），可能是恶意构造的文件")
                break
        else:
            if head:
                _prolog(head, name, complete=True)
        if head:
            yield head
        yield from chunks


def _prolog(head: bytes, name: str, complete: bool = False) -> bool | None:
    """True when ``head`` reaches the root element with nothing refused before it; None when
    more bytes are needed. Raises ``PackageError`` for a DOCTYPE, an entity or an encoding."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[:len(head) // 2 * 2].decode("utf-16", errors="replace")
    elif head.startswith((b"<\x00", b"\x00<")):  # UTF-16 without its byte order mark
        codec = "utf-16-le" if head[0] == 0x3C else "utf-16-be"
        text = head[:len(head) // 2 * 2].decode(codec, errors="replace")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    declared = _DECLARED.match(text)
    if declared and declared.group(1).strip().lower() not in _ENCODINGS:
        raise PackageError(f"文件中的“{name}”声明了不支持的文字编码“{declared.group(1)[:20]}”"
                           "（应为 UTF-8），文件可能由其他程序生成或已损坏；请在原程序中打开并另存")
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n\ufeff":
            position += 1
        rest = text[position:position + 4]
        if not complete and len(rest) < 4 and "<!--".startswith(rest):
            return None  # the next markup is not known yet
        if rest.startswith("<?"):
            end, close = text.find("?>", position + 2), 2
        elif rest.startswith("<!--"):
            end, close = text.find("-->", position + 4), 3
        elif rest.startswith("<!"):
            raise PackageError(f"文件中的“{name}”含有不允许的 XML 声明（DOCTYPE 或实体），"
                               "可能是恶意构造的文件")
        else:
            return True  # the root element (or text the parser will refuse)
        if end < 0:
            return True if complete else None
        position = end + close
