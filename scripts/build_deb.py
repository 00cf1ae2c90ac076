"""`make deb`: the Debian package dist/jixiao_<version>_<arch>.deb, made from the one-folder build.

What it installs:
- the build under /opt/jixiao, with `jixiao` and `jixiao-cli` linked into /usr/bin;
- the desktop entry, the program's icon, and the `.jixiao` MIME type with its own icon, so that
  a double-click on a document opens it in the program (the only program that declares the type);
- the dist notes and the copyright file under /usr/share/doc/jixiao.

What it depends on: the system libraries that the bundle's programs, libraries and Qt plug-ins
need and do not carry (X11's libxcb, OpenGL/EGL, Wayland, and glibc at the highest version any of
them asks for), as dpkg-shlibdeps finds them; and the data the bundled libraries read: fontconfig's
configuration, the Chinese fonts, the icon theme the icons go into.

The desktop, MIME and icon caches are refreshed by the triggers of the packages that own them, so
the package has no maintainer scripts, and removing it leaves nothing of it behind.

Run it on the system the build was made on: dpkg-shlibdeps reads that system's library packages.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"

PACKAGE = "jixiao"
PREFIX = Path("opt") / PACKAGE
PROGRAMS = ("jixiao", "jixiao-cli")
MIME_TYPE = "application/x-jixiao"
# Beside the unpacked build's programs, for an install by hand; the package puts them in place.
UNPACKED_ONLY = ("install-desktop-integration", "jixiao.desktop", "jixiao-mime.xml", "README.md")
# Loaded only where the system has what it links to; Qt goes on without it elsewhere. The GTK 3
# theme gives GNOME's dialogs on a GNOME desktop: not worth making every system install GTK.
OPTIONAL_ELF = ("platformthemes/libqgtk3.so",)
# Read by bundled libraries at run time, which no linker sees.
DATA_DEPENDS = ("fontconfig-config", "fonts-noto-cjk", "hicolor-icon-theme")
# .doc and .wps files are imported through LibreOffice (app/importing/convert.py).
SUGGESTS = "libreoffice-writer-nogui | libreoffice-writer"
MAINTAINER = "绩效填报 <noreply@jixiao.invalid>"
SUMMARY = "绩效填报：部门预算绩效文档的离线填报、审核与导出"
DESCRIPTION = """\
部门财务人员在本机填写预算绩效目标表、绩效文本和绩效自评报告，审核、评分、
保存为 .jixiao 文件，打印签章，并按各省财政局的格式导出 Word、Excel 和 PDF。
不需要网络。
.
需要 glibc {floor} 或更新版本。"""


class BuildError(Exception):
    """A step of the build failed; the message says which and why."""


def run(*command: str | Path, cwd: Path | None = None) -> str:
    try:
        result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True,
                                text=True, check=False)
    except FileNotFoundError:
        raise BuildError(f"找不到 {command[0]}：请安装 dpkg-dev（以 root 运行 make system-deps）"
                         "后再试。") from None
    if result.returncode != 0:
        # dpkg-shlibdeps writes a warning per library and symbol: show its errors only.
        lines = result.stderr.strip().splitlines()
        errors = [line for line in lines if "error" in line] or lines
        raise BuildError(f"{Path(str(command[0])).name} 失败：\n" + "\n".join(errors[-20:]))
    return result.stdout


def bundle_version(bundle: Path) -> str:
    """The version the build itself reports, so the package and the program never disagree."""
    words = run(bundle / "jixiao-cli", "--version").split()
    if len(words) != 2 or words[0] != PACKAGE:
        raise BuildError(f"jixiao-cli --version 的输出不是“jixiao 版本号”：{' '.join(words)}")
    return words[1]


def stage(bundle: Path, root: Path) -> None:
    """Lay the package's files out under root as they will be installed."""
    shutil.copytree(bundle, root / PREFIX, symlinks=True,
                    ignore=lambda folder, names: [n for n in names if folder == str(bundle)
                                                  and n in UNPACKED_ONLY])
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in PROGRAMS:
        (bin_dir / program).symlink_to(Path("/") / PREFIX / program)
    share = root / "usr" / "share"
    put(LINUX / "jixiao.desktop", share / "applications" / "jixiao.desktop")
    put(LINUX / "jixiao-mime.xml", share / "mime" / "packages" / "jixiao.xml")
    icons = share / "icons" / "hicolor"
    mime_icon = MIME_TYPE.replace("/", "-")
    for kind, name in (("apps", PACKAGE), ("mimetypes", mime_icon)):
        put(ROOT / "resources" / "icons" / "jixiao.svg", icons / "scalable" / kind / f"{name}.svg")
        put(ROOT / "resources" / "icons" / "jixiao.png", icons / "256x256" / kind / f"{name}.png")
        for picture in (LINUX / "icons").glob("*.png"):
            size = picture.stem
            put(picture, icons / f"{size}x{size}" / kind / f"{name}.png")
    doc = share / "doc" / PACKAGE
    put(ROOT / "packaging" / "README-dist.md", doc / "README.md")
    put(LINUX / "copyright", doc / "copyright")
    normalise_modes(root)


