"""The 审核 panel, the 导出 dialog and 打印/打印预览, driven as the officer drives them."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app.checks import Location, Severity, run_checks
from app.money import format_amount
from app.projectfile import load_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES
from ui.checks_dock import RECHECK_DELAY_MS, ChecksDock
from ui.findings_model import _changed_blocks
from ui.export_dialog import FOLDER_KEY, ExportDialog, _settings
from ui.print_preview import preview_dialog, print_document
from ui.session import DocumentSession

EXPENSE = "department.funds.expense_items[0].full_year"
SUZHOU_NAME = "苏州市自然资源和规划局_2024年市级部门整体预算绩效目标表"


def session_for(example: str) -> DocumentSession:
    path = EXAMPLE_FILES[example]
    return DocumentSession(load_document(path), path)


def rows(dock: ChecksDock) -> list[tuple[str, str, str]]:
    """The findings' rows as the panel shows them, group after group."""
    model = dock.view.model()
    shown = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        shown += [tuple(model.index(r, c, group).data() for c in range(3))
                  for r in range(model.rowCount(group))]
    return shown


def groups(dock: ChecksDock) -> list[str]:
    model = dock.view.model()
    return [model.index(g, 0).data() for g in range(model.rowCount())]


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


# --- 审核 panel -------------------------------------------------------------------------------

def test_the_dock_lists_the_suzhou_warning_with_its_place(qtbot):
    dock = ChecksDock(session_for("jiangsu"))
    qtbot.addWidget(dock)
    assert rows(dock) == [("警告", "绩效指标 · 效益、满意度指标 · 第 7 行",
                           "部门整体的“满意度指标”下没有填写具体指标（三级指标和指标值为空）")]
    assert (dock.errors, dock.warnings) == (0, 1)
    assert dock.view.model().headerData(1, Qt.Orientation.Horizontal) == "位置"


def test_an_edit_is_rechecked_after_a_pause_and_reports_both_totals(qtbot):
    session = session_for("jiangsu")
    dock = ChecksDock(session)
    qtbot.addWidget(dock)
    counts = []
    dock.counts_changed.connect(lambda errors, warnings: counts.append((errors, warnings)))
    old = session.value(EXPENSE)
    stated = session.document.department.funds.project_expense.full_year

    session.set_value(EXPENSE, old + Decimal("0.01"))
    # Typing never waits for the checks: right after the edit the old findings still show.
    assert dock.recheck_pending() and len(rows(dock)) == 1 and counts == []
    qtbot.waitUntil(lambda: counts != [], timeout=RECHECK_DELAY_MS * 5)

    assert counts == [(1, 1)]
    severity, location, message = rows(dock)[0]
    assert (severity, location) == ("错误", "资金 · 部门整体资金（万元）")
    assert f"{format_amount(stated)} 万元" in message
    assert f"{format_amount(stated + Decimal('0.01'))} 万元" in message
    assert "相差 0.01 万元" in message
    assert rows(dock)[1][0] == "警告"  # 错误 first

    session.undo_stack.undo()
    qtbot.waitUntil(lambda: counts[-1] == (0, 1), timeout=RECHECK_DELAY_MS * 5)


