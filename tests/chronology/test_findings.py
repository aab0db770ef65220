"""Findings and the current picture, against hand-built chronologies: a step overdue today, a gap
still open, a plan that ended, history only, uncertain dates — one finding per rule, what is wrong
now before what went wrong before, every headline traceable to its flags."""
from datetime import date

from chronology.findings import HISTORY, NOW, assess, findings_from, is_now
from chronology.rules import RuleContext
from chronology.rules.model import Flag
from tests.chronology.test_rules import CALENDAR, SETTINGS, ev

TODAY = date(2026, 11, 26)


def assessed(events, as_of=TODAY, **settings):
    ordered = sorted(events, key=lambda e: (e.date.sort_key(), e.id))
    return assess(ordered, RuleContext({**SETTINGS, **settings}, CALENDAR), as_of)


def by_rule(assessment):
    return {finding.rule: finding for finding in assessment.findings}


def test_a_step_overdue_today_is_wrong_now_and_says_what_and_since_when():
    found = by_rule(assessed([ev(1, "03/08/2026", "referral"), ev(2, "04/08/2026", "referral_decision",
                                                                  outcome="assessment")]))
    timescale = found["timescale"]
    assert timescale.status == NOW and timescale.severity == "high"
    assert "now overdue: assessment, due by" in timescale.headline


def test_an_open_gap_in_visits_is_wrong_now_and_says_how_long():
    events = [ev(1, "01/01/2026", "referral"), ev(2, "02/01/2026", "referral_decision", outcome="assessment"),
              ev(3, "05/01/2026", "assessment_start"), ev(4, "10/01/2026", "child_seen_alone"),
              ev(5, "20/02/2026", "assessment_complete")]
    assessment = assessed(events)
    not_seen = by_rule(assessment)["not_seen"]
    assert not_seen.status == NOW
    assert "now 10 months and 16 days without a visit" in not_seen.headline
    assert not_seen.count == len([f for f in assessment.flags if f.rule == "not_seen"])
    assert assessment.picture.last_seen == date(2026, 1, 10) == assessment.picture.last_seen_alone


def test_a_chronology_whose_troubles_are_all_old_is_history_only():
    events = [ev(1, "01/01/2015", "referral"), ev(2, "02/01/2015", "referral_decision", outcome="assessment"),
              ev(3, "05/01/2015", "assessment_start"), ev(4, "10/06/2015", "assessment_complete"),
              ev(5, "10/06/2015", "child_seen"), ev(6, "20/06/2015", "case_closed")]
    assessment = assessed(events)
    assert assessment.findings and {f.status for f in assessment.findings} == {HISTORY}
    assert assessment.picture.open_since is None and assessment.picture.plan is None
    assert assessment.picture.next_due is None


def test_a_plan_that_ended_is_not_in_the_picture_and_its_length_is_history():
    events = [ev(1, "01/01/2020", "icpc"), ev(2, "01/01/2020", "cp_plan_start", end="01/06/2023"),
              ev(3, "02/01/2020", "child_seen")]
    assessment = assessed(events)
    assert assessment.picture.plan is None
    long_plan = by_rule(assessment)["long_plan"]
    assert long_plan.status == HISTORY and "(01/01/2020 to 01/06/2023)" in long_plan.headline


def test_a_plan_in_place_and_the_next_step_due_are_in_the_picture():
    events = [ev(1, "02/11/2026", "strategy_discussion", outcome="s47"), ev(2, "02/11/2026", "s47_start"),
              ev(3, "16/11/2026", "icpc"), ev(4, "16/11/2026", "cp_plan_start"), ev(5, "17/11/2026", "child_seen")]
    picture = assessed(events).picture
    assert picture.plan == "Child protection plan" and picture.plan_since == date(2026, 11, 16)
    assert picture.open_since == date(2026, 11, 2)
    assert picture.next_due is not None and picture.next_due.step == "First core group"
    assert picture.next_due.due == date(2026, 11, 30)  # 10 working days after Monday 16/11/2026
    assert "the initial conference on 16/11/2026" in picture.next_due.basis


def test_a_pattern_is_now_while_its_latest_occurrence_is_recent():
    referrals = [ev(1, "01/01/2025", "referral", ["neglect"], summary="a"),
                 ev(2, "01/03/2025", "referral", ["neglect"], summary="b"),
                 ev(3, "01/06/2025", "referral", ["neglect"], summary="c")]
    assert by_rule(assessed(referrals, as_of=date(2026, 3, 1)))["repeat_concern"].status == NOW  # 9 months on
    assert by_rule(assessed(referrals))["repeat_concern"].status == HISTORY  # 17 months on
    assert by_rule(assessed(referrals, recent_months=18))["repeat_concern"].status == NOW  # a setting


def test_uncertain_dates_are_read_as_the_rules_read_them():
    events = [ev(1, "03/2026", "referral"), ev(2, "c. 2026", "child_seen"), ev(3, "05/2026", "child_views")]
    picture = assessed(events).picture
    assert picture.last_views == date(2026, 5, 1) and picture.last_seen is not None
    assert picture.referrals_last_12_months == 1


def test_referrals_of_one_day_count_once_in_the_picture():
    events = [ev(1, "01/10/2026", "referral", agency="Police"), ev(2, "01/10/2026", "referral", agency="School"),
              ev(3, "01/12/2025", "referral"), ev(4, "01/11/2025", "referral")]  # the last a year and more ago
    assert assessed(events).picture.referrals_last_12_months == 2


