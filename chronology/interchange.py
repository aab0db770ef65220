"""The interchange CSV: one row per event, validated whole before anything is saved.

The format is documented in docs/interchange-csv.md. Export then import gives back the same
events; exported cells cannot run as spreadsheet formulas.
"""
from __future__ import annotations

import csv
import gc
import io
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

from .csv_file import MAX_IMPORT_BYTES, ImportRejected, Problem, csv_problem, decode, visible
from .dates import DateError, parse_date, parse_time
from .duplicates import Duplicate, find_duplicates
from .fields import CSV_COLUMNS, EVENT_FIELDS, REQUIRED_CSV_COLUMNS, Field, Kind
from .files import replace_atomically
from .model import (
    CONTROL_CHARACTERS,
    Changes,
    EventDetails,
    ValidationError,
    check_born,
    holds_control_characters,
    ref_key,
)
from .queries import EventFilter, matching_ids
from .store import Store
from .vocabulary import KEY_EVENT, SIGNIFICANCE, VocabularyError, resolve

#: Every column, in the order an export writes them (from the field table, ``fields.py``), and
#: those an import's header must name; the others may be left out.
COLUMNS = CSV_COLUMNS
REQUIRED_COLUMNS = REQUIRED_CSV_COLUMNS
#: A cell starting with one of these can run as a formula in a spreadsheet (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Model fields reported under the CSV column that carries them.
FIELD_COLUMNS = {**{field.name: field.csv for field in EVENT_FIELDS}, "children": "child_ref",
                 "in_error": "child_ref", "significance": "significance"}
#: One row's text by column name; an optional column the file leaves out reads as empty.
#: A row's cells by column name. Built from the declared fields, so its attributes are known only
#: when it runs: typed as Any.
Cells: Any = namedtuple("Cells", COLUMNS)  # type: ignore[misc]  # (mypy reads only literal field lists)
#: Distinct texts remembered per reader: a 100 MB file of different dates stays within memory.
MAX_ANSWERS = 20_000
#: The most events imported at once (docs/interchange-csv.md): beyond it a file is refused as it is
#: read, so that a file of many tiny rows cannot fill a laptop's memory.
MAX_ROWS = 200_000
_UNREAD = object()

YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


class ChildLookup(Protocol):
    """Reference (folded by ``ref_key``) → child id, or None: a dict, or the store's ``child_ids_as_named()``
    (which also knows each child's date of birth, for the events that need the child born)."""

    def get(self, key: str, /) -> int | None: ...


def protect_cell(text: str) -> str:
    """Stop a spreadsheet running a cell as a formula; :func:`unprotect_cell` reverses it."""
    if text.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unprotect_cell(text: str) -> str:
    if text[:1] == "'" and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


@dataclass(frozen=True)
class Imported:
    """What an import saved, and how the file's text was read."""

    ids: list[int]
    changes: Changes
    encoding: str
    left_out: int = 0

    def summary(self, source: str) -> str:
        note = "" if self.encoding == "UTF-8" else f" (read as {self.encoding} text)"
        count = len(self.ids)
        skipped = (f"; {self.left_out} row{'' if self.left_out == 1 else 's'} already recorded left out"
                   if self.left_out else "")
        return f"Imported {count} event{'' if count == 1 else 's'} from {source}{note}{skipped}"


# The cell readers below are pure: a reader remembers each one's answers (:meth:`_RowReader.value`).
def _flag(value: str) -> bool | None:
    text = value.strip().casefold()
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"'{value.strip()}' is not yes or no")


def _significance(value: str) -> tuple[bool, str | None]:
    codes = [resolve(SIGNIFICANCE, part, "significance (key, red, amber or green)")
             for part in value.split(";") if part.strip()]
    ratings = sorted({code for code in codes if code != KEY_EVENT})
    if len(ratings) > 1:
        raise VocabularyError("give one rating of red, amber or green, not several")
    return KEY_EVENT in codes, (ratings[0] if ratings else None)


