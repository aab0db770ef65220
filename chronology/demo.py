"""A deterministic demo caseload: fictional families whose chronologies hold the patterns the
product exists to reveal (repeat referrals, missed appointments, drift, an unborn baby, siblings
sharing events). The same generator scales to benchmark stores."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .dates import FuzzyDate, Qualifier
from .demo_text import DISABILITIES, FAMILY_NAMES, GIVEN_NAMES, LANGUAGES, TEXT
from .model import Changes, ChildDetails, EventDetails
from .store import Store
from .vocabulary import ETHNICITIES

SOURCES = {  # event type -> (agency, role) choices
    "birth": [("Midwifery", "Community midwife")],
    "health_appointment": [("Health visiting", "Health visitor"), ("GP", "GP"), ("Dental", "Dentist")],
    "was_not_brought": [("Hospital", "Audiology"), ("Dental", "Community dental service"),
                        ("Hospital", "Paediatrician")],
    "school_attendance_concern": [("School", "Designated safeguarding lead")],
    "police_incident": [("Police", "Response officer")],
    "domestic_abuse_incident": [("Police", "Response officer"), ("Police", "Domestic abuse officer")],
    "referral": [("School", "Designated safeguarding lead"), ("Health visiting", "Health visitor"),
                 ("Police", "Public protection unit"), ("GP", "GP")],
    "hospital_attendance": [("Emergency department", "Paediatric liaison nurse")],
    "missing_from_home": [("Police", "Missing persons coordinator")],
    "school_exclusion": [("School", "Head teacher")],
    "escalation": [("School", "Designated safeguarding lead"), ("Health visiting", "Health visitor")],
}
SOCIAL_CARE = ("Children's social care", "Social worker")
CATEGORY_FOR = {
    "was_not_brought": ("neglect",), "school_attendance_concern": ("neglect",),
    "domestic_abuse_incident": ("domestic_abuse",), "police_incident": ("domestic_abuse",),
    "no_access_visit": ("neglect",), "missing_from_home": ("missing", "sexual_exploitation"),
    "hospital_attendance": ("neglect",),
}
ROUTINE = ("health_appointment", "child_seen", "school_attendance_concern", "management_oversight")
PRONOUNS = {"Female": "she", "Male": "he"}


@dataclass
class _Family:
    name: str
    risk: float  # 0 (thriving) .. 1 (chronic neglect, domestic abuse, substance misuse)
    children: list[tuple[int, ChildDetails]] = field(default_factory=list)
    events: list[EventDetails] = field(default_factory=list)


class _Writer:
    """Builds one family's events from its risk, with the rhythm of real case work."""

    def __init__(self, rng: random.Random, family: _Family, today: date, recorder: str):
        self.rng, self.family, self.today, self.recorder = rng, family, today, recorder

    def add(self, kind: str, when: date | FuzzyDate, child_ids: tuple[int, ...], *,
            source: tuple[str, str] | None = None, rating: str | None = None, key: bool = False,
            seen_alone: bool | None = None, end: date | None = None,
            third_party: tuple[str, ...] = (), outcome: str = "", text: str = "") -> None:
        if isinstance(when, date) and when > self.today:
            return
        fuzzy = when if isinstance(when, FuzzyDate) else FuzzyDate(when.year, when.month, when.day)
        agency, role = source or self.rng.choice(SOURCES.get(kind, [SOCIAL_CARE]))
        concerned = [d for i, d in self.family.children if i in child_ids]
        names = [d.preferred_name or d.name.split()[0] for d in concerned]
        options = (TEXT.get(f"{kind}:{text or outcome}") or TEXT.get(f"{kind}:{role}") or TEXT.get(f"{kind}:{agency}")
                   or TEXT.get(kind, TEXT["contact"]))
        summary, impact, action, voice = self.rng.choice(options)
        pronoun = PRONOUNS.get(concerned[0].gender, "they") if len(concerned) == 1 else "they"
        fill = {"child": " and ".join(names) or "the child", "pronoun": pronoun,
                "agency": agency.lower() if agency != "GP" else "the GP"}
        self.family.events.append(EventDetails(
            date=fuzzy, agency=agency, role=role, event_type=kind, summary=summary.format(**fill),
            impact=impact.format(**fill), action=action.format(**fill),
            child_voice=voice.format(**fill), child_ids=tuple(sorted(child_ids)),
            categories=CATEGORY_FOR.get(kind, ()), rating=rating, key_event=key,
            seen_alone=seen_alone, recorded_by=self.recorder, third_party=third_party, outcome=outcome,
            end_date=FuzzyDate(end.year, end.month, end.day) if end and end <= self.today else None))

    def child_life(self, child_id: int, details: ChildDetails) -> None:
        if details.dob is None or details.dob_is_expected:
            return
        self.add("birth", details.dob, (child_id,), key=True)
        for weeks in (2, 8, 52, 104, 156, 208):
            when = details.dob + timedelta(weeks=weeks, days=self.rng.randint(0, 20))
            missed = self.rng.random() < 0.15 + 0.5 * self.family.risk
            self.add("was_not_brought" if missed else "health_appointment", when, (child_id,),
                     rating="amber" if missed else None)
        school_start = date(details.dob.year + 5, 9, 1)
        term = school_start
        while term < self.today:
            if self.rng.random() < self.family.risk * 0.6:
                self.add("school_attendance_concern", term + timedelta(days=self.rng.randint(20, 80)),
                         (child_id,), rating="amber")
            term += timedelta(days=122)
        if details.dob.year + 13 < self.today.year and self.rng.random() < self.family.risk:
            self.add("missing_from_home", date(details.dob.year + 14, 6, 12), (child_id,),
                     rating="red", key=True)

    def household(self, start: date) -> None:
        """Incidents and the social-care response, shared by the siblings then living at home."""
        day = start
        while day < self.today:
            day += timedelta(days=int(self.rng.expovariate(1 / (700 - 560 * self.family.risk))))
            living = tuple(i for i, d in self.family.children if d.dob and d.dob <= day and not d.dob_is_expected)
            if not living or day >= self.today:
                continue
            roll = self.rng.random()
            if roll < 0.45:
                self.add("domestic_abuse_incident", day, living, rating="red")
            elif roll < 0.6:
                self.add("household_change", day, living)
            elif roll < 0.7:  # a neighbour's call: third-party information, left out of the family's copy
                self.add("contact", day, living, source=("Neighbour", "Neighbour"), third_party=("entry",))
            if self.rng.random() < 0.35 + 0.5 * self.family.risk:
                day = self.episode(day + timedelta(days=self.rng.randint(1, 30)), living)

    def episode(self, referral: date, ids: tuple[int, ...]) -> date:
        """A referral and what followed: decision, assessment (sometimes drifting), maybe a plan."""
        for child in ids:
            self.add("referral", referral, (child,), rating="amber", key=True)
        late = self.rng.random() < 0.3
        decided = referral + timedelta(days=4 if late else 1)
        if self.rng.random() < 0.3:  # no assessment: no further action, or early help
            self.add("referral_decision", decided, ids, source=SOCIAL_CARE,
                     outcome=self.rng.choice(("nfa", "early_help")))
            return referral + timedelta(days=30)
        self.add("referral_decision", decided, ids, source=SOCIAL_CARE, outcome="assessment")
        start = referral + timedelta(days=3)
        self.add("assessment_start", start, ids, source=SOCIAL_CARE)
        drift = self.rng.random() < self.family.risk * 0.7
        done = start + timedelta(days=self.rng.randint(150, 230) if drift else self.rng.randint(20, 55))
        visit = start
        while visit < done:
            visit += timedelta(days=self.rng.randint(8, 40 if not drift else 90))
            kind = self.rng.choice(["child_seen", "child_seen_alone", "no_access_visit", "child_views"])
            self.add(kind, visit, ids, source=SOCIAL_CARE, seen_alone=kind == "child_seen_alone")
        self.add("assessment_complete", done, ids, source=SOCIAL_CARE, key=True)
        if self.rng.random() > self.family.risk:
            self.add("case_closed", done + timedelta(days=14), ids, source=SOCIAL_CARE)
            return done + timedelta(days=14)
        strategy = done + timedelta(days=3)
        self.add("strategy_discussion", strategy, ids, source=SOCIAL_CARE, key=True, outcome="s47")
        self.add("s47_start", strategy, ids, source=SOCIAL_CARE)
        self.add("s47_outcome", strategy + timedelta(days=12), ids, source=SOCIAL_CARE, outcome="icpc")
        icpc = strategy + timedelta(days=self.rng.choice([18, 21, 30]))
        # A plan ends at a review conference: the first three months on, later ones six months apart.
        plan_end = icpc + timedelta(days=91 + 182 * self.rng.randint(1, 4))
        self.add("icpc", icpc, ids, source=SOCIAL_CARE, key=True, rating="red")
        self.add("cp_plan_start", icpc, ids, source=SOCIAL_CARE, key=True, end=plan_end)
        self.plan_visits(icpc, plan_end, ids)
        meeting = icpc + timedelta(days=self.rng.choice([10, 14, 25]))
        review = icpc + timedelta(days=91)
        while meeting < plan_end:
            self.add("core_group", meeting, ids, source=SOCIAL_CARE)
            if meeting >= review:
                self.add("rcpc", review, ids, source=SOCIAL_CARE, key=True)
                review += timedelta(days=182)
            meeting += timedelta(days=self.rng.randint(28, 60))
        self.add("rcpc", plan_end, ids, source=SOCIAL_CARE, key=True, text="end")
        self.add("cp_plan_end", plan_end, ids, source=SOCIAL_CARE, key=True)
        return plan_end

    def plan_visits(self, start: date, end: date, ids: tuple[int, ...]) -> None:
        """Statutory visits while a plan lasts: most every two to four weeks, the child seen alone at
        most of them; a family at higher risk is sometimes not seen for longer."""
        visit = start
        while True:
            visit += timedelta(days=self.rng.randint(10, 28) if self.rng.random() > self.family.risk * 0.3
                               else self.rng.randint(45, 70))
            if visit >= end:
                return
            kind = "child_seen_alone" if self.rng.random() < 0.6 else "child_seen"
            self.add(kind, visit, ids, source=SOCIAL_CARE, seen_alone=kind == "child_seen_alone", text="plan")
            if self.rng.random() < 0.3:
                self.add("child_views", visit, ids, source=SOCIAL_CARE)


