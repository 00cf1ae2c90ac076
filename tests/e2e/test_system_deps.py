"""scripts/system-deps when another program holds apt's lock: it waits (bounded) and says so,
then installs, or fails with a Chinese message that the window cannot start, and `make run`
stops there. The lock is a file of the test's own, held with fcntl as apt and dpkg hold theirs;
apt-get and apt-cache are stand-ins that record what they were asked."""
from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-deps"

pytestmark = pytest.mark.skipif(os.getuid() != 0,
                                reason="system-deps installs only as root; run the tests as root")


@pytest.fixture
def apt(tmp_path):
    """Stand-in apt-get / apt-cache, the lock file, and the environment pointing at them."""
    calls = tmp_path / "calls"
    install_status = tmp_path / "install-status"
    install_status.write_text("0")
    apt_get = tmp_path / "apt-get"
    apt_get.write_text(f'#!/bin/sh\necho "apt-get $*" >> {calls}\n'
                       f'case " $* " in *" install "*) exit $(cat {install_status});; esac\n')
    apt_cache = tmp_path / "apt-cache"
    apt_cache.write_text("#!/bin/sh\nexit 0\n")
    for tool in (apt_get, apt_cache):
        tool.chmod(0o755)
    lock = tmp_path / "lock-frontend"
    lock.write_text("")
    env = dict(os.environ, JIXIAO_APT_LOCKS=str(lock), JIXIAO_APT_WAIT="2",
               JIXIAO_WANTED="jixiao-no-such-package", JIXIAO_APT_GET=str(apt_get),
               JIXIAO_APT_CACHE=str(apt_cache), DISPLAY="", WAYLAND_DISPLAY="")
    return {"env": env, "lock": lock, "calls": calls, "install_status": install_status}


def hold(lock: Path) -> int:
    fd = os.open(lock, os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    return fd


def test_a_lock_held_throughout_fails_in_chinese_without_running_apt(apt):
    fd = hold(apt["lock"])
    try:
        result = subprocess.run([str(SCRIPT)], env=apt["env"], capture_output=True, text=True,
                                timeout=60)
    finally:
        os.close(fd)
    assert result.returncode == 1, result
    assert f"正在使用软件包管理器（{apt['lock']}），等待它结束，最多 2 秒" in result.stderr
    assert "没有这些软件包（jixiao-no-such-package），窗口无法启动" in result.stderr
    assert "测试" not in result.stderr
    assert not apt["calls"].exists()  # apt was never run against the held lock


def test_a_lock_let_go_while_waiting_lets_the_install_go_on(apt):
    apt["env"]["JIXIAO_APT_WAIT"] = "60"
    fd = hold(apt["lock"])
    script = subprocess.Popen([str(SCRIPT)], env=apt["env"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        waiting = script.stderr.readline()  # the script says it waits before it waits
        assert "等待它结束，最多 60 秒" in waiting
        assert not apt["calls"].exists()
    finally:
        os.close(fd)
    out, err = script.communicate(timeout=60)
    assert script.returncode == 0, (out, err)
    calls = apt["calls"].read_text().splitlines()
    assert calls[-1].startswith("apt-get -o DPkg::Lock::Timeout=60 install -y -qq")
    assert calls[-1].endswith("jixiao-no-such-package")


def test_a_failed_install_says_the_window_cannot_start(apt):
    apt["install_status"].write_text("100")
    result = subprocess.run([str(SCRIPT)], env=apt["env"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "apt-get 安装失败" in result.stderr and "窗口无法启动" in result.stderr


def test_make_run_stops_when_the_window_packages_cannot_be_installed(apt):
    fd = hold(apt["lock"])
    try:
        # -o: the virtual environment counts as made; this is about the system packages.
        result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", "run"],
                                cwd=ROOT, env=apt["env"], capture_output=True, text=True,
                                timeout=120)
    finally:
        os.close(fd)
    assert result.returncode != 0, result
    assert "窗口无法启动" in result.stderr
    assert "导出示例文档" not in result.stdout  # nothing ran after the failure
