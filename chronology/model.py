"""The domain model: children, events and their versions, validated before anything is stored."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any, NamedTuple

from .dates import BIRTH_AHEAD, DateError, FuzzyDate, stored_date
from .errors import ChronologyError
from .fields import EVENT_FIELDS, TEXT_FIELDS, Kind
from .vocabulary import CATEGORIES, EVENT_TYPES, NEEDS_BIRTH, OUTCOMES, RATINGS, THIRD_PARTY_PARTS, event_type_label

__all__ = ["THIRD_PARTY_PARTS"]  # re-exported: where callers have always found it


class ValidationError(ChronologyError, ValueError):
    """Input that cannot be saved; ``field`` names what to correct (the window shows the message
    beside it; the command line names it first)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message

    def said(self) -> str:
        return f"{self.field}: {self.message}"


def ref_key(ref: str) -> str:
    """The one rule for whether two references are the same child's — for uniqueness, for looking
    a child up and for an import's rows: Unicode-normalised (NFKC, so that 'ﬁ' is 'fi' and a
    full-width 'Ａ' is 'A') and case-folded ('É1' is 'é1', 'SS1' is 'ß1')."""
    return unicodedata.normalize("NFKC", ref.strip()).casefold()


#: What a reference may not hold: a ';' (it separates references in a file), and anything that is
#: not visible text — tabs, line breaks, zero-width characters, direction overrides.
def _ref_problem(ref: str) -> str | None:
    for character in ref:
        if character == ";":
            return "A reference cannot hold ';', which separates references in a file."
        if unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") or (
                character.isspace() and character != " "):
            name = unicodedata.name(character, f"U+{ord(character):04X}").lower()
            return f"A reference can hold only visible characters and spaces, not a {name} (U+{ord(character):04X})."
    return None


def now_text() -> str:
    """Local time, to the second, as recorded against every change."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


#: Characters that are not text (C0 and C1 controls other than tab and line breaks, and DEL):
#: never stored, so that every record can be exported, printed and read back as it was.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
#: The same characters in UTF-8 (U+0080 to U+009F are the bytes C2 80 to C2 9F).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def holds_control_characters(text: str) -> bool:
    """Whether ``text`` holds one of :data:`CONTROL_CHARACTERS`: its UTF-8 with plain ASCII
    deleted, then searched (a fraction of the time the pattern takes over every character; see
    docs/performance.md). What is left keeps each multi-byte character's bytes together."""
    rest = text.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII)
    return _CONTROL_BYTES.search(rest) is not None


#: What a piece of text from outside may hold that is not text at all: a lone surrogate, which is
#: how Python carries bytes that were not valid UTF-8 (a file name, a command-line argument).
_NOT_TEXT = re.compile("[\ud800-\udfff]")


def refuse_control_characters(values: dict[str, str]) -> None:
    """Raise :class:`ValidationError` naming the first field that holds a control character, or
    bytes that are not text."""
    for name, text in values.items():
        found = CONTROL_CHARACTERS.search(text)
        if found:
            raise ValidationError(name, f"holds the control character U+{ord(found.group()):04X}, which is "
                                        "not text; remove it and save again.")
        if _NOT_TEXT.search(text):
            raise ValidationError(name, "holds bytes that are not text (not UTF-8): type it again, or save the "
                                        "file it came from as UTF-8.")


def person_problem(name: str, what: str = "The name") -> str | None:
    """Why a person's name (recorded against changes, printed on paper) cannot be used, or None."""
    if not name.strip():
        return f"{what} is empty."
    found = CONTROL_CHARACTERS.search(name) or _NOT_TEXT.search(name)
    if found or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return f"{what} holds characters that are not visible text: type it again."
    return None


def clean_text(value: str | None) -> str:
    """Text as stored: surrounding white space removed, line endings made uniform."""
    if not value:
        return ""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


