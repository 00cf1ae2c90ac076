"""Times of the core's file operations, as ratios to a baseline measured in the same run.

The baseline is plain ``json.dumps``/``json.loads`` of the same data: what any JSON file costs.
Median of repeated runs; no assertion, just the record (docs/benchmarks.md).
"""
from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from app.projectfile import dumps, load_document, loads, save_document
from bench.documents import large_document


def median_seconds(action: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    document = large_document()
    text = dumps(document)
    raw = json.loads(text)
    folder = Path(tempfile.mkdtemp())
    path = folder / "large.jixiao"
    save_document(document, path)

    baseline_dump = median_seconds(lambda: json.dumps(raw, ensure_ascii=False, indent=2))
    baseline_load = median_seconds(lambda: json.loads(text))
    rows = [
        ("dumps (model → text)", median_seconds(lambda: dumps(document)), baseline_dump),
        ("loads (text → model, validated)", median_seconds(lambda: loads(text)), baseline_load),
        ("save_document (atomic, fsync, .bak)",
         median_seconds(lambda: save_document(document, path)), baseline_dump),
        ("load_document", median_seconds(lambda: load_document(path)), baseline_load),
    ]
    print(f"document: 100 projects × 30 indicators, {len(text.encode()) / 1e6:.1f} MB")
    print(f"{'operation':40} {'median s':>9} {'× json':>7}")
    for name, seconds, baseline in rows:
        print(f"{name:40} {seconds:9.3f} {seconds / baseline:7.1f}")
    checks_benchmark(document)
    export_benchmark(document, folder)


def checks_benchmark(document) -> None:
    """审核 of the whole document, re-run after every edit in the editor."""
    from app.checks import run_checks

    baseline = median_seconds(lambda: document.model_copy(deep=True))
    seconds = median_seconds(lambda: run_checks(document))
    print(f"\n{'checks (100 × 30)':40} {'median s':>9} {'× deep copy':>12}")
    print(f"{'run_checks':40} {seconds:9.3f} {seconds / baseline:12.1f}")


def export_benchmark(document, folder: Path) -> None:
    """Export times of the same document, as ratios to building its print layout once."""
    from app.export import build_layout, export_document

    baseline = median_seconds(lambda: build_layout(document), repeat=3)
    print(f"\n{'export (100 × 30)':40} {'median s':>9} {'× layout':>9}")
    print(f"{'build_layout (baseline)':40} {baseline:9.3f} {1:9.1f}")
    for fmt in ("docx", "xlsx", "pdf"):
        seconds = median_seconds(
            lambda: export_document(document, folder / fmt, [fmt], force=True), repeat=3)
        print(f"{fmt:40} {seconds:9.3f} {seconds / baseline:9.1f}")


if __name__ == "__main__":
    main()
