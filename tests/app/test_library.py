"""The indicator library (指标库): seeding, indexing, dedupe, ranking, short queries, a damaged
or foreign file, the schema version. Real SQLite files in the test's own user folder."""
from __future__ import annotations

import json
import sqlite3

import pytest

from app import config
from app.library import (DOCUMENT, FRAMEWORK, SCHEMA_VERSION, LibraryEntry, Source,
                         document_source, framework_sources, open_library, rebuild_library,
                         row_for_entry)
from app.library import LibraryError, opening, schema, store
from app.library.indexing import index_files
from app.model import IndicatorRow, Project
from app.projectfile import load_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES, EXAMPLES
from tests.library_files import damage_pages, held_library

SEEDS = [EXAMPLE_FILES[name] for name in ("jiangsu", "hebei-text", "hebei-eval", "guizhou")]
FRAMEWORK_ENTRIES = sum(len(source.entries) for source in framework_sources())


@pytest.fixture
def library():
    with open_library() as opened:
        yield opened


def source_of(name: str, *entries: LibraryEntry, year: int = 2024) -> Source:
    return Source(name, DOCUMENT, f"测试单位 {year}年", year, entries)


def entry(name: str, target: str = "", level1: str = "产出指标", level2: str = "数量指标",
          definition: str = "", source: str = "/文档/a.jixiao") -> LibraryEntry:
    return LibraryEntry(level1, level2, name, target, definition, source=source)


# -- seeding and the file ------------------------------------------------------------------

def test_a_new_library_lives_in_the_data_folder_and_holds_the_frameworks(library):
    assert library.path == config.library_path() and library.path.is_file()
    assert str(library.path).startswith(str(config.data_dir()))
    assert library.count() == FRAMEWORK_ENTRIES == library.count(FRAMEWORK) >= 40
    assert [s.kind for s in library.sources()] == [FRAMEWORK] * 3
    assert not library.has_documents()
    version = sqlite3.connect(library.path).execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION
    assert library.fts  # SQLite ≥ 3.34 has the trigram tokenizer


def test_the_shipped_frameworks_are_indicators_with_their_sources():
    data = json.loads((config.Path(__file__).resolve().parents[2] / "resources" / "indicators"
                       / "frameworks.json").read_text(encoding="utf-8"))
    assert all(f["source"] and f["name"] and f["entries"] for f in data["frameworks"])
    for source in framework_sources():
        for item in source.entries:
            assert item.level1 and item.level2 and item.name
            assert not item.name.startswith("("), item  # no "(单位自定)" placeholders
    names = {e.name for s in framework_sources() for e in s.entries}
    assert {"预算执行率", "服务对象满意度", "立项依据充分性", "在职人员控制率"} <= names


def test_opening_again_does_not_seed_twice(library):
    library.close()
    with open_library() as again:
        assert again.count() == FRAMEWORK_ENTRIES


# -- indexing ------------------------------------------------------------------------------

def test_indexing_the_seed_examples_twice_adds_no_duplicates(library):
    first = index_files(library, SEEDS)
    assert len(first.changed) == 4 and not first.problems
    count = library.count()
    assert count == FRAMEWORK_ENTRIES + first.entries > FRAMEWORK_ENTRIES + 200
    second = index_files(library, SEEDS)
    assert second.changed == [] and len(second.unchanged) == 4
    assert library.count() == count
    rows = library.connection.execute(
        "SELECT s.name, t.level1, t.level2, t.name, e.target, count(*) FROM entries e "
        "JOIN texts t ON t.id = e.text_id JOIN sources s ON s.id = e.source_id "
        "GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1").fetchall()
    assert rows == []


def test_a_document_entry_keeps_its_parts(library):
    document = load_document(EXAMPLE_FILES["guizhou"])
    source = document_source(document, get_template(document.template), "/文档/六盘水.jixiao")
    library.index_source(source)
    found = library.search("市民满意度", kind=DOCUMENT)
    assert found[0].name == "市民满意度" and found[0].target == "≥85%"
    assert found[0].level1 == "满意度指标" and found[0].unit == "%"
    assert found[0].year == 2024 and found[0].source == "/文档/六盘水.jixiao"
    assert found[0].source_label == "六盘水市自然资源局 2024年"
    with_definition = [e for e in source.entries if e.definition]
    assert with_definition  # 贵州's 指标解释及计算公式 column is the 指标解释


