"""What the screens read, asked of the store: the caseload, a chronology's rows a page at a time,
the choices its filters offer, a child's events for the rules and the timeline. Mixed into
:class:`~chronology.store.Store`, so that a screen holds a store and never its connection."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from . import queries

if TYPE_CHECKING:
    from sqlite_utils import Database

    from .findings import ChildStanding
    from .returns.provenance import EntrySource
    from .returns.requests import Request
    from .returns.same import PossibleSame
    from .rules import RuleContext, RuleEvent
    from .timeline import Timeline


class Views:
    """Needs the store's ``db``."""

    db: Database

    def caseload(self, search: str = "") -> list[queries.CaseloadEntry]:
        """The children, by family, or those a search finds (see :func:`queries.caseload`)."""
        return queries.caseload(self.db, search)

    def matching_ids(self, spec: queries.EventFilter) -> list[int]:
        """The ids of the events a filter shows, in the order chosen (sorted and filtered in SQL)."""
        return queries.matching_ids(self.db, spec)

    def fetch_rows(self, ids: list[int]) -> dict[int, queries.EventRow]:
        """The rows of these events, for a page of the table."""
        return queries.fetch_rows(self.db, ids)

    def options_for(self, child_ids: tuple[int, ...]) -> dict[str, list[str]]:
        """The sources and event types these children's events use, for the filters."""
        return queries.options_for(self.db, child_ids)

    def rule_events(self, child_id: int) -> list[RuleEvent]:
        """A child's current events as the rules read them."""
        from .rules import child_events
        return child_events(self.db, child_id)

    def standings(self, child_ids: list[int], context: RuleContext, as_of: date,
                  progress: Callable[[int, int], None] | None = None) -> list[ChildStanding]:
        """Each child's findings as of a day, most wrong now first, for the caseload overview."""
        from .findings import standings
        return standings(self.rule_events, child_ids, context, as_of, progress)

    def timeline(self, child_ids: Iterable[int], today: date) -> Timeline:
        """These children's events and periods, placed in time."""
        from .timeline import timeline_for
        return timeline_for(self.db, child_ids, today)

    def return_requests(self) -> list[Request]:
        """Every request for an agency's return, and each return received, for the Returns view."""
        from .returns.requests import requests
        return requests(self)

    def possible_same(self, child_id: int) -> list[PossibleSame]:
        """A child's entries from returns that may record what another entry records, undecided."""
        from .returns.same import undecided
        return undecided(self, child_id)

    def entry_source(self, event_id: int) -> EntrySource | None:
        """Where an entry from an agency's return came from (None: recorded here)."""
        from .returns.provenance import source_of
        return source_of(self, event_id)

    def same_happening_as(self, event_id: int) -> list[int]:
        """The entries linked with this one as the same happening."""
        from .returns.same import linked_with
        return linked_with(self.db, event_id)

    def agency_mapping(self, agency: str) -> dict[str, str]:
        """How this agency's column headings were last mapped to fields."""
        from .returns.receive import remembered_mapping
        return remembered_mapping(self, agency)
