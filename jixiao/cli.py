"""``jixiao-cli``: the command line, with every template registered."""
from __future__ import annotations

from typing import Sequence

from app import cli
from jixiao import start


def main(argv: Sequence[str] | None = None) -> int:
    start()
    return cli.main(argv)
