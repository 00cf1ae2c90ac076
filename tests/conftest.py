"""Shared fixtures. Qt tests run offscreen; nothing reads the developer's real settings."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

EXAMPLE_FILES = {
    "jiangsu": EXAMPLES / "jiangsu-suzhou-2024.jixiao",
    "hebei-text": EXAMPLES / "hebei-chengde-2023.jixiao",
    "hebei-eval": EXAMPLES / "hebei-shijiazhuang-2022.jixiao",
    "guizhou": EXAMPLES / "guizhou-liupanshui-2024.jixiao",
}


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Settings, autosave and logs of a test never touch the real user's folders.
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("JIXIAO_HOME", str(home / "jixiao"))