def _codes(field: Field) -> Callable[[str], tuple[str, ...]]:
    """A reader of several codes or labels of a field's vocabulary, separated by ';'."""
    vocabulary, what = field.vocabulary or {}, field.label.lower().rstrip("s")

    def read(text: str) -> tuple[str, ...]:
        return tuple(sorted({resolve(vocabulary, part, what) for part in text.split(";") if part.strip()}))
    return read


def _code(field: Field) -> Callable[[str], str]:
    vocabulary, what = field.vocabulary or {}, field.label.lower()
    return lambda text: resolve(vocabulary, text, what)


def _whole_number(text: str) -> int:
    value = text.strip()
    if not value.isdecimal() or not value.isascii():
        raise ValueError(f"'{value}' is not a whole number of 0 or more")
    if len(value) > 5:
        raise ValueError(f"'{value}' is too large: a sequence within a day is at most 99999")
    return int(value)


#: How an empty optional cell reads, by kind.
_EMPTY = {Kind.TEXT: "", Kind.CODE: "", Kind.RATING: None, Kind.OPTIONAL_DATE: None, Kind.TIME: None,
          Kind.NUMBER: None, Kind.FLAG: False, Kind.TRISTATE: None, Kind.CODES: ()}
#: Fields the reader takes in its own order (a planned event's date may lie ahead), or together
#: (a key event and its rating share the significance column).
_OWN_ORDER = {"child_ids", "date", "planned", "key_event", "rating"}