def test_a_burst_of_edits_is_checked_once_after_the_last(qtbot):
    session = session_for("jiangsu")
    dock = ChecksDock(session)
    qtbot.addWidget(dock)
    counts = []
    dock.counts_changed.connect(lambda errors, warnings: counts.append((errors, warnings)))
    old = session.value(EXPENSE)
    # Seven keystrokes spanning more than one delay: each restarts the wait.
    for cents in ("0.01", "0.02", "0.03", "0.04", "0.05", "0.06", "0.07"):
        session.set_value(EXPENSE, old + Decimal(cents))
        qtbot.wait(RECHECK_DELAY_MS // 4)
    assert counts == []
    qtbot.waitUntil(lambda: counts != [], timeout=RECHECK_DELAY_MS * 5)
    qtbot.wait(RECHECK_DELAY_MS + 100)
    assert counts == [(1, 1)]
    assert "相差 0.07 万元" in rows(dock)[0][2]


def test_the_selected_finding_stays_selected_when_others_come_and_go(qtbot):
    session = session_for("jiangsu")
    dock = ChecksDock(session)
    qtbot.addWidget(dock)
    view = dock.view
    department = view.model().index(0, 0)
    view.setCurrentIndex(view.model().index(0, 2, department))  # the 满意度指标 warning
    warning = rows(dock)[0]
    session.set_value(EXPENSE, session.value(EXPENSE) + Decimal("0.01"))
    dock.recheck_now()
    assert rows(dock)[1] == warning and rows(dock)[0][0] == "错误"  # 错误 first
    assert view.currentIndex().row() == 1 and view.currentIndex().parent() == department
    assert view.selectionModel().isRowSelected(1, department)
    assert dock.model.findings == run_checks(session.document)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=120), st.lists(st.integers(0, 6), max_size=120))
def test_the_panel_changes_blocks_that_make_the_new_list(old, new):
    """Whatever the two lists, replacing the blocks the panel finds turns one into the other,
    and the blocks are apart and in order."""
    blocks = _changed_blocks(old, new)
    made = list(old)
    for first, end, replacement in reversed(blocks):
        made[first:end] = replacement
    assert made == new
    assert all(end < following for (_, end, _), (following, _, _) in zip(blocks, blocks[1:]))


def test_findings_changed_far_apart_keep_the_rows_between(qtbot):
    """One edit in a 自评表 changes a project's row finding (listed with the indicator checks)
    and its score finding (listed with the scoring checks, thousands of rows later): the panel
    replaces just those rows; the ones between stay, selection included."""
    template = get_template("national-project-eval")
    document = template.new_document("某局", 2024)
    document.projects = [template.new_project(f"项目{p}", 2024) for p in range(40)]
    session = DocumentSession(document)
    dock = ChecksDock(session)
    qtbot.addWidget(dock)
    inserted, removed = [], []
    dock.model.rowsInserted.connect(lambda _, first, last: inserted.append(last - first + 1))
    dock.model.rowsRemoved.connect(lambda _, first, last: removed.append(last - first + 1))
    selected = dock.model.findings[len(dock.model.findings) // 2]
    dock.view.setCurrentIndex(dock.model.finding_index(selected, 2))
    session.set_value("projects[20].indicators[0].name", "完成数")
    session.set_value("projects[20].indicators[0].weight", "20")
    dock.recheck_now()
    assert dock.model.findings == run_checks(document)
    assert sum(inserted) + sum(removed) < 20, (inserted, removed)
    assert dock.model.finding_at(dock.view.currentIndex()) == selected


def test_double_click_and_enter_ask_to_jump_to_the_finding(qtbot):
    dock = ChecksDock(session_for("guizhou"))
    qtbot.addWidget(dock)
    dock.resize(1000, 400)
    dock.show()
    qtbot.waitExposed(dock)
    view, model = dock.view, dock.model
    jumps = []
    dock.jump_requested.connect(jumps.append)
    target = Location("projects", "projects[4].indicators[9].target",
                      table="project", row=9, column="target", project=4)
    finding = next(f for f in model.findings if f.location == target)
    view.expandAll()
    view.scrollTo(model.finding_index(finding))
    cell = view.visualRect(model.finding_index(finding, 2)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert jumps == []  # a single click only selects
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert jumps == [target]

    group = view.visualRect(model.finding_index(finding).parent()).center()
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=group)
    assert jumps == [target]  # a group's heading opens or closes, it jumps nowhere

    goal = next(f for f in model.findings if f.location.path == "projects[3].annual_goal")
    view.setFocus()
    view.setCurrentIndex(model.finding_index(goal))
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert jumps[1:] == [Location("projects", "projects[3].annual_goal", project=3)]


# --- 导出 dialog ------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _no_remembered_folder():
    # Qt caches the settings file's place per process: forget what an earlier test chose.
    _settings().remove(FOLDER_KEY)
    yield
    _settings().remove(FOLDER_KEY)


@pytest.fixture
def asked(monkeypatch):
    """QMessageBox.question answers Yes (or what the test sets) and records what was asked."""
    record = {"answer": QMessageBox.StandardButton.Yes, "questions": [], "warnings": []}

    def question(parent, title, text, *args):
        record["questions"].append((title, text))
        return record["answer"]

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *args: record["warnings"].append((title, text)))
    return record


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def export_and_wait(qtbot, dialog: ExportDialog) -> list[Path]:
    """Start the export as the 导出 button does; the files written once the worker is done."""
    with qtbot.waitSignal(dialog.export_done, timeout=60000) as done:
        assert dialog.export_now()
    return done.args[0]


