"""Conference-ready chronologies: what goes into a printed chronology (this module) and how it is
laid out on A4 (``pdf.py``, reportlab, no Qt)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any

from ..findings import Finding, Picture, assess, findings_from
from ..model import Acknowledgement, Analysis, Child, EventDetails
from ..queries import EventFilter, matching_ids
from ..returns.provenance import EntrySource, sources_of
from ..returns.same import linked
from ..rules import Flag, RuleContext, child_events
from ..store import Store
from ..vocabulary import event_type_label


@dataclass(frozen=True)
class ReportChoice:
    """What the worker asked to print."""

    date_from: date | None = None
    date_to: date | None = None
    key_only: bool = False
    agencies: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    family: bool = False
    #: The version shared with the family: third-party information is left out of the file itself.
    for_family: bool = False
    landscape: bool = True

    def audit_detail(self) -> dict:
        """Every choice that shapes the document, as the audit trail records it: the entry says
        exactly what the file written holds."""
        return {"from": self.date_from.isoformat() if self.date_from else None,
                "to": self.date_to.isoformat() if self.date_to else None,
                "key_only": self.key_only, "agencies": list(self.agencies), "event_types": list(self.event_types),
                "family": self.family, "for_family": self.for_family,
                "paper": "landscape" if self.landscape else "portrait"}

    def covers(self, earliest: date | None, latest: date | None) -> bool:
        """Whether something that may fall between these days may fall in the chosen period."""
        return ((self.date_to is None or earliest is None or earliest <= self.date_to)
                and (self.date_from is None or latest is None or latest >= self.date_from))


@dataclass(frozen=True)
class ChildPart:
    """One child of the document: their details, the flags their chronology raises with evidence
    in the chosen period (each with its recorded response, if acknowledged), those flags gathered
    into findings, and the child's current picture as of the day judged."""

    child: Child
    flags: list[Flag]
    acknowledged: dict[str, Acknowledgement] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    picture: Picture | None = None
    #: The worker's analysis current on the day judged (not in the family's copy).
    analysis: Analysis | None = None


@dataclass(frozen=True)
class ReportData:
    """Everything the document shows, gathered before any layout."""

    child: Child
    children: dict[int, str]
    events: list[tuple[int, EventDetails]]
    parts: list[ChildPart]
    choice: ReportChoice
    produced_by: str
    produced_at: datetime
    counts: list[tuple[str, int]] = field(default_factory=list)
    withheld_entries: int = 0
    withheld_passages: int = 0
    #: The audit trail's latest hash when the document was made: the file can be checked against paper.
    chain_hash: str = ""
    #: By event id: the names of the children it concerns who were born after it.
    born_after: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: The day the flags were judged as of: the end of the period, or the day it was produced.
    judged: date | None = None
    #: By event id: where an entry from an agency's return came from.
    sources: dict[int, EntrySource] = field(default_factory=dict)
    #: By event id: the other entries in the document linked with it as the same happening.
    same_as: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @cached_property
    def numbers(self) -> dict[int, int]:
        """Each entry's number in the document ("entry 47"), by event id."""
        return {event_id: number for number, (event_id, _) in enumerate(self.events, start=1)}

    def numbers_of(self, ids: tuple[int, ...]) -> list[str]:
        """The document's numbers of these entries, those it holds, in order."""
        return [str(number) for number in sorted(self.numbers[i] for i in ids if i in self.numbers)]

    @property
    def flags(self) -> list[Flag]:
        return [flag for part in self.parts for flag in part.flags]

    @property
    def is_family(self) -> bool:
        return len(self.children) > 1

    @property
    def title(self) -> str:
        whose = f"the {self.child.details.family} family" if self.choice.family and self.child.details.family \
            else self.child.name
        return f"Chronology of {whose}" + (" — for sharing with the family" if self.choice.for_family else "")

    @property
    def period(self) -> str:
        first, last = self.choice.date_from, self.choice.date_to
        if first and last:
            return f"{first:%d/%m/%Y} to {last:%d/%m/%Y}"
        if first:
            return f"from {first:%d/%m/%Y}"
        if last:
            return f"up to {last:%d/%m/%Y}"
        return "the whole chronology"

    @property
    def agencies(self) -> list[str]:
        return sorted({details.agency for _, details in self.events}, key=str.casefold)


