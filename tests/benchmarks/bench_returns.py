"""Benchmark for agencies' returns (issue 14): receiving a 5,000-row Excel return into the
1,000,000-event store, every row checked and the entries another agency may also have recorded
looked for among the child's existing events.

    python tests/benchmarks/bench_returns.py [--workdir DIR] [--children N] [--events N]

The baseline, measured in the same run on the same file: openpyxl reading the sheet alone (the
read-only workbook's rows, every cell's value), as the receiver reads it. Budget: at most 3×.
Each receipt is into a fresh copy of the store (a file received twice is refused).
"""
from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import openpyxl  # noqa: E402
from bench_store_and_window import HEAVY_EVENTS, the_store  # noqa: E402

from chronology.returns.receive import read_pending  # noqa: E402
from chronology.store import Store  # noqa: E402
from tests.agency_files import police_xlsx  # noqa: E402

ROWS = 5_000
REPEAT = 5
KINDS = ("Domestic Incident", "Concern for welfare", "Missing Person", "Public order", "Domestic abuse")


def make_return(path: Path, store: Store, child_id: int) -> None:
    """A police export of 5,000 rows for the child: the preamble and merged headings of a real
    one, a date-time cell on each row; one row in ten rewords an entry the child already has on
    that day (so that the check for the same happening has real work), the rest are new."""
    random.seed(14)
    existing = store.db.execute(
        "SELECT e.date_earliest, e.summary FROM events e JOIN event_children ec ON ec.event_id = e.id "
        "WHERE ec.child_id = ? AND e.date_earliest = e.date_latest ORDER BY e.sort_key", [child_id]).fetchall()
    born = store.child(child_id).details.dob
    assert born is not None
    start = datetime(born.year, born.month, born.day) + timedelta(days=1)
    span = int((datetime.now() - start).total_seconds() // 60) - 60 * 24
    rows = []
    for number in range(ROWS):
        if number % 10 == 0 and existing:
            day, summary = random.choice(existing)
            when = datetime.fromisoformat(day) + timedelta(hours=random.randint(0, 23))
            details = f"Police record: {summary}"
        else:
            when = start + timedelta(minutes=random.randint(0, span))
            details = (f"Officers attended the address after a call at {when:%H:%M}; the child was present and "
                       f"spoken to (occurrence {number}). Mother said the partner had left.")
        rows.append((when, random.choice(KINDS), None, details, f"PC {random.randint(1, 9999)}",
                     f"OCC-{when:%y}-{number:05d}"))
    police_xlsx(path, rows)


def openpyxl_alone(path: Path) -> float:
    start = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        for _ in sheet.iter_rows(min_row=1, values_only=True):
            pass
    book.close()
    return time.perf_counter() - start


def main() -> None:
    args, path = the_store(__doc__.splitlines()[0])
    store = Store.open(path, "Benchmark")  # upgraded here, once, if it was built by an earlier version
    child = store.child_by_ref("H000011")
    sheet = args.workdir / "police-return-5000.xlsx"
    if not sheet.exists():
        make_return(sheet, store, child.id)
    store.close()
    copy = args.workdir / "returns-target.db"
    took, reading, offered = [], [], 0
    for _ in range(REPEAT):
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)
        shutil.copy(path, copy)
        if hasattr(os, "sync"):
            os.sync()
        target = Store.open(copy, "Benchmark")
        start = time.perf_counter()
        pending = read_pending(target, sheet, "Police", (child.id,))
        read = time.perf_counter() - start
        received = pending.save(target)
        took.append(time.perf_counter() - start)
        reading.append(read)
        offered = len(received.possible_duplicates)
        assert len(received.ids) == ROWS, len(received.ids)
        target.close()
    alone = statistics.median([openpyxl_alone(sheet) for _ in range(REPEAT)])
    whole, read = statistics.median(took), statistics.median(reading)
    print(f"\nStore: {args.children:,} children, {args.events:,} events; the child has {HEAVY_EVENTS:,}\n")
    print("| measure | figure | budget | baseline (same run) | ratio |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| Receive a {ROWS:,}-row Excel return into the 1,000,000-event store, the same happening looked for "
          f"among the child's {HEAVY_EVENTS:,} entries ({offered} offered; median of {REPEAT}: "
          f"{', '.join(f'{t * 1000:.0f}' for t in took)} ms) | {whole * 1000:.0f} ms | ≤ 3× openpyxl alone | "
          f"{alone * 1000:.0f} ms (openpyxl reading the sheet alone) | {whole / alone:.2f}× |")
    print(f"| … of which reading and checking every row | {read * 1000:.0f} ms | — | {alone * 1000:.0f} ms | "
          f"{read / alone:.2f}× |")
    print(f"| … and saving, with each entry's source and the audit entry, then the same happening looked for | "
          f"{(whole - read) * 1000:.0f} ms | — | — | — |", flush=True)
    copy.unlink()


if __name__ == "__main__":
    main()
