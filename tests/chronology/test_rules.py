"""Every rule against hand-built chronologies, edges included: weekends and bank holidays, a
breach of exactly the threshold, leap years, uncertain dates, shared and withdrawn events."""
from datetime import date

import pytest

from chronology.dates import parse_date
from chronology.rules import RULES, RuleEvent, child_events, evaluate, load_settings
from chronology.rules.model import SettingsError
from chronology.workdays import WorkingCalendar
from tests.conftest import make_event

SETTINGS = load_settings()
CALENDAR = WorkingCalendar.load()
TODAY = date(2026, 11, 26)


def ev(event_id, when, kind="other", categories=(), agency="School", voice="", alone=None, end=None, outcome="",
       summary=""):
    return RuleEvent(event_id, parse_date(when, allow_future=True),
                     parse_date(end, allow_future=True) if end else None, kind, frozenset(categories),
                     agency, voice, alone, outcome, summary or f"entry {event_id}")


def flags(events, rule=None, as_of=TODAY, **settings):
    found = evaluate(sorted(events, key=lambda e: (e.date.sort_key(), e.id)), {**SETTINGS, **settings},
                     CALENDAR, as_of)
    return [f for f in found if rule is None or f.rule == rule]


def test_every_rule_id_is_the_contract():
    assert set(RULES) == {"re_referral", "repeat_concern", "start_again", "timescale", "drift", "not_seen",
                          "voice_absent", "was_not_brought", "co_occurring_parental_risks",
                          "neglect_accumulation", "no_escalation", "repeat_plan", "long_plan"}


def test_an_empty_chronology_has_no_flags():
    assert flags([]) == []


# -- re-referral -----------------------------------------------------------------------------

def test_re_referral_names_the_dates():
    [flag] = flags([ev(1, "11/01/2019", "referral"), ev(2, "03/05/2019", "referral")], "re_referral")
    assert flag.explanation.startswith("Referral on 03/05/2019 came 3 months and 22 days after the "
                                       "referral on 11/01/2019")
    assert flag.event_ids == (1, 2) and flag.certain
    assert (flag.start, flag.end) == (date(2019, 1, 11), date(2019, 5, 3))
    assert flag.settings == {"re_referral_months": 12}


@pytest.mark.parametrize("second, flagged", [("01/03/2020", True), ("02/03/2020", False)])
def test_re_referral_at_exactly_twelve_months(second, flagged):
    assert bool(flags([ev(1, "01/03/2019", "referral"), ev(2, second, "referral")], "re_referral")) == flagged


@pytest.mark.parametrize("second, flagged", [("28/02/2021", True), ("01/03/2021", False)])
def test_re_referral_from_a_leap_day(second, flagged):
    assert bool(flags([ev(1, "29/02/2020", "referral"), ev(2, second, "referral")], "re_referral")) == flagged


def test_uncertain_dates_give_a_possible_flag_never_a_certain_one():
    [flag] = flags([ev(1, "2019", "referral"), ev(2, "2020", "referral")], "re_referral")
    assert not flag.certain and "Possibly" in flag.explanation and "2019" in flag.explanation
    [flag] = flags([ev(1, "March 2019", "referral"), ev(2, "June 2019", "referral")], "re_referral")
    assert flag.certain  # however the months are read, they are within 12 months


# -- repeat concern, no escalation, was not brought, co-occurring risks, accumulation ---------------

def test_repeat_concern_from_several_agencies():
    events = [ev(1, "01/01/2018", categories={"neglect"}, agency="School"),
              ev(2, "01/06/2018", categories={"neglect"}, agency="GP"),
              ev(3, "01/12/2019", categories={"neglect"}, agency="Police")]
    [flag] = flags(events, "repeat_concern")
    assert "Neglect was raised 3 times between 01/01/2018 and 01/12/2019, by GP, Police and School" \
        in flag.explanation
    assert flags(events[:2], "repeat_concern") == []
    late = events[:2] + [ev(3, "02/01/2020", categories={"neglect"})]
    assert flags(late, "repeat_concern") == []  # the third came 24 months and a day after the first


def test_no_escalation_unless_something_changed():
    concerns = [ev(n, f"01/{m:02d}/2019", categories={"neglect"}) for n, m in ((1, 1), (2, 4), (3, 8))]
    [flag] = flags(concerns, "no_escalation")
    assert flag.severity == "high" and "no escalation" in flag.explanation
    escalated = concerns + [ev(9, "01/05/2019", "escalation", agency="School")]
    assert flags(escalated, "no_escalation") == []


@pytest.mark.parametrize("second, flagged", [("10/03/2020", True), ("11/03/2020", False)])
def test_was_not_brought_within_twelve_months(second, flagged):
    events = [ev(1, "10/03/2019", "was_not_brought", agency="Dental"),
              ev(2, second, "was_not_brought", agency="Hospital")]
    assert bool(flags(events, "was_not_brought")) == flagged


