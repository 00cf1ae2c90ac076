import json
import os
import stat
from decimal import Decimal

import pytest

from app import atomic
from app.errors import DocumentLoadError, DocumentSaveError
from app.migrations import SCHEMA_VERSION, migrate
from app.model import IndicatorRow, IndicatorTable, TargetDocument
from app.projectfile import FORMAT_TAG, dumps, load_document, loads, save_document
from tests.conftest import EXAMPLES, FIXTURES


def _doc(name="苏州市自然资源和规划局") -> TargetDocument:
    return TargetDocument(template="jiangsu-dept-target", unit_name=name, year=2024)


def test_file_is_tagged_versioned_utf8_json_with_stable_key_order(tmp_path):
    path = tmp_path / "a.jixiao"
    save_document(_doc(), path)
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text)
    assert list(raw) == ["format", "schema_version", "document"]
    assert raw["format"] == FORMAT_TAG and raw["schema_version"] == SCHEMA_VERSION
    assert "苏州市自然资源和规划局" in text  # not \\u-escaped: diffable
    assert list(raw["document"])[:3] == ["template", "unit_name", "year"]
    assert text == dumps(load_document(path))


def test_amounts_are_stored_as_strings_never_floats(tmp_path):
    document = _doc()
    document.department.funds.total = Decimal("21274.97")
    path = tmp_path / "a.jixiao"
    save_document(document, path)
    assert '"total": "21274.97"' in path.read_text(encoding="utf-8")


def test_hand_written_numbers_are_read_exactly():
    text = json.dumps({"format": "jixiao", "schema_version": 1,
                       "document": {"template": "jiangsu-dept-target",
                                    "department": {"funds": {"total": 0}}}})
    text = text.replace('"total": 0', '"total": 21274.97')
    assert loads(text).department.funds.total == Decimal("21274.97")


def test_save_keeps_one_backup_of_the_previous_version(tmp_path):
    path = tmp_path / "a.jixiao"
    save_document(_doc("第一版"), path)
    save_document(_doc("第二版"), path)
    save_document(_doc("第三版"), path)
    assert load_document(path).unit_name == "第三版"
    backup = atomic.backup_path(path)
    assert loads(backup.read_text(encoding="utf-8")).unit_name == "第二版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jixiao", "a.jixiao.bak"]


