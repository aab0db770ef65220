"""Damage an encrypted caseload one page at a time, three ways, and count how often `verify`
names the damage.

    python tests/reliability/damage_harness.py [--children 12] [--workdir DIR]

A failing disk or a half-copied file damages pages: a byte changed, a run of bytes overwritten, a
page that reads back as zeros, a file that ends early. For every page of a demo caseload and each kind of damage, this
runs the command line's `verify` on a damaged copy and counts the answers: named as damage (exit
3, "is damaged"), or — for the first page, which holds what tells a passphrase is right — named
as a wrong passphrase or a damaged first page (exit 2). Anything else ("intact", a traceback, any
other exit) is a miss and is listed. Prints the figures for docs/reliability.md.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from chronology.cli import main as cli  # noqa: E402
from chronology.demo import generate  # noqa: E402
from chronology.store import Store  # noqa: E402

PASSPHRASE = "a long enough passphrase"
PAGE = 4096


def flip_a_byte(page: bytearray, rng: random.Random) -> None:
    page[rng.randrange(len(page))] ^= 1 << rng.randrange(8)


def overwrite_a_run(page: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(page) - 64)
    page[start:start + 64] = bytes(rng.randrange(256) for _ in range(64))


def zero_the_page(page: bytearray, rng: random.Random) -> None:
    page[:] = bytes(len(page))


def cut_short(page: bytearray, rng: random.Random) -> None:
    """The file ends where this page begins (a copy that stopped): the page and all after it go."""
    page.clear()


CUT_SHORT = "the file cut short at the page"
DAMAGE = {"one bit flipped at a random place": flip_a_byte, "64 bytes overwritten": overwrite_a_run,
          "the page read back as zeros": zero_the_page, CUT_SHORT: cut_short}


def verify(path: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli(["verify", "--db", str(path)])
        except BaseException as error:  # a traceback would reach the worker: a miss
            return -1, f"{type(error).__name__}: {error}"
    return code, out.getvalue() + err.getvalue()


def named(page_number: int, code: int, said: str, kind: str) -> bool:
    if "intact" in said or "not saved" in said:
        return False
    if page_number == 0 and kind == CUT_SHORT:
        return code == 2 and "is empty" in said
    if page_number == 0:
        return code == 2 and "first page may be damaged" in said
    return code == 3 and "is damaged" in said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=12)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    os.environ["CHRONOLOGY_PASSPHRASE"] = PASSPHRASE
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        work = args.workdir or Path(folder)
        pristine = work / "pristine.db"
        pristine.unlink(missing_ok=True)
        store = Store.open(pristine, "Harness", PASSPHRASE, create=True)
        generate(store, children=args.children, seed=5)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        assert verify(pristine)[0] == 0, "the undamaged caseload does not verify"
        original = pristine.read_bytes()
        pages = len(original) // PAGE
        copy = work / "damaged.db"
        tried: Counter[str] = Counter()
        found: Counter[str] = Counter()
        missed = []
        started = time.perf_counter()
        for kind, damage in DAMAGE.items():
            for number in range(pages):
                data = bytearray(original)
                page = data[number * PAGE:(number + 1) * PAGE]
                damage(page, rng)
                data[number * PAGE:(number + 1) * PAGE if page else len(data)] = page
                for leftover in work.glob("damaged.db*"):
                    leftover.unlink()
                copy.write_bytes(bytes(data))
                code, said = verify(copy)
                tried[kind] += 1
                if named(number, code, said, kind):
                    found[kind] += 1
                else:
                    missed.append(f"{kind}, page {number + 1}: exit {code}, {said.strip()[:160]!r}")
        seconds = time.perf_counter() - started
    print(f"An encrypted demo caseload of {args.children} children: {len(original):,} bytes, {pages} pages "
          f"({seconds:.0f} s)\n")
    print("| damage | pages damaged | named by verify |")
    print("| --- | --- | --- |")
    for kind in DAMAGE:
        print(f"| {kind} | {tried[kind]} | {found[kind]} |")
    print(f"| all | {sum(tried.values())} | {sum(found.values())} |")
    print("\nMissed:", "\n  ".join(["", *missed]) if missed else "none")


if __name__ == "__main__":
    main()
