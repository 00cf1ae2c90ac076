"""`make deb`: the package's metadata and files; then a clean Debian system (debootstrap, chroot)
where apt installs it with what it depends on, an officer runs the programs, and apt removes it,
leaving no file of it behind. The install's log is printed at the end of the test run."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.templates import template_ids

from tests.conftest import EXAMPLE_FILES, ROOT
from tests.debian_chroot import Chroot, missing_tools
from tests.dist_bundle import shared_bundle

pytestmark = pytest.mark.slow

PREFIX = "./opt/jixiao/"
# Where the package may put files, besides its own folder.
SHARED_PLACES = ("./usr/bin/", "./usr/share/applications/", "./usr/share/mime/packages/",
                 "./usr/share/icons/hicolor/", "./usr/share/doc/jixiao/")


@pytest.fixture(scope="module")
def package(bundle, tmp_path_factory) -> Path:
    if shutil.which("dpkg-shlibdeps") is None or shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-dev is not installed; as root `make test` installs it")
    out = tmp_path_factory.mktemp("deb")
    # Relative paths, as `make deb` gives them: the script's tools run in other folders.
    built = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_deb.py"), "jixiao",
                            "--out", os.path.relpath(out, bundle.parent)],
                           cwd=bundle.parent, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr[-3000:]
    return Path(built.stdout.strip())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return shared_bundle(tmp_path_factory)


@pytest.fixture(scope="module")
def unpacked(package, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    subprocess.run(["dpkg-deb", "-R", str(package), str(folder)], check=True)
    return folder


def field(package: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(package), name], capture_output=True, text=True,
                          check=True).stdout.strip()


def glibc_needed(folder: Path) -> tuple[int, ...]:
    """The highest GLIBC_ symbol version any ELF file under folder asks for."""
    highest: tuple[int, ...] = ()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True,
                                     text=True).stdout
            for version in re.findall(r"GLIBC_([0-9.]+)", symbols):
                highest = max(highest, tuple(int(n) for n in version.split(".")))
    return highest


def is_elf(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"\x7fELF"


def test_the_package_is_named_for_its_version_and_declares_the_glibc_floor(package, unpacked):
    version = subprocess.run([str(unpacked / "opt/jixiao/jixiao-cli"), "--version"],
                             capture_output=True, text=True).stdout.split()[1]
    assert package.name == f"jixiao_{version}_amd64.deb"
    assert field(package, "Package") == "jixiao" and field(package, "Version") == version
    depends = field(package, "Depends")
    floor = re.search(r"\blibc6 \(>= ([0-9.]+)\)", depends)
    assert floor, depends
    # dpkg-shlibdeps's floor is the highest glibc symbol version of every file, plug-ins too.
    assert tuple(int(n) for n in floor.group(1).split(".")) == glibc_needed(unpacked / "opt")
    assert f"glibc {floor.group(1)}" in field(package, "Description")
    # The libraries the bundle does not carry, and the data its bundled libraries read.
    for needed in ("libxcb1", "libgl1", "libegl1", "libwayland-client0", "fontconfig-config",
                   "fonts-noto-cjk", "hicolor-icon-theme"):
        assert re.search(rf"(^|, ){re.escape(needed)}( \(|,|$)", depends), needed
    # Nothing the bundle carries is asked of the system (GTK for the optional theme neither).
    for carried in ("libfontconfig1", "libxkbcommon0", "libdbus-1-3", "libgtk-3-0", "libdrm2"):
        assert carried not in depends


def test_the_package_installs_its_files_in_their_places(package, unpacked):
    listing = subprocess.run(["dpkg-deb", "--contents", str(package)], capture_output=True,
                             text=True, check=True).stdout.splitlines()
    paths = [line.split()[5] for line in listing]
    assert all(line.split()[1] == "root/root" for line in listing)
    stray = [p for p in paths if not p.startswith(PREFIX) and not p.endswith("/")
             and not p.startswith(SHARED_PLACES)]
    assert stray == []
    links = {line.split()[5]: line.split()[-1] for line in listing if " -> " in line}
    assert links["./usr/bin/jixiao"] == "/opt/jixiao/jixiao"
    assert links["./usr/bin/jixiao-cli"] == "/opt/jixiao/jixiao-cli"
    for icon in ("apps/jixiao", "mimetypes/application-x-jixiao"):
        assert f"./usr/share/icons/hicolor/48x48/{icon}.png" in paths
        assert f"./usr/share/icons/hicolor/scalable/{icon}.svg" in paths
    # No maintainer scripts: the caches are refreshed by their own packages' triggers.
    assert sorted(p.name for p in (unpacked / "DEBIAN").iterdir()) == ["control", "md5sums"]
    # The unpacked build's own desktop files and installer are not installed under /opt.
    assert not (unpacked / "opt/jixiao/install-desktop-integration").exists()
    checked = subprocess.run(["md5sum", "--quiet", "-c", "DEBIAN/md5sums"], cwd=unpacked,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout[-2000:]


def test_the_desktop_entry_and_mime_type_are_valid(unpacked):
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-utils is not installed; as root `make test` installs it")
    entry = unpacked / "usr/share/applications/jixiao.desktop"
    validated = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                               text=True)
    assert validated.returncode == 0 and validated.stdout == "", validated.stdout
    text = entry.read_text(encoding="utf-8")
    assert "MimeType=application/x-jixiao;" in text and "Exec=jixiao %f" in text
    mime = (unpacked / "usr/share/mime/packages/jixiao.xml").read_text(encoding="utf-8")
    assert '<glob pattern="*.jixiao"/>' in mime and 'name="application-x-jixiao"' in mime


@pytest.fixture(scope="module")
def debian(tmp_path_factory):
    why = missing_tools()
    if why:
        pytest.skip(why)
    system = Chroot(tmp_path_factory.mktemp("debian") / "root")
    yield system
    system.remove()


def test_apt_installs_it_on_a_clean_debian_where_it_runs_and_removes_it_whole(
        bundle, package, debian: Chroot, tmp_path, record_property):
    started = time.monotonic()
    try:
        install_run_remove(package, debian, tmp_path)
        unpacked_build_for_one_user(bundle, debian)
    finally:
        debian.note(f"— {time.monotonic() - started:.0f} s in all")
        record_property("debian_log", "\n".join(debian.log))


def install_run_remove(package: Path, debian: Chroot, pictures: Path) -> None:
    debian.make()
    debian.apt("update")
    assert debian.run(["useradd", "--create-home", "--uid", "1000", "--user-group",
                       "officer"]).returncode == 0
    # What a desktop has, to look the MIME type and its program up as a file manager does.
    debian.apt("install", "libglib2.0-bin", "shared-mime-info", "desktop-file-utils")
    before = debian.system_files()

    shutil.copy(package, debian.root / "tmp" / package.name)
    example = EXAMPLE_FILES["jiangsu"]
    home = debian.root / "home" / "officer"
    shutil.copy(example, home / example.name)
    subprocess.run(["chown", "1000:1000", str(home / example.name)], check=True)
    installed = debian.apt("install", f"/tmp/{package.name}", show="^Setting up jixiao")
    new = re.search(r"The following NEW packages will be installed:\n((?:  .*\n)+)",
                    installed.stdout)
    assert new, installed.stdout[-2000:]
    debian.note("  NEW: " + " ".join(new.group(1).split()))
    assert "Setting up jixiao" in installed.stdout
    ours = debian.run(["dpkg-query", "-L", "jixiao"]).stdout.splitlines()

    listed = officer_runs(debian, ["jixiao-cli", "templates"], show=20)
    assert len(listed.stdout.splitlines()) == len(template_ids())
    exported = officer_runs(debian, ["jixiao-cli", "export", example.name, "-o", "out"],
                            show=5, QT_QPA_PLATFORM="offscreen")
    out = home / "out"
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".pdf", ".xlsx"], exported.stdout
    fonts = subprocess.run(["pdffonts", str(next(out.glob("*.pdf")))], capture_output=True,
                           text=True).stdout
    assert "NotoSerifCJKsc" in fonts, fonts  # the declared Chinese fonts reach the PDF
    officer_runs(debian, ["jixiao", "--self-test", example.name, "--screenshot", "offscreen.png"],
                 QT_QPA_PLATFORM="offscreen")
    assert (home / "offscreen.png").stat().st_size > 20_000
    # A double-click on a .jixiao file: its type, and the program that opens it.
    typed = officer_runs(debian, ["gio", "info", "-a", "standard::content-type", example.name],
                         show="content-type")
    assert "application/x-jixiao" in typed.stdout
    default = officer_runs(debian, ["gio", "mime", "application/x-jixiao"], show=1)
    assert "jixiao.desktop" in default.stdout

    # On a desktop (an X server here): the Qt X11 plug-in with the declared libraries.
    debian.apt("install", "xvfb", "xauth")
    officer_runs(debian, ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "jixiao",
                          "--self-test", example.name, "--screenshot", "x11.png"])
    shutil.copy(home / "x11.png", pictures / "x11.png")
    assert (pictures / "x11.png").stat().st_size > 20_000

    debian.apt("remove", "jixiao", show="^Removing jixiao")
    assert "jixiao" not in debian.run(["dpkg-query", "-W"]).stdout
    left = [path for path in ours if (debian.root / path.lstrip("/")).is_file()
            or (debian.root / path.lstrip("/")).is_symlink()]
    assert left == [] and not (debian.root / "opt" / "jixiao").exists()
    assert not (debian.root / "usr/share/mime/application/x-jixiao.xml").exists()
    gone = officer_runs(debian, ["gio", "mime", "application/x-jixiao"], check=False, show=1)
    assert "jixiao.desktop" not in gone.stdout
    # What the dependencies' own scripts made stays with them; nothing else may name jixiao.
    strays = sorted(debian.system_files() - before - debian.owned_files())
    debian.note(f"  new files outside the packages and the users' folders: {strays or 'none'}")
    assert [path for path in strays if mentions_jixiao(debian.root, path)] == []
    # The caches that the MIME type, the menu entry and the icons went into.
    for cache in ("usr/share/mime", "usr/share/applications", "usr/share/icons"):
        assert [str(p) for p in (debian.root / cache).rglob("*")
                if mentions_jixiao(debian.root, "/" + p.relative_to(debian.root).as_posix())] \
            == []


def unpacked_build_for_one_user(bundle: Path, debian: Chroot) -> None:
    """After the package is removed (its dependencies stay): the folder an officer unpacks,
    and its install-desktop-integration, which README-dist describes."""
    debian.note("— the unpacked build, for the officer only")
    home = debian.root / "home" / "officer"
    folder = home / "jixiao"
    shutil.copytree(bundle, folder, symlinks=True)
    subprocess.run(["chown", "-R", "1000:1000", str(folder)], check=True)
    officer_runs(debian, ["jixiao/install-desktop-integration"], show=1)
    listed = officer_runs(debian, [".local/bin/jixiao-cli", "templates"])
    assert len(listed.stdout.splitlines()) == len(template_ids())
    typed = officer_runs(debian, ["gio", "info", "-a", "standard::content-type",
                                  EXAMPLE_FILES["jiangsu"].name], show="content-type")
    assert "application/x-jixiao" in typed.stdout
    default = officer_runs(debian, ["gio", "mime", "application/x-jixiao"], show=1)
    assert "jixiao.desktop" in default.stdout
    entry = home / ".local/share/applications/jixiao.desktop"
    assert 'Exec="/home/officer/jixiao/jixiao" %f' in entry.read_text(encoding="utf-8")
    checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                             text=True)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def mentions_jixiao(root: Path, path: str) -> bool:
    file = root / path.lstrip("/")
    return "jixiao" in path.lower() or (file.is_file() and not file.is_symlink()
                                        and b"jixiao" in file.read_bytes().lower())


def officer_runs(debian: Chroot, command: list[str], show: int = 0, check: bool = True,
                 **env: str) -> subprocess.CompletedProcess[str]:
    result = debian.run(command, officer=True, env=env, show=show)
    if check:
        assert result.returncode == 0, "\n".join(debian.log[-30:])
        # No library or configuration missing: fontconfig, Qt and the app say so on stderr.
        assert not re.search(r"(?i)error|cannot load|traceback", result.stderr), result.stderr
    return result
