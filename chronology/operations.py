"""What a worker asks for, each done whole: the store in, an :class:`Outcome` out.

Each use case here does all of one thing — checks, the work, and its audit record — so that the
window and the command line cannot do it differently (an export that forgets to record itself,
a file written over the caseload). The window runs them through its one runner
(``ui/runner.py``), which keeps long ones off the screen's thread, announces the outcome's
changes and says a refusal in :func:`refusal_in_words`; the command line calls them directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ChronologyError
from .files import check_destination
from .model import Changes

if TYPE_CHECKING:
    from collections.abc import Callable

    from .interchange import PendingImport
    from .returns.receive import PendingReturn
    from .rules import Flag
    from .store import Store
    from .workdays import WorkingCalendar

    Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Outcome:
    """What an operation did: what changed (for the screens to redraw), what to tell the worker,
    and what it made, where a caller needs it (a count, a backup's path)."""

    changes: Changes = field(default_factory=Changes)
    said: str = ""
    value: Any = None


def load_demo(store: Store, progress: Progress | None = None) -> Outcome:
    """Fill an empty caseload with the fictional demo families."""
    from .demo import generate
    if store.child_count():
        raise ChronologyError("The demo caseload can only be loaded into an empty caseload: this one already "
                              "holds children. Open a new caseload to try it separately.")
    return Outcome(generate(store, progress=progress), "The demo caseload is loaded.")


def save_import(store: Store, pending: PendingImport, *, skip_duplicates: bool) -> Outcome:
    """Save a file read and checked by :func:`~chronology.interchange.read_import`: all of it, or
    all but the rows that repeat an entry; one transaction."""
    imported = pending.save(store, skip_duplicates)
    return Outcome(imported.changes, imported.summary(pending.source), imported)


def export_csv_file(store: Store, child_id: int, child_ids: tuple[int, ...], path: Path, *,
                    replace: bool) -> Outcome:
    """Write these children's current events to an interchange CSV, and record the export
    against ``child_id``. Never over the caseload or any database; over another file only when
    ``replace`` (the worker said so)."""
    from .interchange import export_csv
    path = check_destination(Path(path), store.path, replace=replace)
    count = export_csv(store, child_ids, path)
    store.record_export(child_id, "csv", count)
    return Outcome(said=f"Exported {count} event{'' if count == 1 else 's'} to {path}", value=count)


def save_pdf_file(store: Store, child_id: int, content: bytes, path: Path, entries: int, choices: dict, *,
                  replace: bool) -> Outcome:
    """Write a built chronology to a PDF file, then record it — with every choice that shaped
    it — once the file is there."""
    from .report.pdf import save_pdf
    path = check_destination(Path(path), store.path, replace=replace)
    save_pdf(content, path)
    store.record_export(child_id, "pdf", entries, choices)
    return Outcome(said=f"Saved to {path}", value=path)


def record_printed(store: Store, child_id: int, entries: int, choices: dict) -> Outcome:
    """A chronology went to a printer: recorded as an export, with its choices."""
    store.record_export(child_id, "print", entries, choices)
    return Outcome(said="Sent to the printer.")


def acknowledge_flag(store: Store, child_id: int, key: str, rule: str, title: str, response: str) -> Outcome:
    """Record how a flag was considered: who, when, why."""
    return Outcome(store.acknowledge_flag(child_id, key, rule, title, response), "Flag acknowledged.")


def acknowledge_flags(store: Store, child_id: int, flags: list[Flag], response: str) -> Outcome:
    """Record one response against several flags (a finding's occurrences), each on its own."""
    changes = Changes()
    with store.db.atomic():  # all of them, or none
        for flag in flags:
            changes = store.acknowledge_flag(child_id, flag.key, flag.rule, flag.title, response)
    said = "Flag acknowledged." if len(flags) == 1 else f"{len(flags)} flags acknowledged."
    return Outcome(changes, said)


def write_analysis(store: Store, child_id: int, text: str, dated: date) -> Outcome:
    """Record the worker's analysis of a child's chronology (the earlier ones stay, as history)."""
    return Outcome(store.write_analysis(child_id, text, dated), "Analysis recorded.")


def back_up(store: Store, folder: Path, keep: int = 10) -> Outcome:
    """A consistent, encrypted copy of the caseload in ``folder``, keeping the newest ``keep``."""
    from .backup import make_backup
    path = make_backup(store, folder, keep)
    return Outcome(said=f"Backed up to {path}", value=path)


def change_passphrase(store: Store, new: str) -> Outcome:
    """Re-encrypt the caseload under a new passphrase (recorded in the audit trail)."""
    from .backup import change_passphrase as rekey
    rekey(store, new)
    return Outcome(said="Passphrase changed.")


def refusal_in_words(error: BaseException, path: Path | str | None = None, writing: bool = True) -> str | None:
    """What a worker is told when the core refuses: a refusal of the family in its own words; a
    database error as damage, or as a write not saved with what to do; None for anything else
    (a fault in the program, which is logged, not explained)."""
    if isinstance(error, ChronologyError):
        return error.said()
    from .db import DatabaseError, explain
    if isinstance(error, DatabaseError):
        return explain(error, path, writing=writing)
    return None


def request_return(store: Store, child_ids: list[int], agency: str, path: Path, *, period_from: date | None,
                   period_to: date | None, calendar: WorkingCalendar, due_working_days: int,
                   replace: bool = True) -> Outcome:
    """Write the template for an agency's return and record the request, with its due date; over a
    file already there only when ``replace`` (never over a database)."""
    from .returns.requests import request_return as write_request
    children = [store.child(child_id) for child_id in child_ids]
    request, changes = write_request(store, children, agency, Path(path), period_from=period_from,
                                     period_to=period_to, calendar=calendar, due_working_days=due_working_days,
                                     replace=replace)
    return Outcome(changes, f"Wrote the template for {request.agency} to {path}; the return is due by "
                            f"{request.due:%d/%m/%Y}", request)


def save_return(store: Store, pending: PendingReturn, mapping: dict[str, str] | None = None) -> Outcome:
    """Save a return read and checked by :func:`~chronology.returns.receive.read_pending`, all of it
    in one transaction; remember how the worker mapped its columns, for the agency's next one."""
    from .returns.receive import remember_mapping
    received = pending.save(store)
    if mapping:
        remember_mapping(store, pending.agency, mapping)
    return Outcome(received.changes, received.summary(pending.agency, pending.file.path.name), received)


def decide_same(store: Store, first: int, second: int, decision: str) -> Outcome:
    """The worker's decision on two entries that may record one happening: linked, or kept apart."""
    from .returns.same import SAME, decide
    changes = decide(store, first, second, decision)
    return Outcome(changes, "Linked as one happening: both entries stay; the flags count it once." if decision == SAME
                   else "Kept apart as different happenings.")