def _make_family(rng: random.Random, index: int, today: date,
                 prefix: str = "C") -> tuple[str, float, list[ChildDetails]]:
    surname = FAMILY_NAMES[index % len(FAMILY_NAMES)]
    label = surname if index < len(FAMILY_NAMES) else f"{surname} ({index // len(FAMILY_NAMES) + 1})"
    if prefix != "C":
        label = f"{label} ({prefix})"
    risk = (0.9, 0.6, 0.1, 0.75)[index] if index < 4 else rng.random() ** 1.5
    size = (3, 2, 1, 2)[index] if index < 4 else rng.choice((1, 1, 2, 2, 3, 4))
    ethnicity, language = rng.choice(ETHNICITIES), rng.choice(LANGUAGES)
    years_back = (11, 13, 7, 5)[index] if index < 4 else rng.randint(3, 16)
    first_birth = today - timedelta(days=365 * years_back + rng.randint(0, 200))
    kids: list[ChildDetails] = []
    birth = first_birth
    for number in range(size):
        unborn = index == 0 and number == size - 1
        dob = today + timedelta(days=75) if unborn else birth
        gender = rng.choice(("Female", "Male"))
        given = rng.choice([n for n in GIVEN_NAMES[gender] if not any(k.name.startswith(n + " ") for k in kids)])
        kids.append(ChildDetails(
            ref=f"{prefix}{index + 1:05d}{number + 1}", name=("Baby " if unborn else given + " ") + surname,
            dob=dob, dob_is_expected=unborn, gender="Not known" if unborn else gender,
            ethnicity=ethnicity, first_language=language,
            disability="" if unborn else rng.choice(DISABILITIES), family=label))
        birth = min(today - timedelta(days=30), birth + timedelta(days=rng.randint(400, 1400)))
    return label, risk, kids


