"""A clean Debian system in a folder: debootstrap makes it from the release and the archive this
machine's apt uses, and commands run in it through chroot, each one written to a log."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

# A minimal system's PATH, and nothing of the caller's environment.
BASE_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}
APT = ["apt-get", "-y", "-q", "--no-install-recommends", "-o", "Acquire::Retries=3"]
# Not part of the installed system: the kernel's, the users' and the package tools' own folders.
NOT_SYSTEM = ("proc", "sys", "dev", "run", "tmp", "home", "root", "var/cache", "var/log",
              "var/lib/apt", "var/lib/dpkg")
OFFICER = "1000:1000"


def missing_tools() -> str:
    """Why a chroot cannot be made here, or "" when it can."""
    if os.geteuid() != 0:
        return "debootstrap and chroot need root; CI and `make test` as root run this"
    missing = [tool for tool in ("debootstrap", "chroot", "apt-get") if not shutil.which(tool)]
    if missing:
        return f"{', '.join(missing)} not installed; as root `make test` installs them"
    return ""


def host_release() -> tuple[str, str]:
    """This system's release name and the archive apt installs it from."""
    fields = dict(line.split("=", 1) for line in
                  Path("/etc/os-release").read_text().splitlines() if "=" in line)
    suite = fields.get("VERSION_CODENAME", "").strip('"')
    targets = subprocess.run(["apt-get", "indextargets", "--format", "$(REPO_URI) $(RELEASE)"],
                             capture_output=True, text=True, check=True).stdout
    for line in targets.splitlines():
        uri, _, release = line.partition(" ")
        if release == suite:
            return suite, uri
    raise AssertionError(f"apt has no archive for this release ({suite!r}): {targets}")


@dataclass
class Chroot:
    root: Path
    log: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.log.append(line)

    def make(self) -> None:
        suite, mirror = host_release()
        started = time.monotonic()
        result = subprocess.run(["debootstrap", "--variant=minbase", suite, str(self.root),
                                 mirror], capture_output=True, text=True, timeout=1200)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
        self.note(f"$ debootstrap --variant=minbase {suite}  ({time.monotonic() - started:.0f} s)")
        self.note("  " + result.stdout.strip().splitlines()[-1])

    def run(self, command: list[str], *, officer: bool = False, env: dict[str, str] | None = None,
            timeout: int = 900, show: int | str = 0) -> subprocess.CompletedProcess[str]:
        """Run in the chroot, as root or as the officer (uid 1000, own home); log the command,
        its exit code and time, and its output's last `show` lines, or those `show` matches."""
        environment = {**BASE_ENV, "HOME": "/home/officer" if officer else "/root", **(env or {})}
        prefix = ["chroot", *(["--userspec", OFFICER] if officer else []), str(self.root)]
        started = time.monotonic()
        result = subprocess.run([*prefix, "/usr/bin/env", "-C",
                                 "/home/officer" if officer else "/", *command],
                                capture_output=True, text=True, timeout=timeout, env=environment)
        who = "officer" if officer else "root"
        self.note(f"{who}$ {' '.join(command)}  → {result.returncode}  "
                  f"({time.monotonic() - started:.0f} s)")
        lines = result.stdout.strip().splitlines()
        if isinstance(show, str):
            lines = [line for line in lines if re.search(show, line)]
        elif show:
            lines = lines[-show:]
        else:
            lines = []
        self.log.extend(f"  {line}" for line in lines)
        if result.returncode != 0:
            self.log.extend(f"  ! {line}" for line in result.stderr.strip().splitlines()[-15:])
        return result

    def apt(self, *args: str, show: int | str = 0) -> subprocess.CompletedProcess[str]:
        result = self.run([*APT, *args], show=show)
        assert result.returncode == 0, "\n".join(self.log[-40:])
        return result

    def system_files(self) -> set[str]:
        """Every path of the installed system (as /usr/…), but the users' and tools' folders."""
        skipped = {self.root / part for part in NOT_SYSTEM}
        found: set[str] = set()
        for folder, folders, files in os.walk(self.root):
            here = Path(folder)
            folders[:] = [name for name in folders if here / name not in skipped]
            for name in folders + files:
                found.add("/" + (here / name).relative_to(self.root).as_posix())
        return found

    def owned_files(self) -> set[str]:
        """The paths that installed packages list, with merged-/usr aliases (/bin, /lib…)
        written as the folders they point to, as system_files() sees them."""
        aliases = {f"/{name}/": f"/{os.readlink(self.root / name).lstrip('/')}/"
                   for name in ("bin", "sbin", "lib", "lib64")
                   if (self.root / name).is_symlink()}
        owned: set[str] = set()
        for listing in (self.root / "var" / "lib" / "dpkg" / "info").glob("*.list"):
            for path in listing.read_text(encoding="utf-8", errors="replace").splitlines():
                for alias, target in aliases.items():
                    if path.startswith(alias):
                        path = target + path[len(alias):]
                        break
                owned.add(path)
        return owned

    def remove(self) -> None:
        """Delete the system, unless something is still mounted in it (it would go too)."""
        mounts = Path("/proc/mounts").read_text()
        if re.search(rf" {re.escape(str(self.root))}[/ ]", mounts):
            raise AssertionError(f"{self.root} still has mounts; not deleted")
        shutil.rmtree(self.root, ignore_errors=True)
