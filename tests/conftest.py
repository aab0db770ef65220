"""Shared test set-up: Qt runs offscreen; every database lives in tmp_path."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from chronology.dates import parse_date  # noqa: E402
from chronology.model import ChildDetails, EventDetails  # noqa: E402
from chronology.store import Store  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "case.db", "Test Worker", create=True)
    yield opened
    opened.close()


def make_event(child_ids, date_text: str = "14/03/2017", **overrides) -> EventDetails:
    """An event with sensible defaults; tests override what they are about."""
    values = dict(date=parse_date(date_text, allow_future=overrides.get("planned", False)),
                  agency="Police", role="Response officer", event_type="police_incident",
                  summary="Police called to the home after shouting was heard.",
                  child_ids=tuple(child_ids))
    values.update(overrides)
    return EventDetails(**values)


@pytest.fixture
def family(store: Store) -> dict[str, int]:
    """Two siblings in one family and a child from another."""
    ids = {}
    for ref, name, dob, family_name in (("A1", "Ava Hughes", "2014-05-02", "Hughes"),
                                        ("A2", "Leo Hughes", "2016-09-10", "Hughes"),
                                        ("B1", "Zoë Łukasz Nguyễn", "2012-01-20", "Nguyễn")):
        from datetime import date
        ids[ref], _ = store.add_child(ChildDetails(ref=ref, name=name, dob=date.fromisoformat(dob),
                                                   family=family_name))
    return ids
