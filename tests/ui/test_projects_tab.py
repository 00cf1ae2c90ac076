"""项目: choose a project, edit it, add, duplicate, delete (asked), reorder, undo."""
from decimal import Decimal

from PySide6.QtWidgets import QMessageBox

from app.projectfile import load_document
from tests.conftest import EXAMPLE_FILES
from ui.session import DocumentSession
from ui.tabs.projects_tab import ProjectsTab


def make_tab(qtbot, example="guizhou"):
    session = DocumentSession(load_document(EXAMPLE_FILES[example]))
    tab = ProjectsTab(session)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return session, tab


def test_selecting_a_project_shows_its_sections_and_indicators(qtbot):
    session, tab = make_tab(qtbot)
    tab.list.setCurrentIndex(tab.model.index(4))
    titles = [tab.editor_tabs.tabText(i) for i in range(tab.editor_tabs.count())]
    assert titles == [s.title for s in session.template.project_sections]
    assert tab.indicator_editor.model.rowCount() == len(session.document.projects[4].indicators)
    assert "projects[4].name" in tab.editors


def test_add_duplicate_move_delete_and_undo(qtbot, monkeypatch):
    session, tab = make_tab(qtbot)
    count = len(session.document.projects)
    tab.list.setCurrentIndex(tab.model.index(0))
    tab.add()
    assert len(session.document.projects) == count + 1
    added = session.document.projects[1]
    assert added.budget_unit.value == "元" and added.indicators  # the template's skeleton
    tab.list.setCurrentIndex(tab.model.index(0))
    tab.duplicate()
    assert session.document.projects[1].name.endswith("（副本）")
    tab.move_project(1)
    assert session.document.projects[2].name.endswith("（副本）")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.remove()
    assert len(session.document.projects) == count + 1
    for _ in range(4):
        session.undo_stack.undo()
    assert len(session.document.projects) == count


def test_a_project_field_edit_is_undoable(qtbot):
    session, tab = make_tab(qtbot, "hebei-text")
    tab.list.setCurrentIndex(tab.model.index(1))
    session.set_value("projects[1].budget_amount", Decimal("25.00"))
    assert session.document.projects[1].budget_amount == Decimal("25.00")
    session.undo_stack.undo()
    assert session.document.projects[1].budget_amount == Decimal("20.00")
