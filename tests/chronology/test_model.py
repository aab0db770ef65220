"""The domain model's own contracts (validation is exercised through the store and the importer)."""
import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronology.dates import parse_date
from chronology.model import CONTROL_CHARACTERS, EventDetails, holds_control_characters
from tests.conftest import make_event


def _every_field(details: EventDetails) -> dict:
    return {field.name: getattr(details, field.name) for field in dataclasses.fields(details)}


def test_built_from_every_field_it_is_the_same_event_as_the_constructor_builds():
    usual = dataclasses.replace(make_event([2, 1], "c. 2016", time="09:30"), end_date=parse_date("2018"),
                                categories=("neglect",), rating="amber", third_party=("summary",))
    quick = EventDetails.of(**_every_field(usual))
    assert quick == usual and hash(quick) == hash(usual) and repr(quick) == repr(usual)
    assert quick.cleaned() == usual.cleaned() and quick.to_json() == usual.to_json()


def test_built_from_every_field_it_is_still_frozen():
    quick = EventDetails.of(**_every_field(make_event([1])))
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.summary = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("change", [lambda values: values.pop("rating"),
                                    lambda values: values.update(colour="red")])
def test_a_missing_or_unknown_field_is_refused_rather_than_left_unset(change):
    values = _every_field(make_event([1]))
    change(values)
    with pytest.raises(TypeError, match="every field"):
        EventDetails.of(**values)


@given(st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=40) | st.text(max_size=40))
def test_control_characters_are_found_exactly_where_the_pattern_finds_them(text):
    assert holds_control_characters(text) == (CONTROL_CHARACTERS.search(text) is not None)


@pytest.mark.parametrize("text, holds", [("plain, with\ttab\r\n", False), ("caf\xe9 \u2013 \xa35", False),
                                         ("bell\x07", True), ("del\x7f", True), ("c1 \x85 next line", True),
                                         ("\u0185 and \u0c85 are letters", False), ("\U0001f600", False)])
def test_control_characters_next_to_other_multibyte_characters(text, holds):
    assert holds_control_characters(text) == holds


def test_an_outcome_belongs_to_a_decision_and_is_one_of_its_choices():
    import pytest

    from chronology.model import ValidationError
    from tests.conftest import make_event
    assert make_event([1], event_type="referral_decision", outcome="early_help").validated().outcome == "early_help"
    with pytest.raises(ValidationError, match="not an outcome of a referral decision: use nfa"):
        make_event([1], event_type="referral_decision", outcome="icpc").validated()
    with pytest.raises(ValidationError, match="recorded on a referral decision, a strategy discussion"):
        make_event([1], event_type="police_incident", outcome="nfa").validated()
