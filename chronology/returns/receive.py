"""Receiving an agency's return: every row read into an entry, whole or nothing, each entry
keeping where it came from (the return, its row, the agency's own words).

A bad cell refuses the whole return, naming the sheet or table, the row as the agency's file
numbers it, the column and what to do. Words for a kind of event that Chronology does not know
never refuse it: the entry is recorded as information from an agency, keeping those words.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from .. import audit
from ..dates import MONTHS, DateError, FuzzyDate, format_stamp, parse_date, parse_time
from ..model import CONTROL_CHARACTERS, Changes, EventDetails, ValidationError, check_born, now_text
from ..store import Store
from ..views import Views
from .mapping import IGNORED, REQUIRED_FIELDS, RETURN_FIELDS, Layout, layout, normalised, words
from .reading import MAX_RETURN_ROWS, CellProblem, Grid, ReturnFile, ReturnRejected, read_return, refused
from .same import PossibleSame, possible_same

#: What an entry whose kind the agency's words do not name is recorded as.
AGENCY_INFORMATION = "agency_information"
#: The role recorded where a return gives none: visibly not stated, never guessed.
ROLE_NOT_STATED = "Role not stated"
#: A date written with a time after it, as exports do ("14/01/2021 13:45", "14.01.2021 09:05:00").
_DATE_AND_TIME = re.compile(r"^(.*?\d)[ T,]+(\d{1,2}[:.]\d{2})(?::\d{2}(?:\.\d+)?)?\s*([ap]m)?$", re.IGNORECASE)
_SPLIT_CONCERNS = re.compile(r"[;,/\n|]+")
#: A weekday before a date, as some exports write it ("Thursday 14 January 2021", "Thu, 14/01/2021").
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+",
                      re.IGNORECASE)
#: A day, a month's name and a year joined by hyphens, dots or slashes, as Excel writes its dates as
#: text ("14-Jan-2021", "14-Jan-21", "14.Jan.2021").
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_JOINED_MONTH = re.compile(rf"^(\d{{1,2}})[-./]({_MONTH_NAMES})\.?[-./](\d{{4}}|\d{{2}})$", re.IGNORECASE)
_ZERO = time(0, 0)


@dataclass(frozen=True)
class Source:
    """Where one entry came from: the place and row in the return, and the agency's own words
    for the kind of event and concerns where Chronology's vocabulary did not name them."""

    place: str
    row: int
    agency_type: str = ""
    agency_concerns: str = ""
    row_word: str = "row"

    def where(self) -> str:
        """"sheet 'Incidents', row 12", or "line 7" of a CSV file."""
        return ", ".join(part for part in (self.place, f"{self.row_word} {self.row}") if part)


@dataclass
class PendingReturn:
    """A return read and checked, not yet saved."""

    file: ReturnFile
    agency: str
    child_ids: tuple[int, ...]
    grid: Grid
    layout: Layout
    events: list[EventDetails]
    sources: list[Source]
    request_id: int | None = None

    @property
    def unrecognised(self) -> list[tuple[Source, str]]:
        """Rows whose kind of event or concerns were kept in the agency's words, for the worker to refine."""
        return [(source, "; ".join(part for part in (source.agency_type, source.agency_concerns) if part))
                for source in self.sources if source.agency_type or source.agency_concerns]

    def save(self, store: Store) -> Received:
        """One transaction: the return, every entry, the source of each; then the entries another
        agency may also have recorded, offered (never linked or merged here)."""
        with store.db.atomic():
            ids, changes = store.add_events(self.events, validated=True, action="received") if self.events \
                else ([], Changes())
            stamp = now_text()
            return_id = _new_id(store.db.execute(
                "INSERT INTO agency_returns(request_id, agency, children, file_name, sha256, entries, received_at, "
                "received_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [self.request_id, self.agency, json.dumps(list(self.child_ids)), self.file.path.name,
                 self.file.sha256, len(ids), stamp, store.user]))
            store.db.conn.executemany(
                "INSERT INTO event_sources(event_id, return_id, place, row_number, agency_type, agency_concerns) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(event_id, return_id, source.place, source.row, source.agency_type, source.agency_concerns)
                 for event_id, source in zip(ids, self.sources, strict=True)])
            audit.append(store.db, stamp, store.user, "received", "return", return_id, {
                "agency_returns": audit.digests_now(store.db, "agency_returns", [str(return_id)]),
                "event_sources": audit.digests_now(store.db, "event_sources", [str(i) for i in ids])})
        pairs = possible_same(store, self.child_ids, ids)
        return Received(return_id, ids, Changes(children=changes.children | frozenset(self.child_ids),
                                                events=changes.events, caseload=True), pairs, self.unrecognised)