def test_a_split_target_is_read_as_one_text(library):
    document = load_document(EXAMPLES / "sichuan-qingshen-2023.jixiao")
    source = document_source(document, get_template(document.template), "/文档/青神.jixiao")
    targets = {e.target for e in source.entries}
    assert any(t.startswith(("=", "≥", "≤", "＝")) and t[-1] in "%个天" for t in targets)


def test_the_same_indicator_twice_in_a_document_is_one_entry():
    template = get_template("guizhou-dept-target")
    document = template.new_document("测试局", 2025)
    row = IndicatorRow(level1="产出指标", level2="数量指标", name="培训人次", target="≥100人次")
    document.projects = [Project(name="甲", indicators=[row]), Project(name="乙", indicators=[
        row.model_copy(), IndicatorRow(level1="产出指标", level2="数量指标", name="培训人次",
                                       target="≥100人次", definition="参训人数合计")])]
    source = document_source(document, template, "/文档/b.jixiao")
    same = [e for e in source.entries if e.name == "培训人次"]
    assert len(same) == 1 and same[0].definition == "参训人数合计"


def test_indexing_a_file_again_replaces_its_entries(library):
    library.index_source(source_of("/文档/a.jixiao", entry("旧的指标名称", "≥1个"),
                                   entry("留下的指标", "≥2个")))
    library.index_source(source_of("/文档/a.jixiao", entry("新的指标名称", "≥1个"),
                                   entry("留下的指标", "≥3个")))
    assert library.search("旧的指标名称") == []
    assert [e.target for e in library.search("留下的指标")] == ["≥3个"]
    assert library.count(DOCUMENT) == 2
    # The old text left the index with its last entry.
    assert library.connection.execute(
        "SELECT count(*) FROM texts WHERE name = '旧的指标名称'").fetchone()[0] == 0


def test_removing_a_source(library):
    library.index_source(source_of("/文档/a.jixiao", entry("要删掉的指标")))
    library.remove_source("/文档/a.jixiao")
    assert library.search("要删掉的指标") == [] and library.count() == FRAMEWORK_ENTRIES


def test_a_folder_with_an_unreadable_file_indexes_the_others(library, tmp_path):
    folder = tmp_path / "文档" / "子文件夹"
    folder.mkdir(parents=True)
    (folder / "坏的.jixiao").write_text("{不是 JSON", encoding="utf-8")
    (folder / "好的.jixiao").write_bytes(EXAMPLE_FILES["jiangsu"].read_bytes())
    (folder / "别的.txt").write_text("与指标库无关", encoding="utf-8")
    report = index_files(library, [tmp_path / "文档", tmp_path / "没有这个文件夹"])
    assert [p.name for p in report.changed] == ["好的.jixiao"]
    assert len(report.problems) == 2
    bad = next(p for p in report.problems if "坏的.jixiao" in p)
    missing = next(p for p in report.problems if "没有这个文件夹" in p)
    assert "JSON" in bad and "不存在" in missing


# -- searching -----------------------------------------------------------------------------

@pytest.fixture
def with_examples(library):
    index_files(library, list(EXAMPLE_FILES.values()))
    return library


def test_satisfaction_finds_the_framework_entry_first(with_examples):
    found = with_examples.search("满意度", distinct=True)
    assert found[0].source_kind == FRAMEWORK and found[0].name == "服务对象满意度"
    assert found[0].target == "≥90%" and found[0].scoring
    # Every entry whose 三级 holds the word comes before one found by its 一级/二级 only.
    holds = [("满意度" in e.name) for e in found]
    assert holds == sorted(holds, reverse=True) and sum(holds) > 20


