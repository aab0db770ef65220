"""Change every stored column of every record table outside the app, one at a time, and count
how many changes `verify` names; then remove a row of each table, and slip one in.

    python tests/reliability/tamper_harness.py [--workdir DIR]

Someone who has the passphrase can open the file with any SQLite tool and drop the triggers that
keep the audit trail append-only; this is what they could then do. Prints the figures for
docs/reliability.md: per table, the changes tried and the changes named.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from chronology.demo import generate  # noqa: E402
from chronology.store import Store  # noqa: E402
from tests.conftest import make_event  # noqa: E402

#: The record tables: every row of these is evidence. (The search index, events_fts*, is derived
#: from events and rebuilt from them; _sqlite_migrations records the schema's upgrades.)
RECORDS = ("families", "children", "child_versions", "events", "event_children", "event_categories",
           "event_versions", "flag_acknowledgements", "analyses", "return_requests", "agency_returns",
           "event_sources", "same_happening", "audit_log")


def worked_caseload(path: Path) -> None:
    """A caseload after real work: every record table has rows, versions carry reasons."""
    store = Store.open(path, "Harness", create=True)
    generate(store, children=3, seed=6)
    child = store.children()[0]
    first, _ = store.add_event(make_event([child.id], "11/01/2019", summary="Seen at home"))
    store.amend_event(first, make_event([child.id], "12/01/2019", summary="Seen at home, corrected"), "date checked")
    second, _ = store.add_event(make_event([child.id], "13/01/2019"))
    store.mark_in_error(second, "typed twice")
    store.update_child(child.id, replace(child.details, preferred_name="Sunny"), "asked")
    store.acknowledge_flag(child.id, "re_referral:1,2", "re_referral", "Re-referral", "Seen in supervision")
    store.write_analysis(child.id, "Neglect raised again and again; not escalated.", date(2019, 6, 1))
    store.write_analysis(child.id, "Escalated: strategy discussion held.", date(2019, 7, 1))
    store.record_export(child.id, "pdf", 4)
    from chronology.returns.receive import read_pending
    from chronology.returns.requests import request_return
    from chronology.returns.same import SAME, decide
    from chronology.rules import RuleContext
    request_return(store, [child], "Police", path.with_name("request.xlsx"), calendar=RuleContext.load().calendar,
                   due_working_days=10)
    police = path.with_name("police.csv")
    police.write_text("Occurrence Date,Details\n12/01/2019 10:00,Officers attended; seen at home\n"
                      "14/01/2019,Officers called to the home again\n", encoding="utf-8")
    received = read_pending(store, police, "Police", (child.id,)).save(store)
    decide(store, first, received.ids[0], SAME)
    store.close()


def changed(value: object) -> object:
    """A different value of the same kind: what a tamperer would put instead."""
    if value is None:
        return "x"
    if isinstance(value, int):
        return 1 - value if value in (0, 1) else value + 1
    if isinstance(value, bytes):
        return value + b"x"
    text = str(value)
    if len(text) >= 10 and text[:4].isdigit() and text[4] == "-":  # a date or a moment: a day earlier
        return text[:9] + ("1" if text[9] != "1" else "2") + text[10:]
    return text + "x" if text else "x"


def detected(path: Path) -> bool:
    store = Store.open(path, "Checker")
    try:
        return not store.verify().intact
    finally:
        store.close()


def tamper(pristine: Path, work: Path, statements: list[tuple[str, list]]) -> str:
    """'named', 'missed', or 'refused' (the database itself would not take the change)."""
    copy = work / "tampered.db"
    shutil.copy(pristine, copy)
    connection = sqlite3.connect(copy)
    triggers = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                        "AND name NOT LIKE 'events_fts%'")]
    for name in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
    try:
        for sql, values in statements:
            connection.execute(sql, values)
        connection.commit()
    except sqlite3.DatabaseError:
        return "refused"
    finally:
        connection.close()
    return "named" if detected(copy) else "missed"


def anchored_removal_named(pristine: Path, work: Path, row: tuple) -> bool:
    """Whether `verify --hash`, given the removed entry's hash (as a printed chronology or an
    earlier verify carries it), says that the trail no longer holds it."""
    columns = ("id", "at", "who", "action", "entity", "entity_id", "detail", "previous_hash", "hash")
    copy = work / "tampered.db"
    store = Store.open(copy, "Checker")
    try:
        return store.audit_entry(row[columns.index("hash")]) is None
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = args.workdir or Path(folder)
        pristine = work / "pristine.db"
        if pristine.exists():
            pristine.unlink()
        worked_caseload(pristine)
        assert not detected(pristine), "the untouched caseload does not verify"
        results: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        missed: list[str] = []
        anchored: list[str] = []
        source = sqlite3.connect(pristine)
        for table in RECORDS:
            columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
            rows = source.execute(f'SELECT * FROM "{table}"').fetchall()  # (link tables have no rowid)
            assert rows, f"{table} has no rows to tamper with"
            matching = " AND ".join(f'"{c}" IS ?' for c in columns)  # one row, found by all it holds
            for number, row in (("newest", rows[-1]), ("oldest", rows[0])):
                for index, column in enumerate(columns):
                    outcome = tamper(pristine, work, [(f'UPDATE "{table}" SET "{column}" = ? WHERE {matching}',
                                                       [changed(row[index]), *row])])
                    results[table]["change"].append(outcome)
                    if outcome == "missed":
                        missed.append(f"{table}.{column} ({number} row)")
                outcome = tamper(pristine, work, [(f'DELETE FROM "{table}" WHERE {matching}', list(row))])
                if outcome == "missed" and table == "audit_log" and number == "newest":
                    # nothing follows the newest entry to break: the hash printed on the last paper
                    # (or shown by the last verify) is what shows it gone
                    outcome = "named" if anchored_removal_named(pristine, work, row) else "missed"
                    anchored.append(outcome)
                results[table]["remove"].append(outcome)
                if outcome == "missed":
                    missed.append(f"{table}: {number} row removed")
            kept = columns[1:] if columns[0] == "id" else columns  # a new row gets its own id
            names = ", ".join(f'"{c}"' for c in kept)
            if table in ("event_children", "event_categories"):  # a link that was never recorded
                statements = [(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(kept))})',
                               list(_slipped(source, table, kept)))]
            else:  # a copy of the newest row: what a tamperer would make to add an entry
                statements = [(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{table}" WHERE {matching}',
                               list(rows[-1]))]
            outcome = tamper(pristine, work, statements)
            for index in range(len(kept)):  # a copy breaks a unique key: change one value too
                if outcome != "refused" or table in ("event_children", "event_categories"):
                    break
                values = [changed(value) if position == index else value
                          for position, value in enumerate(rows[-1][len(columns) - len(kept):])]
                outcome = tamper(pristine, work, [(f'INSERT INTO "{table}" ({names}) VALUES '
                                                   f'({", ".join("?" * len(kept))})', values)])
            results[table]["slip in"].append(outcome)
            if outcome == "missed":
                missed.append(f"{table}: a row slipped in")
        source.close()
    print("| table | changes to a column (every column, newest and oldest row) | rows removed | a row slipped in |")
    print("| --- | --- | --- | --- |")
    for table in RECORDS:
        cells = []
        for kind in ("change", "remove", "slip in"):
            outcomes = results[table][kind]
            tried = [o for o in outcomes if o != "refused"]
            refused = len(outcomes) - len(tried)
            cells.append(f"{tried.count('named')} of {len(tried)} named" + (f" ({refused} refused by the database)"
                                                                            if refused else ""))
        print(f"| {table} | " + " | ".join(cells) + " |")
    print("\nMissed:", ", ".join(missed) if missed else "none")
    if anchored:
        print(f"The newest audit entry removed: not named by the file alone; named by `verify --hash` with the hash of "
              f"the last paper: {anchored.count('named')} of {len(anchored)}")


def _slipped(source: sqlite3.Connection, table: str, columns: list[str]) -> tuple:
    """A link that was never recorded: the first event tied to a child it is not about, or given
    a category it does not have."""
    if table == "event_children":
        event = source.execute("SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_children "
                               "WHERE child_id = (SELECT MIN(id) FROM children)) LIMIT 1").fetchone()[0]
        row = {"child_id": source.execute("SELECT MIN(id) FROM children").fetchone()[0], "event_id": event}
    else:
        event = source.execute("SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_categories "
                               "WHERE category = 'neglect') LIMIT 1").fetchone()[0]
        row = {"event_id": event, "category": "neglect"}
    return tuple(row[c] for c in columns)


if __name__ == "__main__":
    main()