@dataclass(frozen=True)
class Received:
    return_id: int
    ids: list[int]
    changes: Changes
    possible_duplicates: list[PossibleSame] = field(default_factory=list)
    unrecognised: list[tuple[Source, str]] = field(default_factory=list)

    def summary(self, agency: str, name: str) -> str:
        count = len(self.ids)
        text = f"Received {count} entr{'y' if count == 1 else 'ies'} from {agency} ({name})"
        if self.unrecognised:
            text += (f"; {len(self.unrecognised)} kept in the agency's own words as information from an agency, "
                     "to refine")
        if self.possible_duplicates:
            text += f"; {len(self.possible_duplicates)} may record what another entry records: link or keep apart"
        return text


def _new_id(cursor) -> int:
    """The id SQLite gave the row just inserted."""
    if cursor.lastrowid is None:  # pragma: no cover - an INSERT always sets it
        raise RuntimeError("no row was inserted")
    return int(cursor.lastrowid)


#: How a missing field is named in a sentence.
NEEDED_WORDS = {"date": "the date", "summary": "what happened"}


class MappingNeeded(ReturnRejected):
    """The return's columns do not say clearly enough which holds what: the worker maps them.
    Carries the headings found and the fields still needed; nothing was received."""

    def __init__(self, source: str, place: str, headings: list[str], missing: list[str], sample: list[list[str]]):
        self.headings, self.missing, self.sample, self.place = headings, missing, sample, place
        listed = ", ".join(f"'{h}'" for h in headings if h) or "none"
        needed = " and ".join(NEEDED_WORDS[name] for name in missing)
        fields = ", ".join(f"{name} ({label.lower()})" for name, label in RETURN_FIELDS.items())
        super().__init__(source, [CellProblem(0, "", None, (
            f"the headings ({listed}) do not say clearly which column holds {needed}. Say which, as "
            f"--map \"HEADING=field\" (fields: {fields}), or receive it from the window, which asks."), place=place)])


def already_received(store: Store, sha256: str) -> tuple[str, str, str] | None:
    row = store.db.execute("SELECT agency, received_at, received_by FROM agency_returns WHERE sha256 = ?",
                           [sha256]).fetchone()
    return tuple(row) if row else None


def remembered_mapping(store: Views, agency: str) -> dict[str, str]:
    return {heading: name for heading, name in store.db.execute(
        "SELECT heading, field FROM agency_column_maps WHERE agency = ?", [agency.strip()])}


def remember_mapping(store: Store, agency: str, chosen: dict[str, str]) -> None:
    """Keep how this agency's headings map to fields, for its next return (a convenience: not a record)."""
    with store.db.atomic():
        store.db.conn.executemany(
            "INSERT INTO agency_column_maps(agency, heading, field) VALUES (?, ?, ?) "
            "ON CONFLICT(agency, heading) DO UPDATE SET field = excluded.field",
            [(agency.strip(), heading, name) for heading, name in chosen.items()])


def check_mapping(given: dict[str, str]) -> dict[str, str]:
    """A worker's mapping (heading → field name), refused if it names a field a return has not."""
    for heading, name in given.items():
        if name != IGNORED and name not in RETURN_FIELDS:
            raise ValidationError("map", f"'{name}' (for the column '{heading}') is not a field of a return: "
                                          f"use one of {', '.join(RETURN_FIELDS)}, or nothing to leave it out")
    return given


def read_pending(store: Store, path: Path, agency: str, child_ids: tuple[int, ...],
                 given: dict[str, str] | None = None, today: date | None = None) -> PendingReturn:
    """Read and check a return for these children: :class:`MappingNeeded` when its columns are not
    clear, :class:`ReturnRejected` naming every bad cell, else every entry ready to save."""
    agency = " ".join(agency.split())
    if not agency:
        raise ValidationError("agency", "Name the agency the return is from (Police, Health visiting, School…).")
    if not child_ids:
        raise ValidationError("children", "Say which children the return is about.")
    file = read_return(path)
    earlier = already_received(store, file.sha256)
    if earlier:
        raise refused(file.path, f"this file was received already, from {earlier[0]}, on "
                                 f"{format_stamp(earlier[1], with_time=True)} by {earlier[2]}: its entries are in "
                                 "the chronology already.")
    remembered = remembered_mapping(store, agency)
    found = _grid_and_layout(file, remembered, given or {})
    if found is None:
        raise refused(file.path, "no table with a row of column headings was found in it (a return needs a row "
                                 "naming its columns — Date, What happened… — above its entries)")
    grid, chosen = found
    missing = chosen.missing()
    if missing:
        body = grid.rows[chosen.heading_index + 1:]
        sample = [[_shown(cell) for cell in cells] for _, cells in body if any(_filled(c) for c in cells)][:5]
        raise MappingNeeded(str(file.path), grid.place, chosen.headings, missing, sample)
    births = store.births(child_ids)
    unknown = set(child_ids) - set(births)
    if unknown:
        raise ValidationError("children", f"There is no child with id {min(unknown)}.")
    reader = _Rows(file, grid, chosen, agency, tuple(sorted(child_ids)), births, today or date.today())
    events, sources = reader.read()
    pending = PendingReturn(file, agency, tuple(sorted(child_ids)), grid, chosen, events, sources)
    pending.request_id = _open_request(store, agency, pending.child_ids)
    return pending


