"""Indicator library (指标库) timings on 100,000 entries: ``python -m bench.library``.

Each search is timed as the picker runs it and as a ratio to a plain FTS5 query of the same
words on the same table (``… MATCH ? ORDER BY rank LIMIT 200``; for a one-character word, a
plain LIKE scan), median of repeated runs. Also: filling the library, indexing the
100-project document (what the window's thread does, and what the worker does), and the
picker's search-as-you-type from a typed word to the rows in its model (offscreen). Timings
of ours and of the baseline alternate, so a busy machine slows both alike.
No assertion, just the record (docs/benchmarks.md).
"""
from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import forms  # noqa: E402
from app.library import (LibraryEntry, Source, document_rows, open_library,  # noqa: E402
                         rows_source)
from app.library.query import phrase  # noqa: E402
from app.templates import get_template  # noqa: E402
from bench.documents import large_document  # noqa: E402

ENTRIES = 100_000
PER_SOURCE = 50
LIMIT = 200
QUERIES = ("满意度", "预算执行率", "群众满意度", "完成率", "培训", "公路", "道路 养护", "率")

OBJECTS = ("农村公路", "高标准农田", "义务教育学校", "地质灾害隐患点", "不动产登记", "耕地保护",
           "公益林", "河道", "污水处理厂", "业务培训", "社区卫生服务中心", "养老服务机构",
           "城市道路", "老旧小区", "自然资源调查", "国土空间规划", "执法巡查", "档案整理",
           "信息系统", "政务服务", "防汛物资", "森林防火", "矿山修复", "测绘成果", "土地整治",
           "农村饮水", "文化场馆", "体育设施", "就业培训", "困难群众")
MEASURES = (("产出指标", "数量指标", "完成数量", "个"), ("产出指标", "数量指标", "覆盖面积", "亩"),
            ("产出指标", "质量指标", "验收合格率", "%"), ("产出指标", "质量指标", "达标率", "%"),
            ("产出指标", "时效指标", "按时完成率", "%"), ("产出指标", "成本指标", "成本控制率", "%"),
            ("产出指标", "数量指标", "培训人次", "人次"), ("产出指标", "数量指标", "养护里程", "公里"),
            ("效益指标", "社会效益指标", "服务覆盖率", "%"),
            ("效益指标", "生态效益指标", "整改完成率", "%"),
            ("效益指标", "可持续影响指标", "长效机制健全性", ""),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "%"),
            ("满意度指标", "服务对象满意度指标", "服务对象满意度", "%"),
            ("过程", "预算执行", "预算执行率", "%"), ("决策", "目标设定", "绩效目标合理性", ""))


def synthetic_sources(count: int = ENTRIES, seed: int = 13) -> list[Source]:
    """``count`` entries in sources of ``PER_SOURCE``: names from objects × measures (a fifth
    numbered, so unique), a third with a 指标解释, years 2018–2025. As in carried-forward
    documents, an indicator mostly keeps its 指标值 from year to year (one in five differs)."""
    rng = random.Random(seed)
    sources = []
    for s in range(count // PER_SOURCE):
        year = 2018 + s % 8
        label = f"第{s}单位 {year}年"
        entries = []
        for i in range(PER_SOURCE):
            level1, level2, measure, unit = rng.choice(MEASURES)
            thing = rng.choice(OBJECTS)
            name = f"{thing}{measure}" if rng.random() < 0.8 else f"{thing}{i}号片区{measure}"
            usual = 80 + sum(map(ord, name)) % 21
            value = usual if rng.random() < 0.8 else rng.randint(80, 100)
            target = f"≥{value}{unit}" if unit else ("健全" if value % 2 else "合理")
            definition = (f"{name}=实际完成数/计划数×100%，反映{thing}工作的完成情况。"
                          if rng.random() < 0.33 else "")
            entries.append(LibraryEntry(level1, level2, name, target, definition, unit=unit,
                                        year=year, source=f"/文档/{s}.jixiao",
                                        source_label=label))
        sources.append(Source(f"/文档/{s}.jixiao", "document", label, year, tuple(entries)))
    return sources


def median_seconds(action: Callable[[], object], repeat: int = 15) -> float:
    action()  # warm the page cache and the statement cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(ours: Callable[[], object], plain: Callable[[], object],
           repeat: int = 21) -> tuple[float, float, float]:
    """Medians of ours and of the baseline, run alternately (a busy machine slows both
    alike), and the median of the per-run ratios."""
    ours(), plain()
    mine, theirs, ratios = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        ours()
        middle = time.perf_counter()
        plain()
        end = time.perf_counter()
        mine.append(middle - start)
        theirs.append(end - middle)
        ratios.append((middle - start) / (end - middle))
    return statistics.median(mine), statistics.median(theirs), statistics.median(ratios)


def plain_query(library, text: str) -> Callable[[], object]:
    """The baseline: FTS5's own ranking of the same words, no joins, no tiers."""
    words = text.split()
    connection = library.connection
    if all(len(w) >= 3 for w in words):
        match = " AND ".join(phrase(w) for w in words)
        sql = "SELECT rowid, * FROM text_trigrams WHERE text_trigrams MATCH ? ORDER BY rank LIMIT ?"
        return lambda: connection.execute(sql, (match, LIMIT)).fetchall()
    if all(len(w) >= 2 for w in words):
        match = " AND ".join(phrase(w) for w in words)
        sql = "SELECT rowid, * FROM text_pairs WHERE text_pairs MATCH ? ORDER BY rank LIMIT ?"
        return lambda: connection.execute(sql, (match, LIMIT)).fetchall()
    sql = "SELECT * FROM texts WHERE name LIKE ? LIMIT ?"
    return lambda: connection.execute(sql, (f"%{text}%", LIMIT)).fetchall()


