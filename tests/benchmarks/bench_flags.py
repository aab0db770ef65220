"""Benchmark for the cumulative-neglect rules (issue 3).

    python tests/benchmarks/bench_flags.py [--workdir DIR]

Flags for a child with 5,000 events (budget 100 ms), measured on a 10,000-event store and on the
1,000,000-event store side by side (the big store at most 1.5× slower); flags for 30 children of
the big store, as the caseload overview needs them (budget 1 s). The baseline is reading the same
child's events with bare SQL in the same run. Stores are built once and kept in --workdir.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from bench_store_and_window import HEAVY_EVENTS, build_store  # noqa: E402
from bench_store_and_window import median_time as median  # noqa: E402

from chronology.dates import stored_date  # noqa: E402
from chronology.rules import RuleContext, child_events, evaluate, load_settings  # noqa: E402
from chronology.store import Store  # noqa: E402
from chronology.workdays import WorkingCalendar  # noqa: E402

AS_OF = date(2026, 11, 26)


def per_child(paths: list[Path], repeat: int = 15) -> list[tuple[float, float, int]]:
    """Cold flags for the 5,000-event child of each store, the stores measured in turn so that
    a machine growing busier affects them alike; with the bare SQL read of the same events."""
    settings, calendar = load_settings(), WorkingCalendar.load()
    stores = [Store.open(path, "Benchmark") for path in paths]
    heavy = [store.child_by_ref("H000011").id for store in stores]

    def cold(number: int) -> list:
        stored_date.cache_clear()  # as when a worker first opens the child
        return evaluate(child_events(stores[number].db, heavy[number]), settings, calendar, AS_OF)
    times: list[list[float]] = [[] for _ in stores]
    for _ in range(repeat):
        for number in range(len(stores)):
            start = time.perf_counter()
            cold(number)
            times[number].append(time.perf_counter() - start)
    results = []
    for number, store in enumerate(stores):
        bare = median(lambda store=store, number=number: store.db.conn.execute(
            "SELECT e.* FROM events e JOIN event_children ec ON ec.event_id = e.id WHERE ec.child_id = ? "
            "AND e.in_error = 0 ORDER BY e.sort_key", [heavy[number]]).fetchall())
        results.append((statistics.median(times[number]), bare, len(cold(number))))
        store.close()
    return results


def findings_against_flags(store: Store, settings: dict, calendar: WorkingCalendar, repeat: int = 15) -> None:
    """Issue 13: the findings and the current picture of the 5,000-event child, against its flags
    alone, alternated in the same run (each cold, as when a worker first opens the child)."""
    from chronology.findings import assess
    from chronology.rules import RuleContext
    context = RuleContext(settings, calendar)
    heavy = store.child_by_ref("H000011").id
    flags_times, findings_times = [], []
    for _ in range(repeat):
        stored_date.cache_clear()
        start = time.perf_counter()
        evaluate(child_events(store.db, heavy), settings, calendar, AS_OF)
        flags_times.append(time.perf_counter() - start)
        stored_date.cache_clear()
        start = time.perf_counter()
        found = assess(child_events(store.db, heavy), context, AS_OF)
        findings_times.append(time.perf_counter() - start)
    flags_alone, with_findings = statistics.median(flags_times), statistics.median(findings_times)
    print(f"| Findings and the current picture, child with {HEAVY_EVENTS:,} events ({len(found.findings)} findings "
          f"from {len(found.flags)} flags) | {with_findings * 1000:.0f} ms | ≤ 1.2× flags | "
          f"{flags_alone * 1000:.0f} ms (its flags alone) | {with_findings / flags_alone:.2f}× |", flush=True)


def timeline_paint(path: Path) -> tuple[float, float]:
    """Building and painting the timeline of the 5,000-event child, against a bare QPainter
    drawing 5,000 antialiased circles on a widget of the same size in the same run."""
    import os
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from chronology.timeline import timeline_for
    from ui.timeline_panel import TimelinePanel
    app = QApplication.instance() or QApplication([])
    store = Store.open(path, "Benchmark")
    settings, calendar = load_settings(), WorkingCalendar.load()
    heavy = store.child_by_ref("H000011")
    flags = evaluate(child_events(store.db, heavy.id), settings, calendar, AS_OF)
    panel = TimelinePanel()
    panel.resize(1030, 360)

    def draw() -> None:
        stored_date.cache_clear()
        panel.show_timeline(timeline_for(store.db, [heavy.id], AS_OF), {heavy.id: heavy.name}, flags, False, 5)
        panel.view.grab()
    class Bare(QWidget):
        def paintEvent(self, _event) -> None:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            for number in range(HEAVY_EVENTS):
                painter.drawEllipse(QPointF(170 + number % 850, 40 + number % 8 * 28), 5, 5)
            painter.end()
    bare = Bare()
    bare.resize(1030, 360)
    took, baseline = median(draw), median(bare.grab)
    store.close()
    del app
    return took, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "chronology-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    small = args.workdir / "store-100-10000.db"
    big = args.workdir / "store-20000-1000000.db"
    build_store(small, 100, 10_000)
    build_store(big, 20_000, 1_000_000)
    print("| measure | figure | budget | baseline (same run) | ratio |")
    print("| --- | --- | --- | --- | --- |")
    results = {}
    for (label, _path), (took, bare, count) in zip((("10,000-event store", small), ("1,000,000-event store", big)),
                                                  per_child([small, big]), strict=True):
        results[label] = took
        print(f"| Flags for a child with {HEAVY_EVENTS:,} events, {label} ({count} flags) | "
              f"{took * 1000:.0f} ms | 100 ms | {bare * 1000:.1f} ms (bare SQL reading the events) | "
              f"{took / bare:.2f}× |", flush=True)
    print(f"| The same, big store against small | {results['1,000,000-event store'] * 1000:.0f} ms | ≤ 1.5× | "
          f"{results['10,000-event store'] * 1000:.0f} ms (10,000-event store) | "
          f"{results['1,000,000-event store'] / results['10,000-event store']:.2f}× |")
    store = Store.open(big, "Benchmark")
    settings, calendar = load_settings(), WorkingCalendar.load()
    findings_against_flags(store, settings, calendar)
    children = [child.id for child in store.children()[:30]]
    context = RuleContext(settings, calendar)
    overview = median(lambda: (stored_date.cache_clear(), store.standings(children, context, AS_OF)), repeat=3)
    bare = median(lambda: [store.db.conn.execute(
        "SELECT e.* FROM events e JOIN event_children ec ON ec.event_id = e.id WHERE ec.child_id = ?",
        [child]).fetchall() for child in children], repeat=3)
    print(f"| The caseload overview ranked by findings, 30 children of the 1,000,000-event store | "
          f"{overview * 1000:.0f} ms | 1 s | {bare * 1000:.1f} ms (bare SQL reading their events) | "
          f"{overview / bare:.2f}× |")
    store.close()
    for label, path in (("10,000-event store", small), ("1,000,000-event store", big)):
        took, baseline = timeline_paint(path)
        print(f"| Timeline first paint, child with {HEAVY_EVENTS:,} events, {label} | {took * 1000:.0f} ms | 200 ms | "
              f"{baseline * 1000:.1f} ms (bare QPainter: 5,000 circles) | {took / baseline:.2f}× |",
              flush=True)


if __name__ == "__main__":
    main()
