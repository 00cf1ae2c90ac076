"""Editor timings: a 5,000-row indicator table opened and scrolled, one edit with its re-check.

``python -m bench.editor`` (offscreen). Ratios are to opening a 50-row table in the same run.
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.checks import run_checks  # noqa: E402
from app.model import IndicatorRow, IndicatorTable  # noqa: E402
from app.templates import get_template  # noqa: E402
from ui.indicator_model import IndicatorTableModel  # noqa: E402
from ui.indicator_view import IndicatorTableView  # noqa: E402
from ui.session import DocumentSession  # noqa: E402


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


def main() -> None:
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
        model = view.model()
        start = time.perf_counter()
        model.setData(model.index(2500, 3), "改过的指标")
        run_checks(model.session.document)
        app.processEvents()
        edits.append(time.perf_counter() - start)
        view.close()
    print(f"{'editor (5,000 indicator rows)':40} {'median s':>9} {'× open 50 rows':>15}")
    for name, values in (("open the table", opens), ("one scroll step", scrolls),
                         ("one edit + full re-check", edits)):
        seconds = statistics.median(values)
        print(f"{name:40} {seconds:9.3f} {seconds / small:15.1f}")
    print(f"{'open 50 rows (baseline)':40} {small:9.3f} {1:15.1f}")


if __name__ == "__main__":
    main()