def test_co_occurring_parental_risk_factors():
    events = [ev(1, "01/01/2020", categories={"domestic_abuse"}, agency="Police"),
              ev(2, "01/05/2020", categories={"parental_mental_health"}, agency="GP"),
              ev(3, "01/12/2020", categories={"parental_drugs"}, agency="Substance misuse service")]
    [flag] = flags(events, "co_occurring_parental_risks")
    assert flag.event_ids == (1, 2, 3) and "toxic" not in flag.title.lower()
    spread = events[:2] + [ev(3, "02/01/2021", categories={"parental_alcohol"})]
    assert flags(spread, "co_occurring_parental_risks") == []


def test_neglect_builds_up_and_rising_is_said():
    older = [ev(n, f"{n:02d}/02/2023", "school_attendance_concern") for n in range(1, 3)]
    recent = [ev(10 + n, f"{n:02d}/03/2026", categories={"neglect"}) for n in range(1, 7)]
    [flag] = flags(older + recent, "neglect_accumulation")
    assert flag.severity == "high" and "rising: 6 in the last 12 months against 0" in flag.explanation
    assert "6 neglect indicators" in flag.explanation
    assert flags(older + recent[:5], "neglect_accumulation") == []  # 5 is not above the setting of 5


# -- start again ---------------------------------------------------------------------------------

def test_start_again_lists_the_history():
    events = [ev(1, "01/02/2016", "referral", {"neglect"}), ev(2, "01/06/2016", "case_closed"),
              ev(3, "01/03/2019", "referral", {"neglect"})]
    found = flags(events, "start_again")
    assert len(found) == 1
    assert "1 earlier closed episode (case closed on 01/06/2016)" in found[0].explanation
    assert "1 earlier concern of the same kind (neglect) since 01/02/2016" in found[0].explanation
    assert found[0].event_ids == (1, 2, 3)


# -- timescales, with weekends and bank holidays ------------------------------------------------------

@pytest.mark.parametrize("referral, decision, late", [
    ("15/03/2019", "18/03/2019", False),  # Friday, then Monday: one working day
    ("15/03/2019", "19/03/2019", True),
    ("01/06/2022", "06/06/2022", False),  # Wednesday; Thursday and Friday were jubilee holidays
    ("01/06/2022", "07/06/2022", True),
])
def test_referral_decision_in_working_days(referral, decision, late):
    events = [ev(1, referral, "referral"), ev(2, decision, "referral_decision")]
    assert bool(flags(events, "timescale")) == late


def test_overdue_as_of_a_day():
    events = [ev(1, "15/03/2019", "referral")]
    assert flags(events, "timescale", as_of=date(2019, 3, 18)) == []
    [flag] = flags(events, "timescale", as_of=date(2019, 3, 19))
    assert flag.title == "Referral decision overdue"
    assert flag.explanation == ("Referral decision due by Monday 18/03/2019 (1 working day after the referral on "
                                "15/03/2019); none recorded by Tuesday 19/03/2019, 1 day after the due day.")
    assert flag.due == date(2019, 3, 18)


def test_assessment_forty_five_working_days():
    on_time = CALENDAR.add_working_days(date(2019, 1, 7), 45)
    base = [ev(1, "07/01/2019", "referral"), ev(2, "07/01/2019", "referral_decision"),
            ev(3, "08/01/2019", "assessment_start")]
    assert flags(base + [ev(4, on_time.strftime("%d/%m/%Y"), "assessment_complete")], "timescale") == []
    late = on_time.replace(day=on_time.day + 1)
    [flag] = flags(base + [ev(4, late.strftime("%d/%m/%Y"), "assessment_complete")], "timescale")
    assert flag.explanation == ("Assessment due by Monday 11/03/2019 (45 working days after the referral on "
                                "07/01/2019); completed on Tuesday 12/03/2019, 1 day after the due day.")


def test_conference_core_group_and_reviews():
    events = [ev(1, "01/02/2019", "strategy_discussion"), ev(2, "01/02/2019", "s47_start"),
              ev(3, "22/02/2019", "icpc"), ev(4, "22/02/2019", "cp_plan_start"),
              ev(5, "15/03/2019", "core_group"), ev(6, "20/05/2019", "rcpc"), ev(7, "01/12/2019", "rcpc")]
    titles = sorted(f.title for f in flags(events, "timescale", as_of=date(2020, 1, 1)))
    # 15 working days from Friday 01/02/2019 is 22/02/2019: on time. Core group 15 working days
    # after the conference (10 allowed); first review within 3 months; the next 6 months + 11 days.
    assert titles == ["First core group late", "Review conference late"]


# -- drift, seeing and hearing the child ----------------------------------------------------------