class _RowReader:
    """Reads one CSV row into event details, collecting every problem with its column."""

    def __init__(self, header: list[str], children: ChildLookup, today: date, protected: bool = True):
        self.header = header
        self.index = {name: number for number, name in enumerate(header)}
        #: Each column's place in a row padded with one empty cell, where absent columns point.
        self.pick = itemgetter(*[self.index.get(name, len(header)) for name in COLUMNS])
        self.padding = [""] * (len(header) + 1)
        self.protected = protected
        self.children = children
        self.birth = getattr(children, "birth", None)
        self.known_children: dict[str, tuple[int, ...]] = {}
        self.today = today
        self.past_date = partial(parse_date, today=today, allow_future=False)
        self.any_date = partial(parse_date, today=today, allow_future=True)
        self.planned_date = partial(parse_date, today=today, allow_future=True, forward=True)
        #: Each reader's answers by text: a file repeats its dates, types and categories row
        #: after row (siblings, episodes), so each distinct text is read once.
        self.answers: defaultdict[Callable, dict[str, object]] = defaultdict(dict)
        self.problems: list[Problem] = []
        self.line = 0
        readers: dict[Kind, Callable[[Field], Callable[[str], Any]]] = {Kind.CODE: _code, Kind.RATING: _code,
                                                                        Kind.CODES: _codes}
        fixed: dict[Kind, Callable[[str], Any]] = {
            Kind.OPTIONAL_DATE: self.any_date, Kind.TIME: parse_time, Kind.NUMBER: _whole_number, Kind.FLAG: _flag,
            Kind.TRISTATE: _flag}
        others = [field for field in EVENT_FIELDS if field.name not in _OWN_ORDER]
        texts = [field for field in others if field.kind is Kind.TEXT]
        #: Free text: the fields' names, and their cells picked from a row in one call.
        self.text_names = [field.name for field in texts]
        self.text_cells = itemgetter(*[Cells._fields.index(field.csv) for field in texts])
        self.required = [field for field in others if field.required]
        self.required_names = [field.name for field in self.required]
        #: The rest: (name, place, column, how it is read, its answers so far, what an empty cell means).
        self.plan: list[tuple[str, int, str, Callable[[str], Any], dict[str, object], object]] = []
        for field in others:
            if field.kind is not Kind.TEXT:
                read = readers[field.kind](field) if field.kind in readers else fixed[field.kind]
                self.plan.append((field.name, Cells._fields.index(field.csv), field.csv, read, self.answers[read],
                                  _EMPTY[field.kind]))

    def cells_by_column(self, cells: list[str]) -> Any:
        """Every known column's text for one row, formula protection taken off."""
        if self.protected:
            cells = [unprotect_cell(text) if text[:1] == "'" else text for text in cells]
        return Cells._make(self.pick(cells + self.padding[len(cells):]))

    def problem(self, column: str, message: str) -> None:
        number = self.index.get(column)
        self.problems.append(Problem(self.line, column, None if number is None else number + 1, message))

    def value(self, column: str, read: Callable[[str], object], text: str, default=None):
        """``read(text)``, or ``default`` with the problem recorded against ``column``."""
        answers = self.answers[read]
        answer = answers.get(text, _UNREAD)
        if answer is _UNREAD:
            try:
                answer = read(text)
            except (DateError, VocabularyError, ValueError) as error:
                self.problem(column, str(error))
                return default
            if len(answers) < MAX_ANSWERS:
                answers[text] = answer
        return answer

    def read(self, cells: list[str], line: int, check_controls: bool = False) -> EventDetails | None:
        self.line = line
        before = len(self.problems)
        cell = self.cells_by_column(cells)
        if check_controls:
            self._controls(cells)
        # Optional cells are mostly empty: those are not read at all (each reader gives the
        # same answer for empty text, and a tenth of an import went on asking them).
        planned = bool(self.value("planned", _flag, cell.planned, False)) if cell.planned else False
        values: dict[str, object] = {"planned": planned, "child_ids": self._children(cell.child_ref),
                                     "date": self.value("date", self.planned_date if planned else self.past_date,
                                                        cell.date)}
        values["key_event"], values["rating"] = self.value("significance", _significance, cell.significance,
                                                           (False, None)) if cell.significance else (False, None)
        # line endings made uniform
        values.update(zip(self.text_names, map(str.strip, self.text_cells(cell)), strict=True))
        for name, place, column, read, answers, empty in self.plan:
            text = cell[place]
            if not text or text.isspace():
                values[name] = empty
            else:  # the answer already worked out for this text, most often
                answer = answers.get(text, _UNREAD)
                values[name] = self.value(column, read, text, empty) if answer is _UNREAD else answer
        if not all(map(values.__getitem__, self.required_names)):
            for field in self.required:
                if not values[field.name]:
                    self.problem(field.csv, f"{field.label.lower()} is required")
        if len(self.problems) > before:
            return None
        # Built as it will be stored (text trimmed, codes and children already sorted), so
        # that it is checked without being copied.
        details = EventDetails.from_values(values)
        try:
            details.checked(self.today)
            if self.birth is not None:
                check_born(details, self.birth)
            return details
        except ValidationError as error:
            self.problem(FIELD_COLUMNS.get(error.field, error.field), error.message)
            return None

    def _controls(self, cells: list[str]) -> None:
        for name, text in zip(self.header, cells, strict=False):
            found = CONTROL_CHARACTERS.search(text)
            if found:
                self.problem(name, f"holds the control character U+{ord(found.group()):04X}, which is not "
                                   "text: the file is damaged, or not really CSV")

    def _children(self, text: str) -> tuple[int, ...]:
        known = self.known_children.get(text)
        if known is not None:  # a file names the same child, or siblings, row after row
            return known
        refs = [ref.strip() for ref in text.split(";") if ref.strip()]
        if not refs:
            self.problem("child_ref", "no child reference given")
            return ()
        found = [self.children.get(ref_key(ref)) for ref in refs]
        if None in found:
            self.problem("child_ref", f"no child with the reference '{refs[found.index(None)]}' in this "
                                      "database; add the child first")
            return ()
        ids = tuple(sorted({child_id for child_id in found if child_id is not None}))
        self.known_children[text] = ids
        return ids


