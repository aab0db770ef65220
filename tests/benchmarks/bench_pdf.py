"""Benchmark for printed chronologies (issue 4): a chronology of 1,000 events to PDF.

    python tests/benchmarks/bench_pdf.py [--workdir DIR]

Budget 3 s. Measured in the same run: a bare reportlab LongTable of the same text (the floor for
this library), and LibreOffice converting an equivalent document to PDF (what users who keep
chronologies in Word do today) when `libreoffice` is installed.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "chronology-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / "store-pdf-1000.db"
    if not path.exists():
        generate(Store.open(path, "Benchmark", create=True), children=1, events=EVENTS, seed=3, prefix="P")
    store = Store.open(path, "Benchmark")
    child = store.children()[0]
    context = RuleContext.load()
    register_fonts()
    data = gather(store, child.id, ReportChoice(), context, date(2026, 11, 26), "Benchmark")
    assert len(data.events) == EVENTS, len(data.events)
    ours = median_time(lambda: pdf_bytes(gather(store, child.id, ReportChoice(), context, date(2026, 11, 26),
                                                "Benchmark")), repeat=3)
    pages = pdf_bytes(data)[1]
    rows = [["Date", "Source", "What happened", "Impact on the child", "Action / outcome", "Child's voice"]] + [
        [d.date.display(), f"{d.agency} – {d.role}", d.summary, d.impact, d.action, d.child_voice]
        for _, d in data.events]
    bare = median_time(lambda: bare_longtable(rows), repeat=3)
    print("| measure | figure | budget | baseline (same run) | ratio |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| Chronology of {EVENTS:,} events to PDF ({pages} pages: summary, flags, timeline, table) | "
          f"{ours * 1000:.0f} ms | 3 s | {bare * 1000:.0f} ms (bare reportlab LongTable of the same text) | "
          f"{ours / bare:.2f}× |")
    with tempfile.TemporaryDirectory() as folder:
        office = libreoffice(rows, Path(folder))
    if office is None:
        print("| The same, LibreOffice | not installed here | — | — | — |")
    else:
        print(f"| The same against LibreOffice converting an equivalent document | {ours * 1000:.0f} ms | — | "
              f"{office * 1000:.0f} ms (libreoffice --headless --convert-to pdf) | {ours / office:.2f}× |")


if __name__ == "__main__":
    main()
