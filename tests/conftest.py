"""Shared fixtures. Qt tests run offscreen; nothing reads the developer's real settings."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import forms

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Every template is registered before any test module asks for one (as the start-up does).
TEMPLATES = forms.register_all()
# One example document per template, as each template names it: tests that go over every
# template or every example take them from here, never from a hand-written list.
EXAMPLES_BY_TEMPLATE = {t.id: EXAMPLES / t.example for t in TEMPLATES}

# Every example by a short name (the four seeds keep the names their tests use; later templates
# go by their id). Tests that go over "every example" iterate this, so they cover every template.
_SEED_NAMES = {"jiangsu-dept-target": "jiangsu", "hebei-perf-text": "hebei-text",
               "hebei-self-eval": "hebei-eval", "guizhou-dept-target": "guizhou"}
EXAMPLE_FILES = {_SEED_NAMES.get(t.id, t.id): EXAMPLES / t.example for t in TEMPLATES}


_USER_DIRS = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
              "JIXIAO_HOME")
_SESSION_HOME: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    """Between and after the tests too (a timer firing in a fixture's teardown, a setting
    written back when Qt shuts down), this process's user folders are a throwaway folder, never
    the real user's: each test then gets its own (``_isolated_user_dirs``)."""
    home = Path(tempfile.mkdtemp(prefix="jixiao-test-home-"))
    _SESSION_HOME.append(home)
    for name, path in zip(_USER_DIRS, (home, home / ".config", home / ".local" / "share",
                                       home / ".local" / "state", home / ".cache",
                                       home / "jixiao")):
        os.environ[name] = str(path)


@pytest.fixture(autouse=True, scope="session")
def _one_widget_application() -> None:
    """The process's one Qt application is a QApplication from the first test on: a core test
    that renders a PDF would otherwise make a bare QGuiApplication (app/export/pdf.py), and a
    window test after it in the same worker could not get its QApplication."""
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:  # the core's tests run without Qt's widgets
        return
    if QApplication.instance() is None:
        QApplication.setApplicationName("jixiao-tests")
        QApplication([])


def pytest_unconfigure(config: pytest.Config) -> None:
    for home in _SESSION_HOME:
        shutil.rmtree(home, ignore_errors=True)


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


def pytest_terminal_summary(terminalreporter) -> None:
    """Logs a test asked to show (record_property("…_log", text)): the Debian install's steps.
    They travel with the test's report, so they reach the summary from pytest-xdist workers."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, text in getattr(report, "user_properties", []):
                if name.endswith("_log") and getattr(report, "when", "call") == "call":
                    terminalreporter.section(f"{report.nodeid} ({outcome})")
                    terminalreporter.write_line(text)
