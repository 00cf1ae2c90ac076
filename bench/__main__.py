"""Times of the core's file operations, checks and exports, as ratios to baselines measured in
the same run (docs/benchmarks.md). No assertion, just the record.

- File: ratios to plain ``json.dumps``/``json.loads`` of the same data.
- Exports: ratios to each library's floor (``bench.floors``): the plainest python-docx,
  openpyxl and QTextDocument code writing the same cells, from the same layout.
- Word import: importing the 100-project document's own Word export, as a ratio to
  python-docx reading the text of every cell of the same file's tables (``bench.floors``).
- Growth: time for 10× the work ÷ (10 × time for 1×), the work being 100 projects × 30
  indicators against 10 × 30 (``growth``). 1.0 is linear; above 1 grows faster than the
  document.

Each ratio (to a floor, and the growth) is the median of ratios of runs done back to back
(ours, then the floor, the order alternating), so a load that comes and goes on the machine
touches both sides; meanwhile the benchmark's own data is frozen out of the garbage collector
(``frozen_heap``).
"""
from __future__ import annotations

import gc
import json
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from app.projectfile import dumps, load_document, loads, save_document
from bench.documents import large_document

SMALL, LARGE = 10, 100  # projects (× 30 indicators): the growth pair


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action: Callable[[], object], repeat: int = 7) -> float:
    return statistics.median(seconds(action) for _ in range(repeat))


def paired(ours: Callable[[], object], floor: Callable[[], object],
           repeat: int) -> tuple[float, float, float]:
    """Medians of ours and of the floor, and the median of their ratio run by run."""
    mine, floors, ratios = [], [], []
    for n in range(repeat):
        if n % 2:
            b = seconds(floor)
            a = seconds(ours)
        else:
            a = seconds(ours)
            b = seconds(floor)
        mine.append(a)
        floors.append(b)
        ratios.append(a / b)
    return statistics.median(mine), statistics.median(floors), statistics.median(ratios)


def growth(small: Callable[[], object], large: Callable[[], object], repeat: int
           ) -> tuple[float, float, float]:
    """Medians for 1× and 10× the work, and the growth ratio: the median, over runs done back
    to back, of t(10×) / (10 · t(1×))."""
    with frozen_heap():
        t_large, t_small, ratio = paired(large, small, repeat)
    return t_small, t_large, ratio / 10


