"""Frozen entry point of the command line (PyInstaller)."""
import sys

from jixiao.cli import main

sys.exit(main())
