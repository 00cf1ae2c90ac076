"""What the officer relies on around the files: names, no overwriting, cancel, no half files."""
from __future__ import annotations

import pytest

import app.export as export
from app.export import ExportCancelled, ExportError, export_document, export_paths
from app.projectfile import load_document
from app.templates import all_templates
from tests.conftest import EXAMPLE_FILES


@pytest.fixture
def suzhou():
    return load_document(EXAMPLE_FILES["jiangsu"])


def test_file_names_follow_unit_year_and_form(suzhou, tmp_path):
    paths = export_paths(suzhou, tmp_path)
    assert paths["docx"].name == "苏州市自然资源和规划局_2024年市级部门整体预算绩效目标表.docx"
    assert [p.suffix for p in paths.values()] == [".docx", ".xlsx", ".pdf"]


def test_every_template_names_its_form_and_layout():
    for template in all_templates():
        assert template.form_name and callable(template.layout)


def test_existing_files_are_not_overwritten_without_force(suzhou, tmp_path):
    docx = export_paths(suzhou, tmp_path)["docx"]
    docx.write_bytes(b"officer's own edits")
    with pytest.raises(ExportError, match="文件已存在") as info:
        export_document(suzhou, tmp_path, ["docx", "xlsx"])
    assert docx.name in str(info.value)
    assert docx.read_bytes() == b"officer's own edits"
    assert [p.name for p in tmp_path.iterdir()] == [docx.name]
    export_document(suzhou, tmp_path, ["docx"], force=True)
    assert docx.read_bytes().startswith(b"PK")


def test_progress_is_reported_in_chinese_up_to_done(suzhou, tmp_path):
    steps = []
    export_document(suzhou, tmp_path, ["docx", "xlsx"],
                    progress=lambda step, total, message: steps.append((step, total, message)))
    assert steps[0][0] == 0 and steps[-1] == (3, 3, "导出完成")
    assert any("Word" in m for _, _, m in steps) and any("Excel" in m for _, _, m in steps)


def test_cancel_between_formats_removes_this_runs_files(suzhou, tmp_path):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 1  # let Word finish, then cancel

    with pytest.raises(ExportCancelled):
        export_document(suzhou, tmp_path, ["docx", "xlsx"], cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_renderer_leaves_no_half_written_file(suzhou, tmp_path, monkeypatch):
    def broken(layout, path, *args):
        path.write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_renderer", lambda fmt: broken)
    with pytest.raises(ExportError, match="无法写入"):
        export_document(suzhou, tmp_path, ["xlsx"])
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_refused(suzhou, tmp_path):
    with pytest.raises(ExportError, match="不支持"):
        export_document(suzhou, tmp_path, ["odt"])


@pytest.mark.parametrize("template", all_templates(), ids=lambda t: t.id)
def test_a_new_empty_document_exports(template, tmp_path):
    document = template.new_document("", 2025)
    files = export_document(document, tmp_path, ["docx", "xlsx"])
    assert all(f.stat().st_size > 0 for f in files)
    assert files[0].name.startswith("未命名单位_2025年")


def test_exported_files_get_ordinary_permissions(suzhou, tmp_path):
    import stat

    from app.atomic import new_file_permissions

    [docx] = export_document(suzhou, tmp_path, ["docx"])
    assert stat.S_IMODE(docx.stat().st_mode) == new_file_permissions()  # not mkstemp's 0600
