"""The Qt binding must not corrupt Python's reference counts while painting a long document.

PySide6-Essentials 6.12.0 decrefs None on every void call (QPainter.save/restore/translate)
under Python < 3.12, so a long PDF export aborted the process; pyproject.toml excludes it.
"""
import subprocess
import sys

from tests.conftest import ROOT

CHECK = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from app.export.pdf import ensure_gui_application
ensure_gui_application()
from PySide6.QtGui import QImage, QPainter
image = QImage(10, 10, QImage.Format.Format_RGB32)
painter = QPainter(image)
before = sys.getrefcount(None)
for _ in range(5000):
    painter.save(); painter.translate(1, 1); painter.restore()
painter.end()
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_keep_none_alive():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip().splitlines()[-1]) > -100
