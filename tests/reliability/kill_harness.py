"""Kill a writing process at random moments and check that nothing committed is lost.

    python tests/reliability/kill_harness.py [--kills 100] [--seed 1] [--batch 25] [--seconds 0.4]

A writer adds events to an encrypted store one transaction at a time (``--batch`` events each:
1,000 or more is a bulk write, whose log is copied into the file only at closing) and prints
each committed count; the harness kills it (SIGKILL, or TerminateProcess on Windows) after a random delay, then
opens the store and checks `PRAGMA integrity_check`, the audit trail, and that every count the
writer reported committed is there. Prints the figures for docs/reliability.md.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASSPHRASE = "kill harness passphrase"
WRITER = """
import sys
sys.path.insert(0, sys.argv[2])
from chronology.store import Store
from chronology.dates import parse_date
from chronology.model import ChildDetails, EventDetails
store = Store.open(sys.argv[1], "Writer", sys.argv[3], create=True)
child = store.children()[0].id if store.child_count() else store.add_child(ChildDetails(ref="K1", name="Kill"))[0]
print("ready", flush=True)
while True:
    events = [EventDetails(date=parse_date("14/03/2017"), agency="Police", role="Officer", event_type="other",
                           summary="written under fire " * 20, child_ids=(child,)) for _ in range(int(sys.argv[4]))]
    store.add_events(events)
    print(store.db.execute("SELECT count(*) FROM events").fetchone()[0], flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=25, help="events written in each transaction")
    parser.add_argument("--seconds", type=float, default=0.4, help="the longest wait before a kill")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    from chronology.store import Store
    survived = lost = damaged = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kills.db"
        for _ in range(args.kills):
            writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(ROOT), PASSPHRASE,
                                       str(args.batch)],
                                      stdout=subprocess.PIPE, text=True)
            assert writer.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, args.seconds))
            writer.kill()
            reported = [int(line) for line in writer.stdout.read().split() if line.isdigit()]
            writer.wait()
            store = Store.open(path, "Checker", PASSPHRASE)
            intact = store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and store.verify().intact
            count = store.db.execute("SELECT count(*) FROM events").fetchone()[0]
            store.close()
            committed = max(reported, default=0)
            if not intact:
                damaged += 1
            elif count < committed:
                lost += 1
            else:
                survived += 1
        print(f"{args.kills} kills of a writing process: {survived} with nothing committed lost and the "
              f"database intact, {lost} that lost a committed change, {damaged} left damaged; "
              f"{count} events written in all.")
    sys.exit(0 if survived == args.kills else 1)


if __name__ == "__main__":
    main()