def _may_hold_protected_cells(text: str) -> bool:
    """Whether any cell starts with an apostrophe (at the start of a line, whatever ends lines,
    or after a comma; quoted or not): only such a cell can be one :func:`protect_cell` wrote, and
    a file without one is spared the check cell by cell. Plain searches, quicker than a pattern."""
    return text.startswith(("'", "\"'")) or any(f"{before}{quote}'" in text
                                                  for before in ",\n\r" for quote in ("", '"'))


def read_events(data: bytes, source: str, children: ChildLookup,
                today: date | None = None) -> tuple[list[EventDetails], str]:
    """Validate a whole file: its events, and the encoding its text was read in. Raises
    :class:`ImportRejected` listing every problem found."""
    events, _lines, encoding = read_rows(data, source, children, today)
    return events, encoding


def read_rows(data: bytes, source: str, children: ChildLookup,
              today: date | None = None) -> tuple[list[EventDetails], list[int], str]:
    """:func:`read_events`, with the line each event starts on."""
    text, encoding = decode(data, source)
    if "\ufeff" in text:  # a byte-order mark inside the file: two files joined into one, most often
        line = text[:text.index("\ufeff")].count("\n") + 1
        raise ImportRejected(source, [Problem(line, "", None, (
            "a byte-order mark (the invisible mark a text file starts with) is here, inside the file: were "
            "two files joined into one? Remove it (and any second line of column names), then import again"))])
    if "\r" in text:  # line endings made uniform once, so that each cell's text only needs trimming
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_controls = holds_control_characters(text)  # one scan; cells only if found
    protected = _may_hold_protected_cells(text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = [name.strip().casefold() for name in next(reader, [])]
    except csv.Error as error:
        raise ImportRejected(source, [Problem(1, "", None, csv_problem(error))]) from error
    if not any(header):
        raise ImportRejected(source, [Problem(1, "", None, "the file is empty; the first line must "
                                                           "name the columns")])
    for number, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(1, f"column {number}", number, "this column has no name"))
        elif name not in COLUMNS:
            problems.append(Problem(1, visible(name), number, "unknown column"))
        elif header.index(name) != number - 1:
            problems.append(Problem(1, name, number, "this column appears twice"))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(Problem(1, name, None, "required column is missing"))
    if problems:
        raise ImportRejected(source, problems)
    rows = _RowReader(header, children, today or date.today(), protected)
    events: list[EventDetails] = []
    lines: list[int] = []
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rows.problems.append(Problem(start, "", None, csv_problem(error)))
            break
        last_line = reader.line_num
        if not "".join(cells).strip():  # a blank line, or one of empty cells
            continue
        if len(cells) != len(header):
            rows.problems.append(Problem(start, "", None, f"the row has {len(cells)} value"
                                                          f"{'s' if len(cells) != 1 else ''} but the header names "
                                                          f"{len(header)} columns"))
            continue
        if len(events) >= MAX_ROWS:
            rows.problems.append(Problem(start, "", None, (
                f"the file has more than {MAX_ROWS:,} events, the most Chronology imports at a time: split it "
                "into smaller files, each starting with the line of column names, and import them in turn. The "
                "rows after this one were not read")))
            break
        event = rows.read(cells, start, check_controls)
        if event is not None:
            events.append(event)
            lines.append(start)
    if rows.problems:
        raise ImportRejected(source, rows.problems)
    return events, lines, encoding


