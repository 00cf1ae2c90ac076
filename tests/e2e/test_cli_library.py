"""``jixiao-cli library add/search`` as a script runs them: real processes, the library in the
test's own user folder (JIXIAO_HOME), exit codes and Chinese messages."""
import contextlib
import json
import shutil
import sqlite3

from tests.conftest import EXAMPLE_FILES
from tests.e2e.test_cli import cli
from tests.library_files import damage_pages, held_library


def test_add_a_folder_twice_reports_unreadable_files_and_adds_the_rest(tmp_path):
    folder = tmp_path / "往年文档"
    (folder / "2023").mkdir(parents=True)
    shutil.copy(EXAMPLE_FILES["jiangsu"], folder / "苏州.jixiao")
    shutil.copy(EXAMPLE_FILES["guizhou"], folder / "2023" / "六盘水.jixiao")
    (folder / "2023" / "损坏.jixiao").write_text('{"format": "jixiao"', encoding="utf-8")
    first = cli("library", "add", folder)
    assert first.returncode == 2
    assert "损坏.jixiao" in first.stderr and "其余文档已加入" in first.stderr
    assert "已加入指标库：2 个文档" in first.stdout
    (folder / "2023" / "损坏.jixiao").unlink()
    again = cli("library", "add", folder)
    assert again.returncode == 0, again.stderr
    assert "已加入指标库：0 个文档；未变：2 个" in again.stdout
    found = cli("library", "search", "市民满意度", "--json")
    assert found.returncode == 0, found.stderr
    entries = json.loads(found.stdout)
    assert (entries[0]["name"], entries[0]["target"], entries[0]["year"]) == ("市民满意度", "≥85%",
                                                                              2024)
    assert entries[0]["source"].endswith("六盘水.jixiao") and entries[0]["source_kind"] == \
        "document"


def test_search_lists_the_framework_entries_first_tab_separated():
    result = cli("library", "search", "预算执行率", "--limit", "3")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0].split("\t")
    assert first[:4] == ["预算执行率", "＝100%", "过程", "预算执行"]
    assert "共性指标" in first[5]
    only_level1 = cli("library", "search", "率", "--level1", "投入", "--json")
    assert {e["level1"] for e in json.loads(only_level1.stdout)} == {"投入"}
    nothing = cli("library", "search", "没有这样的指标名称")
    assert nothing.returncode == 0 and nothing.stdout == "" and "未找到" in nothing.stderr


def test_bad_arguments_exit_2_in_chinese(tmp_path):
    limit = cli("library", "search", "满意度", "--limit", "0")
    assert limit.returncode == 2 and "条数" in limit.stderr
    missing = cli("library", "add", tmp_path / "没有这个文件夹")
    assert missing.returncode == 2 and "不存在" in missing.stderr
    no_action = cli("library")
    assert no_action.returncode == 2 and "缺少参数" in no_action.stderr
    assert "Traceback" not in limit.stderr + missing.stderr + no_action.stderr


def _library_with_documents(tmp_path):
    folder = tmp_path / "往年文档"
    folder.mkdir()
    for name in ("jiangsu", "hebei-text", "guizhou"):
        shutil.copy(EXAMPLE_FILES[name], folder / f"{name}.jixiao")
    assert cli("library", "add", folder).returncode == 0
    from app import config
    return config.library_path()


def _entries(path):
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM entries").fetchone()[0]


def test_search_while_another_process_holds_the_library_waits_then_says_so(tmp_path):
    path = _library_with_documents(tmp_path)
    before = _entries(path)
    with held_library(path):  # held longer than the command waits
        result = cli("library", "search", "满意度")
    assert result.returncode == 2 and "正被其他程序使用" in result.stderr
    assert "损坏" not in result.stderr and "Traceback" not in result.stderr
    assert not list(path.parent.glob("*.damaged-*")) and _entries(path) == before
    again = cli("library", "search", "市民满意度", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)[0]["source_kind"] == "document"


def test_search_in_a_damaged_library_moves_it_aside_and_keeps_what_it_can(tmp_path):
    path = _library_with_documents(tmp_path)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        documents = connection.execute(
            "SELECT count(*) FROM entries WHERE framework = 0").fetchone()[0]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage_pages(path, "entries", 1)
    result = cli("library", "search", "率", "--limit", "1000")
    assert result.returncode == 0, result.stderr
    assert "已损坏（未通过 SQLite 的完整性检查）" in result.stderr
    assert "Traceback" not in result.stderr
    kept = int(result.stderr.split("从旧文件找回 ")[1].split(" ")[0])
    assert 0 < kept < documents
    assert len(list(path.parent.glob("*.damaged-*[0-9]"))) == 1
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute(
            "SELECT count(*) FROM entries WHERE framework = 0").fetchone()[0] == kept