def test_budget_execution_rate_exact_match_first_framework_before_documents(with_examples):
    found = with_examples.search("预算执行率")
    assert [(e.name, e.source_kind) for e in found[:2]] == [("预算执行率", FRAMEWORK),
                                                             ("预算执行率", DOCUMENT)]
    assert found[0].target == "＝100%" and found[0].level2 == "预算执行"
    assert [e.source_kind for e in with_examples.search("预算执行率", distinct=True)] == [
        FRAMEWORK]  # the document's is the same indicator and value


def test_ranking_exact_then_prefix_then_the_rest(library):
    library.index_source(source_of("/文档/a.jixiao",
                                   entry("年度预算执行率"), entry("预算执行率偏差"),
                                   entry("预算执行率"), entry("资金拨付", level2="预算执行率")))
    names = [e.name for e in library.search("预算执行率", kind=DOCUMENT)]
    assert names == ["预算执行率", "预算执行率偏差", "年度预算执行率", "资金拨付"]


def test_two_character_words_and_single_characters(with_examples, library):
    found = with_examples.search("培训")
    assert "业务学习与培训及时完成率" in [e.name for e in found]
    assert all("培训" in " ".join((e.name, e.level1, e.level2, e.keywords, e.definition))
               for e in found)
    library.index_source(source_of("/文档/a.jixiao",
                                   entry("参训人数", definition="参加业务培训的人数")))
    assert [e.name for e in library.search("培训 人数")] == ["参训人数"]  # by its 指标解释
    assert all("率" in e.name for e in library.search("率"))
    assert library.search("率", limit=5) and len(library.search("率", limit=5)) == 5


def test_words_are_found_in_any_order_and_all_must_be_there(with_examples):
    found = with_examples.search("执行 预算")
    assert found[0].name == "预算执行率"
    assert with_examples.search("预算执行率 不存在的词") == []


def test_odd_queries_never_fail(library):
    for text in ('"', "''", "满意度\"", "%", "_", "\\", "a*", "NEAR(a b)", "(", "5%", "≥90%",
                 "AND", "-", "满 意 度", " "):
        library.search(text)


def test_filters(with_examples):
    by_level1 = with_examples.search("率", level1="过程", limit=500)
    assert by_level1 and all(e.level1 == "过程" for e in by_level1)
    in_2023 = with_examples.search("满意度", year=2023)
    assert in_2023 and all(e.year == 2023 for e in in_2023)
    framework = "江苏·苏州 市级部门整体预算绩效目标表 共性指标（2024）"
    from_source = with_examples.search("率", source=framework, limit=500)
    assert from_source and {e.source for e in from_source} == {framework}
    assert all(e.source_kind == DOCUMENT for e in with_examples.search("率", kind=DOCUMENT))
    browse = with_examples.search("", level1="满意度指标", limit=500)
    assert browse and all(e.level1 == "满意度指标" for e in browse)
    assert with_examples.search("率", source="/没有这个文件.jixiao") == []
    assert "满意度指标" in with_examples.level1_values()
    assert "服务对象满意度指标" in with_examples.level2_values("满意度指标")
    assert with_examples.years()[0] == 2024


def test_distinct_keeps_one_entry_per_indicator_and_value(library):
    for year in (2022, 2023, 2024):
        library.index_source(source_of(f"/文档/{year}.jixiao", entry("验收合格率", "≥95%"),
                                       year=year))
    assert len(library.search("验收合格率")) == 3
    [only] = library.search("验收合格率", distinct=True)
    assert only.year == 2024  # the newest


# -- a damaged, foreign or newer file ------------------------------------------------------

def test_garbage_is_moved_aside_and_the_library_rebuilt(tmp_path):
    path = config.library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage, not SQLite" * 100)
    with open_library() as library:
        assert library.path == path and library.moved_aside is not None
        assert library.moved_aside.read_bytes().startswith(b"\x00garbage")
        assert library.count() == FRAMEWORK_ENTRIES
        assert library.search("预算执行率")


