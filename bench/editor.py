"""Editor timings: a 5,000-row indicator table opened and scrolled, and edits with their 审核.

``python -m bench.editor`` (offscreen). Ratios are to opening a 50-row table in the same run.

"One edit + 审核 up to date" is what a frame holds after the officer changes a cell on screen:
the edit (an undo command), every 审核 result brought up to date (the tables' error marks,
``IndicatorErrors``, and the 审核 panel's list, ``ChecksDock``: without waiting for their
timers), and the events that follow (the cell and its marks repainted). The edits rename an
indicator, empty a target (an 错误 appears on the cell and in the panel) and fill it again, and
make a duplicate (a 警告) and undo it, on rows in the middle of the table, in view. The goal
is one frame, 16 ms. At the end the panel's findings are compared with a full ``run_checks``.

The same is timed on a 自评表 of 250 projects of 20 indicators (5,000 scored rows): typing an
actual, a score and a weight in one project's table, with the scores and their 审核 up to date.
"""
from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication  # noqa: E402

from app.checks import run_checks  # noqa: E402
from app.model import IndicatorRow, IndicatorTable  # noqa: E402
from app.templates import get_template  # noqa: E402
from ui.checks_dock import ChecksDock  # noqa: E402
from ui.indicator_model import IndicatorErrors, IndicatorTableModel  # noqa: E402
from ui.indicator_view import IndicatorTableView  # noqa: E402
from ui.session import DocumentSession  # noqa: E402

FRAME = 0.016
MIDDLE = 2500
# (row, field, text): rename; empty a target and fill it again; make a duplicate, undo it.
EDITS = [(MIDDLE, "name", "改过的指标"), (MIDDLE + 1, "full_year_target", ""),
         (MIDDLE + 1, "full_year_target", "＝2个"), (MIDDLE + 2, "name", f"指标{MIDDLE + 3}"),
         (MIDDLE + 2, "name", f"指标{MIDDLE + 2}")]


def session_with(rows: int) -> DocumentSession:
    template = get_template("jiangsu-dept-target")
    document = template.new_document("苏州市自然资源和规划局", 2024)
    document.department.indicator_tables[1] = IndicatorTable(key="duty", rows=[
        IndicatorRow(level1="履职", level2=f"职责{i // 20}", key_task=f"重点工作{i // 5}",
                     name=f"指标{i}", half_year_target="＝1个", full_year_target="＝2个")
        for i in range(rows)])
    return DocumentSession(document)


def open_table(rows: int, app: QApplication) -> tuple[float, IndicatorTableView]:
    session = session_with(rows)
    spec = session.template.indicator_tables[1]
    start = time.perf_counter()
    view = IndicatorTableView(IndicatorTableModel(session, "department.indicator_tables[1].rows",
                                                  spec))
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    return time.perf_counter() - start, view


def self_evaluation_view(app: QApplication) -> IndicatorTableView:
    """Project 125 of a 250-project 自评表 (20 scored rows each), its table shown."""
    template = get_template("national-project-eval")
    document = template.new_document("六盘水市某局", 2024)
    document.projects = []
    for p in range(250):
        project = template.new_project(f"项目{p}", 2024)
        project.indicators = [
            IndicatorRow(cells={"level1": level1, "level2": f"二级{i // 4}", "name": f"指标{i}",
                                "target": "≥50个", "actual": "45", "weight": weight})
            for i, (level1, weight) in enumerate([("产出指标", "5")] * 10
                                                 + [("效益指标", "3")] * 10)]
        document.projects.append(project)
    session = DocumentSession(document)
    view = IndicatorTableView(IndicatorTableModel(session, "projects[125].indicators",
                                                  template.project_indicators))
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    return view


SCORE_EDITS = [(5, "actual", "50"), (6, "score", "4"), (7, "weight", "6"), (7, "weight", "5")]


def edits_with_checks(view: IndicatorTableView, app: QApplication, edits=None,
                      middle: int = MIDDLE) -> list[float]:
    """Seconds of each of ``edits`` (``EDITS``) with every 审核 result brought up to date and
    painted."""
    model = view.indicator_model()
    session = model.session
    errors = IndicatorErrors.of(session)
    dock = ChecksDock(session)
    dock.resize(700, 300)
    dock.show()
    view.scrollTo(model.index(middle, 3), QAbstractItemView.ScrollHint.PositionAtCenter)
    for _ in range(5):  # the dock shown and the scroll painted before the clock starts
        app.processEvents()
        time.sleep(0.02)
    times = []
    for row, field, text in edits or EDITS:
        start = time.perf_counter()
        model.setData(model.index(row, model.column_of(field)), text)
        errors.recheck_now()
        dock.recheck_now()
        app.processEvents()
        times.append(time.perf_counter() - start)
    if dock.model.findings != run_checks(session.document):
        print("the 审核 panel differs from a full run_checks", file=sys.stderr)
    dock.close()
    return times


def _quiet(mode, context, message: str) -> None:  # type: ignore[no-untyped-def]
    # The offscreen platform says this for every dock shown; it says nothing about timing.
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def main() -> None:
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication([])
    small = statistics.median(open_table(50, app)[0] for _ in range(5))
    opens, scrolls, edits = [], [], []
    for _ in range(3):
        seconds, view = open_table(5000, app)
        opens.append(seconds)
        start = time.perf_counter()
        for step in range(0, 5000, 100):
            view.scrollTo(view.model().index(step, 3))
            app.processEvents()
        scrolls.append((time.perf_counter() - start) / 50)
        edits += edits_with_checks(view, app)
        view.close()
    scored = []
    for _ in range(3):
        view = self_evaluation_view(app)
        scored += edits_with_checks(view, app, SCORE_EDITS, middle=6)
        view.close()
    print(f"{'editor (5,000 indicator rows)':40} {'median s':>9} {'× open 50 rows':>15}")
    for name, values in (("open the table", opens), ("one scroll step", scrolls),
                         ("one edit + 审核 up to date", edits)):
        seconds = statistics.median(values)
        print(f"{name:40} {seconds:9.3f} {seconds / small:15.1f}")
    print(f"{'open 50 rows (baseline)':40} {small:9.3f} {1:15.1f}")
    for name, times in (("edit + 审核", edits), ("自评表 score edit + 审核", scored)):
        edit = statistics.median(times)
        print(f"{name}: median {edit * 1000:.1f} ms, slowest {max(times) * 1000:.1f} ms "
              f"of {len(times)} ({'within' if edit <= FRAME else 'over'} one 16 ms frame)")


if __name__ == "__main__":
    main()