def _grid_and_layout(file: ReturnFile, remembered: dict[str, str],
                     given: dict[str, str]) -> tuple[Grid, Layout] | None:
    """The first sheet or table with a row of headings: the one needing nothing more, else the first found."""
    first = None
    for grid in file.grids:
        found = layout(grid.rows, remembered, given)
        if found is None:
            continue
        if not found.missing():
            return grid, found
        first = first or (grid, found)
    return first


def _open_request(store: Store, agency: str, child_ids: tuple[int, ...]) -> int | None:
    """The oldest request to this agency about one of these children not yet answered."""
    for request_id, children in store.db.execute(
            "SELECT id, children FROM return_requests r WHERE agency = ? COLLATE NOCASE AND NOT EXISTS "
            "(SELECT 1 FROM agency_returns a WHERE a.request_id = r.id) ORDER BY id", [agency]):
        if set(json.loads(children)) & set(child_ids):
            return int(request_id)
    return None


def _filled(cell: object) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _shown(cell: object) -> str:
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y %H:%M") if cell.time() != _ZERO else cell.strftime("%d/%m/%Y")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


class _Rows:
    """Reads a grid's rows under its headings into entries, collecting every problem with its place."""

    def __init__(self, file: ReturnFile, grid: Grid, chosen: Layout, agency: str, child_ids: tuple[int, ...],
                 births: dict, today: date):
        self.file, self.grid, self.layout, self.agency = file, grid, chosen, agency
        self.child_ids, self.births, self.today = child_ids, births, today
        self.problems: list[CellProblem] = []
        self.words = words()
        self.row = 0

    def problem(self, name: str, message: str) -> None:
        column = self.layout.column_of(name)
        heading = self.layout.headings[column] if column is not None else RETURN_FIELDS.get(name, name)
        self.problems.append(CellProblem(self.row, heading or RETURN_FIELDS.get(name, name),
                                         None if column is None else column + 1, message, place=self.grid.place,
                                         row_word=self.grid.row_word,
                                         column_letter=self.grid.column_name(column) if column is not None else ""))

    def read(self) -> tuple[list[EventDetails], list[Source]]:
        events: list[EventDetails] = []
        sources: list[Source] = []
        columns = sorted(self.layout.columns.items())
        for number, cells in self.grid.rows[self.layout.heading_index + 1:]:
            if not any(_filled(cell) for cell in cells):
                continue  # an empty (perhaps formatted) row between or below the entries
            self.row = number
            if len(events) >= MAX_RETURN_ROWS:
                self.problems.append(CellProblem(number, "", None, (
                    f"the return has more than {MAX_RETURN_ROWS:,} entries, the most Chronology reads at once: "
                    "ask the agency for the period in parts"), place=self.grid.place, row_word=self.grid.row_word))
                break
            values = {name: cells[index] if index < len(cells) else None for index, name in columns}
            read = self.entry(values)
            if read is not None:
                events.append(read[0])
                sources.append(read[1])
        if self.problems:
            raise ReturnRejected(str(self.file.path), list(self.problems))
        if not events:
            raise refused(self.file.path, "no entries were found under the column headings", self.grid.place)
        return events, sources

    def entry(self, values: dict[str, object]) -> tuple[EventDetails, Source] | None:
        before = len(self.problems)
        for name in REQUIRED_FIELDS:
            if not _filled(values.get(name)):
                self.problem(name, f"{NEEDED_WORDS[name]} is empty: every entry needs it. If this row is not an entry "
                                   "(a total, a note, a signature), delete it from the file and receive it again")
        texts = {name: self.text(name, values.get(name)) for name in
                 ("summary", "impact", "action", "child_voice", "recorded_by", "role", "source_ref")}
        day, time_of_day = self.when(values.get("date")) if _filled(values.get("date")) else (None, None)
        if _filled(values.get("time")):
            time_of_day = self.clock(values["time"])
        event_type, agency_type = self.kind(values.get("event_type"))
        categories, agency_concerns = self.concerns(values.get("categories"))
        if len(self.problems) > before or day is None:
            return None
        details = EventDetails.of(
            date=day, agency=self.agency, role=texts["role"] or ROLE_NOT_STATED, event_type=event_type,
            summary=texts["summary"], child_ids=self.child_ids, end_date=None, time=time_of_day, sequence=None,
            planned=False, categories=categories, impact=texts["impact"], action=texts["action"],
            child_voice=texts["child_voice"], seen_alone=None, key_event=False, rating=None,
            recorded_by=texts["recorded_by"], source_ref=texts["source_ref"], third_party=(), outcome="")
        try:
            details.checked(self.today)
            check_born(details, self.births.get)
        except ValidationError as error:
            self.problem({"children": "date"}.get(error.field, error.field), error.message)
            return None
        return details, Source(self.grid.place, self.row, agency_type, agency_concerns, self.grid.row_word)

    def text(self, name: str, cell: object) -> str:
        text = _shown(cell) if not isinstance(cell, str) else cell.replace("\r\n", "\n").replace("\r", "\n").strip()
        found = CONTROL_CHARACTERS.search(text)
        if found:
            self.problem(name, f"holds the control character U+{ord(found.group()):04X}, which is not text: "
                               "delete it in the file and receive it again")
            return ""
        return text

    def when(self, cell: object) -> tuple[FuzzyDate | None, str | None]:
        if isinstance(cell, datetime):
            if cell.date() > self.today:
                self.problem("date", f"{cell:%d/%m/%Y} is in the future: a return records what has happened. "
                                     "Correct the date in the file and receive it again")
                return None, None
            day = FuzzyDate(cell.year, cell.month, cell.day)
            return day, (cell.strftime("%H:%M") if cell.time() != _ZERO else None)
        if isinstance(cell, date):
            return self.when(datetime(cell.year, cell.month, cell.day))
        if isinstance(cell, (int, float)):
            self.problem("date", f"holds the number {_shown(cell)}, not a date: in Excel, format the column as a "
                                 "date (Format Cells, Date) and check it reads as one, then receive the file again")
            return None, None
        text = _WEEKDAY.sub("", " ".join(str(cell).split()))
        time_of_day = None
        match = _DATE_AND_TIME.match(text)
        if match:
            try:
                time_of_day = parse_time(match.group(2) + (match.group(3) or ""))
                text = match.group(1)
            except DateError:
                time_of_day = None
        joined = _JOINED_MONTH.match(text)
        if joined:
            text = " ".join(joined.groups())
        try:
            return parse_date(text, today=self.today, allow_future=False), time_of_day
        except DateError as error:
            self.problem("date", f"{error} Correct it in the file and receive it again")
            return None, None

    def clock(self, cell: object) -> str | None:
        if isinstance(cell, (datetime, time)):
            return cell.strftime("%H:%M")
        try:
            return parse_time(_shown(cell))
        except DateError as error:
            self.problem("time", str(error))
            return None

    def kind(self, cell: object) -> tuple[str, str]:
        """The event type the agency's words name, or information from an agency keeping them."""
        text = _shown(cell) if not isinstance(cell, str) else " ".join(cell.split())
        if not text:
            return AGENCY_INFORMATION, ""
        code = self.words.event_types.get(normalised(text))
        return (code, "") if code else (AGENCY_INFORMATION, text)

    def concerns(self, cell: object) -> tuple[tuple[str, ...], str]:
        """Concern categories the agency's words name; the words not recognised, kept as written."""
        if not _filled(cell):
            return (), ""
        codes, unknown = set(), []
        for part in _SPLIT_CONCERNS.split(str(cell)):
            part = " ".join(part.split())
            if not part:
                continue
            code = self.words.concerns.get(normalised(part))
            if code:
                codes.add(code)
            else:
                unknown.append(part)
        return tuple(sorted(codes)), "; ".join(unknown)


def given_mapping(pairs: list[str]) -> dict[str, str]:
    """``--map "COLUMN=field"`` arguments as heading → field, refused with what is wrong."""
    given = {}
    for pair in pairs:
        heading, sep, name = pair.rpartition("=")
        if not sep or not heading.strip():
            raise ValidationError("map", f"'{pair}' is not HEADING=field (for example \"Occurrence Date=date\")")
        given[heading.strip()] = name.strip()
    return check_mapping(given)


def mapping_of(layout_: Layout) -> dict[str, str]:
    """A layout's columns as heading → field, to remember for the agency."""
    return {layout_.headings[index]: name for index, name in layout_.columns.items() if layout_.headings[index]}
