"""The 审核 panel grouped by place: the department (or the document), then each project by its
name, each heading with its counts; closed and opened; the 错误 alone; room for 8 rows."""
from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.carry import carry_to_self_evaluation, self_evaluation_template
from app.checks import Severity, run_checks
from app.projectfile import load_document
from app.templates import get_template
from tests.conftest import EXAMPLE_FILES
from ui.checks_dock import VISIBLE_ROWS, ChecksDock
from ui.main_window import MainWindow
from ui.session import DocumentSession


def liupanshui_self_evaluation() -> DocumentSession:
    """六盘水 2024's projects carried to their year-end 自评表: ~200 findings, 错误 in two."""
    document = load_document(EXAMPLE_FILES["guizhou"])
    source = get_template(document.template)
    return DocumentSession(carry_to_self_evaluation(document, source,
                                                    self_evaluation_template(source)))


def headings(dock: ChecksDock) -> list[str]:
    model = dock.model
    return [model.index(g, 0).data() for g in range(model.rowCount())]


def shown(dock: ChecksDock) -> list:
    """Every finding under its group, each group opened as the officer would."""
    model = dock.model
    dock.view.expandAll()
    return [model.finding_at(model.index(r, 0, model.index(g, 0)))
            for g in range(model.rowCount()) for r in range(model.rowCount(model.index(g, 0)))]


@pytest.fixture
def carried(qtbot):
    dock = ChecksDock(liupanshui_self_evaluation())
    qtbot.addWidget(dock)
    return dock


def test_a_carried_self_evaluation_is_grouped_by_project_with_counts(carried):
    session = carried.session
    findings = run_checks(session.document)
    assert len(findings) > 150
    projects = session.document.projects
    titles = headings(carried)
    # One heading per project with findings, in the projects' order, by number and name.
    assert len(titles) == len({f.location.project for f in findings}) > 10
    for title, group in zip(titles, carried.model.groups):
        mine = [f for f in findings if f.location.project == group.key]
        errors = sum(f.severity is Severity.ERROR for f in mine)
        assert title == (f"项目 {group.key + 1}：{projects[group.key].name}"
                         f"　错误 {errors}，警告 {len(mine) - errors}")
    assert [g.key for g in carried.model.groups] == sorted(g.key for g in carried.model.groups)
    # A long list opens only its 错误 groups; every finding is listed once, under its project.
    view, model = carried.view, carried.model
    opened = [g.key for row, g in enumerate(model.groups) if view.isExpanded(model.index(row, 0))]
    assert opened == [g.key for g in model.groups if g.errors] and opened
    assert Counter(shown(carried)) == Counter(findings)
    assert all(view.isFirstColumnSpanned(row, model.index(row, 0).parent())
               for row in range(model.rowCount()))
    # The status bar's totals are the whole document's.
    assert (carried.errors, carried.warnings) == (
        sum(f.severity is Severity.ERROR for f in findings),
        sum(f.severity is Severity.WARNING for f in findings))


def test_under_its_project_a_finding_does_not_repeat_the_project(carried):
    model = carried.model
    group = model.index(0, 0)
    carried.view.expand(group)
    name = carried.session.document.projects[model.groups[0].key].name
    location, message = (model.index(0, c, group).data() for c in (1, 2))
    assert "第" not in location.split(" · ")[0] and "个项目" not in location
    assert not message.startswith(f"项目“{name}”")
    full = model.finding_at(model.index(0, 0, group)).message
    assert full.endswith(message)
    assert name in model.index(0, 2, group).data(Qt.ItemDataRole.ToolTipRole)


def test_errors_only_keeps_the_groups_with_errors_and_the_totals(carried, qtbot):
    counts = []
    carried.counts_changed.connect(lambda e, w: counts.append((e, w)))
    totals = (carried.errors, carried.warnings)
    carried.errors_only.setChecked(True)
    errors = [f for f in run_checks(carried.session.document) if f.severity is Severity.ERROR]
    assert Counter(shown(carried)) == Counter(errors)
    assert all(g.errors for g in carried.model.groups)
    assert all(carried.view.isExpanded(carried.model.index(r, 0))
               for r in range(carried.model.rowCount()))
    assert (carried.errors, carried.warnings) == totals and counts == []
    carried.errors_only.setChecked(False)
    assert len(shown(carried)) == sum(totals)


def test_a_closed_group_follows_edits_when_opened_again(carried):
    """A closed group's rows are not in the tree; opened later, it shows the findings of now."""
    model, view = carried.model, carried.view
    row = next(r for r, g in enumerate(model.groups) if not g.errors)
    key = model.groups[row].key
    view.expand(model.index(row, 0))
    view.collapse(model.index(row, 0))
    before = model.rowCount(model.index(row, 0))
    carried.session.set_value(f"projects[{key}].indicators[0].name", "")
    carried.session.set_value(f"projects[{key}].annual_goal", "")
    carried.recheck_now()
    row = model.groups.index(next(g for g in model.groups if g.key == key))
    view.expand(model.index(row, 0))
    mine = [f for f in run_checks(carried.session.document) if f.location.project == key]
    assert before == 0 and model.rowCount(model.index(row, 0)) == len(mine)
    assert [model.finding_at(model.index(r, 0, model.index(row, 0)))
            for r in range(len(mine))] == mine


def test_the_department_heads_its_findings_and_a_short_list_opens_whole(qtbot):
    path = EXAMPLE_FILES["jiangsu"]
    dock = ChecksDock(DocumentSession(load_document(path), path))
    qtbot.addWidget(dock)
    assert headings(dock) == ["部门整体　错误 0，警告 1"]
    assert dock.view.isExpanded(dock.model.index(0, 0))


def test_a_renamed_project_renames_its_heading(carried):
    key = carried.model.groups[0].key
    carried.session.set_value(f"projects[{key}].name", "改名的项目")
    carried.recheck_now()
    assert headings(carried)[0].startswith(f"项目 {key + 1}：改名的项目　")


def test_the_panel_opens_with_room_for_eight_rows(qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail(f"asked {a[1:3]}"))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    window.open_path(EXAMPLE_FILES["guizhou"], ask=False)
    qtbot.wait(50)
    dock = window.checks_dock
    assert dock is not None and dock.isVisible()
    view = dock.view
    row = view.rowHeight(dock.model.index(0, 0))
    assert view.viewport().height() // row >= VISIBLE_ROWS, (view.viewport().height(), row)
    assert dock.height() <= window.height() // 2
    window.session.undo_stack.setClean()
    window.close()