def make_dialog(qtbot, session, folder: Path | None, monkeypatch) -> ExportDialog:
    dialog = ExportDialog(session, None)
    qtbot.addWidget(dialog)
    dialog.show()
    if folder is not None:
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    return dialog


@pytest.mark.parametrize("example", sorted(EXAMPLE_FILES))
def test_each_example_exports_all_three_formats(qtbot, tmp_path, monkeypatch, asked, opened,
                                                example):
    session = session_for(example)
    folder = tmp_path / "导出"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
    dialog = make_dialog(qtbot, session, None, monkeypatch)
    assert dialog.folder_edit.text() == str(EXAMPLE_FILES[example].parent)  # beside the file
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.folder_edit.text() == str(folder)
    previewed = dialog.preview.toPlainText().splitlines()
    assert [Path(name).suffix for name in previewed] == [".docx", ".xlsx", ".pdf"]
    if example == "jiangsu":
        assert previewed[0] == f"{SUZHOU_NAME}.docx"

    with qtbot.waitSignal(dialog.export_done, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert sorted(p.name for p in folder.iterdir()) == sorted(previewed)
    assert (folder / previewed[0]).read_bytes()[:2] == b"PK"  # docx is a zip
    assert (folder / previewed[1]).read_bytes()[:2] == b"PK"
    assert pdf_pages(folder / previewed[2]) > 0
    errors = sum(1 for f in run_checks(session.document) if f.severity is Severity.ERROR)
    if errors:  # 六盘水 (and its 自评表) has 4 错误: the officer confirmed exporting anyway
        assert example in ("guizhou", "national-project-eval")
        assert len(asked["questions"]) == 1 and f"{errors} 个错误" in asked["questions"][0][1]
    else:
        assert asked["questions"] == []
    assert asked["warnings"] == []
    assert dialog.progress.isHidden() and "已导出 3 个文件" in dialog.status.text()

    assert dialog.open_folder_button.isVisible()
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(folder))]

    again = ExportDialog(session, None)  # the folder is remembered for the next export
    qtbot.addWidget(again)
    assert again.folder_edit.text() == str(folder)


def test_declining_the_error_warning_writes_nothing(qtbot, tmp_path, monkeypatch, asked):
    asked["answer"] = QMessageBox.StandardButton.No
    dialog = make_dialog(qtbot, session_for("guizhou"), tmp_path, monkeypatch)
    assert not dialog.export_now()
    assert len(asked["questions"]) == 1 and list(tmp_path.iterdir()) == []
    assert not dialog.exporting


def test_only_the_ticked_formats_are_previewed_and_written(qtbot, tmp_path, monkeypatch, asked):
    dialog = make_dialog(qtbot, session_for("jiangsu"), tmp_path, monkeypatch)
    dialog.format_boxes["docx"].click()
    dialog.format_boxes["xlsx"].click()
    assert dialog.preview.toPlainText() == f"{SUZHOU_NAME}.pdf"
    assert [p.name for p in export_and_wait(qtbot, dialog)] == [f"{SUZHOU_NAME}.pdf"]
    assert [p.name for p in tmp_path.iterdir()] == [f"{SUZHOU_NAME}.pdf"]

    dialog.format_boxes["pdf"].click()
    assert not dialog.export_button.isEnabled()
    assert dialog.preview.toPlainText() == "（请至少选择一种格式）"