@dataclass(frozen=True)
class ChildDetails:
    """What a worker records about a child; the unborn have an expected date of birth."""

    ref: str
    name: str
    dob: date | None = None
    dob_is_expected: bool = False
    preferred_name: str = ""
    gender: str = ""
    ethnicity: str = ""
    first_language: str = ""
    disability: str = ""
    family: str = ""

    def validated(self, adding: bool = False) -> ChildDetails:
        """A cleaned copy, or ValidationError naming the field. ``adding``: a child being added,
        whose expected date of birth, if any, must still be ahead."""
        texts: dict[str, Any] = {name: clean_text(getattr(self, name)) for name in (
            "ref", "name", "preferred_name", "gender", "ethnicity", "first_language", "disability", "family")}
        refuse_control_characters(texts)
        cleaned = replace(self, **texts)
        if not cleaned.ref:
            raise ValidationError("ref", "A child needs a reference (the record number).")
        problem = _ref_problem(self.ref.strip())
        if problem:
            raise ValidationError("ref", problem)
        if not cleaned.name:
            raise ValidationError("name", "A child needs a name.")
        if cleaned.dob_is_expected and cleaned.dob is None:
            raise ValidationError("dob", "Give the expected date of birth for an unborn baby.")
        if cleaned.dob and not cleaned.dob_is_expected and cleaned.dob > date.today():
            raise ValidationError("dob", f"{cleaned.dob:%d/%m/%Y} is in the future. {BIRTH_AHEAD}")
        if adding and cleaned.dob_is_expected and cleaned.dob and cleaned.dob < date.today():
            raise ValidationError("dob", f"The expected date of birth {cleaned.dob:%d/%m/%Y} has passed: for a baby "
                                         "who is born, record the date of birth (untick Unborn in the editor, "
                                         "leave out --expected on the command line).")
        return cleaned

    def to_json(self) -> dict:
        data = asdict(self)
        data["dob"] = self.dob.isoformat() if self.dob else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> ChildDetails:
        values = dict(data)
        values["dob"] = date.fromisoformat(values["dob"]) if values.get("dob") else None
        return cls(**values)


class Birth(NamedTuple):
    """What the event checks need to know of a child: their name and (expected) date of birth."""

    name: str
    dob: date | None
    expected: bool = False


def check_born(details: EventDetails, birth_of: Callable[[int], Birth | None]) -> None:
    """Refuse an event that needs the child to have been born (a visit, the child's views, an
    appointment they were not brought to, school) dated before the birth of a child it concerns:
    ValidationError on "date". A date that may fall either side of the birth is accepted."""
    if details.event_type not in NEEDS_BIRTH and details.seen_alone is not True:
        return
    latest = details.date.latest
    if latest is None:
        return
    what = "seeing the child alone" if details.event_type not in NEEDS_BIRTH else \
        f"'{event_type_label(details.event_type)}'"
    for child_id in details.child_ids:
        birth = birth_of(child_id)
        if birth is None or birth.dob is None or latest >= birth.dob:
            continue
        when = details.date.display()
        if birth.expected:
            raise ValidationError("date", f"{birth.name} is not yet born (expected {birth.dob:%d/%m/%Y}): {what} "
                                          f"cannot be on {when}. Check the date and the children it concerns; "
                                          "family history from before a birth (a pre-birth referral, an incident "
                                          "in pregnancy) is recorded as its own kind of event.")
        raise ValidationError("date", f"{birth.name} was born on {birth.dob:%d/%m/%Y}: {what} cannot be on {when}. "
                                      "Check the date and the children it concerns; family history from before "
                                      "a birth (an incident in pregnancy) is recorded as its own kind of event.")


@dataclass(frozen=True)
class Child:
    id: int
    details: ChildDetails
    version: int
    in_error: bool = False

    @property
    def ref(self) -> str:
        return self.details.ref

    @property
    def name(self) -> str:
        return self.details.name

    @property
    def birth(self) -> Birth:
        return Birth(self.details.name, self.details.dob, self.details.dob_is_expected)


