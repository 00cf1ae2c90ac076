"""文件 → 结转 as an officer uses it: the menu, the dialog, the new document with its 上年 column."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from tests.ui.test_main_window import tab_of, window  # noqa: F401 - the fixture
from ui.carry_dialog import CarryDialog
from ui.tabs.indicators_tab import IndicatorsTab


def carry_menu_action(window):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == "结转…")


def accept_with(monkeypatch, setup) -> list[CarryDialog]:
    """Let the real dialog be built, set its widgets as the officer would, and press 结转."""
    shown: list[CarryDialog] = []

    def exec_(dialog: CarryDialog) -> int:
        shown.append(dialog)
        setup(dialog)
        return CarryDialog.DialogCode.Accepted

    monkeypatch.setattr(CarryDialog, "exec", exec_)
    # The carried document is new and unsaved: closing the window at the end discards it.
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
    return shown


def test_file_carry_to_next_year_opens_a_new_document_with_last_year_beside(
        window, monkeypatch, tmp_path):
    source = tmp_path / "苏州2024.jixiao"
    source.write_bytes(EXAMPLE_FILES["jiangsu"].read_bytes())
    assert window.open_path(source)
    before = source.read_bytes()

    def keep_money(dialog: CarryDialog) -> None:
        assert dialog.next_year.isChecked() and dialog.keep_money.isEnabled()
        assert not dialog.form.isEnabled()  # the 自评表 choice waits for its radio button
        dialog.keep_money.setChecked(True)

    shown = accept_with(monkeypatch, keep_money)
    action = carry_menu_action(window)
    assert action.isEnabled()
    action.trigger()
    assert shown, "the dialog was not shown"

    session = window.session
    assert session.path is None and session.modified  # a new, untitled document
    assert session.document.year == 2025
    assert session.document.department.funds.total == load_document(source).department.funds.total
    assert source.read_bytes() == before
    assert "2025" in window.statusBar().currentMessage()

    editor = tab_of(window, IndicatorsTab).editors["decision_process"]
    model = editor.model
    prior = model.column_of("prior_full_year_target")
    assert prior == model.column_of("full_year_target") + 1  # beside this year's value
    assert model.headerData(prior, Qt.Orientation.Horizontal) == "上年全年指标值"
    old_rows = load_document(source).department.indicator_tables[0].rows
    assert [model.text(r, prior) for r in range(model.rowCount())] == \
        [row.get("full_year_target") for row in old_rows]
    # Read-only: not editable, typing refused, and a paste skips it.
    index = model.index(0, prior)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "＝1%")
    half = model.column_of("half_year_target")
    assert model.text(0, half) == ""  # 半年 values cleared by default
    editor.view.select_cell(0, model.column_of("full_year_target"))
    QApplication.clipboard().setText("＝90%\t说明")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    editor.view.paste()
    # Two copied cells, one editable column left of the table's end: refused, nothing changed.
    assert model.text(0, model.column_of("full_year_target")) == old_rows[0].get(
        "full_year_target")
    QApplication.clipboard().setText("＝90%")
    assert editor.view.paste()
    assert model.text(0, model.column_of("full_year_target")) == "＝90%"
    assert model.text(0, prior) == old_rows[0].get("full_year_target")


def test_file_carry_to_the_year_end_self_evaluation(window, monkeypatch, tmp_path):
    assert window.open_path(_copy(EXAMPLE_FILES["guizhou"], tmp_path))
    source = window.session.document

    def self_evaluation(dialog: CarryDialog) -> None:
        dialog.self_evaluation.setChecked(True)
        assert dialog.form.isEnabled() and not dialog.keep_money.isEnabled()
        assert dialog.form.currentData() == "national-project-eval"

    accept_with(monkeypatch, self_evaluation)
    carry_menu_action(window).trigger()
    document = window.session.document
    assert document.template == "national-project-eval"
    assert document.year == source.year
    assert [p.name for p in document.projects] == [p.name for p in source.projects]
    first = document.projects[0]
    assert [r.name for r in first.indicators] == \
        [r.name for r in source.projects[0].indicators if r.name]
    assert all(r.get("weight") for r in first.indicators)


def test_a_self_evaluation_offers_only_the_next_year(window, monkeypatch, tmp_path):
    assert window.open_path(_copy(EXAMPLE_FILES["sichuan-project-eval"], tmp_path))

    def check(dialog: CarryDialog) -> None:
        assert not dialog.self_evaluation.isEnabled()

    shown = accept_with(monkeypatch, check)
    carry_menu_action(window).trigger()
    assert shown and window.session.document.year == 2024
    row = window.session.document.projects[1].indicators[0]
    assert row.get("actual") == "" and row.get("score") == ""  # last year's results cleared
    assert row.get("prior_target") == "≥6个"


def _copy(example, folder):
    target = folder / example.name
    target.write_bytes(example.read_bytes())
    return target


def test_file_carry_to_the_year_s_middle_gives_one_monitoring_form_per_project(
        window, monkeypatch, tmp_path):
    from tests.declared_form import TEMPLATE_ID, install, uninstall

    install(tmp_path / "forms")  # a monitoring form, whatever forms/ holds
    try:
        assert window.open_path(_copy(EXAMPLE_FILES["guizhou"], tmp_path))
        source = window.session.document

        def to_monitoring(dialog: CarryDialog) -> None:
            assert dialog.monitoring.isEnabled() and not dialog.monitoring_form.isEnabled()
            dialog.monitoring.setChecked(True)
            assert dialog.monitoring_form.isEnabled() and not dialog.form.isEnabled()
            at = dialog.monitoring_form.findData(TEMPLATE_ID)
            assert at >= 0
            dialog.monitoring_form.setCurrentIndex(at)

        accept_with(monkeypatch, to_monitoring)
        carry_menu_action(window).trigger()
        document = window.session.document
        assert document.template == TEMPLATE_ID and document.year == source.year
        assert [p.name for p in document.projects] == [p.name for p in source.projects]
        assert document.projects[0].boxes["project_funds"]["total"]["initial"] == \
            source.projects[0].budget_amount / 10000  # 贵州 states 元; the form 万元
        assert window.session.modified
    finally:
        if window.session is not None:  # the template goes: nothing may check its document
            window.session.undo_stack.setClean()
        window.close()
        for timer in window.findChildren(QTimer):  # no 审核 may run on the document now
            timer.stop()
        uninstall(tmp_path / "forms")


def test_a_form_without_project_indicators_offers_no_monitoring(window, monkeypatch, tmp_path):
    assert window.open_path(_copy(EXAMPLE_FILES["jiangsu"], tmp_path))
    shown = accept_with(monkeypatch, lambda dialog: None)
    carry_menu_action(window).trigger()
    assert shown and not shown[0].monitoring.isEnabled()