def main() -> None:
    forms.register_all()
    folder = Path(tempfile.mkdtemp())
    path = folder / "library.sqlite3"
    library = open_library(path)
    sources = synthetic_sources()
    start = time.perf_counter()
    library.index_sources(sources)
    filled = time.perf_counter() - start
    size = path.stat().st_size + sum(p.stat().st_size for p in folder.glob("*-wal"))
    print(f"library: {library.count():,} entries, {size / 1e6:.0f} MB, filled in {filled:.1f} s "
          f"({len(sources)} sources, one transaction each); SQLite FTS5 trigram: {library.fts}")
    texts = library.connection.execute("SELECT count(*) FROM texts").fetchone()[0]
    print(f"distinct texts (一级, 二级, 三级, 指标解释, 关键词): {texts:,}")
    print(f"\n{'search (limit 200, distinct)':28} {'found':>5} {'median ms':>10} {'plain ms':>9} "
          f"{'× plain':>8} {'all entries ms':>15}")
    for text in QUERIES:
        ours, plain, ratio = paired(lambda: library.search(text, limit=LIMIT, distinct=True),
                                    plain_query(library, text))
        every = median_seconds(lambda: library.search(text, limit=LIMIT))
        found = len(library.search(text, limit=LIMIT, distinct=True))
        print(f"{text:28} {found:5} {ours * 1000:10.1f} {plain * 1000:9.1f} {ratio:8.1f} "
              f"{every * 1000:15.1f}")
    filtered = median_seconds(lambda: library.search("完成率", level1="产出指标", year=2024,
                                                     limit=LIMIT, distinct=True))
    browse = median_seconds(lambda: library.search("", level1="满意度指标", limit=LIMIT,
                                                   distinct=True))
    facets = median_seconds(lambda: (library.level1_values(), library.level2_values(),
                                     library.years(), library.sources()), repeat=5)
    print(f"{'完成率, 一级 + 年度 filters':28} {'':5} {filtered * 1000:10.1f}")
    print(f"{'no words, 一级 filter':28} {'':5} {browse * 1000:10.1f}")
    print(f"{'filter lists (dialog open)':28} {'':5} {facets * 1000:10.1f}")
    document_benchmark(library)
    picker_benchmark(path)
    library.close()


def document_benchmark(library) -> None:
    """The 100-project × 30-indicator document: what the window's thread does when it is
    opened or saved (copy the indicator cells), and what the worker does (read the entries,
    store them: the first time, unchanged, changed)."""
    document = large_document()
    template = get_template(document.template)
    copy = median_seconds(lambda: document_rows(document, template), repeat=7)
    rows = document_rows(document, template)
    read = median_seconds(lambda: rows_source(rows, "/文档/大.jixiao"), repeat=7)
    source = rows_source(rows, "/文档/大.jixiao")
    start = time.perf_counter()
    library.index_source(source)
    first = time.perf_counter() - start
    again = median_seconds(lambda: library.index_source(source), repeat=7)
    changed = Source(source.name, source.kind, source.label, 2025, source.entries)
    start = time.perf_counter()
    library.index_source(changed)
    replace = time.perf_counter() - start
    print(f"\n{'document (3,000 indicators)':44} {'s':>7}")
    print(f"{'window thread: copy its indicator cells':44} {copy:7.3f}")
    print(f"{'worker: read its entries':44} {read:7.3f}")
    print(f"{'worker: store them, first time':44} {first:7.3f}")
    print(f"{'worker: store them unchanged (skipped)':44} {again:7.3f}")
    print(f"{'worker: replace them (re-index, same texts)':44} {replace:7.3f}")


def picker_benchmark(path: Path) -> None:
    """From a typed word to the rows in the picker's model (the search, the model's reset, the
    first row's preview), then the repaint that shows them; and opening the picker."""
    from PySide6.QtWidgets import QApplication

    from ui.bootstrap import install_chinese
    from ui.library_dialog import LibraryDialog

    app = QApplication.instance() or QApplication([])
    install_chinese(app)  # the UI font with Chinese glyphs, as the app has it
    session = _session()
    spec = session.template.indicator_tables[2]
    library = open_library(path)
    opened = median_seconds(lambda: LibraryDialog(library, spec).deleteLater(), repeat=5)
    dialog = LibraryDialog(library, spec)
    dialog.resize(1120, 640)
    dialog.show()
    app.processEvents()
    print(f"\n{'picker (offscreen, 100,000 entries)':40} {'median ms':>10}")
    print(f"{'open the dialog (lists for the filters)':40} {opened * 1000:10.1f}")
    for text in ("满意度", "培训", "率"):
        def typed(text: str = text) -> None:
            dialog.search_edit.setText(text)
            dialog.search_now()

        def painted() -> None:
            dialog.model.set_entries(dialog.model.entries())
            dialog.table.viewport().repaint()

        print(f"{'“' + text + '”: search, rows in the model':40} "
              f"{median_seconds(typed) * 1000:10.1f}")
    print(f"{'repaint of the result table':40} {median_seconds(painted) * 1000:10.1f}")
    dialog.close()
    library.close()


def _session():
    from ui.session import DocumentSession

    template = get_template("jiangsu-dept-target")
    return DocumentSession(template.new_document("苏州市自然资源和规划局", 2025))


if __name__ == "__main__":
    main()
