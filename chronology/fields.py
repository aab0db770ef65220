"""Every field of an event, declared once: what people call it, the interchange CSV's column that
carries it, the database column that stores it and its kind. The store's SQL, the CSV's columns,
the editor's labels and the history's rows are built from this table.

Adding a field: a line here and the attribute on :class:`~chronology.model.EventDetails` (a test
holds the two together), a migration that adds the column (``migrations.py``), and a new form of
the audit digests (``audit.py``: what was recorded under an earlier form never changes, and a test
fails until the current form covers the new column).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from .dates import FuzzyDate
from .vocabulary import CATEGORIES, EVENT_TYPES, OUTCOME_LABELS, RATINGS, THIRD_PARTY_PARTS


class Kind(Enum):
    """How a field's value is held, stored, written to a file and shown."""

    TEXT = "text"                    # free text; '' when empty
    CODE = "code"                    # one code of a vocabulary; '' when none
    RATING = "rating"                # one code of a vocabulary or none (stored as NULL)
    DATE = "date"                    # an uncertain date, required
    OPTIONAL_DATE = "optional_date"  # an uncertain date, or none
    TIME = "time"                    # HH:MM, or none
    NUMBER = "number"                # a whole number, or none
    FLAG = "flag"                    # yes or no
    TRISTATE = "tristate"            # yes, no, or not recorded
    CODES = "codes"                  # several codes of a vocabulary
    CHILDREN = "children"            # the ids of the children the event concerns (a link table)


@dataclass(frozen=True)
class Field:
    name: str                                   # the attribute of EventDetails
    label: str                                  # what people read: editor, history, table, paper
    kind: Kind
    csv: str                                    # the interchange column that carries it
    required: bool = False                      # an import's header must name its column
    column: str | None = None                   # the events column; None when in a link table
    vocabulary: Mapping[str, str] | None = None  # code → label, for codes

    @property
    def stored_in(self) -> str:
        """The events column of a field kept there (every one of :data:`STORED_FIELDS`)."""
        if self.column is None:
            raise ValueError(f"{self.name} is kept in a link table, not a column of events")
        return self.column

    def label_of(self, code: str) -> str:
        """A code's label, or the code itself where the vocabulary has none."""
        return (self.vocabulary or {}).get(code, code)


K = Kind
#: In the interchange CSV's column order. Two fields share the "significance" column (a key
#: event and a rating are written together, as "key;red").
EVENT_FIELDS: tuple[Field, ...] = (
    Field("child_ids", "Children", K.CHILDREN, "child_ref", required=True),
    Field("date", "Date", K.DATE, "date", required=True, column="date"),
    Field("time", "Time", K.TIME, "time", column="time"),
    Field("end_date", "End date", K.OPTIONAL_DATE, "end_date", column="end_date"),
    Field("agency", "Source agency", K.TEXT, "agency", required=True, column="agency"),
    Field("role", "Source role", K.TEXT, "role", required=True, column="role"),
    Field("event_type", "Event type", K.CODE, "event_type", required=True, column="event_type",
          vocabulary=EVENT_TYPES),
    Field("categories", "Concern categories", K.CODES, "categories", vocabulary=CATEGORIES),
    Field("summary", "What happened", K.TEXT, "summary", required=True, column="summary"),
    Field("impact", "Impact on the child", K.TEXT, "impact", column="impact"),
    Field("action", "Action / outcome", K.TEXT, "action", column="action"),
    Field("child_voice", "Child's voice", K.TEXT, "child_voice", column="child_voice"),
    Field("key_event", "Key event", K.FLAG, "significance", column="key_event"),
    Field("rating", "Rating", K.RATING, "significance", column="rating", vocabulary=RATINGS),
    Field("recorded_by", "Recorded by", K.TEXT, "recorded_by", column="recorded_by"),
    Field("source_ref", "Agency's reference", K.TEXT, "source_ref", column="source_ref"),
    Field("sequence", "Sequence in the day", K.NUMBER, "sequence", column="sequence"),
    Field("seen_alone", "Seen alone", K.TRISTATE, "seen_alone", column="seen_alone"),
    Field("planned", "Planned", K.FLAG, "planned", column="planned"),
    Field("third_party", "Third-party information", K.CODES, "third_party", column="third_party",
          vocabulary=THIRD_PARTY_PARTS),
    Field("outcome", "Decision", K.CODE, "outcome", column="outcome", vocabulary=OUTCOME_LABELS),
)
FIELDS_BY_NAME: dict[str, Field] = {field.name: field for field in EVENT_FIELDS}
#: The interchange CSV's columns, in order, and those an import's header must name.
CSV_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(field.csv for field in EVENT_FIELDS))
REQUIRED_CSV_COLUMNS: tuple[str, ...] = tuple(field.csv for field in EVENT_FIELDS if field.required)
#: Fields held as free text: trimmed, checked for control characters.
TEXT_FIELDS: tuple[str, ...] = tuple(field.name for field in EVENT_FIELDS if field.kind is K.TEXT)
#: Fields the events table holds in a column of its own, in table order.
STORED_FIELDS: tuple[Field, ...] = tuple(field for field in EVENT_FIELDS if field.column)
#: The kinds whose value is stored as it is held (no conversion on the way in or out).
PLAIN_KINDS = frozenset({K.TEXT, K.CODE})


def label(name: str) -> str:
    """What people call a field: one place for every screen and the paper."""
    return FIELDS_BY_NAME[name].label


def value_text(field: Field, value: object, child_names: Mapping[int, str] | None = None) -> str:
    """A field's value as a person reads it (the history, the paper): labels, not codes."""
    kind = field.kind
    if value is None or value == "" or value == ():
        return ""
    if kind in (K.DATE, K.OPTIONAL_DATE):
        assert isinstance(value, FuzzyDate)
        return value.display()
    if kind is K.FLAG:
        return "Yes" if value else ""
    if kind is K.TRISTATE:
        return "Yes" if value else "No"
    if kind in (K.CODE, K.RATING):
        return field.label_of(str(value))
    if kind is K.CODES:
        assert isinstance(value, tuple)
        return ", ".join(field.label_of(code) for code in value)
    if kind is K.CHILDREN:
        names = child_names or {}
        assert isinstance(value, tuple)
        return ", ".join(names.get(child_id, f"#{child_id}") for child_id in value)
    return str(value)
