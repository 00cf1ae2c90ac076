"""Every field a template declares gets the editor of its kind, and typing into it stores a value
of the model's type (never text in a number, never an exception inside a Qt slot)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.templates import FieldKind, FieldSpec, Template
from app.templates import all_templates
from ui.box_fields import ChoiceField, MoneyTableEditor, NumberField, TicksField
from ui.fields import (LineField, MoneyField, PeriodField, ScoreField, TextField, YearField,
                       field_editor)
from ui.record_list import ListEditor
from ui.session import DocumentSession
from ui.spending_plan import SpendingPlanEditor
from ui.tabs.evaluation_tables import BudgetStagesEditor, TeamEditor
from ui.tabs.projects_tab import ProjectsTab

EDITORS: dict[FieldKind, type[QWidget]] = {
    FieldKind.LINE: LineField, FieldKind.TEXT: TextField, FieldKind.LIST: ListEditor,
    FieldKind.TITLED_LIST: ListEditor, FieldKind.SUB_GOALS: ListEditor,
    FieldKind.SCHEDULE: ListEditor, FieldKind.MONEY: MoneyField, FieldKind.YEAR: YearField,
    FieldKind.SCORE: ScoreField, FieldKind.PERIOD: PeriodField,
    FieldKind.SPENDING_PLAN: SpendingPlanEditor, FieldKind.TEAM: TeamEditor,
    FieldKind.BUDGET_STAGES: BudgetStagesEditor, FieldKind.EXECUTION: ListEditor,
    # The kinds only a declared box has (app/boxes.py).
    FieldKind.DATE: LineField, FieldKind.PERCENT: NumberField, FieldKind.CHOICE: ChoiceField,
    FieldKind.TICKS: TicksField, FieldKind.MONEY_TABLE: MoneyTableEditor,
}
# Whole tabs of their own (资金, 绩效指标), built by the main window and the projects tab.
OWN_TABS = {FieldKind.FUNDS, FieldKind.INDICATORS}


def _fields() -> list[tuple[Template, str, FieldSpec]]:
    found = []
    for template in all_templates():
        found += [(template, "", spec) for section in template.sections for spec in section.fields]
        found += [(template, "projects[0].", spec) for section in template.project_sections
                  for spec in section.fields]
    return [f for f in found if f[2].kind not in OWN_TABS]


def _session(template: Template) -> DocumentSession:
    document = template.new_document("苏州市测试局", 2025)
    if template.new_project is not None:
        document.projects.append(template.new_project("测试项目", 2025))
    return DocumentSession(document)


def _show_active(qtbot, window: QWidget) -> None:
    """Keys reach the focus widget of the active window only, as for the officer."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _type_chinese(widget: QWidget, text: str) -> None:
    """As an input method commits a word (key clicks carry only ASCII)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _type_into_list(editor: ListEditor, text: str) -> int:
    """添加 a row, type into its last column (a text in every list), leave with Tab; the row."""
    editor.add_row()
    view, model = editor.view, editor.model
    row = view.currentIndex().row()
    index = model.index(row, model.columnCount() - 1)
    if view.currentIndex() != index:  # 添加 opened the row's first cell
        view.setCurrentIndex(index)
    if view.indexWidget(index) is None:
        view.edit(index)
    cell = view.indexWidget(index)
    _type_chinese(cell, text)
    QTest.keyClick(cell, Qt.Key.Key_Tab)
    QApplication.processEvents()
    return row


def _type_valid_value(qtbot, editor: QWidget, kind: FieldKind, path: str):
    """Type as an officer would; return (the path written, the value it must hold)."""
    if kind is FieldKind.LINE:
        editor.selectAll()
        _type_chinese(editor, "新的名称")
        return path, "新的名称"
    if kind is FieldKind.TEXT:
        editor.edit.selectAll()
        _type_chinese(editor.edit, "年度目标")
        return path, "年度目标"
    if kind is FieldKind.MONEY:
        _retype(qtbot, editor, "1234.5")
        QTest.keyClick(editor, Qt.Key.Key_Return)
        return path, Decimal("1234.50")
    if kind is FieldKind.YEAR:
        _retype(qtbot, editor, "2031")
        return path, 2031
    if kind is FieldKind.SCORE:
        _retype(qtbot, editor, "88.5")
        return path, Decimal("88.5")
    if kind is FieldKind.PERIOD:
        _retype(qtbot, editor.end, "2031-06-30")
        return f"{path}.end", "2031-06-30"
    if kind is FieldKind.SPENDING_PLAN:
        _retype(qtbot, editor.edits["june"], "45.5")
        return f"{path}.june", Decimal("45.5")
    if kind is FieldKind.BUDGET_STAGES:
        _type_chinese(editor.page(0).text_edit, "年初预算说明")
        return f"{path}[0].text", "年初预算说明"
    if kind is FieldKind.DATE:
        editor.selectAll()
        _type_chinese(editor, "2031年6月30日")
        return path, "2031年6月30日"
    if kind is FieldKind.PERCENT:
        _retype(qtbot, editor.edit, "45.5")
        return path, Decimal("45.5")
    if kind is FieldKind.CHOICE:
        editor.setFocus()
        QTest.keyClick(editor, Qt.Key.Key_Down)  # from （未选） to the first option
        return path, editor.itemText(1)
    if kind is FieldKind.TICKS:
        qtbot.mouseClick(editor.boxes[-1], Qt.MouseButton.LeftButton)
        return path, [editor.boxes[-1].text()]
    if kind is FieldKind.MONEY_TABLE:
        view, model = editor.view, editor.model
        index = model.index(0, 0)
        view.setCurrentIndex(index)
        view.edit(index)
        cell = view.indexWidget(index)
        _retype(qtbot, cell, "220")
        QTest.keyClick(cell, Qt.Key.Key_Return)
        QApplication.processEvents()  # the delegate commits a Return queued
        return model.cell_path(0, 0), Decimal("220.00")
    # The lists: numbered items, titled items, sub-goals, schedules, the team.
    row = _type_into_list(editor, "第一项")
    field = editor.model.fields[-1]
    return f"{path}[{row}]" + (f".{field}" if field else ""), "第一项"


def test_every_kind_has_an_editor_or_a_tab_of_its_own():
    assert set(EDITORS) | OWN_TABS == set(FieldKind) and not set(EDITORS) & OWN_TABS
    session = _session(all_templates()[0])
    for kind in OWN_TABS:  # never a stray line edit over a whole table
        with pytest.raises(ValueError):
            field_editor(session, FieldSpec("department.funds", "资金", kind))


@pytest.mark.parametrize("template, prefix, spec", _fields(),
                         ids=[f"{t.id}:{p}{s.path}" for t, p, s in _fields()])
def test_each_field_gets_the_editor_of_its_kind_and_keeps_the_model_type(qtbot, template,
                                                                          prefix, spec):
    session = _session(template)
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1000, 700)
    with qtbot.capture_exceptions() as exceptions:
        editor = field_editor(session, spec, prefix, host)
        editor.resize(900, 500)
        _show_active(qtbot, host)
        assert type(editor) is EDITORS[spec.kind]
        path, expected = _type_valid_value(qtbot, editor, spec.kind, prefix + spec.path)
    assert not exceptions, [str(e[1]) for e in exceptions]
    stored = session.value(path)
    assert stored == expected and type(stored) is type(expected)
    session.undo_stack.undo()  # one typed edit is one step, and undoing it is fine too
    assert not exceptions


def test_a_project_without_a_spending_plan_gets_one_when_a_checkpoint_is_typed(qtbot):
    template = next(t for t in all_templates() if t.id == "hebei-perf-text")
    session = _session(template)
    session.document.projects[0].spending_plan = None
    spec = next(s for section in template.project_sections for s in section.fields
                if s.kind is FieldKind.SPENDING_PLAN)
    with qtbot.capture_exceptions() as exceptions:
        editor = field_editor(session, spec, "projects[0].")
        qtbot.addWidget(editor)
        _show_active(qtbot, editor)
        _retype(qtbot, editor.edits["march"], "30")
    assert not exceptions, [str(e[1]) for e in exceptions]
    plan = session.document.projects[0].spending_plan
    assert plan is not None and plan.march == Decimal("30") and plan.june is None
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    assert session.document.projects[0].spending_plan is None
    assert editor.edits["march"].text() == ""


def test_hebei_project_funds_show_the_spending_plan_once_as_four_percentages(qtbot):
    from app.projectfile import load_document
    from tests.conftest import EXAMPLE_FILES

    session = DocumentSession(load_document(EXAMPLE_FILES["hebei-text"]))
    tab = ProjectsTab(session)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    tab.list.setCurrentIndex(tab.model.index(0))
    funds = next(tab.editor_tabs.widget(i) for i in range(tab.editor_tabs.count())
                 if tab.editor_tabs.tabText(i) == "资金与支出计划")
    plans = funds.findChildren(SpendingPlanEditor)
    assert len(plans) == 1
    texts = [edit.text() for edit in funds.findChildren(QLineEdit)]
    assert not any("march" in text or "Decimal" in text for text in texts)
    assert [plans[0].edits[f].text() for f in ("march", "june", "october", "december")] == \
        ["50", "", "", "50"]


def test_a_list_editor_takes_its_table_model_with_it(qtbot):
    """Editors come and go (a project shown, another chosen); the session outlives them and
    must not keep their models, still answering every change."""
    from ui.record_list import ListTableModel
    from ui.tabs.fields_tab import FieldsTab

    template = next(t for t in all_templates() if t.id == "jiangsu-dept-target")
    session = _session(template)
    session.document.department.functions = ["负责全市自然资源管理"]
    tab = FieldsTab(session, template.sections[0])
    qtbot.addWidget(tab)
    model = tab.editors["department.functions"].model
    assert model.setData(model.index(0, 0), "负责全市国土空间规划")
    tab.deleteLater()
    qtbot.waitUntil(lambda: not session.findChildren(ListTableModel))
    session.set_value("department.functions[0]", "负责全市测绘管理")


def _text_sections() -> list[tuple[Template, str, object]]:
    found = []
    for template in all_templates():
        found += [(template, "", s) for s in template.sections
                  if any(f.kind is FieldKind.TEXT for f in s.fields)]
        found += [(template, "projects[0].", s) for s in template.project_sections
                  if any(f.kind is FieldKind.TEXT for f in s.fields)]
    return found


@pytest.mark.parametrize("template, prefix, section", _text_sections(),
                         ids=[f"{t.id}:{p}{s.key}" for t, p, s in _text_sections()])
def test_the_character_counter_shows_whenever_the_officer_types_in_a_text(qtbot, template,
                                                                           prefix, section):
    """At 1366×768 with a tall 审核 panel, Tab into each paragraph (the tab scrolls to the
    cursor): its counter is on screen, whole."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea

    from ui.tabs.fields_tab import section_form

    session = _session(template)
    window = QMainWindow()
    qtbot.addWidget(window)
    scroll = QScrollArea(window)
    scroll.setWidgetResizable(True)
    form, editors = section_form(session, section, prefix, scroll)
    scroll.setWidget(form)
    window.setCentralWidget(scroll)
    dock = QDockWidget("审核", window)
    panel = QWidget(dock)
    panel.setMinimumHeight(300)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resize(1366, 768)
    _show_active(qtbot, window)
    fields = [e for e in editors.values() if isinstance(e, TextField)]
    assert fields
    viewport = scroll.viewport()
    for field in fields:
        scroll.verticalScrollBar().setValue(0)
        field.edit.setFocus()
        scroll.ensureWidgetVisible(field.edit)  # what the scroll area does when Tab lands there
        QApplication.processEvents()
        counter = field.counter
        shown = QRect(counter.mapTo(viewport, QPoint(0, 0)), counter.size())
        assert counter.text() and counter.height() >= counter.sizeHint().height() > 0
        assert viewport.rect().contains(shown), (field.path, shown, viewport.rect())


