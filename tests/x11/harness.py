"""The app in a real X server (Xvfb, 1366×768), driven by real input (xdotool) from outside.

Offscreen Qt hides what an officer meets first: how big the window is on a laptop screen,
which widget has the keyboard, what the system clipboard holds. Here the app runs as its own
process on an X display; the test types and clicks with xdotool, puts text on the clipboard
from another X client, and reads what the window shows from a probe inside the app
(tests/x11/probe.py), which answers with widget places and the document's values.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = 1366, 768


def missing_x_tools() -> str:
    missing = [name for name in ("Xvfb", "xdotool") if shutil.which(name) is None]
    if not missing:
        return ""
    return (f"{', '.join(missing)} not installed; as root `make test` installs them "
            "(scripts/system-deps: xvfb, xdotool)")


class XServer:
    """An Xvfb display of its own (the server picks a free number and tells it)."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def env(self, home: Path) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("QT_", "WAYLAND"))}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", HOME=str(home),
                   XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".data"),
                   XDG_STATE_HOME=str(home / ".state"), XDG_CACHE_HOME=str(home / ".cache"),
                   JIXIAO_HOME=str(home / "jixiao"), PYTHONPATH=str(ROOT),
                   LANG="zh_CN.UTF-8", QT_ACCESSIBILITY="0")
        return env

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class RunningApp:
    """``jixiao [FILE]`` on the display, with the probe; xdotool for keys and clicks."""

    def __init__(self, server: XServer, home: Path, *arguments: str) -> None:
        self.server, self.home = server, home
        self.env = server.env(home)
        self.folder = home / "probe"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.x11.probe", str(self.folder), *arguments],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._asked = 0
        self._output: str | None = None
        self.wait_until(lambda s: s.get("window_shown"), what="the window to show")

    # -- what the window shows ----------------------------------------------------------
    def state(self, timeout: float = 15) -> dict:
        """Ask the probe for a fresh report (it answers from the GUI thread)."""
        self._asked += 1
        answer = self.folder / f"state-{self._asked}.json"
        # Written whole, then renamed: the probe polls every 50 ms and must never read
        # the question half-written (an empty name, so no answer and a 15 s wait).
        asking = self.folder / "ask.part"
        asking.write_text(str(answer))
        asking.replace(self.folder / "ask")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the app ended (exit {self.process.returncode}):\n"
                                     f"{self.output()}")
            if answer.is_file():
                try:
                    return json.loads(answer.read_text())
                except json.JSONDecodeError:
                    pass  # still being written
            time.sleep(0.05)
        raise AssertionError(f"no answer from the app in {timeout} s:\n{self.output()}")

    def wait_until(self, condition, what: str, timeout: float = 30) -> dict:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        state: dict = {}
        while time.monotonic() < deadline:
            state = self.state()
            if condition(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"waited {timeout} s for {what}; last state: {state}")

    def output(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        if self._output is None and self.process.stdout is not None:
            self._output = self.process.stdout.read()
            self.process.stdout.close()
        return self._output or ""

    # -- real input ---------------------------------------------------------------------
    def xdotool(self, *arguments: str) -> None:
        subprocess.run(["xdotool", *arguments], env=self.env, check=True, timeout=20)

    def click(self, x: int, y: int) -> None:
        self.xdotool("mousemove", "--sync", str(x), str(y), "click", "1")

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", *keys)

    def screenshot(self, target: Path) -> None:
        """The whole X screen, as another X client sees it."""
        subprocess.run([sys.executable, "-m", "tests.x11.grab", str(target)], cwd=ROOT,
                       env=self.env, check=True, timeout=60)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.output()


class ClipboardOwner:
    """Another X client that puts text on the clipboard and keeps it there, as Excel or WPS
    does after 复制 (X selections live as long as their owner)."""

    def __init__(self, server: XServer, home: Path, text: str) -> None:
        self.source = home / "clipboard.txt"
        self.source.write_text(text, encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.x11.clipboard", str(self.source)], cwd=ROOT,
            env=server.env(home), stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline() if self.process.stdout else ""
        if line.strip() != "ready":
            raise AssertionError(f"clipboard owner did not start: {line}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()
