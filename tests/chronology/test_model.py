"""The domain model's own contracts (validation is exercised through the store and the importer)."""
import dataclasses

import pytest

from chronology.dates import parse_date
from chronology.model import EventDetails
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
