"""The casework rules as Working Together and the children-in-need census time them: decisions and
their outcomes, conferences from the strategy discussion that started the enquiry, due days named,
periods ended by their end dates, concerns counted where they were raised — and every rule
finishing, with the same answer, on any chronology."""
import ast
import random
import threading
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.dates import FuzzyDate, Qualifier
from chronology.rules import RuleEvent, evaluate
from chronology.rules.casework import open_periods
from chronology.vocabulary import EVENT_TYPES, OUTCOMES
from tests.chronology.test_rules import CALENDAR, SETTINGS, ev, flags

RULES_FOLDER = Path(__file__).resolve().parents[2] / "chronology" / "rules"


def titles(found):
    return [f.title for f in found]


# -- due days named ------------------------------------------------------------------------------

def test_a_step_done_on_the_weekend_after_its_due_friday_is_late_and_says_so():
    referral = next(day for day in (date(2022, 3, 1) + timedelta(days=n) for n in range(40))
                    if CALENDAR.add_working_days(day, 45) == date(2022, 5, 20))
    events = [ev(1, f"{referral:%d/%m/%Y}", "referral"), ev(2, f"{referral:%d/%m/%Y}", "referral_decision"),
              ev(3, f"{referral:%d/%m/%Y}", "assessment_start"), ev(4, "22/05/2022", "assessment_complete")]
    [flag] = flags(events, "timescale")
    assert flag.title == "Assessment late" and flag.due == date(2022, 5, 20)
    assert "Assessment due by Friday 20/05/2022" in flag.explanation
    assert "completed on Sunday 22/05/2022, 2 days after the due day." in flag.explanation
    assert "working days after the referral on" in flag.explanation and flag.certain


def test_an_uncertain_trigger_gives_the_days_it_could_be_due():
    [flag] = flags([ev(1, "March 2019", "referral")], "timescale", as_of=date(2019, 6, 1))
    assert "due between Monday 04/03/2019 and Monday 01/04/2019" in flag.explanation


# -- decisions and their outcomes ----------------------------------------------------------------

def test_no_assessment_is_expected_after_no_further_action_or_early_help():
    for outcome in ("nfa", "early_help"):
        events = [ev(1, "14/01/2019", "referral"), ev(2, "14/01/2019", "referral_decision", outcome=outcome)]
        assert flags(events, "timescale") == []


def test_a_decision_to_assess_expects_an_assessment():
    events = [ev(1, "14/01/2019", "referral"), ev(2, "14/01/2019", "referral_decision", outcome="assessment")]
    [flag] = flags(events, "timescale")
    assert flag.title == "Assessment overdue" and flag.event_ids == (1,)


def test_no_further_action_ends_the_involvement():
    events = [ev(1, "14/01/2019", "referral"), ev(2, "15/01/2019", "referral_decision", outcome="nfa")]
    assert open_periods(events, TODAY_) == [(date(2019, 1, 14), date(2019, 1, 15), False)]
    assert flags(events, "not_seen") == [] and flags(events, "voice_absent") == []


TODAY_ = date(2026, 11, 26)


# -- initial conferences ---------------------------------------------------------------------------

def conference_flags(events):
    return [f for f in flags(events, "timescale") if f.title.startswith("Initial child protection conference")]


def test_a_conference_in_time_from_the_discussion_that_started_the_enquiry():
    events = [ev(1, "01/04/2019", "strategy_discussion", outcome="s47"), ev(2, "01/04/2019", "s47_start"),
              ev(3, "18/04/2019", "icpc")]
    assert conference_flags(events) == []


def test_a_follow_up_discussion_neither_restarts_the_clock_nor_orphans_the_first():
    events = [ev(1, "01/04/2019", "strategy_discussion", outcome="s47"), ev(2, "01/04/2019", "s47_start"),
              ev(3, "15/04/2019", "strategy_discussion"), ev(4, "30/04/2019", "icpc")]
    [flag] = conference_flags(events)  # one flag: late, from the first discussion
    assert flag.title == "Initial child protection conference late"
    assert "after the strategy discussion at which the section 47 enquiry started on 01/04/2019" in flag.explanation
    assert "held on Tuesday 30/04/2019" in flag.explanation and set(flag.event_ids) == {1, 2, 3, 4}


