"""The 绩效指标 editor: typing, undo, Excel-style paste/copy, row actions, merged groups."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from app.checks import Location
from app.export.blocks import indicator_rows
from app.model import IndicatorRow
from app import tsv
from app.projectfile import load_document
from app.templates import all_templates
from tests.conftest import EXAMPLE_FILES
from ui import dialogs
from ui.indicator_model import IndicatorTableModel
from ui.indicator_view import IndicatorTableView
from ui.row_commands import moved_order
from ui.session import DocumentSession
from ui.tabs.indicators_tab import IndicatorEditor, IndicatorsTab

DECISION = "department.indicator_tables[0].rows"  # 决策、过程指标 of the 苏州 example
BENEFIT = "department.indicator_tables[2].rows"  # 效益、满意度指标, 7 rows


@pytest.fixture
def session() -> DocumentSession:
    return DocumentSession(load_document(EXAMPLE_FILES["jiangsu"]))


def make_editor(qtbot, session: DocumentSession, rows_path: str, spec_index: int = 0,
                spec=None) -> IndicatorEditor:
    spec = spec or session.template.indicator_tables[spec_index]
    editor = IndicatorEditor(session, rows_path, spec)
    qtbot.addWidget(editor)
    editor.resize(1000, 600)
    show_active(qtbot, editor)
    editor.view.setFocus()
    return editor


def show_active(qtbot, widget) -> None:
    """Show the window and make it active, so keys go to the focus widget as for a user."""
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def rows_at(session: DocumentSession, path: str) -> list[IndicatorRow]:
    return session.value(path)


def type_text(qtbot, text: str) -> None:
    """Type into whatever has the focus: ASCII as key presses, Chinese and symbols as an
    input method does (a pre-edit, then the committed text)."""
    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None
        if ch.isascii():
            qtbot.keyClicks(target, ch)
            continue
        for preedit, commit in (("x", ""), ("", ch)):
            event = QInputMethodEvent(preedit, [])
            event.setCommitString(commit)
            QApplication.sendEvent(target, event)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_cell(qtbot, view: IndicatorTableView, row: int, column: int, text: str) -> None:
    view.setCurrentIndex(view.model().index(row, column))
    view.setFocus()
    type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


# -- the model alone ---------------------------------------------------------------------


def test_model_shows_the_exact_text_under_the_template_headers(session):
    spec = session.template.indicator_tables[0]
    model = IndicatorTableModel(session, DECISION, spec)
    assert model.rowCount() == 32 and model.columnCount() == 5
    labels = [model.headerData(k, Qt.Orientation.Horizontal) for k in range(5)]
    assert labels == ["一级指标", "二级指标", "三级指标", "半年指标值", "全年指标值"]
    assert model.data(model.index(6, 3)) == "＝0%"  # full-width ＝ kept
    assert model.data(model.index(8, 4)) == "＝100%"


def test_set_data_goes_through_the_undo_stack_without_a_view(session):
    model = IndicatorTableModel(session, DECISION, session.template.indicator_tables[0])
    assert model.setData(model.index(9, 3), "≤8%")
    assert rows_at(session, DECISION)[9].get("half_year_target") == "≤8%"
    session.undo_stack.undo()
    assert rows_at(session, DECISION)[9].get("half_year_target") == "≤10%"
    assert model.data(model.index(9, 3)) == "≤10%"


def test_spans_match_the_groups_of_the_suzhou_decision_process_table(session):
    spec = session.template.indicator_tables[0]
    model = IndicatorTableModel(session, DECISION, spec)
    level1 = [(0, 0, 6), (6, 0, 26)]  # 决策 6 rows, 过程 26
    level2 = [(0, 2), (2, 2), (4, 2), (6, 9), (15, 6), (21, 3), (24, 2), (26, 3), (29, 3)]
    assert model.spans() == level1 + [(row, 1, n) for row, n in level2]
    # The same groups the exported form merges.
    exported = indicator_rows(rows_at(session, DECISION), spec.columns)
    starts = [(r, cells[0].rowspan) for r, cells in enumerate(exported)
              if len(cells) == 5 and cells[0].rowspan > 1]
    assert starts == [(0, 6), (6, 26)]


def test_a_second_level_group_never_spans_two_first_level_groups(session):
    rows = [IndicatorRow(level1="决策", level2="同名"), IndicatorRow(level1="过程", level2="同名")]
    session.document.department.indicator_tables[0].rows = rows
    model = IndicatorTableModel(session, DECISION, session.template.indicator_tables[0])
    assert model.spans() == []


def test_the_model_follows_cells_changed_elsewhere_and_resets_on_structure(session, qtbot):
    model = IndicatorTableModel(session, DECISION, session.template.indicator_tables[0])
    with qtbot.waitSignal(model.dataChanged):
        session.set_value(f"{DECISION}[0].name", "新名称")
    assert model.data(model.index(0, 2)) == "新名称"
    with qtbot.waitSignal(model.modelReset):
        session.changed.emit("")


def test_a_row_is_as_tall_as_its_tallest_cell_after_each_edit(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    view, model = editor.view, editor.model
    name, target = model.column_of("name"), model.column_of("half_year_target")
    row = next(r for r in range(model.rowCount()) if not view.is_group_cell(r, name))
    short = view.rowHeight(row)
    model.setData(model.index(row, name), "很长的三级指标名称，" * 12)
    tall = view.rowHeight(row)
    assert tall > short
    model.setData(model.index(row, target), "≥95%")  # another cell: the long name still rules
    assert view.rowHeight(row) == tall
    model.setData(model.index(row, name), "短")
    assert view.rowHeight(row) == short


# -- typing, undo, redo ------------------------------------------------------------------


def test_typing_into_cells_changes_the_document_and_undo_redo_restore_it(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    type_cell(qtbot, editor.view, 6, 2, "预算调整率（%）")
    type_cell(qtbot, editor.view, 6, 3, "≤5%")
    row = rows_at(session, DECISION)[6]
    assert (row.name, row.get("half_year_target")) == ("预算调整率（%）", "≤5%")
    assert editor.view.currentIndex().row() == 7  # Enter went on to the cell below
    session.undo_stack.undo()
    assert row.get("half_year_target") == "＝0%"
    session.undo_stack.undo()
    assert row.name == "预算调整率"
    session.undo_stack.redo()
    session.undo_stack.redo()
    assert (row.name, row.get("half_year_target")) == ("预算调整率（%）", "≤5%")
    assert editor.model.data(editor.model.index(6, 3)) == "≤5%"


def test_a_value_cell_offers_operators_and_words_but_keeps_what_is_typed(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    view, model = editor.view, editor.model
    view.setCurrentIndex(model.index(7, 4))
    view.edit(model.index(7, 4))
    combo = view.indexWidget(model.index(7, 4))
    assert isinstance(combo, QComboBox) and combo.isEditable()
    assert combo.completer() is None  # inline completion would turn "有效" into "有效提升"
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items[:3] == ["＝", "≥", "≤"] and "健全" in items and "有效提升" in items
    combo.activated.emit(1)  # "≥" picked from the list goes before the value
    assert combo.currentText() == "≥100%"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rows_at(session, DECISION)[7].get("full_year_target") == "≥100%")
    # "有效" is a prefix of "有效提升": no completion may change what was typed.
    type_cell(qtbot, view, 8, 4, "有效")
    assert rows_at(session, DECISION)[8].get("full_year_target") == "有效"
    type_cell(qtbot, view, 9, 4, " ≥ 10% ")
    assert rows_at(session, DECISION)[9].get("full_year_target") == " ≥ 10% "


def test_editing_a_merged_group_renames_the_group_in_one_step(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    type_cell(qtbot, editor.view, 6, 1, "预算执行情况")
    names = [r.level2 for r in rows_at(session, DECISION)[6:16]]
    assert names == ["预算执行情况"] * 9 + ["预算管理"]
    assert editor.view.rowSpan(6, 1) == 9
    session.undo_stack.undo()
    assert all(r.level2 == "预算执行" for r in rows_at(session, DECISION)[6:15])
    # Unmerged, a single row can leave its group.
    editor.merged_button.click()
    assert editor.view.rowSpan(6, 1) == 1
    type_cell(qtbot, editor.view, 14, 1, "预算管理")
    assert [r.level2 for r in rows_at(session, DECISION)[13:16]] == [
        "预算执行", "预算管理", "预算管理"]


def test_tab_in_the_last_cell_adds_rows_so_ten_rows_can_be_typed(qtbot, session):
    editor = make_editor(qtbot, session, BENEFIT, spec_index=2)
    view = editor.view
    before = len(rows_at(session, BENEFIT))
    view.setCurrentIndex(editor.model.index(before - 1, 4))
    for i in range(10):
        press(qtbot, Qt.Key.Key_Tab)  # from the last cell: a new row, at its 三级指标
        assert view.currentIndex().column() == 2
        type_text(qtbot, f"满意度{i}")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "≥90%")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "≥95%")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    rows = rows_at(session, BENEFIT)
    assert len(rows) == before + 10
    for i, row in enumerate(rows[before:]):
        # A new row joins the group above it.
        assert (row.level1, row.level2, row.name, row.get("half_year_target"),
                row.get("full_year_target")) == ("满意度指标", "服务对象满意度", f"满意度{i}", "≥90%",
                                          "≥95%")
    assert view.rowSpan(before - 1, 0) == 11


# -- clipboard ---------------------------------------------------------------------------


EXCEL_TSV = "".join(
    f"产出指标\t数量指标\t{name}\t{half}\t{full}\r\n" for name, half, full in [
        ("培训人次", "≥500人次", "≥1000人次"), ('"含换行\n的指标"', "＝100%", "＝100%"),
        ('"带""引号""的\t指标"', "≥90%", "≥95%"), ("合格率", "≥98%", "≥98%"),
        ("覆盖率", "＝100%", "＝100%"), ("完成率", "≥95%", "＝100%"),
        ("及时率", "及时", "及时"), ("验收率", "通过", "通过"), ("达标率", "达标", "达标"),
        ("满意度", "≥90%", "≥90%")])


def test_pasting_ten_rows_of_excel_text_adds_them_as_one_undo_step(qtbot):
    document = load_document(EXAMPLE_FILES["hebei-text"])
    document.projects[0].indicators = []
    session = DocumentSession(document)
    editor = make_editor(qtbot, session, "projects[0].indicators",
                         spec=session.template.project_indicators)
    QApplication.clipboard().setText(EXCEL_TSV)
    steps = session.undo_stack.count()
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = rows_at(session, "projects[0].indicators")
    assert len(rows) == 10 and session.undo_stack.count() == steps + 1
    assert [r.name for r in rows[:3]] == ["培训人次", "含换行\n的指标", '带"引号"的\t指标']
    assert (rows[0].level1, rows[0].get("target"), rows[0].get("basis")) == ("产出指标", "≥500人次", "≥1000人次")
    assert editor.model.rowCount() == 10
    session.undo_stack.undo()
    assert rows_at(session, "projects[0].indicators") == [] and editor.model.rowCount() == 0
    session.undo_stack.redo()
    assert len(rows_at(session, "projects[0].indicators")) == 10


def test_pasting_from_a_cell_overwrites_and_grows_the_table(qtbot, session, monkeypatch):
    editor = make_editor(qtbot, session, BENEFIT, spec_index=2)
    original = [r.model_copy() for r in rows_at(session, BENEFIT)]
    editor.view.setCurrentIndex(editor.model.index(5, 2))
    QApplication.clipboard().setText("指标甲\t＝1\t＝2\r\n指标乙\t＝3\t＝4\r\n指标丙\t＝5\t＝6\t多余\r\n")
    warned = []
    monkeypatch.setattr(dialogs, "warning", lambda parent, title, text: warned.append(text))
    assert not editor.view.paste()  # four columns from 三级指标 on do not fit: refused, said
    assert warned and "4 列" in warned[0] and "3 列" in warned[0] and "未做任何修改" in warned[0]
    assert rows_at(session, BENEFIT) == original
    QApplication.clipboard().setText("指标甲\t＝1\t＝2\r\n指标乙\t＝3\t＝4\r\n指标丙\t＝5\t＝6\r\n")
    assert editor.view.paste()
    rows = rows_at(session, BENEFIT)
    assert [r.name for r in rows[5:]] == ["指标甲", "指标乙", "指标丙"]
    assert rows[7].level1 == "满意度指标" and rows[7].get("full_year_target") == "＝6"
    session.undo_stack.undo()
    assert rows_at(session, BENEFIT) == original


def test_copy_gives_tab_separated_text_that_pastes_back(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    session.set_value(f"{DECISION}[7].name", "支付进度\n符合率")
    editor.view.select_block(6, 2, 7, 4)
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QApplication.clipboard().text()
    assert text == '预算调整率\t＝0%\t＝0%\r\n"支付进度\n符合率"\t＝100%\t＝100%\r\n'
    assert tsv.parse(text) == [["预算调整率", "＝0%", "＝0%"], ["支付进度\n符合率", "＝100%", "＝100%"]]


@pytest.mark.parametrize("text, grid", [
    ("a\tb\r\nc\td\r\n", [["a", "b"], ["c", "d"]]),
    ("a\tb\nc\td", [["a", "b"], ["c", "d"]]),
    ('"x\r\ny"\t"q""t"\r\n', [["x\r\ny", 'q"t']]),
    ('"三公"经费\tz\n', [['"三公"经费', "z"]]),  # a quote not closing the cell is text
    ("a\t\t\r\n\t\tb\r\n", [["a", "", ""], ["", "", "b"]]),
    ("", []),
])
def test_parse_tsv_reads_what_excel_and_wps_put_on_the_clipboard(text, grid):
    assert tsv.parse(text) == grid


def test_to_tsv_and_parse_tsv_round_trip():
    grid = [["≥90%", 'a"b', "x\ty"], ["多\n行", "", " 空格 "]]
    assert tsv.parse(tsv.format(grid)) == grid


# -- row actions -------------------------------------------------------------------------


def test_inserted_rows_join_the_group_of_the_row_above(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    editor.view.select_rows([8, 9])
    editor.buttons["insert"].click()
    rows = rows_at(session, DECISION)
    assert len(rows) == 34 and [r.name for r in rows[10:12]] == ["", ""]
    assert {(r.level1, r.level2) for r in rows[10:12]} == {("过程", "预算执行")}
    assert editor.view.rowSpan(6, 1) == 11
    session.undo_stack.undo()
    assert len(rows_at(session, DECISION)) == 32


def test_moving_rows_up_and_down_is_one_undo_step_each(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    names = [r.name for r in rows_at(session, DECISION)]
    editor.view.select_rows([7, 8])
    editor.buttons["up"].click()
    moved = [r.name for r in rows_at(session, DECISION)]
    assert moved[6:9] == [names[7], names[8], names[6]]
    assert editor.view.selected_rows() == [6, 7]  # the moved rows stay selected
    editor.view.move_down_action.trigger()
    editor.view.move_down_action.trigger()
    assert [r.name for r in rows_at(session, DECISION)][6:10] == [names[6], names[9], names[7],
                                                                  names[8]]
    assert editor.view.selected_rows() == [8, 9]
    session.undo_stack.undo()
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert [r.name for r in rows_at(session, DECISION)] == names


def test_moved_order_keeps_a_block_at_the_edge_in_place():
    assert moved_order(4, [0, 2], -1) == [0, 2, 1, 3]
    assert moved_order(4, [2, 3], 1) == [0, 1, 2, 3]
    assert moved_order(4, [1, 3], 1) == [0, 2, 1, 3]


def test_delete_asks_first_and_removes_the_selected_rows(qtbot, session, monkeypatch):
    editor = make_editor(qtbot, session, DECISION)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text: asked.append(text) or answers.pop(0))
    names = [r.name for r in rows_at(session, DECISION)]
    editor.view.selectRow(3)
    press(qtbot, Qt.Key.Key_Delete)
    assert len(rows_at(session, DECISION)) == 32 and "1 行" in asked[0]
    editor.view.selectRow(3)
    press(qtbot, Qt.Key.Key_Delete)
    assert [r.name for r in rows_at(session, DECISION)] == names[:3] + names[4:]
    session.undo_stack.undo()
    assert [r.name for r in rows_at(session, DECISION)] == names


def test_delete_on_cells_clears_them_without_asking(qtbot, session, monkeypatch):
    editor = make_editor(qtbot, session, DECISION)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked"))
    editor.view.select_block(0, 3, 1, 4)
    press(qtbot, Qt.Key.Key_Delete)
    assert [(r.get("half_year_target"), r.get("full_year_target"))
            for r in rows_at(session, DECISION)[:2]] == [("", "")] * 2
    session.undo_stack.undo()
    assert rows_at(session, DECISION)[0].get("half_year_target") == "健全"


# -- the tab -----------------------------------------------------------------------------


def test_the_tab_has_one_titled_editor_per_table_and_jumps_to_a_finding(qtbot, session):
    tab = IndicatorsTab(session)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    titles = [tab.tables.tabText(i) for i in range(tab.tables.count())]
    assert titles == ["决策、过程指标", "履职指标", "效益、满意度指标"]
    location = Location("indicators", "department.indicator_tables[1].rows[20].name", "duty",
                        20, "name")
    assert tab.focus_location(location)
    duty = tab.editors["duty"]
    assert tab.tables.currentWidget() is duty
    assert (duty.view.currentIndex().row(), duty.view.currentIndex().column()) == (20, 3)
    assert not tab.focus_location(Location("projects", "projects[0].indicators[0]", "", 0,
                                           "", project=0))


def test_a_5000_row_table_opens_and_scrolls(qtbot, session):
    rows = [IndicatorRow(level1=f"一级{i // 1000}", level2=f"二级{i // 7}",
                         name=f"三级指标第{i}条，名称较长需要换行显示", half_year_target="≥95%")
            for i in range(5000)]
    session.document.department.indicator_tables[0].rows = rows
    editor = make_editor(qtbot, session, DECISION)
    view = editor.view
    assert editor.model.rowCount() == 5000
    bar = view.verticalScrollBar()
    for step in range(1, 21):
        bar.setValue(bar.maximum() * step // 20)
        QApplication.processEvents()
    def at_the_end() -> bool:
        # Rows get their real heights as they come into view, which moves the end: follow it.
        bar.setValue(bar.maximum())
        QApplication.processEvents()
        last = view.visualRect(editor.model.index(4999, 2))
        return view.viewport().rect().intersects(last)

    qtbot.waitUntil(at_the_end, timeout=5000)
    editor.select(4321, "half_year_target")
    assert view.currentIndex().row() == 4321


def test_columns_keep_their_width_in_a_narrow_view_and_fill_a_wide_one(qtbot):
    # Ten columns (四川's 自评表) beside the project list: no column squeezed to a sliver.
    template = next(t for t in all_templates()
                    if t.project_indicators is not None and len(t.project_indicators.columns) >= 10)
    document = template.new_document("测试单位", 2024)
    session = DocumentSession(document)
    editor = make_editor(qtbot, session, "projects[0].indicators", spec=template.project_indicators)
    view = editor.view
    em = view.fontMetrics().horizontalAdvance("国")
    for width in (500, 1900):
        editor.resize(width, 500)
        QApplication.processEvents()
        widths = [view.columnWidth(k) for k in range(editor.model.columnCount())]
        assert min(widths) >= 3 * em, widths
        filled = sum(widths)
        if width == 500:
            assert filled > view.viewport().width()  # scrolls sideways instead
        else:
            assert filled == view.viewport().width()


def test_a_typed_ascii_operator_becomes_the_forms_and_the_rest_stays_as_typed(qtbot, session):
    editor = make_editor(qtbot, session, DECISION)
    type_cell(qtbot, editor.view, 8, 4, ">=80%")
    type_cell(qtbot, editor.view, 9, 4, "=60 %")
    type_cell(qtbot, editor.view, 8, 3, "＞＝95％")
    rows = rows_at(session, DECISION)
    assert (rows[8].get("full_year_target"), rows[9].get("full_year_target"),
            rows[8].get("half_year_target")) == ("≥80%", "＝60 %", "≥95％")
    type_cell(qtbot, editor.view, 9, 2, ">=3次")  # a name is no target: kept as typed
    assert rows_at(session, DECISION)[9].name == ">=3次"


def test_a_choice_operator_column_keeps_its_choices_spelling():
    sichuan = DocumentSession(load_document(EXAMPLE_FILES["sichuan-project-eval"]))
    spec = sichuan.template.project_indicators
    model = IndicatorTableModel(sichuan, "projects[0].indicators", spec)
    operator, target = model.column_of("operator"), model.column_of("target")
    for typed, kept in ((">=", "≥"), ("＝", "="), ("＞", ">"), ("<=", "≤")):
        assert model.setData(model.index(0, operator), typed)
        assert model.text(0, operator) == kept
    assert model.setData(model.index(0, target), "＝100")
    assert model.text(0, target) == "=100"  # 四川 prints "=" in its operator column
