"""Start-up: the CPU a fresh process spends, as ratios to baselines timed in the same run.

``python -m bench.startup`` (offscreen). Each case is a child process; its CPU is user + system
time from ``os.wait4``. Ours and its baseline run alternately, and a ratio is the median of the
ratios of runs done back to back:

- the window as ``jixiao FILE`` opens it, on the 苏州 example, until its event loop runs (then
  it quits), against a bare PySide6 ``QMainWindow`` shown the same way. Goal ≤ 2.
- the same window against the stack's floor: the bare window plus pydantic validating the
  example against the file format's models, what any window on these libraries must do to
  open the file. Goal ≤ 1.5. (The floor itself is printed against the bare window: it is
  above 2 already, which is why the goal of 2 × the bare window cannot be met.)
- ``jixiao-cli templates`` against ``python -c "import pydantic"``. Goal ≤ 3.

The children get a home of their own (no remembered window, recent files or recovery entries)
and may write bytecode: one untimed run of each comes first, so every run reads compiled
modules as an installed copy does.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "jiangsu-suzhou-2024.jixiao"
RUNS = 7

BARE_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(["bare"])
window = QMainWindow()
window.show()
QTimer.singleShot(0, lambda: app.exit(0))  # the loop left, no window closed
app.exec()
"""

# ui.main.main as the ``jixiao`` launcher calls it (``from ui.main import main`` first), with a
# quit waiting for the event loop.
OUR_WINDOW = """
import sys
from ui.main import main
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["jixiao"])
QTimer.singleShot(0, lambda: app.exit(0))  # the loop left, no window closed
sys.exit(main(["jixiao", sys.argv[1]]))
"""

# What any window on this stack must do to open the file: the bare window, plus pydantic
# validating the example against the file format's own models (app.model). No goal: it is
# printed so the window's ratio can be read against what the chosen libraries cost.
STACK_FLOOR = BARE_WINDOW + """
import json, sys
from app.model import TargetDocument
raw = json.loads(open(sys.argv[1], encoding="utf-8").read())
TargetDocument.model_validate(raw["document"])
"""

PYDANTIC = "import pydantic"
TEMPLATES = "import sys\nfrom jixiao.cli import main\nsys.exit(main(['templates']))"


def child_cpu(code: str, env: dict[str, str], *arguments: str) -> float:
    """Seconds of CPU (user + system) a fresh interpreter spends running ``code``."""
    process = subprocess.Popen([sys.executable, "-c", code, *arguments], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"child failed ({process.returncode}):\n{errors}")
    return usage.ru_utime + usage.ru_stime


def paired(ours: tuple[str, ...], base: tuple[str, ...], env: dict[str, str],
           runs: int = RUNS) -> tuple[float, float, float]:
    """Medians of ours and of the baseline, and the median ratio of back-to-back runs."""
    child_cpu(*ours[:1], env, *ours[1:])  # untimed: bytecode written, files in the page cache
    child_cpu(*base[:1], env, *base[1:])
    mine, bases, ratios = [], [], []
    for n in range(runs):
        if n % 2:
            b = child_cpu(base[0], env, *base[1:])
            a = child_cpu(ours[0], env, *ours[1:])
        else:
            a = child_cpu(ours[0], env, *ours[1:])
            b = child_cpu(base[0], env, *base[1:])
        mine.append(a)
        bases.append(b)
        ratios.append(a / b)
    return statistics.median(mine), statistics.median(bases), statistics.median(ratios)


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(HOME=str(home), JIXIAO_HOME=str(home / "jixiao"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"))
    return env


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="jixiao-startup-") as folder:
        env = child_env(Path(folder))
        cases = [
            ("window with the 苏州 example shown", (OUR_WINDOW, str(EXAMPLE)),
             "bare PySide6 window", (BARE_WINDOW,), 2.0),
            ("window with the 苏州 example shown", (OUR_WINDOW, str(EXAMPLE)),
             "the stack's floor (bare window + pydantic validating the example)",
             (STACK_FLOOR, str(EXAMPLE)), 1.5),
            ("the stack's floor", (STACK_FLOOR, str(EXAMPLE)), "bare PySide6 window",
             (BARE_WINDOW,), None),
            ("jixiao-cli templates", (TEMPLATES,), 'python -c "import pydantic"', (PYDANTIC,),
             3.0),
        ]
        print(f"Start-up, CPU seconds (user + system), median of {RUNS} alternating runs")
        for name, ours, base_name, base, goal in cases:
            mine, floor, ratio = paired(ours, base, env)
            verdict = ("no goal" if goal is None
                       else f"goal ≤ {goal:g}: {'met' if ratio <= goal else 'NOT met'}")
            print(f"  {name}: {mine:.3f} s; {base_name}: {floor:.3f} s; "
                  f"ratio {ratio:.2f} ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
