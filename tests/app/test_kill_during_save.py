"""A save killed with SIGKILL at any moment leaves the previous or the new complete document."""
import os
import random
import select
import signal
import subprocess
import sys
import time

import pytest

from app.model import TargetDocument
from app.projectfile import load_document, save_document
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only"),
]

KILLS = 100

# The child saves versions 0, 1, 2, … of a ~2 MB document and reports each completed save.
CHILD = r"""
import sys
from app.model import Department, TargetDocument
from app.projectfile import save_document
path = sys.argv[1]
body = "绩效目标＝100%，" * 15_000
print("ready", flush=True)
version = 0
while True:
    document = TargetDocument(template="jiangsu-dept-target", unit_name=f"版本{version}",
                              department=Department(functions=[body] * 5,
                                                    annual_goal=str(version)))
    save_document(document, path)
    print(version, flush=True)
    version += 1
"""


def _read_lines(stream, until_ready: bool) -> list[str]:
    lines = []
    while True:
        ready, _, _ = select.select([stream], [], [], 10 if until_ready else 0)
        if not ready:
            return lines
        line = stream.readline()
        if not line:
            return lines
        lines.append(line.strip())
        if until_ready and line.strip() == "ready":
            return lines


def test_sigkill_at_random_moments_never_leaves_a_broken_file(tmp_path):
    path = tmp_path / "doc.jixiao"
    save_document(TargetDocument(template="jiangsu-dept-target", unit_name="初始"), path)
    rng = random.Random(20261122)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for attempt in range(KILLS):
        previous = load_document(path).unit_name
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE,
                                 text=True, env=env, cwd=tmp_path)
        assert _read_lines(child.stdout, until_ready=True)[-1:] == ["ready"]
        time.sleep(rng.uniform(0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        done = [int(v) for v in _read_lines(child.stdout, until_ready=False) if v.isdigit()]
        child.stdout.close()

        on_disk = load_document(path).unit_name  # must load: never a partial file
        if done:
            allowed = {f"版本{done[-1]}", f"版本{done[-1] + 1}"}
        else:
            allowed = {previous, "版本0"}
        assert on_disk in allowed, (attempt, on_disk, allowed)
    # Temp files of killed saves may remain, but the document and its backup are intact.
    leftovers = {p.name for p in tmp_path.iterdir()} - {"doc.jixiao", "doc.jixiao.bak"}
    assert all(name.startswith(".doc.jixiao") and name.endswith(".tmp") for name in leftovers)
    load_document(tmp_path / "doc.jixiao.bak")
