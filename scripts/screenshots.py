"""Make docs/screenshots/: the first page of each example's PDF, and of LibreOffice's
rendering of its .docx and .xlsx, and pairs of pages across which a table goes on (the page
breaks that used to slice rows). Run with `make screenshots` and look at every picture."""
from __future__ import annotations

import re
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


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def continued_tables(pdf: Path, limit: int = 3) -> list[int]:
    """Pages (1-based) whose table goes on at the head of the next page, after its header."""
    pages = page_texts(pdf)
    found = []
    # A narrow header cell wraps its label; LibreOffice writes the footer first.
    pages = [re.sub(r"^第\d+页共\d+页", "", "".join(page.split())) for page in pages]
    for k in range(len(pages) - 1):
        if pages[k + 1].startswith("一级指标") and "一级指标" in pages[k]:
            found.append(k + 1)
    return found[:limit]


def page_pair_png(pdf: Path, first: int, target: Path) -> None:
    """Pages ``first`` and ``first + 1`` side by side, as the break between them is read."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QImage needs it
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(first), "-l", str(first + 1),
                        str(pdf), f"{folder}/p"], check=True)
        images = [QImage(str(p)) for p in sorted(Path(folder).glob("p-*.png"))]
        width = sum(i.width() for i in images) + 8 * (len(images) - 1)
        canvas = QImage(width, max(i.height() for i in images), QImage.Format.Format_RGB32)
        canvas.fill(QColor("gray"))
        painter = QPainter(canvas)
        x = 0
        for image in images:
            painter.drawImage(x, 0, image)
            x += image.width() + 8
        painter.end()
        canvas.save(str(target))


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
    if "--exports-only" not in sys.argv:
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
                pairs = continued_tables(pdf)
                if example.stem == "jiangsu-suzhou-2024" and fmt == "pdf":
                    pairs = sorted({3, *pairs})  # 苏州 p3–p4: the rows the issue saw sliced
                for first in pairs:
                    target = OUT / f"{example.stem}-{fmt}-pages-{first}-{first + 1}.png"
                    page_pair_png(pdf, first, target)
                    print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
