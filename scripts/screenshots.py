"""Make docs/screenshots/: the window at 1366×768 (offscreen, and on a real X server: x11-*),
the first page of each example's PDF, and of LibreOffice's rendering of its .docx and .xlsx,
and pairs of pages across which a table goes on (the page breaks that used to slice rows).
Run with `make screenshots` (options: --exports-only, --windows-only) and look at every picture."""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import forms  # noqa: E402
from app.export import export_document  # noqa: E402
from app.projectfile import load_document  # noqa: E402
from tests.libreoffice import convert_to_pdf, missing_tools  # noqa: E402

forms.register_all()

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
    # Opening documents adds them to the 指标库: a folder of our own, not the user's library.
    os.environ.setdefault("JIXIAO_HOME", tempfile.mkdtemp(prefix="jixiao-shots-"))
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
    picker_shot(app)
    self_evaluation_shots(app)


def self_evaluation_shots(app) -> None:  # type: ignore[no-untyped-def]
    """六盘水 2024's projects carried to their 自评表: the 审核 panel grouped by project."""
    from app.carry import carry_to_self_evaluation, self_evaluation_template
    from app.projectfile import save_document
    from app.templates import get_template
    from PySide6.QtTest import QTest

    from ui.main_window import MainWindow

    document = load_document(ROOT / "resources" / "examples" / "guizhou-liupanshui-2024.jixiao")
    source = get_template(document.template)
    carried = carry_to_self_evaluation(document, source, self_evaluation_template(source))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "六盘水2024自评表.jixiao"
        save_document(carried, path)
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        window.open_path(path, ask=False)
        app.processEvents()
        target = OUT / "checks-liupanshui-self-eval.png"
        window.grab().save(str(target))
        print(target.relative_to(ROOT))
        window.close()
    # 总分与等级 left empty: the computed total and grade in grey, as the form will print them.
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    window.open_example(ROOT / "resources" / "examples"
                        / "national-project-eval-liupanshui-2024.jixiao")
    window.session.set_value("projects[0].evaluation.score", None)
    window.session.set_value("projects[0].evaluation.grade", "")
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    projects = window.tabs.currentWidget()
    inner = projects.editor_tabs
    inner.setCurrentIndex(next(i for i in range(inner.count()) if inner.tabText(i) == "总分与等级"))
    QTest.qWait(400)  # the grey text follows the edits once they pause
    target = OUT / "national-project-eval-liupanshui-2024-total-and-grade.png"
    window.grab().save(str(target))
    print(target.relative_to(ROOT))
    window.session.undo_stack.setClean()
    window.close()


def picker_shot(app) -> None:  # type: ignore[no-untyped-def]
    """从指标库插入 on 苏州's 效益、满意度 table, "满意度" typed, two entries chosen."""
    from ui import library_access
    from ui.library_dialog import LibraryDialog
    from ui.session import DocumentSession

    library_access.wait_for_indexing(60)  # the examples the window opened
    session = DocumentSession(load_document(ROOT / "resources" / "examples"
                                            / "jiangsu-suzhou-2024.jixiao"))
    dialog = LibraryDialog(library_access.picker_library(),
                           session.template.indicator_tables[2],
                           {"level1": "满意度指标", "level2": "服务对象满意度"})
    dialog.resize(1120, 640)
    dialog.show()
    dialog.search_edit.setText("满意度")
    dialog.search_now()
    dialog.select_rows([0, 1])
    app.processEvents()
    target = OUT / "library-picker.png"
    dialog.grab().save(str(target))
    print(target.relative_to(ROOT))
    dialog.close()
    library_access.close_picker_library()


def x11_shots() -> None:
    """The window on a real X server at 1366×768 (Xvfb), driven with xdotool: the start page,
    each example's tabs, and a paste from another program's clipboard onto a whole row."""
    import shutil

    from tests.x11.harness import RunningApp, XServer, missing_x_tools

    if missing_x_tools():
        print(f"x11 screenshots skipped: {missing_x_tools()}", file=sys.stderr)
        return
    server = XServer()
    try:
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder)
            app = RunningApp(server, home / "start")
            _x11_save(app, "x11-start-page")
            app.stop()
            for example in sorted((ROOT / "resources" / "examples").glob("*.jixiao")):
                copy = home / example.name
                shutil.copy(example, copy)
                app = RunningApp(server, home / example.stem, str(copy))
                state = app.wait_until(lambda s: s["tab_count"] > 0, "the tabs")
                for index, rect in enumerate(state["tab_bar"]):
                    app.click(rect[0] + rect[2] // 2, rect[1] + rect[3] // 2)
                    app.wait_until(lambda s, i=index: s["current_tab"] == i, "the tab")
                    _x11_save(app, f"x11-{example.stem}-tab-{index + 1}")
                if example.stem == "jiangsu-suzhou-2024":
                    _x11_paste(app, server, home, state)
                app.stop()
    finally:
        server.stop()


def _x11_save(app, name: str) -> None:  # type: ignore[no-untyped-def]
    import time

    time.sleep(0.5)  # let the last repaint reach the X server
    target = OUT / f"{name}.png"
    app.screenshot(target)
    print(target.relative_to(ROOT))


def _x11_paste(app, server, home: Path, state: dict) -> None:  # type: ignore[no-untyped-def]
    from tests.x11.harness import ClipboardOwner

    rect = state["tab_bar"][state["tab_titles"].index("绩效指标")]
    app.click(rect[0] + rect[2] // 2, rect[1] + rect[3] // 2)
    state = app.wait_until(lambda s: s["table"] is not None, "the indicator table")
    pasted = ["决策", "计划制定", "从表格软件粘贴的指标", "＝50%", "＝100%"]
    owner = ClipboardOwner(server, home, "\t".join(pasted) + "\r\n")
    try:
        header = state["table"]["rows"][1]["header"]
        app.click(header[0] + header[2] // 2, header[1] + header[3] // 2)
        app.key("ctrl+v")
        app.wait_until(lambda s: s["table"]["rows"][1]["texts"] == pasted, "the paste")
    finally:
        owner.stop()
    _x11_save(app, "x11-jiangsu-suzhou-2024-paste-on-row-2")


def main() -> int:
    if missing_tools():
        print(missing_tools(), file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    if "--exports-only" not in sys.argv:
        window_shots()
        x11_shots()
    if "--windows-only" in sys.argv:
        return 0
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
