"""Qt tests: collect garbage after each test, at a known point.

Python's cyclic GC may otherwise free a widget's wrapper in the middle of a later test, while
Qt still holds the object; collecting once the test's widgets are closed keeps that ordered.
"""
import gc

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _collect_after_test(qapp):
    yield
    QApplication.processEvents()
    gc.collect()


@pytest.fixture(autouse=True)
def _own_settings(tmp_path_factory):
    # QSettings reads XDG_CONFIG_HOME once per process: point it at this test's folder, so the
    # recent files and window size of one test never reach the next.
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
    yield
