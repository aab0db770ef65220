"""Which column of a return holds which field: read from the headings where they are clear (our
own template's always are), remembered per agency once a worker has said, or asked for.

The headings agencies use, and their words for kinds of event and concerns, are in
``resources/agency-words.json``: a table anyone can read and extend, never code.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from ..resources_path import resource_path
from ..vocabulary import CATEGORIES, EVENT_TYPES

#: The fields a return's columns may carry, in the order of our template, with their labels.
RETURN_FIELDS: dict[str, str] = {
    "date": "Date",
    "time": "Time",
    "event_type": "Type of event",
    "summary": "What happened",
    "impact": "Impact on the child",
    "action": "Action taken",
    "child_voice": "The child's words",
    "categories": "Concerns",
    "recorded_by": "Recorded by",
    "role": "Role",
    "source_ref": "Agency's reference",
}
#: Without these a return cannot be received: when it happened, and what.
REQUIRED_FIELDS = ("date", "summary")
#: What a column mapped to nothing is.
IGNORED = ""
#: How far down a sheet the headings are looked for (an export's preamble is above them).
HEADING_SEARCH_ROWS = 40


def normalised(text: object) -> str:
    """A heading or a word as compared: case, accents, punctuation and spacing set aside."""
    value = unicodedata.normalize("NFKD", str(text or "")).casefold()
    value = "".join(c for c in value if not unicodedata.combining(c)).replace("&", " and ")
    value = re.sub(r"[’'`]", "", value)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value).split())


@dataclass(frozen=True)
class Words:
    """The agency-words table: headings → field; their words → event type or concern code."""

    headings: dict[str, str]
    event_types: dict[str, str]
    concerns: dict[str, str]
    first_words: dict[str, str]
    last_words: dict[str, str]
    never: frozenset[str]


def _lookup(vocabulary: Mapping[str, str], agencies_words: dict[str, list[str]], what: str) -> dict[str, str]:
    """Words (normalised) → code: the vocabulary's own labels and codes, then the agencies' words."""
    found = {normalised(label): code for code, label in vocabulary.items()}
    found.update({normalised(code): code for code in vocabulary})
    for code, texts in agencies_words.items():
        if code not in vocabulary:
            raise ValueError(f"agency-words.json: '{code}' is not {what}")
        found.update({normalised(text): code for text in texts})
    return found


@cache
def words() -> Words:
    data = json.loads(resource_path("agency-words.json").read_text(encoding="utf-8"))
    headings = {normalised(label): name for name, label in RETURN_FIELDS.items()}
    for name, texts in data["headings"].items():
        if name not in RETURN_FIELDS:
            raise ValueError(f"agency-words.json: '{name}' is not a field of a return")
        headings.update({normalised(text): name for text in texts})
    event_types = _lookup(EVENT_TYPES, data["event_types"], "an event type")
    concerns = _lookup(CATEGORIES, data["concerns"], "a concern category")
    for key in ("heading_first_words", "heading_last_words"):
        wrong = set(data[key].values()) - set(RETURN_FIELDS)
        if wrong:
            raise ValueError(f"agency-words.json: {sorted(wrong)} in {key} are not fields of a return")
    return Words(headings, event_types, concerns, dict(data["heading_first_words"]), dict(data["heading_last_words"]),
                 frozenset(data["heading_never"]))


def field_for_heading(heading: object) -> str | None:
    """The field a heading clearly names, or None: one of the headings agencies use, else one
    starting or ending with a word that says ('Date of Contact', 'Contact Type'), unless a word
    says it is some other date or kind ('Date of Birth', 'Review Date')."""
    table = words()
    key = normalised(heading)
    found = table.headings.get(key)
    if found or not key:
        return found
    parts = key.split()
    if table.never & set(parts):
        return None
    return table.first_words.get(parts[0]) or table.last_words.get(parts[-1])


@dataclass(frozen=True)
class Layout:
    """Where a grid's headings are and what each column holds."""

    heading_row: int            # the row's number as the file numbers it
    heading_index: int          # its place in the grid's rows
    headings: list[str]         # each column's heading ('' where none)
    columns: dict[int, str]     # column index → field

    def missing(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if name not in self.columns.values()]

    def column_of(self, field_name: str) -> int | None:
        return next((index for index, name in self.columns.items() if name == field_name), None)


def _text(cell: object) -> str:
    return cell.strip() if isinstance(cell, str) else ""


def find_headings(rows: Sequence[tuple[int, list[object]]]) -> tuple[int, list[str]] | None:
    """The row of headings: among the first rows, the one whose cells most clearly name fields;
    where none does, the first row of two or more text cells with a row of data below it. A
    heading merged down over two rows (Excel gives it in the upper row only) is taken from above."""
    best: tuple[int, int] | None = None
    candidates = rows[:HEADING_SEARCH_ROWS]
    for index, (_, cells) in enumerate(candidates):
        named = {field_for_heading(cell) for cell in cells if _text(cell)} - {None}
        if len(named) >= 2 and (best is None or len(named) > best[1]):
            best = (index, len(named))
    if best is None:
        for index, (_, cells) in enumerate(candidates[:-1]):
            texts = [cell for cell in cells if _text(cell)]
            if len(texts) >= 2 and len(set(map(_text, texts))) >= 2 and \
                    any(cell not in (None, "") for cell in candidates[index + 1][1]):
                best = (index, 0)
                break
    if best is None:
        return None
    index = best[0]
    headings = [_text(cell) for cell in rows[index][1]]
    below = rows[index + 1][1] if index + 1 < len(rows) else []
    if _names_fields_only(below):  # a second row of headings under cells merged across
        headings += [""] * (len(below) - len(headings))
        headings = [_text(below[column]) if column < len(below) and _text(below[column]) else heading
                    for column, heading in enumerate(headings)]
        index += 1
    elif index > 0:  # a heading merged down over this row is given in the row above only
        above = rows[index - 1][1]
        headings = [heading or (_text(above[column]) if column < len(above) else "")
                    for column, heading in enumerate(headings)]
    return index, headings


def _names_fields_only(cells: Sequence[object]) -> bool:
    """Whether a row is only headings: every filled cell text that clearly names a field."""
    filled = [cell for cell in cells if cell is not None and cell != ""]
    return bool(filled) and all(isinstance(cell, str) and field_for_heading(cell) for cell in filled)


def layout(rows: Sequence[tuple[int, list[object]]], remembered: Mapping[str, str] | None = None,
           given: Mapping[str, str] | None = None) -> Layout | None:
    """The grid's headings, and each column's field: as ``given`` (heading → field, from a worker
    now), else as ``remembered`` for this agency, else as the heading clearly says. None: no row
    of headings."""
    found = find_headings(rows)
    if found is None:
        return None
    index, headings = found
    chosen = {normalised(k): v for k, v in (remembered or {}).items()}
    chosen.update({normalised(k): v for k, v in (given or {}).items()})
    columns: dict[int, str] = {}
    for column, heading in enumerate(headings):
        if not heading:
            continue
        key = normalised(heading)
        name = chosen[key] if key in chosen else field_for_heading(heading)
        if name and name not in columns.values():
            columns[column] = name
    return Layout(rows[index][0], index, headings, columns)
