"""Word import: our own Word export read back by the templates' own import definitions (the
same comparison and exceptions as the Excel round trip, tests/app/importing/roundtrip.py), the
place of a problem said as Word shows it, and hostile .docx files refused in Chinese, exit 2."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from app import cli
from app.checks import run_checks
from app.export import build_layout
from app.export.docx_render import render_docx
from app.export.layout import Table
from app.importing import WorkbookImportError, guess_template, import_workbook
from app.projectfile import load_document
from app.templates import get_template
from tests.app.importing.roundtrip import canonical, first_difference, held
from tests.conftest import EXAMPLE_FILES
from tests.truth import _EXCEL_HOLDS, printed

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# The Word file of 河北 自评报告 is the report itself, not the workbook's 自评数据 sheet: what it
# gives back is compared with what it prints (above), not with the workbook's round trip.
WORD_HOLDS_NO_IMPORT = {"hebei-self-eval"}
# Word files that print the narrative parts a workbook lacks.
WORD_HOLDS_MORE = {"hebei-self-eval", "hebei-perf-text"}


def export_docx(document, path: Path) -> Path:
    render_docx(build_layout(document), path)
    return path


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_every_example_comes_back_from_its_word_file(name, tmp_path):
    example = load_document(EXAMPLE_FILES[name])
    template = get_template(example.template)
    if template.excel_import is None:
        pytest.skip(f"{template.id} declares no import")
    path = export_docx(example, tmp_path / "导出.docx")
    assert guess_template(path) == template.id
    result = import_workbook(path, template)
    expected = canonical(example)
    if template.id in WORD_HOLDS_MORE:  # the narrative too: everything the Word file prints
        assert printed(result.document, "docx", keep_empty=True) == \
            printed(example, "docx", keep_empty=True)
    if template.id in WORD_HOLDS_NO_IMPORT:
        return
    assert held(result.document) == held(expected), first_difference(
        held(expected), held(result.document))
    if template.id not in _EXCEL_HOLDS:  # the Word file holds the whole document
        assert result.document == expected
        assert [f.as_dict() for f in run_checks(result.document)] == \
            [f.as_dict() for f in run_checks(example)]


def test_the_examples_cover_a_table_cut_by_a_page_break(tmp_path):
    """The round trip above goes through tables continued on the next page: their pieces are
    Word tables of their own, the later ones opening with the header rows again."""
    example = load_document(EXAMPLE_FILES["national-dept-eval"])
    tables = sum(isinstance(b, Table) for part in build_layout(example).printed_parts()
                 for b in part.blocks)
    path = export_docx(example, tmp_path / "导出.docx")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    assert xml.count("<w:tbl>") > tables + 1  # cut (the signature block is one more)


def _edited(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["word/document.xml"].decode()
    assert f">{old}<" in xml, old
    parts["word/document.xml"] = xml.replace(f">{old}<", f">{new}<", 1).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_the_comparison_notices_one_changed_character(tmp_path):
    """Proof the round trip can fail: a Word file edited in one cell."""
    example = load_document(EXAMPLE_FILES["jiangsu"])
    path = export_docx(example, tmp_path / "导出.docx")
    _edited(path, "资金使用合规性", "资金使用合规度")
    imported = import_workbook(path, get_template(example.template)).document
    differences = [(a, b) for a, b in zip(held(example), held(imported)) if a != b]
    assert len(differences) == 1, differences


def test_a_problem_is_placed_in_the_word_table_row_and_cell(tmp_path):
    example = load_document(EXAMPLE_FILES["jiangsu"])
    path = export_docx(example, tmp_path / "导出.docx")
    _edited(path, "21274.97", "21274.9a")
    with pytest.raises(WorkbookImportError) as refused:
        import_workbook(path, get_template(example.template))
    line, = [line for line in refused.value.lines() if "21274.9a" in line]
    assert line.startswith("表1第") and "行第" in line and "列：" in line, line


# -- hostile files ------------------------------------------------------------------------
def _docx(document_xml: bytes, extra: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _body(inner: str) -> bytes:
    return f'<w:document xmlns:w="{W}"><w:body>{inner}</w:body></w:document>'.encode()


_TABLE = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单位名称</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

HOSTILE = {
    "not a docx": ("说明.docx", "你好，这不是文档".encode(), "不是 Word 文档（.docx）"),
    "a corrupt zip": ("截断.docx", _docx(_body(_TABLE))[:200], "不是完整的 .docx 压缩包"),
    "a zip bomb": ("炸弹.docx", _docx(_body(_TABLE)[:-25] + b" " * (40 * 1024 * 1024)
                                      + _body(_TABLE)[-25:]), "解压后超过 32 MB"),
    "an external entity": ("实体.docx", _docx(
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + _body(f"<w:p><w:r><w:t>&x;</w:t></w:r></w:p>{_TABLE}")), "DOCTYPE 或实体"),
    "no tables": ("无表.docx", _docx(_body("<w:p><w:r><w:t>部门整体绩效目标</w:t></w:r></w:p>")),
                  "Word 文档中没有表格"),
    "encrypted": ("加密.docx", _OLE + "EncryptedPackage".encode("utf-16-le"),
                  "Word 文档设置了打开密码"),
    "a Word 97 file": ("旧版.doc", _OLE + "WordDocument".encode("utf-16-le"), "旧版 Word 文件"),
    "XML declared GBK": ("编码.docx", _docx(b'<?xml version="1.0" encoding="GBK"?>'
                                            + _body(_TABLE)), "不支持的文字编码"),
    "a gridSpan past the columns": ("跨列.docx", _docx(_body(
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999"/></w:tcPr><w:p/></w:tc>'
        "</w:tr></w:tbl>")), "超出了 200 列"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_word_file_is_refused_in_chinese_with_exit_2(case, tmp_path, capsys):
    name, data, message = HOSTILE[case]
    source = tmp_path / name
    source.write_bytes(data)
    before = (source.read_bytes(), os.stat(source).st_mtime_ns)
    output = tmp_path / "导入.jixiao"
    assert cli.main(["import", str(source), "--template", "jiangsu-dept-target",
                     "-o", str(output)]) == 2
    error = capsys.readouterr().err
    assert message in error and "未生成文件" in error, error
    assert "Traceback" not in error
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert (source.read_bytes(), os.stat(source).st_mtime_ns) == before


def test_a_docm_is_read_and_its_macros_never_run(tmp_path, capsys):
    """A macro-enabled document is a zip like any other: its XML is read, the macro project is
    a part nobody opens."""
    example = load_document(EXAMPLE_FILES["hunan-dept-target"])
    docx = export_docx(example, tmp_path / "导出.docx")
    with zipfile.ZipFile(docx) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["word/vbaProject.bin"] = _OLE + b"Attribute VB_Name AutoOpen Shell"
    docm = tmp_path / "带宏.docm"
    with zipfile.ZipFile(docm, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert cli.main(["import", str(docm), "-o", str(tmp_path / "导入")]) == 0
    assert load_document(tmp_path / "导入.jixiao") == canonical(example)


def test_the_command_guesses_the_template_of_a_word_file(tmp_path, capsys):
    example = load_document(EXAMPLE_FILES["sichuan-project-eval"])
    docx = export_docx(example, tmp_path / "导出.docx")
    assert cli.main(["import", str(docx), "-o", str(tmp_path / "导入")]) == 0
    assert "已导入" in capsys.readouterr().out
    assert load_document(tmp_path / "导入.jixiao") == canonical(example)


def test_a_word_files_cover_states_the_unit_and_year_so_nothing_is_guessed(tmp_path):
    """The 绩效文本's workbook has no 单位名称 or 年度 (its import says what it took); its Word
    file has the cover, whose title states both: no warning that they were guessed."""
    example = load_document(EXAMPLE_FILES["hebei-text"])
    template = get_template(example.template)
    result = import_workbook(export_docx(example, tmp_path / "导出.docx"), template)
    assert (result.document.unit_name, result.document.year) == \
        (example.unit_name, example.year)
    said = [w.message for w in result.warnings]
    assert not [m for m in said if "没有年度" in m or "没有单位名称" in m], said


def test_a_word_file_of_another_form_is_called_a_word_file_not_a_workbook(tmp_path):
    example = load_document(EXAMPLE_FILES["sichuan-project-eval"])
    path = export_docx(example, tmp_path / "导出.docx")
    with pytest.raises(WorkbookImportError) as caught:
        import_workbook(path, get_template("jiangsu-dept-target"))
    said = "；".join(p.message for p in caught.value.problems)
    assert "这份 Word 文档是“四川" in said and "工作簿" not in said, said
