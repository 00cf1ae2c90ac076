"""Frozen entry point of the desktop app (PyInstaller)."""
import sys

from ui.main import main

sys.exit(main())
