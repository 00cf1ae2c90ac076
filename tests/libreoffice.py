"""LibreOffice as a real client: converts our .docx/.xlsx to PDF, as a bureau's office would
open them. Each conversion has its own profile, so parallel runs never collide."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_tools() -> str:
    """Why real-client tests cannot run here, or "" when they can."""
    missing = [name for name, found in (("LibreOffice (soffice)", soffice()),
                                        ("pdftotext", shutil.which("pdftotext")),
                                        ("pdftoppm", shutil.which("pdftoppm"))) if not found]
    if not missing:
        return ""
    return (f"{', '.join(missing)} not installed; as root `make test` installs them "
            "(scripts/system-deps)")


def convert_to_pdf(source: Path, out_dir: Path, timeout: int = 240) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
        result = subprocess.run(
            [soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
            capture_output=True, text=True, timeout=timeout, env=env)
    target = out_dir / (source.stem + ".pdf")
    if result.returncode != 0 or not target.is_file():
        raise AssertionError(f"LibreOffice could not open {source.name}: "
                             f"{result.stdout[-500:]} {result.stderr[-500:]}")
    return target


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
