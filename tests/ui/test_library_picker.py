"""从指标库插入: the picker driven through its widgets (its exec() replaced: a modal dialog would
hang offscreen), the rows it inserts as one undo step, and the window adding documents to the
library when they are opened or saved."""
from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app import config
from app.library import FRAMEWORK, LibraryEntry, open_library
from app.library.indexing import index_files
from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui import library_access
from app.templates import get_template
from ui.library_dialog import LibraryDialog
from ui.library_insert import GroupChoiceDialog, insert_into_groups
from ui.library_model import HEADERS, NAME, SOURCE, TARGET, LibraryResultsModel
from ui.main_window import MainWindow
from ui.session import DocumentSession
from ui.tabs.indicators_tab import IndicatorEditor

BENEFIT = "department.indicator_tables[2].rows"  # 苏州's 效益、满意度指标, 7 rows


@pytest.fixture
def indexed():
    """The test's library: the frameworks and every example."""
    with open_library() as library:
        index_files(library, list(EXAMPLE_FILES.values()))
    yield
    library_access.close_picker_library()


def editor_for(qtbot, session: DocumentSession, path: str, spec_index: int) -> IndicatorEditor:
    editor = IndicatorEditor(session, path, session.template.indicator_tables[spec_index])
    qtbot.addWidget(editor)
    editor.resize(1000, 600)
    editor.show()
    return editor


def dialog_for(qtbot, spec, group=None) -> LibraryDialog:
    dialog = LibraryDialog(library_access.picker_library(), spec, group)
    qtbot.addWidget(dialog)
    return dialog


def test_type_filter_pick_two_insert_into_their_group_and_undo(qtbot, monkeypatch, indexed):
    session = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))
    editor = editor_for(qtbot, session, BENEFIT, 2)
    before = [row.model_copy(deep=True) for row in session.value(BENEFIT)]
    editor.view.select_cell(1, 2)
    chosen: list[LibraryEntry] = []

    def drive(dialog: LibraryDialog) -> QDialog.DialogCode:
        dialog.search_edit.setText("满意度")  # typing: the search follows after a pause
        qtbot.waitUntil(lambda: dialog.model.rowCount() > 0
                        and "满意度" in dialog.model.entry(0).name)
        assert dialog.model.entry(0).source_kind == FRAMEWORK
        assert dialog.choose(dialog.level1_box, "满意度指标")
        assert dialog.model.rowCount() and all(
            e.level1 == "满意度指标" for e in dialog.model.entries())
        assert dialog.choose(dialog.level2_box, "社会公众或服务对象满意度")
        shown = dialog.model.entries()
        assert len(shown) >= 2 and all(e.level2 == "社会公众或服务对象满意度" for e in shown)
        dialog.select_rows([0, 1])
        chosen.extend(dialog.selected_entries())
        assert dialog.insert_button.isEnabled() and dialog.insert_button.text() == "插入 2 条"
        preview = dialog.preview.toPlainText()
        assert chosen[0].name in preview and "指标解释" in preview and "来源" in preview
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LibraryDialog, "exec", drive)
    steps = session.undo_stack.count()
    editor.buttons["library"].click()
    rows = session.value(BENEFIT)
    # Not below row 2 (社会效益): 苏州's 满意度 group, its empty row filled first, as 苏州 names it.
    assert len(rows) == len(before) + 1
    assert rows[:6] == before[:6]
    for row, entry in zip(rows[6:8], chosen):
        assert (row.level1, row.level2, row.name) == ("满意度指标", "服务对象满意度", entry.name)
        assert row.get("full_year_target") == entry.target and not row.get("half_year_target")
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.undoText() == "从指标库插入"
    assert editor.view.selected_rows() == [6, 7]
    session.undo_stack.undo()
    assert session.value(BENEFIT) == before
    session.undo_stack.redo()
    assert [r.name for r in session.value(BENEFIT)[6:8]] == [e.name for e in chosen]


def pick_the_framework_satisfaction_entry(qtbot, dialog: LibraryDialog) -> LibraryEntry:
    """As the officer did: "满意度" typed, the frameworks' one 满意度指标 entry chosen."""
    dialog.search_edit.setText("满意度")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    assert dialog.choose(dialog.source_box, "全部指标框架")
    assert dialog.choose(dialog.level1_box, "满意度指标")
    [entry] = dialog.model.entries()
    assert (entry.level1, entry.level2) == ("满意度指标", "服务对象满意度指标")
    dialog.select_rows([0])
    return entry


