from collections import Counter
from datetime import date

from chronology.demo import generate
from chronology.queries import EventFilter, matching_ids
from chronology.store import Store

TODAY = date(2026, 11, 26)


def snapshot(store: Store):
    return [tuple(row) for row in store.db.execute(
        "SELECT date, agency, role, event_type, summary FROM events ORDER BY id")]


def test_same_seed_same_caseload(tmp_path):
    first, second = (Store.open(tmp_path / f"{n}.db", "x", create=True) for n in "ab")
    generate(first, seed=7, today=TODAY)
    generate(second, seed=7, today=TODAY)
    assert snapshot(first) == snapshot(second)
    other = Store.open(tmp_path / "c.db", "x", create=True)
    generate(other, seed=8, today=TODAY)
    assert snapshot(other) != snapshot(first)


def test_exact_sizes_for_benchmarks(tmp_path):
    store = Store.open(tmp_path / "big.db", "x", create=True)
    generate(store, children=40, events=2000, seed=2, today=TODAY)
    assert store.child_count() == 40
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 2000


def test_demo_holds_the_patterns_the_product_reveals(tmp_path):
    store = Store.open(tmp_path / "demo.db", "x", create=True)
    generate(store, today=TODAY)
    children = store.children()
    unborn = [c for c in children if c.details.dob_is_expected]
    assert unborn and unborn[0].details.dob > TODAY
    first_family = [c for c in children if c.details.family == unborn[0].details.family]
    kinds = Counter()
    for child in first_family:
        for event_id in matching_ids(store.db, EventFilter(child_ids=(child.id,))):
            kinds[store.event(event_id).details.event_type] += 1
    assert kinds["referral"] >= 3  # repeat referrals
    assert kinds["was_not_brought"] >= 2  # missed health appointments
    assert kinds["domestic_abuse_incident"] >= 1
    shared = store.db.execute("SELECT count(*) FROM (SELECT event_id FROM event_children "
                              "GROUP BY event_id HAVING count(*) > 1)").fetchone()[0]
    assert shared > 10  # siblings share incidents
    drift = store.db.execute(
        "SELECT count(*) FROM events s JOIN event_children cs ON cs.event_id = s.id "
        "JOIN events d ON d.event_type = 'assessment_complete' JOIN event_children cd ON cd.event_id = d.id "
        "AND cd.child_id = cs.child_id WHERE s.event_type = 'assessment_start' "
        "AND julianday(d.date_earliest) - julianday(s.date_earliest) > 120").fetchone()[0]
    assert drift >= 1  # an assessment that drifted for months
    agencies = {row[0] for row in store.db.execute("SELECT DISTINCT agency FROM events")}
    assert {"Police", "Health visiting", "GP", "School", "Children's social care"} <= agencies
    assert all(not c.details.dob or c.details.dob_is_expected or c.details.dob <= TODAY for c in children)
    assert store.db.execute("SELECT count(*) FROM events WHERE date_earliest > ?",
                            [TODAY.isoformat()]).fetchone()[0] == 0


def test_the_demo_is_realistic_practice(tmp_path):
    """Every demo entry passes the checks a worker's would (no child seen before birth); decisions
    carry their outcomes; plans have visits; words about a child match the child."""
    from chronology.model import check_born
    store = Store.open(tmp_path / "demo.db", "x", create=True)
    generate(store, children=30, seed=5, today=TODAY)
    births = store.births(c.id for c in store.children())
    ids = [row[0] for row in store.db.execute("SELECT id FROM events")]
    details = store.details_for(ids)
    for event in details.values():
        event.checked(TODAY)
        check_born(event, births.get)
    decisions = [d for d in details.values() if d.event_type in ("referral_decision", "strategy_discussion",
                                                                  "s47_outcome")]
    assert decisions and all(d.outcome for d in decisions)
    plans = [d for d in details.values() if d.event_type == "cp_plan_start"]
    assert plans
    for plan in plans:
        ends = plan.end_date.sort_date if plan.end_date else TODAY
        seen = [d for d in details.values() if d.event_type in ("child_seen", "child_seen_alone")
                and set(d.child_ids) & set(plan.child_ids) and plan.date.sort_date < d.date.sort_date < ends]
        assert len(seen) >= (ends - plan.date.sort_date).days // 75, plan  # visits, if not always often enough
    genders = {c.id: c.details.gender for c in store.children()}
    for event in details.values():
        voice = event.child_voice
        if " she " in f" {voice} " and len(event.child_ids) == 1:
            assert genders[event.child_ids[0]] == "Female", voice
        if " he " in f" {voice} " and len(event.child_ids) == 1:
            assert genders[event.child_ids[0]] == "Male", voice