@pytest.mark.parametrize("next_visit, flagged", [("26/03/2019", False), ("27/03/2019", True)])
def test_drift_at_exactly_eight_weeks(next_visit, flagged):
    events = [ev(1, "29/01/2019", "assessment_start"), ev(2, next_visit, "child_seen"),
              ev(3, "01/04/2019", "assessment_complete")]
    assert bool([f for f in flags(events, "drift") if "assessment" in f.title]) == flagged


def test_assessment_out_of_date_while_the_case_stays_open():
    events = [ev(1, "01/01/2020", "referral"), ev(2, "02/01/2020", "assessment_start"),
              ev(3, "01/02/2020", "assessment_complete")]
    titles = [f.title for f in flags(events, "drift", as_of=date(2021, 3, 1))]
    assert "Assessment out of date" in titles
    closed = events + [ev(4, "01/03/2020", "case_closed")]
    assert "Assessment out of date" not in [f.title for f in flags(closed, "drift", as_of=date(2021, 3, 1))]


def test_not_seen_and_not_seen_alone_while_open():
    events = [ev(1, "07/01/2019", "referral"), ev(2, "14/01/2019", "child_seen_alone", alone=True),
              ev(3, "11/03/2019", "child_seen"), ev(4, "15/04/2019", "case_closed")]
    titles = [f.title for f in flags(events, "not_seen")]
    # Seen on 14/01 and 11/03 (8 weeks: over 6); seen alone only on 14/01 until the case closed
    # on 15/04 (13 weeks: over 12).
    assert titles == ["Not seen for 1 month and 25 days", "Not seen alone for 3 months and 1 day"]
    # Once the case is closed, silence is not counted.
    assert flags(events, "not_seen", as_of=date(2024, 1, 1)) == flags(events, "not_seen")


def test_voice_absent_while_open():
    events = [ev(1, "07/01/2019", "referral"), ev(2, "14/01/2019", "child_seen", voice="I like school"),
              ev(3, "01/06/2019", "child_views")]
    [flag] = flags(events, "voice_absent", as_of=date(2019, 6, 2))
    assert "no views of the child were recorded for 4 months and 18 days" in flag.explanation


# -- plans ---------------------------------------------------------------------------------------

def test_second_plan_and_a_plan_of_two_years():
    events = [ev(1, "01/01/2016", "cp_plan_start"), ev(2, "01/01/2018", "cp_plan_end"),
              ev(3, "01/06/2019", "cp_plan_start")]
    [repeat] = flags(events, "repeat_plan", as_of=date(2020, 1, 1))
    assert "plan number 2" in repeat.explanation
    assert [f.title for f in flags(events, "long_plan", as_of=date(2020, 1, 1))] == [
        "Child protection plan of 2 years"]
    assert len(flags(events, "long_plan", as_of=date(2021, 6, 1))) == 2  # the second, still in place
    short = [ev(1, "01/01/2016", "cp_plan_start"), ev(2, "31/12/2017", "cp_plan_end")]
    assert flags(short, "long_plan") == []


# -- the store: shared, withdrawn and future events --------------------------------------------------

def test_rules_read_a_childs_events_from_the_store(store, family):
    ava, leo = family["A1"], family["A2"]
    store.add_event(make_event([ava, leo], "11/01/2019", event_type="referral"))
    store.add_event(make_event([ava], "03/05/2019", event_type="referral"))
    withdrawn, _ = store.add_event(make_event([leo], "01/03/2019", event_type="referral"))
    store.mark_in_error(withdrawn, "wrong child")
    ava_flags = evaluate(child_events(store.db, ava), SETTINGS, CALENDAR, TODAY)
    assert [f.rule for f in ava_flags if f.rule == "re_referral"] == ["re_referral"]
    leo_flags = evaluate(child_events(store.db, leo), SETTINGS, CALENDAR, TODAY)
    assert [f for f in leo_flags if f.rule == "re_referral"] == []  # the withdrawn one is ignored
    planned, _ = store.add_event(make_event([leo], "01/01/2099", event_type="referral", planned=True))
    assert all(planned not in f.event_ids for f in evaluate(child_events(store.db, leo), SETTINGS, CALENDAR, TODAY))


def test_settings_are_checked():
    assert load_settings(overrides={"re_referral_months": 6})["re_referral_months"] == 6
    with pytest.raises(SettingsError, match="unknown"):
        load_settings(overrides={"colour": 3})
    with pytest.raises(SettingsError, match="at least 1"):
        load_settings(overrides={"drift_weeks": 0})


def test_a_threshold_changes_the_finding_and_the_flag_says_which():
    events = [ev(1, "01/01/2019", "referral"), ev(2, "01/09/2019", "referral")]
    assert flags(events, "re_referral", re_referral_months=6) == []
    [flag] = flags(events, "re_referral", re_referral_months=9)
    assert flag.settings == {"re_referral_months": 9} and "within 9 months" in flag.explanation
