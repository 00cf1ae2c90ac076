"""Frozen entry point of the command line (PyInstaller)."""
import sys

from app.cli import main

sys.exit(main())