@contextmanager
def frozen_heap() -> Iterator[None]:
    """The benchmark's own data (documents, layouts, JSON) frozen out of the garbage collector.

    A full collection walks every live object: whether a run happens to set one off over the
    benchmark's data would otherwise weigh on a ratio (the 10× run sets them off, the 1× run
    does not; python-docx's floor makes more objects than our Word export). The objects the
    work itself makes are collected as usual.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def main() -> None:
    document = large_document(LARGE)
    small_document = large_document(SMALL)
    text = dumps(document)
    raw = json.loads(text)
    folder = Path(tempfile.mkdtemp())
    path = folder / "large.jixiao"
    small_path = folder / "small.jixiao"
    save_document(document, path)
    save_document(small_document, small_path)

    baseline_dump = median_seconds(lambda: json.dumps(raw, ensure_ascii=False, indent=2))
    baseline_load = median_seconds(lambda: json.loads(text))
    rows = [
        ("dumps (model → text)", median_seconds(lambda: dumps(document)), baseline_dump),
        ("loads (text → model, validated)", median_seconds(lambda: loads(text)), baseline_load),
        ("save_document (atomic, fsync, .bak)",
         median_seconds(lambda: save_document(document, path)), baseline_dump),
        ("load_document", median_seconds(lambda: load_document(path)), baseline_load),
    ]
    print(f"document: {LARGE} projects × 30 indicators, {len(text.encode()) / 1e6:.1f} MB")
    print(f"{'operation':40} {'median s':>9} {'× json':>7}")
    for name, took, baseline in rows:
        print(f"{name:40} {took:9.3f} {took / baseline:7.1f}")
    checks_benchmark(document, small_document)
    print(f"\n{'growth (10 → 100 projects)':40} {'1× s':>9} {'10× s':>9} {'growth':>7}")
    small_s, large_s, ratio = growth(lambda: load_document(small_path),
                                     lambda: load_document(path), 11)
    print(f"{'load + validate (load_document)':40} {small_s:9.3f} {large_s:9.3f} {ratio:7.2f}")
    export_benchmark(document, small_document, folder)
    import_benchmark(document, folder)


def checks_benchmark(document, small_document) -> None:
    """审核 of the whole document, as the 审核 panel runs it."""
    from app.checks import run_checks

    baseline = median_seconds(lambda: document.model_copy(deep=True))
    took = median_seconds(lambda: run_checks(document))
    _, _, ratio = growth(lambda: run_checks(small_document), lambda: run_checks(document), 9)
    print(f"\n{'checks (100 × 30)':40} {'median s':>9} {'× deep copy':>12} {'growth':>7}")
    print(f"{'run_checks':40} {took:9.3f} {took / baseline:12.1f} {ratio:7.2f}")


def export_benchmark(document, small_document, folder: Path) -> None:
    """Each format against its floor on the same layout; and its growth from 10 projects."""
    from app.export import build_layout
    from app.export.docx_render import render_docx
    from app.export.pdf import render_pdf
    from app.export.xlsx_render import render_xlsx
    from bench.floors import docx_floor, pdf_floor, xlsx_floor

    layout = build_layout(document)
    small_layout = build_layout(small_document)
    formats = {"docx": (render_docx, docx_floor), "xlsx": (render_xlsx, xlsx_floor),
               "pdf": (render_pdf, pdf_floor)}
    print(f"\n{'export (100 × 30), layout built once':40} {'ours s':>9} {'floor s':>9}"
          f" {'× floor':>8} {'growth':>7}")
    for fmt, (render, floor) in formats.items():
        ours_path, floor_path = folder / f"ours.{fmt}", folder / f"floor.{fmt}"
        small_path = folder / f"small.{fmt}"
        render(small_layout, small_path)  # warm: imports, fonts, Qt's application
        floor(small_layout, floor_path)
        with frozen_heap():
            ours, base, ratio = paired(lambda: render(layout, ours_path),
                                       lambda: floor(layout, floor_path), 5)
        _, _, grows = growth(lambda: render(small_layout, small_path),
                             lambda: render(layout, ours_path), 5)
        print(f"{fmt:40} {ours:9.3f} {base:9.3f} {ratio:8.2f} {grows:7.2f}")
    print(f"{'build_layout (not in the above)':40} "
          f"{median_seconds(lambda: build_layout(document), 3):9.3f}")


def import_benchmark(document, folder: Path) -> None:
    """The Word import of the document's own export against python-docx's plain read of the
    same tables (every cell's text); the document read back is checked to be whole."""
    from app.export import build_layout
    from app.export.docx_render import render_docx
    from app.importing import import_workbook
    from app.templates import get_template
    from bench.floors import docx_read_floor

    path = folder / "import.docx"
    render_docx(build_layout(document), path)
    template = get_template(document.template)
    imported = import_workbook(path, template).document  # warm: imports, the definitions
    assert len(imported.projects) == len(document.projects)
    assert imported.projects[-1].indicators == document.projects[-1].indicators
    docx_read_floor(path)
    with frozen_heap():
        ours, base, ratio = paired(lambda: import_workbook(path, template),
                                   lambda: docx_read_floor(path), 7)
    print(f"\n{'import (100 × 30), from the file':40} {'ours s':>9} {'floor s':>9}"
          f" {'× floor':>8}")
    print(f"{'docx (× python-docx reading every cell)':40} {ours:9.3f} {base:9.3f} {ratio:8.2f}")


if __name__ == "__main__":
    main()