#: A calendar day, named so inside :class:`EventDetails`, whose ``date`` field hides the type.
Day = date


@dataclass(frozen=True)
class EventDetails:
    """One significant event in the lives of one or more children."""

    date: FuzzyDate
    agency: str
    role: str
    event_type: str
    summary: str
    child_ids: tuple[int, ...]
    end_date: FuzzyDate | None = None
    time: str | None = None
    sequence: int | None = None
    planned: bool = False
    categories: tuple[str, ...] = ()
    impact: str = ""
    action: str = ""
    child_voice: str = ""
    seen_alone: bool | None = None
    key_event: bool = False
    rating: str | None = None
    recorded_by: str = ""
    source_ref: str = ""
    third_party: tuple[str, ...] = ()
    #: What a decision decided (referral decision, strategy discussion, section 47 outcome).
    outcome: str = ""

    def validated(self, today: Day | None = None) -> EventDetails:
        """Return a cleaned copy, or raise :class:`ValidationError` naming the field. (An import
        finds control characters itself, in one scan of the file, and calls :meth:`checked`.)"""
        cleaned = self.cleaned()
        refuse_control_characters({name: getattr(cleaned, name) for name in TEXT_FIELDS})
        return cleaned.checked(today)

    @classmethod
    def of(cls, **values) -> EventDetails:
        """Every field given by name, built without the dataclass's ``__init__``, which sets each
        of twenty fields through ``object.__setattr__`` (more than twice the time), and an import
        builds tens of thousands. Equal to, hashed and frozen as ``EventDetails(**values)``."""
        return cls.from_values(values)

    @classmethod
    def from_values(cls, values: dict) -> EventDetails:
        """:meth:`of` from a dictionary of every field, which becomes the event's own (a reader
        that builds one per row hands it over rather than having it copied)."""
        if values.keys() != _EVENT_FIELD_NAMES:
            wrong = sorted(_EVENT_FIELD_NAMES ^ values.keys())
            raise TypeError(f"EventDetails needs every field, exactly: {wrong}")
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", values)
        return event

    def cleaned(self) -> EventDetails:
        """A copy as it would be stored: text trimmed, codes and children sorted."""
        values = {name: getattr(self, name) for name in _EVENT_FIELDS}
        for declared in EVENT_FIELDS:
            if declared.kind is Kind.TEXT:
                values[declared.name] = clean_text(values[declared.name])
            elif declared.kind in (Kind.CODES, Kind.CHILDREN):
                values[declared.name] = tuple(sorted(set(values[declared.name])))
        values["rating"] = values["rating"] or None
        values["outcome"] = (values["outcome"] or "").strip()
        return EventDetails.of(**values)

    def checked(self, today: Day | None = None) -> EventDetails:
        """Self, if it may be stored as it is (see :meth:`cleaned`); else ValidationError."""
        today = today or date.today()
        earliest = self.date.earliest
        if not self.planned and earliest and earliest > today:
            raise ValidationError("date", f"{self.date.display()} is in the future. "
                                          "Mark the event as planned to record a future date.")
        if self.end_date is not None:
            end_latest = self.end_date.latest
            if end_latest is not None and earliest and end_latest < earliest:
                raise ValidationError("end_date", f"The end date {self.end_date.display()} is "
                                                  f"before the start {self.date.display()}.")
        for name, label in (("agency", "source agency"), ("role", "source role"),
                            ("summary", "what happened")):
            if not getattr(self, name):
                raise ValidationError(name, f"The {label} is required.")
        if self.event_type not in EVENT_TYPES:
            raise ValidationError("event_type", f"'{self.event_type}' is not a known event type.")
        unknown = [c for c in self.categories if c not in CATEGORIES]
        if unknown:
            raise ValidationError("categories", f"'{unknown[0]}' is not a known concern category.")
        if self.rating is not None and self.rating not in RATINGS:
            raise ValidationError("significance", f"'{self.rating}' is not Red, Amber or Green.")
        if not self.child_ids:
            raise ValidationError("children", "An event must concern at least one child.")
        if self.time is not None and len(self.time) != 5:
            raise ValidationError("time", f"'{self.time}' is not a time as HH:MM.")
        if self.sequence is not None and self.sequence < 0:
            raise ValidationError("sequence", "The sequence within a day cannot be negative.")
        unknown = [part for part in self.third_party if part not in THIRD_PARTY_PARTS]
        if unknown:
            raise ValidationError("third_party", f"'{unknown[0]}' cannot be marked as third-party information; "
                                                 f"mark {', '.join(THIRD_PARTY_PARTS)}.")
        if self.outcome:
            choices = OUTCOMES.get(self.event_type)
            if choices is None:
                raise ValidationError("outcome", f"A decision's outcome is recorded on a referral decision, a "
                                                 f"strategy discussion or a section 47 outcome, not on "
                                                 f"'{event_type_label(self.event_type)}'.")
            if self.outcome not in choices:
                listed = ", ".join(f"{code} ({label.lower()})" for code, label in choices.items())
                raise ValidationError("outcome", f"'{self.outcome}' is not an outcome of a "
                                                 f"{event_type_label(self.event_type).lower()}: use {listed}.")
        return self

    def to_json(self) -> dict:
        data = {name: getattr(self, name) for name in _EVENT_FIELDS}
        data["date"] = self.date.to_text()
        data["end_date"] = self.end_date.to_text() if self.end_date else None
        data["categories"] = list(self.categories)
        data["child_ids"] = list(self.child_ids)
        data["third_party"] = list(self.third_party)
        return data

    @classmethod
    def from_json(cls, data: dict) -> EventDetails:
        values = dict(data)
        values["date"] = _stored_date(values["date"])
        values["end_date"] = _stored_date(values["end_date"]) if values.get("end_date") else None
        values["categories"] = tuple(values.get("categories") or ())
        values["child_ids"] = tuple(values.get("child_ids") or ())
        values["third_party"] = tuple(values.get("third_party") or ())
        return cls(**values)


