"""``python -m jixiao`` runs the command line (``jixiao-cli``)."""
import sys

from jixiao.cli import main

sys.exit(main())