def gather(store: Store, child_id: int, choice: ReportChoice, context: RuleContext, as_of: date,
           produced_by: str, produced_at: datetime | None = None) -> ReportData:
    """Read the chosen events (in date order), each child's flags and the counts for one child or
    a family."""
    child = store.child(child_id)
    members = [child] + (store.siblings(child_id) if choice.family else [])
    children = {member.id: member.name for member in members}
    spec = EventFilter(child_ids=tuple(children), date_from=choice.date_from, date_to=choice.date_to,
                       agencies=choice.agencies, event_types=choice.event_types,
                       significance=("key",) if choice.key_only else ())
    ids = matching_ids(store.db, spec)
    details = {}
    for start in range(0, len(ids), 500):
        details.update(store.details_for(ids[start:start + 500]))
    events = [(event_id, details[event_id]) for event_id in ids]
    withheld_entries = withheld_passages = 0
    hidden: set[int] = set()
    if choice.for_family:
        events, hidden, withheld_passages = _without_third_party(store, tuple(children), events)
        withheld_entries = len([i for i in ids if i in hidden])
    # Flags as the chronology stood at the end of the period, found within it.
    judged = min(as_of, choice.date_to) if choice.date_to else as_of
    parts = []
    for member in members:
        rule_events = [e for e in child_events(store.db, member.id) if e.id not in hidden]
        when = {e.id: e.date for e in rule_events}
        assessment = assess(rule_events, context, judged)
        flags = [flag for flag in assessment.flags
                 if (choice.date_from is None or (flag.end or judged) >= choice.date_from)
                 and any(choice.covers(when[i].earliest, when[i].latest) for i in flag.event_ids if i in when)]
        written = [] if choice.for_family else store.analyses(member.id, up_to=judged)
        parts.append(ChildPart(member, flags, store.acknowledgements(member.id),
                               findings_from(flags, judged, context.settings["recent_months"]), assessment.picture,
                               written[-1] if written else None))
    births = {member.id: member.details.dob for member in members if member.details.dob}
    born_after = {event_id: tuple(children[c] for c in d.child_ids if c in births and d.date.latest is not None
                                  and d.date.latest < births[c])
                  for event_id, d in events}
    counts = Counter(event_type_label(d.event_type) for _, d in events)
    shown = [event_id for event_id, _ in events]
    same_as = {member: tuple(sorted(group - {member})) for group in linked(store.db, shown) for member in group}
    return ReportData(child, children, events, parts, choice, produced_by,
                      produced_at or datetime.now().astimezone(), sorted(counts.items(), key=lambda c: (-c[1], c[0])),
                      withheld_entries, withheld_passages, store.chain_hash(),
                      {event_id: names for event_id, names in born_after.items() if names}, judged,
                      sources_of(store, shown), same_as)


def _without_third_party(store: Store, child_ids: tuple[int, ...], events: list[tuple[int, EventDetails]]):
    """The entries and text a family may see: whole third-party entries dropped, third-party
    passages emptied. Also every third-party entry of the children's, so that no flag draws on one."""
    marks = ", ".join("?" * len(child_ids))
    hidden = {event_id for (event_id,) in store.db.execute(
        f"SELECT e.id FROM events e JOIN event_children ec ON ec.event_id = e.id "
        f"WHERE ec.child_id IN ({marks}) AND (';' || e.third_party || ';') LIKE '%;entry;%'", list(child_ids))}
    kept, passages = [], 0
    for event_id, details in events:
        if "entry" in details.third_party:
            hidden.add(event_id)
            continue
        emptied: dict[str, Any] = {part: "" for part in details.third_party}
        passages += sum(1 for part in emptied if getattr(details, part))
        kept.append((event_id, replace(details, **emptied)))
    return kept, hidden, passages