@dataclass(frozen=True)
class PendingImport:
    """A file read and checked, not yet saved: its events, and the rows that repeat an entry (the
    worker decides: leave them out, or import them anyway)."""

    source: str
    events: list[EventDetails]
    lines: list[int]
    encoding: str
    duplicates: list[Duplicate]

    def refused(self) -> ImportRejected:
        """The file refused for its duplicates, each by line, saying what to do."""
        return ImportRejected(self.source, [Problem(d.line, "", None, d.describe(self.events[d.index]) + (
            ". Nothing was imported: import again leaving out the rows already recorded (--skip-duplicates), "
            "or keeping them (--keep-duplicates)")) for d in self.duplicates])

    def save(self, store: Store, skip_duplicates: bool) -> Imported:
        """One transaction: every event, or every one but the duplicates."""
        left_out = {d.index for d in self.duplicates} if skip_duplicates else set()
        events = [event for index, event in enumerate(self.events) if index not in left_out]
        with _no_cycle_collection():
            ids, changes = store.add_events(events, validated=True, action="imported") if events else ([], Changes())
        return Imported(ids, changes, self.encoding, len(left_out))


def read_import(store: Store, path: Path) -> PendingImport:
    """Read and check a file for import: every problem by line, or its events and duplicates."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportRejected(str(path), [Problem(0, "", None, (
                f"the file is {size / 2**20:,.0f} MB; Chronology imports up to {MAX_IMPORT_BYTES // 2**20} MB "
                "(about 200,000 events) at a time. Split it into smaller files, each starting with the "
                "line of column names, and import them in turn."))])
        data = path.read_bytes()
    except OSError as error:
        raise ImportRejected(str(path), [Problem(0, "", None, f"cannot be read: {error.strerror}")]) from error
    with _no_cycle_collection():
        events, lines, encoding = read_rows(data, str(path), store.child_ids_as_named())
        return PendingImport(str(path), events, lines, encoding, find_duplicates(store, events, lines))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Reading a file makes tens of thousands of small objects, none of them in a cycle: the cyclic
    collector, which runs after every few hundred made, would walk them again and again for
    nothing. It runs as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_csv(store: Store, path: Path, duplicates: str = "refuse") -> Imported:
    """Import a file as one transaction, or nothing at all. Rows that repeat an entry are, by
    ``duplicates``: "refuse" (the file is refused, each named by line), "skip" (left out, and
    counted) or "keep" (imported as well)."""
    pending = read_import(store, path)
    if pending.duplicates and duplicates == "refuse":
        raise pending.refused()
    return pending.save(store, skip_duplicates=duplicates == "skip")


def _flag_text(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


#: How each kind of field is written to its cell (a key event and its rating share one).
_WRITE: dict[Kind, Callable[[Any], str]] = {
    Kind.TEXT: str, Kind.CODE: str, Kind.DATE: lambda value: value.to_text(),
    Kind.OPTIONAL_DATE: lambda value: value.to_text() if value else "",
    Kind.TIME: lambda value: value or "", Kind.NUMBER: lambda value: "" if value is None else str(value),
    Kind.FLAG: lambda value: "yes" if value else "", Kind.TRISTATE: _flag_text,
    Kind.CODES: ";".join,
}
_WRITTEN = [(column, [field for field in EVENT_FIELDS if field.csv == column]) for column in COLUMNS]


def _cells(details: EventDetails, refs: dict[int, str]) -> list[str]:
    cells = []
    for column, fields in _WRITTEN:
        if column == "significance":
            text = ";".join(([KEY_EVENT] if details.key_event else []) + ([details.rating] if details.rating else []))
        elif column == "child_ref":
            text = ";".join(refs[child_id] for child_id in details.child_ids)
        else:
            text = _WRITE[fields[0].kind](getattr(details, fields[0].name))
        cells.append(protect_cell(text))
    return cells


def export_csv(store: Store, child_ids: tuple[int, ...], path: Path) -> int:
    """Write the current (not entered-in-error) events of the children; returns the count."""
    ids = matching_ids(store.db, EventFilter(child_ids=child_ids))
    refs = store.child_refs()

    def write(stream) -> None:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        for start in range(0, len(ids), 500):
            page = ids[start:start + 500]
            details = store.details_for(page)
            writer.writerows(_cells(details[event_id], refs) for event_id in page)
        text.flush()
        text.detach()
    replace_atomically(Path(path), write)
    return len(ids)