@pytest.mark.parametrize("current", [None, (0, 0)])
def test_the_satisfaction_entry_fills_the_new_documents_satisfaction_row(qtbot, monkeypatch,
                                                                        indexed, current):
    """The defect as found: a new 江苏 document, 效益、满意度指标 with no row clicked (or the
    first cell current, where Qt puts it), the one 满意度 hit inserted: it went to row 2, between
    经济效益 and 社会效益, named 满意度指标 / 服务对象满意度指标, and 审核 said nothing."""
    template = get_template("jiangsu-dept-target")
    session = DocumentSession(template.new_document("苏州市测试局", 2025))
    editor = editor_for(qtbot, session, BENEFIT, 2)
    if current is None:
        editor.view.selectionModel().clear()
    else:
        editor.view.select_cell(*current)
    before = [row.model_copy(deep=True) for row in session.value(BENEFIT)]
    picked: list[LibraryEntry] = []

    def drive(dialog: LibraryDialog) -> QDialog.DialogCode:
        picked.append(pick_the_framework_satisfaction_entry(qtbot, dialog))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LibraryDialog, "exec", drive)
    assert editor.view.insert_from_library()
    rows = session.value(BENEFIT)
    assert [(r.level1, r.level2) for r in rows] == [(r.level1, r.level2) for r in before]
    assert rows[4].cells == {"level1": "满意度指标", "level2": "服务对象满意度",
                             "name": picked[0].name, "full_year_target": "≥90%"}
    assert editor.model.spans() == [(0, 0, 4)]  # one 效益指标 cell over rows 1–4
    assert editor.view.selected_rows() == [4]
    assert not [f for f in session.checks.findings() if f.code == "INDICATOR_GROUP_SPLIT"]
    session.undo_stack.undo()
    assert session.value(BENEFIT) == before and session.undo_stack.count() == 1


def test_a_category_the_table_has_not_is_asked_for(qtbot, monkeypatch, indexed):
    session = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))
    editor = editor_for(qtbot, session, BENEFIT, 2)
    editor.view.selectionModel().clear()
    before = [row.model_copy(deep=True) for row in session.value(BENEFIT)]

    def drive(dialog: LibraryDialog) -> QDialog.DialogCode:
        dialog.search_edit.setText("在职人员控制率")
        dialog.search_now()
        assert dialog.choose(dialog.source_box, "框架：国家·部门整体（2013）")
        dialog.select_rows([0])
        assert dialog.selected_entries()[0].level1 == "投入"
        return QDialog.DialogCode.Accepted

    asked: list[str] = []

    def choose_social(dialog: GroupChoiceDialog) -> QDialog.DialogCode:
        asked.append(dialog.windowTitle())
        labels = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert labels == ["效益指标 / 经济效益", "效益指标 / 社会效益", "效益指标 / 生态效益",
                          "效益指标 / 可持续影响", "满意度指标 / 服务对象满意度"]
        dialog.list.setCurrentRow(1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LibraryDialog, "exec", drive)
    monkeypatch.setattr(GroupChoiceDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert editor.view.insert_from_library() is False  # the choice cancelled: nothing
    assert session.value(BENEFIT) == before and session.undo_stack.count() == 0
    monkeypatch.setattr(GroupChoiceDialog, "exec", choose_social)
    assert editor.view.insert_from_library()
    assert asked == ["选择分组"]
    rows = session.value(BENEFIT)
    assert (rows[4].level1, rows[4].level2, rows[4].name) == ("效益指标", "社会效益", "在职人员控制率")
    assert editor.view.selected_rows() == [4]
    # With a current row, its group takes the entry without asking.
    editor.view.select_cell(0, 2)
    monkeypatch.setattr(GroupChoiceDialog, "exec", lambda self: pytest.fail("asked"))
    assert editor.view.insert_from_library()
    assert [(r.level2, r.name) for r in session.value(BENEFIT)[:2]] == [
        ("经济效益", "保持税收稳定"), ("经济效益", "在职人员控制率")]


def test_cancel_inserts_nothing(qtbot, monkeypatch, indexed):
    session = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))
    editor = editor_for(qtbot, session, BENEFIT, 2)
    monkeypatch.setattr(LibraryDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert editor.view.insert_from_library() is False
    assert session.undo_stack.count() == 0


def test_definition_and_scoring_go_to_their_columns(qtbot, indexed):
    session = DocumentSession(load_document(EXAMPLE_FILES["hunan-dept-target"]))
    path = "department.indicator_tables[0].rows"
    editor = editor_for(qtbot, session, path, 0)
    dialog = dialog_for(qtbot, editor.model.spec)
    dialog.search_edit.setText("在职人员控制率")
    dialog.search_now()
    assert dialog.choose(dialog.source_box, "全部指标框架")
    dialog.select_rows([0])
    [entry] = dialog.selected_entries()
    editor.view.select_cell(0, 0)
    assert insert_into_groups(editor.view, dialog.rows())
    [row] = [r for r in session.value(path) if r.name == "在职人员控制率"]
    # 投入 is no 一级 of this table: the current row's group takes it.
    assert (row.level1, row.level2) == (session.value(path)[0].level1,
                                        session.value(path)[0].level2)
    assert row.get("definition") == entry.definition and row.get("scoring") == entry.scoring


def test_two_character_words_year_and_source_filters(qtbot, indexed):
    spec = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"])).template.indicator_tables[0]
    dialog = dialog_for(qtbot, spec)
    dialog.search_edit.setText("培训")
    dialog.search_now()
    names = [e.name for e in dialog.model.entries()]
    assert "业务学习与培训及时完成率" in names and "监测员培训满意度" in names
    assert dialog.choose(dialog.year_box, "2024")
    assert {e.year for e in dialog.model.entries()} == {2024}
    assert dialog.choose(dialog.source_box, "文档：六盘水市自然资源局 2024年")
    shown = dialog.model.entries()
    assert shown[0].name == "监测员培训满意度"
    assert {e.source_label for e in shown} == {"六盘水市自然资源局 2024年"}
    dialog.search_edit.setText("没有这样的指标")
    dialog.search_now()
    assert dialog.model.rowCount() == 0 and not dialog.insert_button.isEnabled()
    assert dialog.count_label.text() == "没有找到匹配的指标"


def test_enter_in_the_search_box_searches_and_goes_to_the_results(qtbot, indexed):
    spec = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"])).template.indicator_tables[0]
    dialog = dialog_for(qtbot, spec)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.search_edit.setFocus()
    dialog.search_edit.setText("预算执行率")
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    assert dialog.result() == 0 and dialog.isVisible()  # not inserted
    assert dialog.model.entry(0).name == "预算执行率" and dialog.table.hasFocus()
    assert [e.name for e in dialog.selected_entries()] == ["预算执行率"]


def test_a_foreign_level1_joins_the_current_group(qtbot, indexed):
    session = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))
    spec = session.template.indicator_tables[1]  # 履职: 一级 is always 履职
    group = {"level1": "履职", "level2": "某项职责", "key_task": "某项重点工作"}
    dialog = dialog_for(qtbot, spec, group)
    assert dialog.keep_group_box.isVisibleTo(dialog)
    dialog.search_edit.setText("预算执行率")
    dialog.search_now()
    dialog.select_rows([0])
    [row] = dialog.rows()
    assert row.cells["level1"] == "履职" and row.cells["key_task"] == "某项重点工作"