def generate(store: Store, *, children: int = 12, events: int | None = None, seed: int = 1,
             today: date | None = None, batch: int = 5000, progress=None, prefix: str = "C") -> Changes:
    """Write a demo caseload of ``children`` children. With ``events``, write exactly that many,
    trimming or padding each family's chronology in proportion to its size. ``prefix`` starts
    every reference, so that a second run can add to a store without clashing."""
    today = today or date.today()
    rng = random.Random(seed)
    pending: list[EventDetails] = []
    written, created = 0, 0
    all_ids: set[int] = set()
    index = 0
    while created < children:
        label, risk, kids = _make_family(rng, index, today, prefix)
        kids = kids[: children - created]
        family = _Family(label, risk)
        for details in kids:
            child_id, _ = store.add_child(details)
            family.children.append((child_id, details))
            all_ids.add(child_id)
        created += len(kids)
        writer = _Writer(rng, family, today, "Demo data")
        for child_id, details in family.children:
            writer.child_life(child_id, details)
        living = [d.dob for _, d in family.children if d.dob and not d.dob_is_expected]
        ids = tuple(i for i, _ in family.children)
        if living:
            start = min(living) - timedelta(days=200)
            writer.add("household_change", FuzzyDate(start.year, qualifier=Qualifier.APPROX), ids)
            writer.household(min(living))
        if index == 0:  # the unborn baby: a pre-birth referral from the midwife
            writer.add("referral", today - timedelta(days=40), (family.children[-1][0],),
                       source=("Midwifery", "Safeguarding midwife"), rating="red", key=True)
        if events is not None:
            quota = round(events * created / children) - written - len(pending)
            _fit(rng, writer, family, quota, today)
        pending.extend(family.events)
        if len(pending) >= batch:
            written += _flush(store, pending)
            if progress:
                progress(written, events or 0)
        index += 1
    written += _flush(store, pending)
    if progress:
        progress(written, events or written)
    return Changes(children=frozenset(all_ids), caseload=True)


