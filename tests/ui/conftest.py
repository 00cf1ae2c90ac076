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