def test_list_rows_are_as_tall_as_their_text_at_the_present_width(qtbot, tmp_path):
    """Reopening a document, or narrowing and widening the window, gives the same row heights
    as typing the items did: they follow the text and the column width, not the history."""
    from app.projectfile import load_document, save_document

    template = next(t for t in all_templates() if t.id == "guizhou-dept-target")
    spec = next(f for s in template.sections for f in s.fields
                if f.path == "department.goal_items")

    def shown(session: DocumentSession, width: int) -> ListEditor:
        editor = field_editor(session, spec)
        qtbot.addWidget(editor)
        editor.resize(width, 600)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    def heights(editor: ListEditor) -> list[int]:
        QApplication.processEvents()
        return [editor.view.rowHeight(r) for r in range(editor.model.rowCount())]

    session = _session(template)
    typed = shown(session, 900)
    for text in ("完成市级国土空间总体规划编制\n完成绿色矿山建设第三方评估\n完成土地收储",
                 "加强地质灾害气象预警预报工作，" * 12, "保障自然资源系统正常运转"):
        typed.add_row()
        assert typed.model.setData(typed.view.currentIndex(), text)
    at_900 = heights(typed)
    assert at_900[0] > at_900[2] and at_900[1] > at_900[2]  # more lines, taller rows
    save_document(session.document, tmp_path / "贵州.jixiao")
    reopened = shown(DocumentSession(load_document(tmp_path / "贵州.jixiao")), 900)
    assert heights(reopened) == at_900
    reopened.resize(600, 600)
    at_600 = heights(reopened)
    assert at_600[1] > at_900[1]  # narrower: the long item wraps onto more lines
    assert heights(shown(DocumentSession(load_document(tmp_path / "贵州.jixiao")), 600)) == at_600
    reopened.resize(900, 600)
    assert heights(reopened) == at_900


def test_execution_lines_take_exact_amounts_and_refuse_a_weight_over_100(qtbot):
    from app.model import ExecutionLine, ProjectEvaluation

    template = next(t for t in all_templates() if t.new_project is not None)
    session = _session(template)
    session.document.projects[0].evaluation = ProjectEvaluation(
        execution=[ExecutionLine(name="总额", weight=Decimal("10"))])
    path = "projects[0].evaluation.execution"
    editor = field_editor(session, FieldSpec(path, "预算执行情况", FieldKind.EXECUTION))
    qtbot.addWidget(editor)
    model = editor.model
    assert model.setData(model.index(0, 3), "85.5")  # 执行数
    assert session.value(f"{path}[0].executed") == Decimal("85.50")
    assert model.data(model.index(0, 3)) == "85.50"
    assert not model.setData(model.index(0, 4), "101")  # 权重 over 100: refused, said why
    assert model.last_error and session.value(f"{path}[0].weight") == Decimal("10")
    session.undo_stack.undo()
    assert session.value(f"{path}[0].executed") is None
