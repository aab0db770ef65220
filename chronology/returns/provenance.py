"""Where an entry came from, when it came from an agency's return: shown in its history, and
printed as the source prefix Chronolator's users know ("Police — OCC-22-05541")."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..dates import format_stamp


@dataclass(frozen=True)
class EntrySource:
    event_id: int
    agency: str
    file_name: str
    sha256: str
    received_at: str
    received_by: str
    place: str
    row: int
    row_word: str
    agency_type: str
    agency_concerns: str

    def describe(self) -> str:
        where = ", ".join(part for part in (self.place, f"{self.row_word} {self.row}") if part)
        text = (f"From {self.agency}'s return {self.file_name} (SHA-256 {self.sha256[:16]}…), {where}; received "
                f"{format_stamp(self.received_at, with_time=True)} by {self.received_by}")
        words = "; ".join(part for part in (self.agency_type, self.agency_concerns) if part)
        return text + (f"; their words: {words}" if words else "")


_QUERY = ("SELECT s.event_id, r.agency, r.file_name, r.sha256, r.received_at, r.received_by, s.place, s.row_number, "
          "s.agency_type, s.agency_concerns FROM event_sources s JOIN agency_returns r ON r.id = s.return_id "
          "WHERE s.event_id IN ({})")


def sources_of(store, ids: Iterable[int]) -> dict[int, EntrySource]:
    wanted = sorted(set(ids))
    found: dict[int, EntrySource] = {}
    for start in range(0, len(wanted), 500):
        page = wanted[start:start + 500]
        for row in store.db.execute(_QUERY.format(", ".join("?" * len(page))), page):
            event_id, agency, file_name, sha256, at, by, place, number, kind, concerns = row
            word = "line" if file_name.casefold().endswith(".csv") else "row"
            found[event_id] = EntrySource(event_id, agency, file_name, sha256, at, by, place, number, word, kind,
                                          concerns)
    return found


def source_of(store, event_id: int) -> EntrySource | None:
    return sources_of(store, [event_id]).get(event_id)


def source_prefix(agency: str, source_ref: str) -> str:
    """The prefix printed before an entry from another agency: "Police — OCC-22-05541"."""
    return f"{agency} — {source_ref}" if source_ref else agency