def test_one_finding_per_rule_most_severe_and_now_first():
    def flag(rule, severity, start, end, title="t"):
        return Flag(rule, severity, title, "", start, end, (1,))
    flags = [flag("was_not_brought", "medium", date(2018, 1, 1), date(2018, 6, 1)),
             flag("re_referral", "medium", date(2026, 1, 1), date(2026, 6, 1)),
             flag("re_referral", "high", date(2020, 1, 1), date(2020, 6, 1)),
             flag("repeat_plan", "high", date(2019, 1, 1), date(2019, 6, 1)),
             flag("start_again", "low", date(2026, 2, 1), date(2026, 3, 1))]
    found = findings_from(flags, TODAY, 12)
    assert [(f.rule, f.status, f.severity, f.count) for f in found] == [
        ("re_referral", NOW, "high", 2), ("start_again", NOW, "low", 1),
        ("repeat_plan", HISTORY, "high", 1), ("was_not_brought", HISTORY, "medium", 1)]
    assert found[0].first == date(2020, 1, 1) and found[0].last == date(2026, 6, 1)


def test_a_gap_that_closed_is_not_now_however_recent():
    closed = Flag("not_seen", "medium", "Not seen for 2 months", "", date(2026, 8, 1), date(2026, 10, 1), (1,),
                  {"not_seen_weeks": 6})
    assert not is_now(closed, TODAY, 12)
    running = Flag("not_seen", "medium", "Not seen for 2 months", "", date(2026, 9, 26), TODAY, (1,),
                   {"not_seen_weeks": 6})
    assert is_now(running, TODAY, 12)


def test_the_json_carries_the_contract():
    result = assessed([ev(1, "02/11/2026", "referral")]).to_json()
    assert set(result) >= {"as_of", "picture", "findings"} and result["as_of"] == "2026-11-26"
    assert set(result["picture"]) >= {"open_since", "plan", "last_seen", "last_seen_alone", "last_views", "next_due"}
    finding = result["findings"][0]
    assert set(finding) >= {"rule", "status", "severity", "headline", "count", "first", "last", "flags"}
    assert finding["flags"][0]["rule"] == finding["rule"]


def test_the_caseload_ranks_children_by_what_is_wrong_now():
    from chronology.findings import standings
    old = [ev(1, "01/01/2015", "referral"), ev(2, "02/01/2015", "referral_decision", outcome="assessment"),
           ev(3, "05/01/2015", "assessment_start"), ev(4, "10/06/2015", "assessment_complete"),
           ev(5, "10/06/2015", "child_seen"), ev(6, "20/06/2015", "case_closed")]
    overdue = [ev(11, "03/08/2026", "referral"), ev(12, "04/08/2026", "referral_decision", outcome="assessment")]
    quiet: list = []
    chronologies = {1: old, 2: overdue, 3: quiet}
    context = RuleContext(SETTINGS, CALENDAR)
    told = []
    ranked = standings(lambda child: sorted(chronologies[child], key=lambda e: (e.date.sort_key(), e.id)),
                       [1, 2, 3], context, TODAY, lambda done, total: told.append((done, total)))
    assert ranked[0].child_id == 2 and ranked[0].now_high >= 1
    assert "overdue" in ranked[0].first_now
    history_only = next(s for s in ranked if s.child_id == 1)
    assert (history_only.now_high, history_only.now_medium, history_only.now_low) == (0, 0, 0)
    assert history_only.before >= 1 and history_only.first_now == ""
    assert told[-1] == (3, 3)


def test_what_the_chronology_shows_is_built_by_rule_from_the_findings_with_their_evidence():
    from chronology.findings import observations
    events = [ev(1, "01/01/2026", "referral", ["neglect"], summary="a"),
              ev(2, "02/01/2026", "referral_decision", outcome="assessment"),
              ev(3, "05/01/2026", "assessment_start"), ev(4, "10/01/2026", "child_seen_alone"),
              ev(5, "01/03/2026", "contact", ["neglect"], summary="b"),
              ev(6, "01/05/2026", "contact", ["neglect"], summary="c"),
              ev(7, "01/07/2026", "contact", ["neglect"], summary="d")]
    assessment = assessed(events)
    shows = observations(assessment.findings, assessment.picture)
    by_rules = {o.rules: o for o in shows}
    seen = next(o for o in shows if "not_seen" in o.rules)
    assert seen.sentence.startswith("While the case is open, the child was last seen on 10/01/2026")
    assert set(seen.event_ids) == {i for f in assessment.findings if f.rule in seen.rules for fl in f.flags
                                   for i in fl.event_ids}  # its evidence is its findings'
    assert any("raised again and again without being escalated" in o.sentence or "Concerns are building up"
               in o.sentence for o in shows)
    assert all(o.rules for o in shows) and by_rules
    quiet = assessed([ev(1, "01/01/2015", "other")])
    assert [o.sentence for o in observations(quiet.findings, quiet.picture)] == [
        "Nothing the rules look for is wrong as of 26/11/2026: no rule finds a pattern."]


def test_a_finding_whose_flags_are_all_possible_says_so():
    possible = Flag("re_referral", "medium", "Re-referral within 12 months", "", date(2025, 1, 1),
                    date(2025, 6, 1), (1, 2), {}, False)
    [finding] = findings_from([possible], TODAY, 12)
    assert finding.headline.endswith("(possible: it depends on dates not known to the day)")
    certain = Flag("re_referral", "medium", "Re-referral within 12 months", "", date(2026, 1, 1), date(2026, 6, 1),
                   (3, 4))
    [finding] = findings_from([possible, certain], TODAY, 12)
    assert "possible" not in finding.headline
