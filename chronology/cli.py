"""The command line: the contract for automation and for tests (documented in the README).

Exit codes (:mod:`chronology.errors`): 0 success, 2 bad input (the reason on stderr), 3 a caseload
that is damaged or whose audit trail does not verify, 4 a write refused or stopped (the disk, a
read-only file, the caseload in use elsewhere, Ctrl+C: nothing of it saved), 1 anything unexpected.
"""
from __future__ import annotations

import argparse
import codecs
import getpass
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import NoReturn

from . import __version__
from .caseload_lock import CaseloadLock
from .dates import BIRTH_AHEAD, FutureDate, format_stamp, parse_date, parse_exact_day
from .db import DatabaseError, explain, integrity_problems, is_encrypted
from .demo import generate
from .errors import BAD_INPUT, DAMAGED, NOT_SAVED, UNEXPECTED, ChronologyError, StoreError, Tampered
from .files import check_destination
from .interchange import import_csv
from .model import Child, ChildDetails, ValidationError, person_problem
from .operations import export_csv_file, request_return, save_pdf_file, save_return
from .store import Store
from .vocabulary import event_type_label


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors: usage and exit 2
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="chronology", description="Chronology: children's case chronologies.")
    parser.add_argument("--user", default=None, help="name recorded against changes (default: your login)")
    parser.add_argument("--version", action="version", version=f"Chronology {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str, within=commands) -> argparse.ArgumentParser:
        """A command (or a step of one, ``within`` its steps) on a caseload named by --db."""
        sub = within.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", required=True, type=Path, help="the database file")
        return sub

    demo = command("demo", "Write a deterministic demo caseload of fictional families.")
    demo.add_argument("--children", type=int, default=12)
    demo.add_argument("--events", type=int, default=None, help="exactly this many events in all")
    demo.add_argument("--seed", type=int, default=1)
    add = command("add-child", "Add a child to the caseload.")
    add.add_argument("--ref", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--dob", help="date of birth, DD/MM/YYYY")
    add.add_argument("--expected", action="store_true", help="the baby is unborn: --dob is the expected date")
    add.add_argument("--family", default="", help="household or family group, so siblings are seen together")
    children = command("children", "List the children on the caseload.")
    children.add_argument("--json", action="store_true")
    imp = command("import", "Import events from an interchange CSV (all rows or none).")
    imp.add_argument("csvfile", type=Path)
    repeats = imp.add_mutually_exclusive_group()
    repeats.add_argument("--skip-duplicates", action="store_true",
                         help="leave out rows that repeat an entry already recorded (or an earlier row)")
    repeats.add_argument("--keep-duplicates", action="store_true", help="import rows that repeat an entry as well")
    exp = command("export", "Export a child's chronology: the interchange CSV, or a PDF to print.")
    exp.add_argument("--child", required=True, help="the child's reference")
    target = exp.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", type=Path, help="the CSV file to write")
    target.add_argument("--pdf", type=Path, help="the PDF file to write (A4, OFFICIAL-SENSITIVE)")
    exp.add_argument("--from", dest="date_from", help="PDF: events from DD/MM/YYYY (or a month or year)")
    exp.add_argument("--to", dest="date_to", help="PDF: events up to DD/MM/YYYY (or a month or year)")
    exp.add_argument("--key-only", action="store_true", help="PDF: key events only")
    exp.add_argument("--family", action="store_true", help="PDF: the whole family, siblings merged")
    exp.add_argument("--for-family", action="store_true",
                     help="PDF: the version to share with the family, third-party information left out")
    exp.add_argument("--portrait", action="store_true", help="PDF: portrait rather than landscape")
    exp.add_argument("--produced-by", help="PDF: the name printed as 'Produced by' (default: --user, else your login)")
    exp.add_argument("--force", action="store_true", help="replace the file if it exists (never a database)")
    check = command("verify", "Check the audit trail's chain and the data against it; report the first break.")
    check.add_argument("--hash", help="also check that a hash printed on paper (16 or 64 characters) is in the trail")
    backup = command("backup", "Make a consistent backup, encrypted like the database, keeping the newest ten.")
    backup.add_argument("--to", required=True, type=Path, help="the folder for backups")
    restore = command("restore", "Check a backup, then put it in place of the database (which is kept).")
    restore.add_argument("--from", dest="source", required=True, type=Path, help="the backup to restore")
    command("encrypt", "Encrypt a database made before encryption (the plain file goes once the copy checks out).")
    command("passphrase", f"Change the passphrase: the new one from {NEW_PASSPHRASE}, or asked for twice.")
    flags = command("flags", "The cumulative-neglect flags of a child's chronology.")
    flags.add_argument("--child", required=True, help="the child's reference")
    flags.add_argument("--json", action="store_true")
    flags.add_argument("--as-of", help="judge the chronology as it stood on DD/MM/YYYY (default: today)")
    findings = command("findings", "A child's current picture, and the findings: what is wrong now, then before.")
    findings.add_argument("--child", required=True, help="the child's reference")
    findings.add_argument("--json", action="store_true")
    findings.add_argument("--as-of", help="judge the chronology as it stood on DD/MM/YYYY (default: today)")
    returns = commands.add_parser("returns", help="Agencies' returns: ask for one, receive it, see where each stands.",
                                  description="Agencies' returns: ask for one, receive it, see where each stands.")
    steps = returns.add_subparsers(dest="step", required=True, parser_class=_Parser)

    def step(name: str, help_text: str) -> argparse.ArgumentParser:
        return command(name, help_text, within=steps)
    ask = step("request", "Write a template for an agency's return (.xlsx or .docx) and record the request.")
    ask.add_argument("--child", required=True, action="append", help="a child's reference (repeat for siblings)")
    ask.add_argument("--agency", required=True, help="the agency asked (Police, Health visiting, School…)")
    ask.add_argument("--from", dest="date_from", help="the period asked about starts DD/MM/YYYY")
    ask.add_argument("--to", dest="date_to", help="the period asked about ends DD/MM/YYYY")
    ask.add_argument("--out", required=True, type=Path, help="the template to write: FILE.xlsx or FILE.docx")
    ask.add_argument("--force", action="store_true", help="replace the file if it exists (never a database)")
    take = step("receive", "Receive an agency's return (.xlsx, .docx or .csv): all its entries, or none.")
    take.add_argument("--child", required=True, action="append", help="a child's reference (repeat for siblings)")
    take.add_argument("--agency", required=True, help="the agency the return is from")
    take.add_argument("returnfile", type=Path, help="the return")
    take.add_argument("--map", action="append", default=[], metavar="COLUMN=field",
                      help="which field a column holds, by its heading (remembered for the agency)")
    take.add_argument("--json", action="store_true")
    listed = step("list", "Every request and return: agency, children, period, requested, due, received, status.")
    listed.add_argument("--json", action="store_true")
    pairs = step("pairs", "A child's entries from returns that may record what another entry records.")
    pairs.add_argument("--child", required=True, help="the child's reference")
    pairs.add_argument("--json", action="store_true")
    link = step("link", "Record that two entries are the same happening (or, with --apart, are not).")
    link.add_argument("first", type=int, help="an entry's number (as pairs gives it)")
    link.add_argument("second", type=int, help="the other entry's number")
    link.add_argument("--apart", action="store_true", help="they are different happenings: keep them apart")
    return parser


PASSPHRASE = "CHRONOLOGY_PASSPHRASE"
NEW_PASSPHRASE = "CHRONOLOGY_NEW_PASSPHRASE"


def _chosen_passphrase(variable: str, what: str) -> str:
    """A passphrase being set: from the environment, or typed twice at a terminal."""
    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        raise StoreError(f"Set {variable}, or run this at a terminal to be asked for {what}.")
    first = getpass.getpass(f"Choose {what}: ")
    if first != getpass.getpass("Type it again: "):
        raise StoreError("The two passphrases differ; nothing was changed.")
    return first


def passphrase_for(path: Path) -> str | None:
    """The passphrase from ``CHRONOLOGY_PASSPHRASE``, or asked for without echo at a terminal.
    A new database is always encrypted; a plain one made before encryption opens without one."""
    if os.environ.get(PASSPHRASE):
        return os.environ[PASSPHRASE]
    if path.exists() and not is_encrypted(path):
        return None
    if not sys.stdin.isatty():
        raise StoreError(f"{path} needs its passphrase: set {PASSPHRASE}, or run this at a terminal to be asked.")
    if path.exists():
        return getpass.getpass(f"Passphrase for {path}: ")
    return _chosen_passphrase(PASSPHRASE, f"a passphrase for the new database {path}")


#: The commands that may make a new caseload, and only where nothing is: the others refuse a path
#: that does not exist, or an empty file, rather than create one there.
CREATORS = {"demo", "add-child"}


def _open(args: argparse.Namespace) -> Store:
    create = args.command in CREATORS
    if not create:
        existing(args.db, "caseload")  # said before a passphrase is asked for
    return Store.open(args.db, args.user or getpass.getuser(), passphrase_for(args.db), create=create)


def existing(path: Path, what: str) -> Path:
    """A caseload or a backup that must be there to be read: refuse one that is not, or is empty,
    with the path named."""
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is a folder or a device, not a {what} file.")
    if not path.exists():
        raise StoreError(f"{path} does not exist: check the name and the folder. Nothing was changed.")
    if path.stat().st_size == 0:
        raise StoreError(f"{path} is empty: it is not a Chronology {what}. Nothing was changed.")
    return path


#: The largest demo caseload: a county's children, and a benchmark's events.
MOST_DEMO_CHILDREN, MOST_DEMO_EVENTS = 100_000, 5_000_000


def run_demo(args: argparse.Namespace) -> str:
    if not 1 <= args.children <= MOST_DEMO_CHILDREN:
        raise ValidationError("children", f"--children must be from 1 to {MOST_DEMO_CHILDREN:,}")
    if args.events is not None and not 0 <= args.events <= MOST_DEMO_EVENTS:
        raise ValidationError("events", f"--events must be from 0 to {MOST_DEMO_EVENTS:,}")
    store = _open(args)
    if store.child_count():
        raise ValidationError("db", f"{args.db} already holds children; the demo needs an empty database")
    generate(store, children=args.children, events=args.events, seed=args.seed)
    count = store.db.execute("SELECT count(*) FROM events").fetchone()[0]
    return f"Wrote {args.children} children and {count} events to {args.db}"


def run_add_child(args: argparse.Namespace) -> str:
    try:
        dob = parse_exact_day(args.dob, allow_future=args.expected, forward=args.expected) if args.dob else None
    except FutureDate as error:
        raise error.advised(BIRTH_AHEAD) from None
    details = ChildDetails(ref=args.ref, name=args.name, dob=dob, dob_is_expected=args.expected,
                           family=args.family)
    _open(args).add_child(details)
    return f"Added {details.name.strip()} ({details.ref.strip()})"


def run_children(args: argparse.Namespace) -> str:
    kids = _open(args).children()
    if args.json:
        return json.dumps([{
            "ref": c.ref, "name": c.name, "dob": c.details.dob.isoformat() if c.details.dob else None,
            "dob_is_expected": c.details.dob_is_expected, "family": c.details.family,
            "gender": c.details.gender, "ethnicity": c.details.ethnicity,
            "first_language": c.details.first_language, "disability": c.details.disability,
        } for c in kids], ensure_ascii=False, indent=2)
    lines = [f"{c.ref}\t{c.name}\t{c.details.dob.strftime('%d/%m/%Y') if c.details.dob else ''}"
             f"{' (expected)' if c.details.dob_is_expected else ''}\t{c.details.family}" for c in kids]
    return "\n".join(lines) if lines else "No children on this caseload."


def run_import(args: argparse.Namespace) -> str:
    duplicates = "skip" if args.skip_duplicates else "keep" if args.keep_duplicates else "refuse"
    return import_csv(_open(args), args.csvfile, duplicates).summary(str(args.csvfile))


def run_export(args: argparse.Namespace) -> str:
    check_destination(args.csv or args.pdf, args.db, replace=args.force)
    with _claimed(args.db):
        store = _open(args)
        child = store.child_by_ref(args.child)
        if args.csv:
            count = export_csv_file(store, child.id, (child.id,), args.csv, replace=args.force).value
            return f"Exported {count} events for {child.name} to {args.csv}"
        from datetime import date

        from .report import ReportChoice, gather
        from .rules import RuleContext
        # A period may be given as loosely as a date is recorded: "--from 2016 --to 03/2019".
        choice = ReportChoice(
            date_from=parse_date(args.date_from, allow_future=True).nominal_start if args.date_from else None,
            date_to=parse_date(args.date_to, allow_future=True).nominal_end if args.date_to else None,
            key_only=args.key_only, family=args.family, for_family=args.for_family, landscape=not args.portrait)
        data = gather(store, child.id, choice, RuleContext.load(), date.today(), args.produced_by or store.user)
        store.close()
    # Laying out a long chronology takes a while: meanwhile the caseload is free for the window or
    # another command. The document shows the caseload as gathered (its audit hash is on every page).
    from .report.pdf import pdf_bytes
    content, pages = pdf_bytes(data, progress=_progress_on_terminal("Building the document"))
    with _claimed(args.db):  # opened afresh: a restore meanwhile may have put another file in its place
        store = Store.open(args.db, store.user, store.passphrase)
        try:
            save_pdf_file(store, child.id, content, args.pdf, len(data.events), choice.audit_detail(),
                          replace=args.force)
        finally:
            store.close()
    name = data.title.removeprefix("Chronology of ")
    return f"Wrote {len(data.events)} events for {name} to {args.pdf} ({pages} pages)"


def _children_named(store: Store, refs: list[str]) -> list[Child]:
    children: list[Child] = []
    for ref in refs:
        child = store.child_by_ref(ref)
        if child.id not in {c.id for c in children}:
            children.append(child)
    return children


def run_returns(args: argparse.Namespace) -> str:
    from datetime import date

    from .returns import receive, requests, same
    from .rules import RuleContext
    store = _open(args)
    today = date.today()
    if args.step == "request":
        children = _children_named(store, args.child)
        period_from = parse_exact_day(args.date_from) if args.date_from else None
        period_to = parse_exact_day(args.date_to, allow_future=True) if args.date_to else None
        context = RuleContext.load()
        return request_return(store, [child.id for child in children], args.agency, args.out,
                              period_from=period_from, period_to=period_to, calendar=context.calendar,
                              due_working_days=context.settings["return_due_working_days"], replace=args.force).said
    if args.step == "receive":
        children = _children_named(store, args.child)
        given = receive.given_mapping(args.map)
        pending = receive.read_pending(store, args.returnfile, args.agency, tuple(c.id for c in children), given)
        received = save_return(store, pending, given).value
        if args.json:
            return json.dumps({
                "imported": len(received.ids), "return": received.return_id, "agency": pending.agency,
                "file": pending.file.path.name, "sha256": pending.file.sha256,
                "place": pending.grid.place, "heading_row": pending.layout.heading_row,
                "columns": {pending.layout.headings[i]: name for i, name in sorted(pending.layout.columns.items())},
                "unrecognised": [{"row": source.row, "words": words} for source, words in received.unrecognised],
                "possible_duplicates": [pair.to_json() for pair in received.possible_duplicates]},
                ensure_ascii=False, indent=2)
        lines = [received.summary(pending.agency, pending.file.path.name)]
        lines += [f"  {pending.grid.row_word} {source.row}: kept as '{words}'"
                  for source, words in received.unrecognised]
        lines += [f"  may be one happening: entries {p.first.id} and {p.second.id} ({p.reason})"
                  for p in received.possible_duplicates]
        return "\n".join(lines)
    if args.step == "list":
        found = requests.requests(store)
        if args.json:
            return json.dumps([request.to_json(today) for request in found], ensure_ascii=False, indent=2)
        return "\n".join(requests.describe(r, today) for r in found) or "No returns requested or received."
    if args.step == "pairs":
        child = store.child_by_ref(args.child)
        offered = same.undecided(store, child.id)
        if args.json:
            return json.dumps([pair.to_json() for pair in offered], ensure_ascii=False, indent=2)
        return "\n".join(f"{p.first.id} and {p.second.id}: {p.reason}\n  {p.first.agency}: {p.first.summary}\n"
                         f"  {p.second.agency}: {p.second.summary}" for p in offered) or \
            f"No entries of {child.name} wait to be linked or kept apart."
    decision = same.APART if args.apart else same.SAME
    same.decide(store, args.first, args.second, decision)
    return (f"Entries {args.first} and {args.second} are kept apart as different happenings." if args.apart else
            f"Entries {args.first} and {args.second} are linked as one happening: both stay, and the flags count "
            "it once.")


@contextmanager
def _claimed(db: Path) -> Iterator[None]:
    """The caseload claimed for a change (see :data:`WRITERS`); what a killed command left beside
    it is cleared first."""
    with CaseloadLock(db):
        from .backup import clear_leftovers
        clear_leftovers(db)
        yield


def _progress_on_terminal(what: str) -> Callable[[int, int], None] | None:
    """How far a long job has got, on one line of a terminal; said nowhere when nobody watches."""
    if not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        print(f"\r{what}: {done * 100 // max(total, 1)}%", end="\n" if done >= total else "", file=sys.stderr,
              flush=True)
    return report


def run_flags(args: argparse.Namespace) -> str:
    from datetime import date

    from .rules import RuleContext, child_events, evaluate
    as_of = parse_exact_day(args.as_of) if args.as_of else date.today()
    store = _open(args)
    child = store.child_by_ref(args.child)
    context = RuleContext.load()
    flags = evaluate(child_events(store.db, child.id), context.settings, context.calendar, as_of)
    acknowledged = store.acknowledgements(child.id)
    if args.json:
        return json.dumps([_flag_json(flag, acknowledged) for flag in flags], ensure_ascii=False, indent=2)
    if not flags:
        return f"No flags for {child.name} as of {as_of:%d/%m/%Y}."
    evidence = store.details_for(sorted({i for flag in flags for i in flag.event_ids}))
    lines = [f"{len(flags)} flag{'s' if len(flags) != 1 else ''} for {child.name} as of {as_of:%d/%m/%Y}:"]
    for flag in flags:
        entries = "; ".join(f"{evidence[i].date.printed()} {event_type_label(evidence[i].event_type).lower()}"
                            for i in flag.event_ids)
        lines.append(f"\n[{flag.severity.upper()}{'' if flag.certain else ', possible'}] {flag.rule}: "
                     f"{flag.title}\n  {flag.explanation}\n  Evidence: {entries}")
        if flag.key in acknowledged:
            note = acknowledged[flag.key]
            lines.append(f"  Acknowledged by {note.by} on {format_stamp(note.at)}: {note.response}")
    return "\n".join(lines)


def _flag_json(flag, acknowledged: dict) -> dict:
    """A flag as ``flags --json`` prints it: with its acknowledgement, if any."""
    return {**flag.to_json(), "acknowledged": acknowledged[flag.key].__dict__ if flag.key in acknowledged else None}


def run_findings(args: argparse.Namespace) -> str:
    from datetime import date

    from .findings import NOW, assess
    from .rules import RuleContext
    as_of = parse_exact_day(args.as_of) if args.as_of else date.today()
    store = _open(args)
    child = store.child_by_ref(args.child)
    assessment = assess(store.rule_events(child.id), RuleContext.load(), as_of)
    written = store.analyses(child.id, up_to=as_of)
    analysis = written[-1] if written else None
    if args.json:
        acknowledged = store.acknowledgements(child.id)
        result = assessment.to_json()
        result["analysis"] = {"text": analysis.text, "dated": analysis.dated.isoformat(), "by": analysis.by,
                              "at": analysis.at, "earlier": len(written) - 1} if analysis else None
        for finding, shown in zip(assessment.findings, result["findings"], strict=True):
            shown["flags"] = [_flag_json(flag, acknowledged) for flag in finding.flags]
        return json.dumps(result, ensure_ascii=False, indent=2)
    lines = [f"{child.name} as of {as_of:%d/%m/%Y}", ""]
    lines += [f"{what}: {value}" for what, value in assessment.picture.lines()]
    if analysis:
        lines += ["", f"The worker's analysis ({analysis.dated:%d/%m/%Y}, {analysis.by}):",
                  *(f"  {line}" for line in analysis.text.splitlines())]
    lines += ["", "What the chronology shows:"] + [f"  - {o.sentence}" for o in assessment.shows]
    for status, heading in ((NOW, "Wrong now"), ("history", "Before")):
        chosen = [f for f in assessment.findings if f.status == status]
        lines += ["", f"{heading}: {len(chosen) or 'nothing'}"]
        lines += [f"  [{f.severity.upper()}] {f.headline} ({f.count} occurrence{'s' if f.count != 1 else ''})"
                  for f in chosen]
    lines += ["", f"Each occurrence, with its evidence: the command `flags --child {child.ref}`."]
    return "\n".join(lines)


def run_verify(args: argparse.Namespace) -> str:
    store = _open(args)
    problems = integrity_problems(store.db)
    if problems:
        raise Tampered(f"{args.db} is damaged: the checks of every page found {len(problems)} problem"
                       f"{'s' if len(problems) != 1 else ''}, the first: {problems[0]}. Nothing in it was changed. "
                       "Restore the latest backup (`restore --db … --from …`); the damaged file is kept beside "
                       "the restored one.")
    result = store.verify()
    if not result.intact:
        raise Tampered(f"{result.problem}\nChecked {result.entries} audit entries up to that point.")
    report = (f"Every page of the file checks out, the audit trail is intact ({result.entries} entries) and the "
              f"data matches it.\nLatest hash: {result.last_hash}")
    if args.hash:
        entry = store.audit_entry(args.hash)
        if entry is None:
            raise Tampered(f"No entry of this file's audit trail has the hash {args.hash}: the paper did not come "
                           "from this file, or the trail has been rewritten since.")
        report += f"\nThe hash {args.hash} is entry {entry[0]}: {entry[1]} by {entry[2]}, {entry[3]}."
    return report


def run_backup(args: argparse.Namespace) -> str:
    from .backup import make_backup
    return f"Backed up to {make_backup(_open(args), args.to)}"


def run_restore(args: argparse.Namespace) -> str:
    from .backup import restore
    existing(args.source, "backup")
    if args.db.exists() and args.source.resolve() == args.db.resolve():
        raise StoreError(f"{args.source} is the caseload itself: give the backup to restore from.")
    kept = restore(args.source, args.db, passphrase_for(args.source))
    return f"Restored {args.db} from {args.source}" + (f"; the file it replaced is kept as {kept}" if kept else "")


def run_encrypt(args: argparse.Namespace) -> str:
    from .backup import encrypt
    existing(args.db, "caseload")
    if is_encrypted(args.db):
        raise StoreError(f"{args.db} is already encrypted: nothing was changed. (To change its passphrase, "
                         "use the passphrase command.)")
    encrypt(args.db, _chosen_passphrase(PASSPHRASE, "the passphrase"), args.user or getpass.getuser())
    return f"{args.db} is now encrypted. Without its passphrase it cannot be read, or recovered."


def run_passphrase(args: argparse.Namespace) -> str:
    from .backup import change_passphrase
    store = _open(args)
    change_passphrase(store, _chosen_passphrase(NEW_PASSPHRASE, "the new passphrase"))
    return f"The passphrase of {args.db} has been changed. Backups made before keep the old one."


#: Commands that change the caseload (an export records itself in the audit trail): each claims
#: it, so that none runs while a window, or another such command, has it open.
WRITERS = {"demo", "add-child", "import", "export", "restore", "encrypt", "passphrase", "returns"}
#: Those that hold it from start to end; an export lets go while it lays out its pages.
CLAIMED_THROUGHOUT = WRITERS - {"export", "returns"}
#: The steps of "returns" that change the caseload (and so claim it).
RETURNS_WRITING = {"request", "receive", "link"}

#: What Ctrl+C leaves, where it is not "nothing": the demo writes its caseload in parts.
STOPPED = {"demo": "Stopped: the demo caseload is incomplete. Delete the file and run demo again."}

RUNNERS = {"demo": run_demo, "add-child": run_add_child, "children": run_children,
           "import": run_import, "export": run_export, "flags": run_flags, "findings": run_findings,
           "verify": run_verify,
           "backup": run_backup, "restore": run_restore, "encrypt": run_encrypt, "passphrase": run_passphrase,
           "returns": run_returns}


def _writes_any_name() -> None:
    """What the command line writes to a file or a pipe is UTF-8, whatever the system's code page:
    Windows would otherwise write a redirected ``children`` in cp1252 and fail on the first child
    named Łukasz or Nguyễn. A terminal keeps its own encoding (Windows' console takes any
    character), replacing what it cannot show rather than failing."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper) or codecs.lookup(stream.encoding).name.startswith("utf-"):
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8")
        except (OSError, ValueError):  # a stream that cannot change: left as it is
            continue


def main(argv: Sequence[str] | None = None) -> int:
    _writes_any_name()
    args = build_parser().parse_args(argv)
    for value, what in ((args.user, "--user"), (getattr(args, "produced_by", None), "--produced-by")):
        problem = person_problem(value, what) if value is not None else None
        if problem:
            print(problem, file=sys.stderr)
            return BAD_INPUT
    try:
        claims = args.command in CLAIMED_THROUGHOUT or getattr(args, "step", None) in RETURNS_WRITING
        with _claimed(args.db) if claims else nullcontext():
            print(RUNNERS[args.command](args))
        return 0
    except KeyboardInterrupt:  # Ctrl+C: a change under way is undone whole
        print(STOPPED.get(args.command, "Stopped: nothing was written, and the caseload is as it was."),
              file=sys.stderr)
        return NOT_SAVED
    except ChronologyError as error:  # every refusal of the core, in its own words and with its code
        print(error.said(), file=sys.stderr)
        return error.exit_code
    except OSError as error:
        print(f"{error.filename or ''}: {error.strerror or error}", file=sys.stderr)
    except DatabaseError as error:  # damage, or the disk refused a write (rolled back whole)
        said = explain(error, args.db, writing=args.command in WRITERS)
        print(said, file=sys.stderr)
        return DAMAGED if " is damaged" in said else NOT_SAVED if args.command in WRITERS else UNEXPECTED
    except Exception as error:  # no traceback reaches a user
        print(f"Unexpected error: {error.__class__.__name__}: {error}", file=sys.stderr)
        return UNEXPECTED
    return BAD_INPUT