def put(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def normalise_modes(root: Path) -> None:
    """Folders and programs 0755, everything else 0644, whatever the build's umask was."""
    for folder, folders, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & 0o111 and not name.endswith(".so") \
                and ".so." not in name
            os.chmod(path, 0o755 if executable else 0o644)


def elf_files(root: Path) -> list[Path]:
    found = []
    for folder, _folders, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                with path.open("rb") as stream:
                    if stream.read(4) == b"\x7fELF":
                        found.append(path)
    return sorted(found)


def library_depends(root: Path) -> str:
    """The Depends that dpkg-shlibdeps finds for every ELF file but the optional plug-ins."""
    elves = [p for p in elf_files(root / PREFIX)
             if not any(p.as_posix().endswith(tail) for tail in OPTIONAL_ELF)]
    # Paths as installed: with DEBIAN/ in root, dpkg-shlibdeps looks them up under root.
    private = sorted({"/" + p.parent.relative_to(root).as_posix() for p in elves if ".so" in p.name})
    with tempfile.TemporaryDirectory() as scratch:
        # dpkg-shlibdeps reads the source package's name from debian/control.
        (Path(scratch) / "debian").mkdir()
        (Path(scratch) / "debian" / "control").write_text(
            f"Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n", encoding="utf-8")
        out = run("dpkg-shlibdeps", "-O", "--ignore-missing-info", "--warnings=0",
                  *(f"-l{folder}" for folder in private), *elves, cwd=Path(scratch))
    match = re.search(r"^shlibs:Depends=(.*)$", out, re.MULTILINE)
    if match is None:
        raise BuildError(f"dpkg-shlibdeps 没有给出依赖：{out}")
    return match.group(1)


def glibc_floor(depends: str) -> str:
    match = re.search(r"\blibc6 \(>= ([0-9.]+)\)", depends)
    if match is None:
        raise BuildError(f"依赖中没有 libc6 的最低版本：{depends}")
    return match.group(1)


def control(root: Path, version: str, arch: str, depends: str) -> str:
    floor = glibc_floor(depends)
    size = sum(p.lstat().st_size for p in root.rglob("*") if "DEBIAN" not in p.parts)
    fields = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": arch,
        "Maintainer": os.environ.get("JIXIAO_DEB_MAINTAINER", MAINTAINER),
        "Installed-Size": str((size + 1023) // 1024),
        "Depends": ", ".join([depends, *DATA_DEPENDS]),
        "Suggests": SUGGESTS,
        "Section": "misc",
        "Priority": "optional",
        "Description": f"{SUMMARY}\n" + "\n".join(
            f" {line}" for line in DESCRIPTION.format(floor=floor).splitlines()),
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def md5sums(root: Path) -> str:
    """What `dpkg --verify` and debsums check the installed files against."""
    lines = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.parts[len(root.parts)] != "DEBIAN":
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    return "".join(lines)


def build(bundle: Path, out_dir: Path) -> Path:
    bundle, out_dir = bundle.resolve(), out_dir.resolve()  # the tools run in other folders
    if not (bundle / "jixiao-cli").is_file():
        raise BuildError(f"找不到构建结果 {bundle}/jixiao-cli：请先运行 make dist。")
    version = bundle_version(bundle)
    arch = run("dpkg", "--print-architecture").strip()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as scratch:
        root = Path(scratch) / "root"
        stage(bundle, root)
        # dpkg-shlibdeps takes the folder holding DEBIAN/ as the package's root ($ORIGIN).
        (root / "DEBIAN").mkdir(mode=0o755)
        fields = control(root, version, arch, library_depends(root))
        (root / "DEBIAN" / "control").write_text(fields, encoding="utf-8")
        (root / "DEBIAN" / "md5sums").write_text(md5sums(root), encoding="utf-8")
        target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
        part = target.with_name(target.name + ".part")  # never a half-written package
        run("dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, part)
        part.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_deb", description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "jixiao",
                        help="the one-folder build (default: dist/jixiao)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist",
                        help="the folder the .deb is written to (default: dist)")
    args = parser.parse_args(argv)
    try:
        print(build(args.bundle, args.out))
    except BuildError as error:
        print(f"无法生成 .deb：{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
