"""Broken and hostile Word files, beyond those of test_word_import.py: each refused with its
Chinese message, exit 2, nothing written, the input unchanged; and old Word files (.doc, .wps)
converted through LibreOffice, or refused saying what to install."""
from __future__ import annotations

import io
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

from app import cli
from app.export import build_layout
from app.export.docx_render import render_docx
from app.importing import convert
from app.projectfile import load_document
from tests.app.importing.roundtrip import canonical, export_xlsx
from tests.conftest import EXAMPLE_FILES
from tests.libreoffice import soffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
NO_LIBREOFFICE = "LibreOffice not installed; as root `make test` installs it (scripts/system-deps)"


def _package(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rels(target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    return (f'<Relationships xmlns="{R}"><Relationship Id="rId1" Type="{DOC_TYPE}" '
            f'Target="{target}"{mode}/></Relationships>').encode()


def _docx(document_xml: bytes, **extra: bytes) -> bytes:
    return _package({"[Content_Types].xml": b"<Types/>", "_rels/.rels": _rels("word/document.xml"),
                     "word/document.xml": document_xml,
                     **{k.replace("__", "/"): v for k, v in extra.items()}})


def _body(inner: str) -> bytes:
    return f'<w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>'.encode()


def _cell(text: str = "", properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _table(rows: list[str]) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"


_LABEL = _cell("单位名称")
_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                     for i in range(9)) + "]>").encode()


def _many_entries() -> bytes:
    parts = {f"word/media/{i}.xml": b"" for i in range(10_001)}
    return _package({"word/document.xml": _body(_table([_LABEL])), **parts}, zipfile.ZIP_STORED)


def _zip_password() -> bytes:
    data = bytearray(_docx(_body(_table([_LABEL]))))
    # Flag every member as encrypted with a zip password (bit 0), local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset] |= 1
            start += 4
    return bytes(data)


HOSTILE: dict[str, tuple[str, bytes | None, str]] = {
    "no word/document.xml": ("缺正文.docx", _package(
        {"[Content_Types].xml": b"<Types/>", "_rels/.rels": _rels("word/document.xml"),
         "word/styles.xml": b"<w:styles/>"}), "缺少 document.xml"),
    "document.xml not XML": ("非XML.docx", _docx("这不是 XML <<<".encode()), "XML“word/document.xml”已损坏"),
    "a zip cut in half": ("半截.docx", None, "不是完整的 .docx 压缩包"),
    "a part too well compressed": ("压缩比.docx", _docx(
        _body(_table([_LABEL]))[:-25] + b" " * (4 * 1024 * 1024) + _body("")[-25:]), "压缩比异常"),
    "billion laughs": ("笑话.docx", _docx(_LAUGHS + _body(
        f"<w:p><w:r><w:t>&j;</w:t></w:r></w:p>{_table([_LABEL])}")), "DOCTYPE 或实体"),
    "an external main part": ("外链.docx", _package(
        {"_rels/.rels": _rels("http://example.com/document.xml", external=True),
         "word/document.xml": _body(_table([_LABEL]))}), "不是 Word 文档（缺少 document.xml）"),
    "20,001 table rows": ("两万行.docx", _docx(_body(_table(["<w:tc><w:p/></w:tc>"] * 20_001))),
                          "超过 20,000 行的导入上限"),
    "1,000 columns": ("千列.docx", _docx(_body(_table([_cell("单位名称") * 1000]))), "表1第1行超出了 200 列"),
    "gridSpan 0 and negative": ("跨零列.docx", _docx(_body(_table(
        [_cell("单位名称", '<w:gridSpan w:val="0"/>') + _cell("x", '<w:gridSpan w:val="-3"/>')]))),
        "找不到“单位主要职能”"),
    "vMerge continue without restart": ("续并.docx", _docx(_body(_table(
        [_cell("", "<w:vMerge/>"), _cell("", "<w:vMerge/>")]))),
        "的“绩效目标表”部分（它的标题和表头都不在文档中）"),
    "10,001 zip entries": ("万件.docx", _many_entries(), "压缩包中的文件过多"),
    "a zip password": ("压缩密码.docx", _zip_password(), "不支持的压缩方式或压缩密码"),
    "an encrypted file named .doc": ("加密.doc", _OLE + "EncryptedPackage".encode("utf-16-le")
                                     + b"\x00\x00", "设置了打开密码"),
    "an empty file": ("空.docx", b"", "文件是空的（0 字节），不是 Word 文档"),
}


def export_docx(name: str, path: Path) -> Path:
    render_docx(build_layout(load_document(EXAMPLE_FILES[name])), path)
    return path


def refused(source: Path, message: str, capsys) -> str:
    """Import ``source`` by the command: exit 2, ``message`` said, nothing written, the input
    unchanged; the error printed."""
    before = (source.read_bytes(), os.stat(source).st_mtime_ns)
    folder = source.parent
    existing = sorted(p.name for p in folder.iterdir())
    assert cli.main(["import", str(source), "--template", "jiangsu-dept-target",
                     "-o", str(folder / "导入.jixiao")]) == 2
    error = capsys.readouterr().err
    assert message in error and "未生成文件" in error, error
    assert "Traceback" not in error
    assert sorted(p.name for p in folder.iterdir()) == existing
    assert (source.read_bytes(), os.stat(source).st_mtime_ns) == before
    return error


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_word_file_is_refused_in_chinese_with_exit_2(case, tmp_path, capsys):
    name, data, message = HOSTILE[case]
    if data is None:  # a real export, cut where its central directory would be
        whole = export_docx("hunan-dept-target", tmp_path / "整.docx").read_bytes()
        (tmp_path / "整.docx").unlink()
        data = whole[:len(whole) // 2]
    source = tmp_path / name
    source.write_bytes(data)
    refused(source, message, capsys)


def test_a_broken_file_with_a_name_not_in_utf8_is_refused_in_chinese(tmp_path, capsys):
    if sys.platform == "win32" or os.fsencode("é") != b"\xc3\xa9":
        pytest.skip("file names are not bytes in UTF-8 on this system")
    source = tmp_path / os.fsdecode(b"\xb1\xed\xb8\xf1.docx")  # 表格 in GBK
    source.write_bytes("不是文档".encode())
    assert "不是 Word 文档（.docx）" in refused(source, "不是 Word 文档", capsys)


def test_a_workbook_renamed_docx_is_read_as_the_workbook(tmp_path, capsys):
    example = load_document(EXAMPLE_FILES["hunan-dept-target"])
    source = export_xlsx(example, tmp_path / "其实是表格.xlsx").rename(tmp_path / "其实是表格.docx")
    assert cli.main(["import", str(source), "-o", str(tmp_path / "导入")]) == 0
    assert load_document(tmp_path / "导入.jixiao") == canonical(example)


# -- old Word files through LibreOffice -------------------------------------------------------
def test_a_doc_made_by_libreoffice_imports_to_the_example(tmp_path, capsys):
    found = soffice()
    if found is None:
        print(NO_LIBREOFFICE)
        pytest.skip(NO_LIBREOFFICE)
    import subprocess
    docx = export_docx("hunan-dept-target", tmp_path / "湖南.docx")
    made = tmp_path / "made"
    subprocess.run([found, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "doc", "--outdir", str(made), str(docx)],
                   capture_output=True, timeout=240, check=True)
    doc = made / "湖南.doc"
    assert doc.read_bytes().startswith(_OLE[:8])
    before = (doc.read_bytes(), os.stat(doc).st_mtime_ns)
    assert cli.main(["import", str(doc), "-o", str(tmp_path / "导入")]) == 0
    assert "已导入" in capsys.readouterr().out
    example = load_document(EXAMPLE_FILES["hunan-dept-target"])
    assert load_document(tmp_path / "导入.jixiao") == canonical(example)
    assert (doc.read_bytes(), os.stat(doc).st_mtime_ns) == before
    assert sorted(p.name for p in made.iterdir()) == ["湖南.doc"]


def test_a_doc_libreoffice_cannot_open_is_refused(tmp_path, capsys):
    if soffice() is None:
        print(NO_LIBREOFFICE)
        pytest.skip(NO_LIBREOFFICE)
    source = tmp_path / "坏.doc"
    source.write_bytes(_OLE + "WordDocument".encode("utf-16-le") + b"\x00\x00" + b"\x01" * 4096)
    refused(source, "LibreOffice 无法转换这个旧版 Word 文件", capsys)


@pytest.mark.parametrize("name", ["旧版.doc", "金山.wps"])
def test_without_libreoffice_an_old_word_file_says_what_to_install(name, tmp_path, capsys,
                                                                    monkeypatch):
    monkeypatch.setenv(convert.SOFFICE_ENV, str(tmp_path / "没有这个程序"))
    source = tmp_path / name
    source.write_bytes(_OLE + "WordDocument".encode("utf-16-le") + b"\x00\x00")
    error = refused(source, "请安装 LibreOffice", capsys)
    assert "另存为” Word 文档（.docx）" in error


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_a_conversion_that_hangs_is_killed_and_said_in_chinese(tmp_path, capsys, monkeypatch):
    if not Path("/proc/self/stat").is_file():
        pytest.skip("needs /proc to see the processes")
    (tmp_path / "bin").mkdir()
    pids = tmp_path / "bin" / "pids.txt"
    fake = tmp_path / "bin" / "soffice"
    # Like soffice, it starts a second program; both hang.
    fake.write_text(f"#!/bin/sh\nsleep 600 &\necho $$ $! > '{pids}'\nsleep 600\n")
    fake.chmod(0o755)
    monkeypatch.setenv(convert.SOFFICE_ENV, str(fake))
    monkeypatch.setattr(convert, "TIME_LIMIT", 1.0)
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "卡住.doc"
    source.write_bytes(_OLE + "WordDocument".encode("utf-16-le") + b"\x00\x00")
    refused(source, "LibreOffice 转换旧版 Word 文件超过 1 秒仍未完成，已停止", capsys)
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2
    for _ in range(100):  # SIGKILL is delivered, the orphan reaped, in a moment
        if not any(_alive(p) for p in started):
            break
        time.sleep(0.05)
    assert not any(_alive(p) for p in started), started


def test_the_conversion_stops_at_cancel(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 600\n")
    fake.chmod(0o755)
    monkeypatch.setenv(convert.SOFFICE_ENV, str(fake))
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(convert.PackageCancelled):
        convert.convert_old_word(_OLE + "WordDocument".encode("utf-16-le") + b"\x00\x00",
                                 tmp_path / "旧.doc", cancelled)
    assert len(asked) == 3


def test_an_encrypted_docx_is_never_sent_to_libreoffice(tmp_path):
    encrypted = _OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00\x00" \
        + "WordDocument".encode("utf-16-le") + b"\x00\x00"
    assert not convert.is_old_word(encrypted, tmp_path / "a.doc")
    assert convert.is_old_word(_OLE, tmp_path / "a.wps")
    assert not convert.is_old_word(_OLE, tmp_path / "a.xls")