def test_save_keeps_the_file_permissions(tmp_path):
    path = tmp_path / "a.jixiao"
    save_document(_doc(), path)
    assert stat.S_IMODE(path.stat().st_mode) & 0o044  # readable by others as a normal file
    os.chmod(path, 0o640)
    save_document(_doc("x"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failed_save_leaves_the_file_and_no_temp_behind(tmp_path, monkeypatch):
    path = tmp_path / "a.jixiao"
    save_document(_doc("原文"), path)
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(DocumentSaveError) as info:
        save_document(_doc("新文"), path)
    assert "磁盘空间不足" in str(info.value) and "原文件未被改动" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.jixiao"]


def test_save_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(DocumentSaveError, match="所在文件夹不存在"):
        save_document(_doc(), tmp_path / "无此文件夹" / "a.jixiao")


def test_frozen_v1_fixture_always_opens():
    # This file is frozen: never regenerate it. If it stops loading, write a migration.
    document = load_document(FIXTURES / "v1-frozen.jixiao")
    assert document.unit_name == "测试单位（冻结的第1版文件）"
    assert document.department.funds.total == Decimal("100.50")
    assert document.department.indicator_tables[0].rows[0].get("full_year_target") == "＝100%"
    assert document.projects[0].budget_amount == Decimal("420000.00")
    assert document.projects[0].schedule[0].end == "2024-11-31"


def test_frozen_v2_fixture_always_opens_and_is_v1_migrated():
    # Frozen too: the v1 fixture saved by the first version with cells by column id.
    v2 = load_document(FIXTURES / "v2-frozen.jixiao")
    assert v2 == load_document(FIXTURES / "v1-frozen.jixiao")
    assert v2.department.indicator_tables[0].rows[0].cells["full_year_target"] == "＝100%"


@pytest.mark.parametrize("v1", sorted((FIXTURES / "v1-examples").glob("*.jixiao")),
                         ids=lambda p: p.stem)
def test_examples_as_first_released_migrate_to_the_current_examples(v1):
    # The examples as the v1 format shipped them (frozen), opened today: the same documents.
    assert load_document(v1) == load_document(EXAMPLES / v1.name)


@pytest.mark.parametrize("v3", sorted((FIXTURES / "v3-examples").glob("*.jixiao")),
                         ids=lambda p: p.stem)
def test_examples_saved_before_declared_boxes_open_and_save_as_the_current_examples(v3, tmp_path):
    # Frozen: the examples as schema 3 saved them. Schema 4 (declared boxes) changes no field's
    # meaning, so each opens as today's example and saves to today's bytes.
    document = load_document(v3)
    assert document == load_document(EXAMPLES / v3.name)
    save_document(document, tmp_path / v3.name)
    assert (tmp_path / v3.name).read_bytes() == (EXAMPLES / v3.name).read_bytes()


def test_frozen_v4_file_opens_with_every_duty_numbered_and_special_account_appropriated():
    # Frozen: the 苏州 example as schema 4 saved it. Schema 5 adds a list's lead-in: an older
    # file has none, so its duties stay numbered items; 财政专户管理资金 joins 财政拨款 (seed 000).
    raw = json.loads((FIXTURES / "v4-frozen.jixiao").read_text(encoding="utf-8"))
    assert raw["schema_version"] == 4
    old_functions = raw["document"]["department"]["functions"]
    document = load_document(FIXTURES / "v4-frozen.jixiao")
    assert document.department.functions == old_functions
    assert document.department.functions_lead_in == ""
    assert document == load_document(EXAMPLES / "jiangsu-suzhou-2024.jixiao")
    special = next(line for line in document.department.funds.income
                   if line.name == "财政专户管理资金")
    assert special.appropriation


def test_v1_rows_become_cells_by_column_id_without_empty_cells():
    raw = {"department": {"indicator_tables": [{"key": "k", "rows": [
        {"level1": "产出指标", "name": "数量", "target": "＝3个", "basis": ""}]}]},
        "projects": [{"indicators": [{"name": "满意度", "target": "≥90%"}]}]}
    migrated = migrate(raw, 1, 2)
    assert migrated["department"]["indicator_tables"][0]["rows"] == [
        {"cells": {"level1": "产出指标", "name": "数量", "target": "＝3个"}}]
    assert migrated["projects"][0]["indicators"] == [
        {"cells": {"name": "满意度", "target": "≥90%"}}]


def test_migrations_run_in_order_before_validation():
    steps = {1: lambda d: {**d, "unit_name": d["unit_name"] + "→2"},
             2: lambda d: {**d, "unit_name": d["unit_name"] + "→3"}}
    assert migrate({"unit_name": "v1"}, 1, 3, steps)["unit_name"] == "v1→2→3"
    assert migrate({"unit_name": "v3"}, 3, 3, steps)["unit_name"] == "v3"


def test_model_round_trip_of_nested_parts(tmp_path):
    document = _doc()
    document.department.indicator_tables = [IndicatorTable(key="duty", rows=[
        IndicatorRow(level1="履职", level2="承担档案管理工作", key_task="专项档案整理保管工作",
                     name="档案抽检合格率", half_year_target="＝100%", full_year_target="＝100%")])]
    path = tmp_path / "a.jixiao"
    save_document(document, path)
    assert load_document(path) == document


def test_error_message_names_the_file_and_json_path(tmp_path):
    path = tmp_path / "坏.jixiao"
    path.write_text(json.dumps({"format": "jixiao", "schema_version": 1, "document": {
        "template": "jiangsu-dept-target", "projects": [{}, {"budget_amount": "-5"}]}}),
        encoding="utf-8")
    with pytest.raises(DocumentLoadError) as info:
        load_document(path)
    error = info.value
    assert error.location == "document.projects[1].budget_amount"
    assert "不能为负数" in error.message
    assert str(path) in str(error)


def test_loading_reads_a_notepad_bom(tmp_path):
    path = tmp_path / "bom.jixiao"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(_doc()).encode("utf-8"))
    assert load_document(path).unit_name == "苏州市自然资源和规划局"
