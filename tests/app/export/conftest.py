"""Exports of the four examples, made once per test session (each takes a moment)."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.export import export_document
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Example name → {"docx": path, "xlsx": path, "pdf": path}."""
    result = {}
    for name, source in EXAMPLE_FILES.items():
        folder = tmp_path_factory.mktemp(f"export-{name}")
        files = export_document(load_document(source), folder)
        result[name] = {path.suffix[1:]: path for path in files}
    return result


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application(qapp):
    # The PDF renderer makes a QGuiApplication when none exists; in this test process the
    # widget tests need it to be a QApplication, so pytest-qt's is made first.
    return qapp