def test_only_the_frameworks_says_how_documents_get_in(qtbot):
    spec = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"])).template.indicator_tables[0]
    dialog = dialog_for(qtbot, spec)
    assert dialog.hint.isVisibleTo(dialog) and "jixiao-cli library add" in dialog.hint.text()
    assert dialog.model.rowCount() > 0  # no words: the frameworks by their groups
    library_access.close_picker_library()


def test_a_damaged_library_still_opens_the_picker(qtbot):
    path = config.library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 200)
    spec = DocumentSession(load_document(EXAMPLE_FILES["jiangsu"])).template.indicator_tables[0]
    dialog = dialog_for(qtbot, spec)
    dialog.search_edit.setText("预算执行率")
    dialog.search_now()
    assert dialog.model.entry(0).name == "预算执行率"
    assert list(path.parent.glob("*.damaged-*"))
    library_access.close_picker_library()


def test_results_model_without_a_view():
    model = LibraryResultsModel()
    entry = LibraryEntry("过程", "预算执行", "预算执行率", "＝100%", source="某框架",
                         source_kind=FRAMEWORK, source_label="国家框架", year=2024)
    model.set_entries([entry])
    assert model.rowCount() == 1 and model.columnCount() == len(HEADERS)
    assert model.index(0, NAME).data() == "预算执行率"
    assert model.index(0, TARGET).data() == "＝100%"
    assert model.index(0, SOURCE).data() == "框架：国家框架"
    assert model.headerData(NAME, Qt.Orientation.Horizontal) == "三级指标"
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


# -- the window adds documents ------------------------------------------------------------

@pytest.fixture
def window(qtbot, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")

    for name in ("question", "warning", "critical", "exec"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    win = MainWindow()
    qtbot.addWidget(win)
    yield win
    if win.session is not None:
        win.session.release_lock()
    library_access.wait_for_indexing(10)


def test_opening_and_saving_add_the_document(window, qtbot, tmp_path, monkeypatch):
    opened = tmp_path / "苏州.jixiao"
    shutil.copy(EXAMPLE_FILES["guizhou"], opened)
    assert window.open_path(opened)
    # Once the window is up (not during the start-up), then on the worker thread.
    qtbot.waitUntil(lambda: not window.library_pending(), timeout=5000)
    assert library_access.wait_for_indexing(10)
    with open_library() as library:
        found = library.search("市民满意度", source=str(opened))
        assert found and found[0].source_label == "六盘水市自然资源局 2024年"
    saved = tmp_path / "另存.jixiao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    window.session.document.projects[0].indicators[0].name = "另存后的新指标"
    assert window.save_as()
    assert library_access.wait_for_indexing(10)
    with open_library() as library:
        assert [e.source for e in library.search("另存后的新指标")] == [str(saved)]


def test_a_damaged_library_never_stands_in_the_way_of_opening(window, qtbot, tmp_path, caplog):
    path = config.library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00" * 4096)
    opened = tmp_path / "承德.jixiao"
    shutil.copy(EXAMPLE_FILES["hebei-text"], opened)
    assert window.open_path(opened)  # no dialog (the fixture fails on any)
    qtbot.waitUntil(lambda: not window.library_pending(), timeout=5000)
    assert library_access.wait_for_indexing(10)
    with open_library() as library:
        assert library.search("", source=str(opened))
    assert list(path.parent.glob("*.damaged-*"))
