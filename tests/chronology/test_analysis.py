"""The worker's own analysis: written and dated, kept like any entry — a new one beside the
earlier, never over it — and under the audit trail."""
from datetime import date, timedelta

import pytest

from chronology.model import ValidationError


def test_an_analysis_is_kept_with_its_history(store, family):
    ava = family["A1"]
    assert store.analyses(ava) == []
    store.write_analysis(ava, "  Neglect raised again and again.\r\n\r\nNot escalated.  ", date(2026, 1, 10))
    store.write_analysis(ava, "Escalated now: strategy discussion held.", date(2026, 3, 1))
    written = store.analyses(ava)
    assert [a.text for a in written] == ["Neglect raised again and again.\n\nNot escalated.",
                                         "Escalated now: strategy discussion held."]
    assert written[-1].dated == date(2026, 3, 1) and written[-1].by == "Test Worker"
    assert [a.text for a in store.analyses(ava, up_to=date(2026, 2, 1))] == ["Neglect raised again and again.\n\n"
                                                                            "Not escalated."]
    assert store.analyses(family["A2"]) == []
    assert store.verify().intact


@pytest.mark.parametrize("text, dated, field", [
    ("   ", date(2026, 1, 1), "analysis"),
    ("x" * 4001, date(2026, 1, 1), "analysis"),
    ("a\x07b", date(2026, 1, 1), "analysis"),
    ("Fine", date.today() + timedelta(days=1), "dated"),
])
def test_an_analysis_that_cannot_be_kept_is_refused_and_nothing_is_written(store, family, text, dated, field):
    with pytest.raises(ValidationError) as refused:
        store.write_analysis(family["A1"], text, dated)
    assert refused.value.field == field
    assert store.analyses(family["A1"]) == [] and store.verify().intact


@pytest.mark.parametrize("tamper, message", [
    ("UPDATE analyses SET text = 'Nothing to worry about'", "The worker's analysis 1 differs"),
    ("DELETE FROM analyses", "The worker's analysis 1 is in the audit trail but not in the database"),
    ("INSERT INTO analyses(child_id, text, dated, written_at, written_by) SELECT child_id, 'Slipped in', dated, "
     "written_at, written_by FROM analyses", "The worker's analysis 2 is not in the audit trail"),
])
def test_an_analysis_changed_outside_chronology_is_found(store, family, tamper, message):
    store.write_analysis(family["A1"], "Neglect raised again and again.", date(2026, 1, 10))
    store.db.executescript("DROP TRIGGER analyses_kept; DROP TRIGGER analyses_not_deleted;")
    store.db.execute(tamper)
    result = store.verify()
    assert not result.intact and message in result.problem


def test_the_database_refuses_to_change_or_delete_an_analysis(store, family):
    from chronology.db import DatabaseError
    store.write_analysis(family["A1"], "Neglect raised again and again.", date(2026, 1, 10))
    for statement in ("UPDATE analyses SET text = 'other'", "DELETE FROM analyses"):
        with pytest.raises(DatabaseError):
            store.db.execute(statement)
