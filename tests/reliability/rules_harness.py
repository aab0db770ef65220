"""Run the rules on many random chronologies and report how many finished, how long the longest
took, and whether the answer ever depended on the order the entries were made in.

    python tests/reliability/rules_harness.py [--cases 2000] [--seed 1]

The chronologies are the property test's (tests/chronology/test_rules_casework.py): up to 60
entries of any kind, day, month-only and uncertain dates, periods with end dates, outcomes,
concerns, and entries recorded twice (a file imported twice). Each is evaluated as the store
orders it, then shuffled and renumbered, evaluated again, and the two answers compared by their
evidence. Then a 20,000-entry chronology of same-day steps, every one doubled. Prints the figures
for docs/reliability.md.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from chronology.dates import FuzzyDate  # noqa: E402
from chronology.rules import RuleEvent  # noqa: E402
from tests.chronology.test_rules_casework import chronology_events, described, evaluate_or_hang  # noqa: E402

DAYS = (date(2019, 6, 1), date(2026, 11, 26))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tried = entries = flags = differed = 0
    longest = (0.0, 0)

    @settings(max_examples=args.cases, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(chronology_events(), st.randoms(use_true_random=False), st.sampled_from(DAYS))
    def one_case(events: list[RuleEvent], shuffler: random.Random, as_of: date) -> None:
        nonlocal tried, entries, flags, differed, longest
        in_store_order = lambda items: sorted(items, key=lambda e: (e.date.sort_key(), e.id))  # noqa: E731
        started = time.perf_counter()
        first = evaluate_or_hang(in_store_order(events), as_of)
        seconds = time.perf_counter() - started
        reordered = list(events)
        shuffler.shuffle(reordered)
        renumbered = [event._replace(id=number) for number, event in enumerate(reordered, 1)]
        second = evaluate_or_hang(in_store_order(renumbered), as_of)
        tried += 1
        entries += len(events)
        flags += len(first)
        longest = max(longest, (seconds, len(events)))
        if described(first, events) != described(second, renumbered):
            differed += 1

    random.seed(args.seed)
    started = time.perf_counter()
    one_case()
    whole = time.perf_counter() - started
    print(f"| random chronologies evaluated, each twice (store order, then shuffled) | {tried:,} "
          f"({entries:,} entries, {flags:,} flags; {whole:.0f} s in all) |")
    print(f"| the longest evaluation | {longest[0] * 1000:.1f} ms ({longest[1]} entries) |")
    print(f"| answers that depended on the order of entry | {differed} |")

    rng = random.Random(4)
    doubled, day = [], date(2010, 1, 4)
    for number in range(10_000):
        kind = rng.choice(["rcpc", "core_group", "child_seen", "referral", "strategy_discussion", "icpc",
                           "cp_plan_start", "s47_start", "referral_decision", "assessment_start"])
        when = FuzzyDate(day.year, day.month, day.day) if number % 5 else FuzzyDate(day.year, day.month)
        for copy in (1, 2):
            doubled.append(RuleEvent(2 * number + copy, when, None, kind, frozenset(), "Police", "", None, "", "x"))
        day += timedelta(days=rng.choice([0, 0, 1]))
    started = time.perf_counter()
    found = evaluate_or_hang(doubled, date(2026, 11, 26), seconds=600)
    print(f"| 20,000 entries of same-day steps, every one recorded twice | finished in "
          f"{time.perf_counter() - started:.1f} s, {len(found):,} flags |")


if __name__ == "__main__":
    main()