def test_an_enquiry_with_no_discussion_is_timed_from_its_start():
    events = [ev(1, "01/04/2019", "s47_start"), ev(2, "30/04/2019", "icpc")]
    [flag] = conference_flags(events)
    assert "after the start of the section 47 enquiry (no strategy discussion is recorded) on 01/04/2019" \
        in flag.explanation


def test_a_discussion_whose_outcome_is_not_recorded_is_timed_once_an_enquiry_starts():
    events = [ev(1, "01/04/2019", "strategy_discussion"), ev(2, "02/04/2019", "s47_start"),
              ev(3, "30/04/2019", "icpc")]
    [flag] = conference_flags(events)
    assert "at which the section 47 enquiry started on 01/04/2019" in flag.explanation and flag.certain


def test_no_conference_is_expected_after_no_enquiry_or_none_needed():
    assert conference_flags([ev(1, "01/04/2019", "strategy_discussion", outcome="no_s47")]) == []
    assert conference_flags([ev(1, "01/04/2019", "strategy_discussion", outcome="s47"),
                             ev(2, "10/04/2019", "s47_outcome", outcome="no_icpc")]) == []
    assert conference_flags([ev(1, "01/04/2019", "s47_start"), ev(2, "10/04/2019", "case_closed")]) == []


def test_an_enquiry_with_no_conference_is_overdue():
    [flag] = conference_flags([ev(1, "01/04/2019", "strategy_discussion", outcome="s47")])
    assert flag.title == "Initial child protection conference overdue" and flag.certain
    assert "due by Wednesday 24/04/2019" in flag.explanation  # Good Friday and Easter Monday are not working days


def test_a_discussion_with_no_outcome_and_nothing_after_is_only_possibly_overdue():
    [flag] = conference_flags([ev(1, "01/04/2019", "strategy_discussion")])
    assert not flag.certain and "outcome is not recorded" in flag.explanation


# -- plans and reviews ---------------------------------------------------------------------------------

def test_a_plans_end_date_ends_it_and_the_case_with_it():
    events = [ev(1, "10/01/2023", "referral"), ev(2, "11/01/2023", "referral_decision", outcome="strategy"),
              ev(3, "12/01/2023", "assessment_start"), ev(4, "20/01/2023", "strategy_discussion", outcome="s47"),
              ev(5, "01/02/2023", "icpc"), ev(6, "01/02/2023", "cp_plan_start", end="01/08/2023"),
              ev(7, "08/02/2023", "core_group"), ev(8, "01/05/2023", "rcpc"), ev(9, "20/02/2023", "child_seen_alone",
                                                                                   voice="said it is better"),
              ev(10, "10/03/2023", "assessment_complete")]
    for event_id, day in enumerate(("01/03/2023", "01/04/2023", "01/05/2023", "01/06/2023", "01/07/2023"), 11):
        events.append(ev(event_id, day, "child_seen_alone", voice="talked"))
    assert open_periods(sorted(events, key=RuleEvent.order), date(2025, 6, 1))[-1] == \
        (date(2023, 1, 10), date(2023, 8, 1), False)
    found = flags(events, as_of=date(2025, 6, 1))
    assert [f for f in found if f.end and f.end > date(2023, 8, 1)] == [], [f.title for f in found]


def test_two_reviews_on_one_day_finish_and_count_once():
    base = [ev(1, "01/02/2019", "icpc"), ev(2, "01/02/2019", "cp_plan_start"), ev(3, "08/02/2019", "core_group"),
            ev(4, "01/05/2019", "rcpc")]
    doubled = base + [ev(5, "01/05/2019", "rcpc")]
    judged = [f for f in evaluate_or_hang(doubled, date(2020, 1, 1)) if f.rule == "timescale"]
    assert titles(judged) == titles(flags(base, "timescale", as_of=date(2020, 1, 1))) == ["Review conference overdue"]


