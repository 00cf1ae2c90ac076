from pathlib import Path

from app import recovery
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES


def test_write_list_load_and_discard(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path))
    document = load_document(EXAMPLE_FILES["jiangsu"])
    document.unit_name = "改过的单位"
    original = Path("/somewhere/苏州.jixiao")
    key = recovery.recovery_key(original, "s1")
    recovery.write_recovery(document, key, original)
    [entry] = recovery.pending()
    assert entry.original == original and "苏州.jixiao" in entry.describe()
    assert entry.load().unit_name == "改过的单位"
    recovery.discard(key)
    assert recovery.pending() == []


def test_broken_entries_are_skipped(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path))
    folder = tmp_path / "data" / "recovery"
    folder.mkdir(parents=True)
    (folder / "x.json").write_text("{", encoding="utf-8")
    (folder / "y.json").write_text('{"saved_at": "2026-01-01T10:00:00"}', encoding="utf-8")
    (folder / "y.jixiao").write_text("not json", encoding="utf-8")
    assert recovery.pending() == []


def test_new_documents_are_keyed_by_session():
    assert recovery.recovery_key(None, "a") != recovery.recovery_key(None, "b")
