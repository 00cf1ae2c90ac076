"""Make docs/screenshots/: the first page of each example's PDF, and of LibreOffice's
rendering of its .docx and .xlsx. Run with `make screenshots` and look at every picture."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.export import export_document  # noqa: E402
from app.projectfile import load_document  # noqa: E402
from tests.libreoffice import convert_to_pdf, missing_tools  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def first_page_png(pdf: Path, target: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(target.with_suffix(""))], check=True)


def window_shots() -> None:
    """Every tab of the window for each example, at 1366×768 (offscreen, fonts-noto-cjk)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.bootstrap import install_chinese
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    install_chinese(app)
    for example in sorted((ROOT / "resources" / "examples").glob("*.jixiao")):
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        window.open_path(example, ask=False)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            app.processEvents()
            key = getattr(window.tabs.widget(index), "section_key", str(index))
            target = OUT / f"{example.stem}-tab-{index + 1}-{key}.png"
            window.grab().save(str(target))
            print(target.relative_to(ROOT))
        window.session.undo_stack.setClean()
        window.close()


def main() -> int:
    if missing_tools():
        print(missing_tools(), file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    window_shots()
    for example in sorted((ROOT / "resources" / "examples").glob("*.jixiao")):
        with tempfile.TemporaryDirectory() as folder:
            files = export_document(load_document(example), Path(folder))
            for path in files:
                fmt = path.suffix[1:]
                pdf = path if fmt == "pdf" else convert_to_pdf(path, Path(folder) / fmt)
                target = OUT / f"{example.stem}-{fmt}.png"
                first_page_png(pdf, target)
                print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