def test_existing_files_are_overwritten_only_when_the_officer_agrees(qtbot, tmp_path,
                                                                     monkeypatch, asked):
    dialog = make_dialog(qtbot, session_for("jiangsu"), tmp_path, monkeypatch)
    dialog.format_boxes["xlsx"].click()
    dialog.format_boxes["pdf"].click()
    word = tmp_path / f"{SUZHOU_NAME}.docx"
    word.write_bytes(b"old")
    dialog.update_preview()
    assert dialog.preview.toPlainText() == f"{SUZHOU_NAME}.docx（已存在）"

    asked["answer"] = QMessageBox.StandardButton.No
    assert not dialog.export_now()
    assert asked["questions"][-1][0] == "文件已存在" and word.name in asked["questions"][-1][1]
    assert word.read_bytes() == b"old"

    asked["answer"] = QMessageBox.StandardButton.Yes
    assert export_and_wait(qtbot, dialog) == [word]
    assert word.read_bytes()[:2] == b"PK"


def test_cancel_during_the_export_leaves_no_file_and_keeps_the_dialog(qtbot, tmp_path,
                                                                      monkeypatch, asked):
    dialog = make_dialog(qtbot, session_for("jiangsu"), tmp_path, monkeypatch)
    steps = []

    def click_cancel_once_word_is_under_way(step, total, message):
        steps.append(step)
        if step == 1:  # the first format is being written
            assert dialog.cancel_button.text() == "取消" and dialog.progress.isVisible()
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    dialog.progress_changed.connect(click_cancel_once_word_is_under_way)
    assert export_and_wait(qtbot, dialog) == []
    assert steps == [0, 1]  # nothing is reported once 取消 is pressed
    assert list(tmp_path.iterdir()) == []  # neither the Word file nor a temporary file remains
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    assert "已取消导出" in dialog.status.text()
    assert not dialog.open_folder_button.isVisible()


def test_an_export_error_is_shown_in_chinese(qtbot, tmp_path, monkeypatch, asked):
    not_a_folder = tmp_path / "文件"
    not_a_folder.write_text("x", encoding="utf-8")
    dialog = make_dialog(qtbot, session_for("jiangsu"), not_a_folder, monkeypatch)
    assert export_and_wait(qtbot, dialog) == []
    assert len(asked["warnings"]) == 1
    title, text = asked["warnings"][0]
    assert title == "导出失败" and "无法创建文件夹" in text and "文件" in text


# --- 打印预览 and 打印 ----------------------------------------------------------------------------

def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_the_preview_paints_the_document_onto_a_printer(qtbot, tmp_path):
    dialog = preview_dialog(session_for("guizhou"), None)
    qtbot.addWidget(dialog)
    target = tmp_path / "预览.pdf"
    printer = pdf_printer(target)
    dialog.paintRequested.emit(printer)
    assert target.exists() and pdf_pages(target) > 5


def test_the_preview_shows_pages_when_opened(qtbot):
    dialog = preview_dialog(session_for("jiangsu"), None)
    qtbot.addWidget(dialog)
    dialog.show()  # non-modal: exec() would block the offscreen test
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=10000)
    assert dialog.windowTitle() == "打印预览"


def test_print_document_prints_what_the_dialog_chose(qtbot, tmp_path, monkeypatch):
    target = tmp_path / "打印.pdf"

    def accept(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    pages = print_document(session_for("jiangsu"), None)
    assert pages > 0 and pdf_pages(target) == pages

    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    target.unlink()
    assert print_document(session_for("jiangsu"), None) == 0 and not target.exists()