_EVENT_FIELDS = tuple(f.name for f in fields(EventDetails))
_EVENT_FIELD_NAMES = frozenset(_EVENT_FIELDS)


def _stored_date(text: str) -> FuzzyDate:
    """Dates already stored were validated when saved: read them back without the future check."""
    try:
        return stored_date(text)
    except DateError as error:  # pragma: no cover - only a hand-edited database gets here
        raise ValidationError("date", f"Stored date '{text}' is unreadable: {error}") from error


@dataclass(frozen=True)
class Event:
    id: int
    details: EventDetails
    version: int
    recorded_at: str
    in_error: bool = False
    in_error_reason: str = ""


@dataclass(frozen=True)
class EventVersion:
    """One entry in an event's history: what it said, who changed it, when and why."""

    version: int
    action: str
    details: EventDetails
    changed_at: str
    changed_by: str
    reason: str


@dataclass(frozen=True)
class Acknowledgement:
    """A recorded response to a flag."""

    response: str
    by: str
    at: str


@dataclass(frozen=True)
class Analysis:
    """The worker's own analysis of a child's chronology: what they make of it, the day it speaks
    of, who wrote it and when. A new one is added beside the earlier; the latest is current."""

    id: int
    text: str
    dated: date
    by: str
    at: str

    #: The longest analysis taken: a few paragraphs, for the first page of a conference's papers.
    MOST = 4000


@dataclass(frozen=True)
class Changes:
    """What one write changed, so that each screen decides for itself what to refresh."""

    children: frozenset[int] = field(default_factory=frozenset)
    events: frozenset[int] = field(default_factory=frozenset)
    caseload: bool = False

    def any(self) -> bool:
        """Whether anything changed at all (an export, say, changes nothing a screen shows)."""
        return bool(self.children or self.events or self.caseload)
