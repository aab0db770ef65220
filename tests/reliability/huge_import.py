"""Import a huge file, and a file too big to import, and report what each cost.

    python tests/reliability/huge_import.py [--rows 200000] [--workdir DIR]

Writes an interchange CSV of --rows events (spread over 500 children, with long text), imports
it into a fresh encrypted store, and prints the time, the rows a second and the process's peak
memory; then checks that a file over the import limit is refused before it is read (the peak
memory does not move). First, a file under the size limit made of the shortest possible rows (3.2
million events in 95 MB, which once took 150 s and 5.1 GB) is refused when its row 200,001 is
reached, with its time and peak memory. Prints the figures for docs/reliability.md.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from chronology.interchange import COLUMNS, MAX_IMPORT_BYTES, ImportRejected, import_csv  # noqa: E402
from chronology.model import ChildDetails  # noqa: E402
from chronology.store import Store  # noqa: E402

CHILDREN = 500
TEXT = ("Home visit: the kitchen had little food, the children's bedroom was cold and the mattress "
        "damp; mother said the money had run out before payday and that she is struggling again. ")


def peak_memory_mb() -> float:
    """The process's peak resident memory (a harness for Linux and macOS; Windows has no getrusage)."""
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def write_file(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS[:15])  # the first fifteen: every row below gives them
        for number in range(rows):
            day = date(2010 + number % 15, 1 + number % 12, 1 + number % 28)
            writer.writerow([f"H{number % CHILDREN:04d}", f"{day:%d/%m/%Y}", "", "", "Health visitor", "HV",
                             "child_seen", "neglect", f"{number}: {TEXT}", TEXT, "Referral discussed", "", "", "", ""])


def write_minimal_file(path: Path, megabytes: int = 95) -> int:
    """The shortest rows the importer takes, to ``megabytes``; returns how many."""
    row = "H0001,01/01/2015,Health visitor,HV,child_seen,Seen.\n"
    count = megabytes * 2**20 // len(row)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("child_ref,date,agency,role,event_type,summary\n")
        handle.writelines(row for _ in range(count))
    return count


def refuse_minimal_rows(store: Store, work: Path) -> None:
    source = work / "minimal-rows.csv"
    count = write_minimal_file(source)
    before = peak_memory_mb()
    started = time.perf_counter()
    try:
        import_csv(store, source)
    except ImportRejected as refused:
        said = refused.problems[0]
        print(f"{count:,} minimal rows ({source.stat().st_size / 2**20:,.0f} MB): refused at line {said.line:,} in "
              f"{time.perf_counter() - started:.1f} s ({said.message[:50]}…); peak memory {before:,.0f} → "
              f"{peak_memory_mb():,.0f} MB; events in the store: "
              f"{store.db.execute('SELECT COUNT(*) FROM events').fetchone()[0]}")
    else:
        raise SystemExit("the file of minimal rows was imported: the row limit did not hold")
    source.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = args.workdir or Path(folder)
        source = work / f"huge-{args.rows}.csv"
        write_file(source, args.rows)
        store = Store.open(work / "huge.db", "Harness", "a long harness passphrase", create=True)
        for number in range(CHILDREN):
            store.add_child(ChildDetails(ref=f"H{number:04d}", name=f"Child {number}", dob=date(2008, 1, 1)))
        refuse_minimal_rows(store, work)  # first, while the peak memory is the process's own
        before = peak_memory_mb()
        started = time.perf_counter()
        imported = import_csv(store, source)
        took = time.perf_counter() - started
        print(f"Imported {len(imported.ids):,} rows ({source.stat().st_size / 2**20:,.0f} MB) in {took:.1f} s = "
              f"{len(imported.ids) / took:,.0f} rows/s; peak memory {before:,.0f} MB before, "
              f"{peak_memory_mb():,.0f} MB after; audit trail intact: {store.verify().intact}")
        too_big = work / "too-big.csv"
        with open(too_big, "wb") as handle:
            handle.truncate(MAX_IMPORT_BYTES * 5)  # sparse: 1 GB that takes no disk
        peak = peak_memory_mb()
        try:
            import_csv(store, too_big)
        except ImportRejected as refused:
            print(f"A {too_big.stat().st_size / 2**20:,.0f} MB file: refused ({refused.problems[0].message[:60]}…); "
                  f"peak memory {peak:,.0f} → {peak_memory_mb():,.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