# -- concerns counted where they were raised --------------------------------------------------------

def test_the_authoritys_own_steps_do_not_raise_a_concern_again():
    steps = [ev(1, "01/01/2019", "referral", ["neglect"]), ev(2, "05/01/2019", "assessment_start", ["neglect"]),
             ev(3, "01/03/2019", "cp_plan_start", ["neglect"]), ev(4, "01/04/2019", "core_group", ["neglect"])]
    assert flags(steps, "repeat_concern") == [] and flags(steps, "no_escalation") == []
    raised = steps + [ev(5, "01/06/2019", "police_incident", ["neglect"]), ev(6, "01/07/2019", "contact", ["neglect"])]
    [flag] = flags(raised, "repeat_concern")
    assert flag.event_ids == (1, 5, 6) and flag.title == "Neglect raised 3 times"


def test_a_plan_categorised_neglect_is_not_a_neglect_indicator():
    plans = [ev(n, f"0{n}/0{n}/2019", "cp_plan_start" if n % 2 else "core_group", ["neglect"]) for n in range(1, 9)]
    assert flags(plans, "neglect_accumulation") == []


# -- every rule finishes, with the same answer whatever the order of entry -----------------------------

def test_no_rule_loops_without_bound():
    """Each rule walks finite sequences: no ``while`` loop and no function calling itself."""
    for path in RULES_FOLDER.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [node for node in ast.walk(tree) if isinstance(node, ast.While)], path.name
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            calls = {c.func.id for c in ast.walk(function) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
            assert function.name not in calls, f"{path.name}: {function.name} calls itself"


KINDS = sorted(EVENT_TYPES)
dates = st.builds(
    FuzzyDate, st.integers(2014, 2024), st.one_of(st.none(), st.integers(1, 12)), st.none(),
    st.sampled_from([Qualifier.EXACT, Qualifier.EXACT, Qualifier.EXACT, Qualifier.APPROX, Qualifier.BEFORE,
                     Qualifier.AFTER]))
days = st.builds(lambda year, month, day: FuzzyDate(year, month, day), st.integers(2014, 2024), st.integers(1, 12),
                 st.integers(1, 28))


@st.composite
def chronology_events(draw):
    count = draw(st.integers(0, 60))
    events = []
    for number in range(count):
        kind = draw(st.sampled_from(KINDS))
        when = draw(st.one_of(days, days, dates))
        end = draw(st.one_of(st.none(), st.none(), days)) if kind.endswith("_start") else None
        if end is not None and end.earliest < (when.latest or end.earliest):
            end = None
        outcome = draw(st.sampled_from([""] + sorted(OUTCOMES.get(kind, {}))))
        categories = frozenset(draw(st.lists(st.sampled_from(["neglect", "domestic_abuse", "parental_drugs",
                                                              "parental_mental_health"]), max_size=2)))
        events.append(RuleEvent(number + 1, when, end, kind, categories, draw(st.sampled_from(["School", "Police"])),
                                draw(st.sampled_from(["", "said she was hungry"])),
                                draw(st.sampled_from([None, True, False])), outcome, f"entry {number % 7}"))
    repeats = draw(st.lists(st.integers(0, max(count - 1, 0)), max_size=8)) if count else []
    for copy_of in repeats:  # the same entry recorded again (a file imported twice)
        events.append(events[copy_of]._replace(id=len(events) + 1))
    return events


def described(found, events):
    """Flags with their evidence as the entries it points at, not their ids."""
    by_id = {e.id: e[1:] for e in events}
    return sorted((f.rule, f.severity, f.title, f.explanation, f.start, f.end, f.certain, f.due,
                   tuple(sorted(map(repr, (by_id[i] for i in f.event_ids))))) for f in found)


def evaluate_or_hang(events, as_of, seconds=60):
    """The rules' answer, or a failure if they have not finished in ``seconds`` (a loop without end:
    the bound is a hang detector, far beyond any chronology's time)."""
    answer = []
    worker = threading.Thread(target=lambda: answer.append(evaluate(events, SETTINGS, CALENDAR, as_of)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert answer, f"the rules did not finish within {seconds} s on {len(events)} events"
    return answer[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(chronology_events(), st.randoms(use_true_random=False), st.sampled_from([date(2019, 6, 1), date(2026, 11, 26)]))
def test_any_chronology_finishes_with_one_answer_whatever_the_order_of_entry(events, shuffler, as_of):
    in_store_order = lambda items: sorted(items, key=lambda e: (e.date.sort_key(), e.id))  # noqa: E731
    first = evaluate_or_hang(in_store_order(events), as_of)
    reordered = list(events)
    shuffler.shuffle(reordered)
    renumbered = [event._replace(id=number) for number, event in enumerate(reordered, 1)]
    second = evaluate_or_hang(in_store_order(renumbered), as_of)
    assert described(first, events) == described(second, renumbered)


def test_a_long_chronology_of_same_day_steps_finishes():
    """20,000 events of a child whose file was imported twice: every step doubled, reviews too."""
    rng = random.Random(4)
    events = []
    day = date(2010, 1, 4)
    for number in range(10_000):
        kind = rng.choice(["rcpc", "core_group", "child_seen", "referral", "strategy_discussion", "icpc",
                           "cp_plan_start", "s47_start", "referral_decision", "assessment_start"])
        when = FuzzyDate(day.year, day.month, day.day) if number % 5 else FuzzyDate(day.year, day.month)
        events.append(RuleEvent(2 * number + 1, when, None, kind, frozenset(), "Police", "", None, "", "x"))
        events.append(RuleEvent(2 * number + 2, when, None, kind, frozenset(), "Police", "", None, "", "x"))
        day += timedelta(days=rng.choice([0, 0, 1]))
    assert isinstance(evaluate_or_hang(events, date(2026, 11, 26), seconds=120), list)


def test_a_plan_that_ended_without_its_review_says_so_not_overdue_today():
    events = [ev(1, "01/02/2019", "icpc"), ev(2, "01/02/2019", "cp_plan_start"), ev(3, "08/02/2019", "core_group"),
              ev(4, "01/05/2019", "rcpc"), ev(5, "20/12/2019", "cp_plan_end")]
    [flag] = flags(events, "timescale")
    assert flag.title == "Review conference missed" and flag.end == date(2019, 12, 20)
    assert flag.explanation.endswith("none was held before the plan ended on Friday 20/12/2019.")


def test_an_enquiry_during_a_plan_expects_no_initial_conference():
    events = [ev(1, "01/02/2019", "icpc"), ev(2, "01/02/2019", "cp_plan_start"), ev(3, "08/02/2019", "core_group"),
              ev(4, "01/04/2019", "rcpc"), ev(5, "10/06/2019", "strategy_discussion", outcome="s47"),
              ev(6, "10/06/2019", "s47_start"), ev(7, "01/10/2019", "rcpc")]
    assert conference_flags(events) == [] and flags(events, "timescale", as_of=date(2019, 12, 1)) == []


def test_a_second_plan_is_timed_from_its_own_conference_not_the_first_plans():
    events = [ev(1, "01/02/2015", "icpc"), ev(2, "01/02/2015", "cp_plan_start"), ev(3, "08/02/2015", "core_group"),
              ev(4, "01/04/2015", "rcpc"), ev(5, "01/06/2015", "cp_plan_end"),
              ev(6, "01/03/2020", "cp_plan_start"), ev(7, "05/03/2020", "core_group"), ev(8, "01/05/2020", "rcpc"),
              ev(9, "01/10/2020", "cp_plan_end")]
    found = flags(events, "timescale")
    assert not any("2015" in f.explanation and f.start and f.start.year == 2020 for f in found)
    assert not any(f.title.startswith("First core group") for f in found), [f.explanation for f in found]
