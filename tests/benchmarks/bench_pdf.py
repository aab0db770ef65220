"""Benchmark for printed chronologies (issues 4 and 11): a chronology of 1,000 events to PDF, and
how the time grows with the length (5,000 and 30,000 events).

    python tests/benchmarks/bench_pdf.py [--workdir DIR] [--sizes 1000,5000,30000]

Budget 3 s for 1,000 events; the time per 1,000 events must not grow with the length. Measured in
the same run: a bare reportlab LongTable of the same text (the floor for this library, and the
way the table was laid out before issue 11), and LibreOffice converting an equivalent document to
PDF (what users who keep chronologies in Word do today) when `libreoffice` is installed.
"""
from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from bench_store_and_window import median_time  # noqa: E402

from chronology.demo import generate  # noqa: E402
from chronology.report import ReportChoice, gather  # noqa: E402
from chronology.report.pdf import pdf_bytes, register_fonts, text  # noqa: E402
from chronology.rules import RuleContext  # noqa: E402
from chronology.store import Store  # noqa: E402

EVENTS = 1000


def bare_longtable(rows: list[list[str]]) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import LongTable, SimpleDocTemplate
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4))
    width = document.width / len(rows[0])
    document.build([LongTable([[text(cell) for cell in row] for row in rows], colWidths=[width] * len(rows[0]),
                              repeatRows=1)])
    return buffer.getvalue()


def libreoffice(rows: list[list[str]], folder: Path) -> float | None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        return None
    source = folder / "chronology.html"
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    source.write_text(f"<html><body><table border='1'>{cells}</table></body></html>", encoding="utf-8")
    convert = [office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
    subprocess.run(convert, capture_output=True, timeout=300)  # the first run sets up a profile
    return median_time(lambda: subprocess.run(convert, capture_output=True, timeout=300), repeat=3)


def child_of(workdir: Path, events: int):
    path = workdir / f"store-pdf-{events}.db"
    if not path.exists():
        print(f"Building {path.name} (once)…", flush=True)
        generate(Store.open(path, "Benchmark", create=True), children=1, events=events, seed=3, prefix="P")
    store = Store.open(path, "Benchmark")
    return store, store.children()[0]


def table_rows(data) -> list[list[str]]:
    return [["Date", "Source", "What happened", "Impact on the child", "Action / outcome", "Child's voice"]] + [
        [d.date.display(), f"{d.agency} – {d.role}", d.summary, d.impact, d.action, d.child_voice]
        for _, d in data.events]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "chronology-bench")
    parser.add_argument("--sizes", default="1000,5000,30000", help="chronology lengths, comma-separated")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    context = RuleContext.load()
    register_fonts()
    print("| measure | figure | budget | baseline (same run) | ratio |")
    print("| --- | --- | --- | --- | --- |")
    per_thousand = []
    for events in (int(size) for size in args.sizes.split(",")):
        store, child = child_of(args.workdir, events)
        data = gather(store, child.id, ReportChoice(), context, date(2026, 11, 26), "Benchmark")
        assert len(data.events) == events, len(data.events)
        repeat = 3 if events <= EVENTS else 1
        ours = median_time(lambda store=store, child=child: pdf_bytes(
            gather(store, child.id, ReportChoice(), context, date(2026, 11, 26), "Benchmark")), repeat=repeat)
        pages = pdf_bytes(data)[1]
        rows = table_rows(data)
        bare = median_time(lambda rows=rows: bare_longtable(rows), repeat=repeat)
        per_thousand.append(ours * 1000 / events)
        print(f"| Chronology of {events:,} events to PDF ({pages:,} pages: summary, flags, timeline, table) | "
              f"{ours * 1000:,.0f} ms ({ours * 1e6 / events:,.0f} ms per 1,000 events) | "
              f"{'3 s' if events == EVENTS else '—'} | {bare * 1000:,.0f} ms (bare reportlab LongTable of the "
              f"same text) | {ours / bare:.2f}× |", flush=True)
        if events == EVENTS:
            with tempfile.TemporaryDirectory() as folder:
                office = libreoffice(rows, Path(folder))
            if office is None:
                print("| The same, LibreOffice | not installed here | — | — | — |")
            else:
                print(f"| The same against LibreOffice converting an equivalent document | {ours * 1000:,.0f} ms | — | "
                      f"{office * 1000:,.0f} ms (libreoffice --headless --convert-to pdf) | {ours / office:.2f}× |")
        store.close()
    if len(per_thousand) > 1:
        print(f"\nTime per 1,000 events, longest against shortest: {per_thousand[-1] / per_thousand[0]:.2f}× "
              "(1.00× is a straight line)")


if __name__ == "__main__":
    main()
