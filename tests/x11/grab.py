"""``python -m tests.x11.grab PNG``: a picture of the whole X screen, taken by another client."""
import sys

from PySide6.QtGui import QGuiApplication

app = QGuiApplication(sys.argv[:1])
screen = app.primaryScreen()
if not screen.grabWindow(0).save(sys.argv[1]):
    sys.exit(f"could not save {sys.argv[1]}")