def _fit(rng: random.Random, writer: _Writer, family: _Family, quota: int, today: date) -> None:
    """Trim or pad a family's events to ``quota``, keeping births and the story's key events."""
    events = family.events
    if len(events) > quota:
        keep = [e for e in events if e.key_event][: max(quota, 0)]
        rest = [e for e in events if not e.key_event]
        rng.shuffle(rest)
        family.events = keep + rest[: max(quota - len(keep), 0)]
        return
    born = [(i, d) for i, d in family.children if d.dob and not d.dob_is_expected and d.dob < today]
    while not born and len(family.events) < quota:  # an unborn baby alone: the family's history
        writer.add(rng.choice(("household_change", "contact")), today - timedelta(days=rng.randint(1, 300)),
                   (family.children[0][0],))
    while len(family.events) < quota:
        before = len(family.events)
        child_id, details = rng.choice(born)
        dob = details.dob
        assert dob is not None  # chosen from those born
        kind = rng.choice(ROUTINE)
        earliest = dob + timedelta(days=365 * 5 if kind == "school_attendance_concern" else 1)
        if earliest > today:  # too young for school: an appointment instead (born by yesterday at the latest)
            kind, earliest = "health_appointment", dob + timedelta(days=1)
        writer.add(kind, earliest + timedelta(days=rng.randint(0, (today - earliest).days)), (child_id,),
                   source=SOCIAL_CARE if kind in ("child_seen", "management_oversight") else None)
        if len(family.events) == before:  # pragma: no cover - add() only skips future dates
            break


def _flush(store: Store, pending: list[EventDetails]) -> int:
    count = len(pending)
    if pending:
        store.add_events(pending, validated=True)
        pending.clear()
    return count
