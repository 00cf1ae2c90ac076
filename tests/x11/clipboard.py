"""An X client that owns the clipboard: ``python -m tests.x11.clipboard FILE`` puts FILE's
text there, prints "ready" and stays until terminated (the owner serves every paste)."""
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

app = QGuiApplication(sys.argv[:1])
app.clipboard().setText(Path(sys.argv[1]).read_text(encoding="utf-8"))
print("ready", flush=True)
app.exec()
