"""``jixiao-cli``: the command line, with every template registered."""
from __future__ import annotations

import atexit
import gc
from typing import Sequence

from app import cli
from jixiao import start


def main(argv: Sequence[str] | None = None) -> int:
    # At exit the last collection would walk every object of the models and templates to free
    # nothing: what is alive then stays alive to the end.
    atexit.register(gc.freeze)
    start()
    return cli.main(argv)