def test_a_database_of_another_program_is_moved_aside():
    path = config.library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
    with open_library() as library:
        assert library.moved_aside is not None and library.count() == FRAMEWORK_ENTRIES


def test_a_library_missing_its_tables_is_moved_aside(library):
    library.connection.execute("DROP TABLE entries")
    library.close()
    with open_library() as again:
        assert again.moved_aside is not None and again.count() == FRAMEWORK_ENTRIES


def test_a_newer_programs_library_is_left_alone():
    path = config.library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as newer:
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        newer.execute("CREATE TABLE future (x)")
    before = path.read_bytes()
    with open_library() as library:
        assert library.path is None and library.unavailable_reason
        assert library.count() == FRAMEWORK_ENTRIES  # in memory, still searchable
    assert path.read_bytes() == before and not list(path.parent.glob("*.damaged-*"))


def test_a_writer_does_not_keep_readers_out(library):
    holder = sqlite3.connect(library.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta (key, value) VALUES ('held', 'while indexing')")
    try:
        with open_library(timeout=0.1) as other:  # WAL: a search reads beside a writer
            assert other.moved_aside is None and other.search("预算执行率")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_library_locked_too_long_is_left_alone_and_never_rebuilt(library):
    library.index_source(source_of("/文档/a.jixiao", entry("某个指标")))
    count = library.count()
    library.close()
    with held_library(config.library_path()):  # another process: even readers are shut out
        with open_library(timeout=0.2) as other:
            assert other.in_use and other.path is None and other.moved_aside is None
            assert other.count() == FRAMEWORK_ENTRIES  # the frameworks, in memory
        with rebuild_library() as again:  # a search's "locked" is never damage either
            assert again.in_use and again.moved_aside is None
    assert not list(config.library_path().parent.glob("*.damaged-*"))
    with open_library() as after:
        assert after.count() == count and after.search("某个指标")


def test_a_library_another_program_writes_to_is_searched_read_only(library):
    library.index_source(source_of("/文档/a.jixiao", entry("某个指标")))
    library.connection.execute("UPDATE meta SET value = 'old' WHERE key = 'frameworks'")
    library.close()  # opening must now write (the frameworks changed), the writer is in the way
    with held_library(config.library_path(), exclusive=False):
        with open_library(timeout=0.2) as other:
            assert other.read_only and other.path == config.library_path()
            assert other.moved_aside is None and other.search("某个指标")
    assert not list(config.library_path().parent.glob("*.damaged-*"))


def test_a_busy_error_is_not_damage():
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorname = "SQLITE_BUSY"
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorname = "SQLITE_CORRUPT"
    assert not store.is_damage(busy) and store.is_busy(busy)
    assert store.is_damage(corrupt) and not store.is_busy(corrupt)


def test_a_damaged_file_is_moved_aside_keeping_the_entries_it_still_has(library):
    for number in range(20):
        library.index_source(source_of(f"/文档/{number}.jixiao", *(
            entry(f"指标{number}之{row}完成率", f"≥{row}%", definition="解释" * 20,
                  source=f"/文档/{number}.jixiao") for row in range(25))))
    documents = library.count(DOCUMENT)
    library.close()
    path = config.library_path()
    damage_pages(path, "entries", 1)
    with open_library() as opened:  # opening reads no damaged page: nothing noticed yet
        assert opened.moved_aside is None
        with pytest.raises(LibraryError) as failed:
            opened.search("完成率", limit=1000)
        assert failed.value.damaged and not failed.value.busy
    with rebuild_library() as rebuilt:
        assert rebuilt.moved_aside is not None and rebuilt.damage == opening.FAILED_CHECK
        kept = rebuilt.count(DOCUMENT)
        assert rebuilt.salvaged == kept and documents // 2 < kept < documents
        assert rebuilt.count(FRAMEWORK) == FRAMEWORK_ENTRIES
        found = rebuilt.search("指标19之24完成率")  # the last row: read past the damage
        assert found and found[0].source == "/文档/19.jixiao" and found[0].target == "≥24%"
        assert found[0].source_label == "测试单位 2024年" and found[0].year == 2024
    assert rebuilt.moved_aside.exists()


def test_a_file_with_its_header_overwritten_is_moved_aside_as_not_a_database(library):
    library.close()
    path = config.library_path()
    with path.open("r+b") as file:
        file.write(b"not SQLite at all")
    with open_library() as opened:
        assert opened.moved_aside is not None and opened.damage == opening.NOT_A_DATABASE
        assert opened.count() == FRAMEWORK_ENTRIES


def test_rebuilding_a_sound_file_keeps_it(library):
    library.index_source(source_of("/文档/a.jixiao", entry("某个指标")))
    library.close()
    with rebuild_library() as again:
        assert again.moved_aside is None and again.search("某个指标")


def test_an_unwritable_data_folder_gives_a_library_in_memory(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(config, "library_path", lambda: blocker / "library.sqlite3")
    with open_library() as library:
        assert library.path is None and library.search("预算执行率")


def test_only_the_newest_damaged_copies_are_kept():
    path = config.library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(opening.KEEP_DAMAGED + 2):
        path.write_bytes(b"garbage" * 100)
        open_library().close()
    assert len(list(path.parent.glob(f"{path.name}.damaged-*"))) == opening.KEEP_DAMAGED


def test_the_migration_steps_run_in_order_once(library, monkeypatch):
    library.close()
    ran = []

    def add_column(connection):
        ran.append("v2")
        connection.execute("ALTER TABLE sources ADD COLUMN region TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with open_library() as migrated:
        assert ran == ["v2"] and migrated.moved_aside is None
        assert migrated.count() == FRAMEWORK_ENTRIES  # the entries survived the step
        assert migrated.connection.execute("PRAGMA user_version").fetchone()[0] == \
            SCHEMA_VERSION + 1
    open_library().close()
    assert ran == ["v2"]


# -- entries as rows of a table ------------------------------------------------------------

def framework_entry(name: str) -> LibraryEntry:
    return next(e for s in framework_sources() for e in s.entries if e.name == name)


def test_an_entry_fills_the_full_year_target_of_a_half_and_full_year_table():
    spec = get_template("jiangsu-dept-target").indicator_tables[0]
    row = row_for_entry(framework_entry("预算执行率"), spec)
    assert row.cells == {"level1": "过程", "level2": "预算执行", "name": "预算执行率",
                         "full_year_target": "＝100%"}


def test_an_entry_fills_the_definition_and_scoring_columns_where_a_table_has_them():
    entry_ = framework_entry("在职人员控制率")
    guizhou = get_template("guizhou-dept-target").indicator_tables[0]
    assert row_for_entry(entry_, guizhou).get("definition") == entry_.definition
    hunan = get_template("hunan-dept-target").indicator_tables[0]
    row = row_for_entry(entry_, hunan)
    assert row.get("definition") == entry_.definition and row.get("scoring") == entry_.scoring


def test_a_split_target_gets_its_parts():
    sichuan = get_template("sichuan-project-eval").project_indicators
    row = row_for_entry(framework_entry("服务对象满意度"), sichuan)
    assert (row.get("operator"), row.get("target"), row.get("unit")) == ("≥", "90", "%")
    hunan = get_template("hunan-dept-target").indicator_tables[0]
    row = row_for_entry(framework_entry("服务对象满意度"), hunan)
    assert (row.get("value_type"), row.get("target"), row.get("unit")) == ("定量", "90", "%")
    qualitative = row_for_entry(framework_entry("预算编制科学性"), hunan)
    assert (qualitative.get("value_type"), qualitative.get("target")) == ("定性", "科学")


def test_the_current_group_replaces_the_entrys_own():
    spec = get_template("jiangsu-dept-target").indicator_tables[1]  # 履职, with 重点工作
    group = {"level1": "履职", "level2": "某项职责", "key_task": "某项重点工作"}
    row = row_for_entry(framework_entry("预算执行率"), spec, group)
    assert row.cells["level1"] == "履职" and row.cells["key_task"] == "某项重点工作"
    assert row.name == "预算执行率"
