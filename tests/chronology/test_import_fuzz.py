"""The importer fuzzed: arbitrary bytes and damaged versions of a good file never crash it or hang
it, every refusal says where, and a refused file leaves nothing half-imported.

``tests/reliability/fuzz_import.py`` runs the same checks under atheris, for far longer."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronology.interchange import COLUMNS, ImportRejected, import_csv, read_events

TODAY = date(2026, 11, 26)
CHILDREN = {"a1": 1, "a2": 2, "b1": 3}
GOOD = (
    ",".join(COLUMNS[:COLUMNS.index("third_party") + 1]) + "\r\n"
    'A1;A2,14/3/17,21:15,,Police,Response officer,Domestic abuse incident,domestic_abuse,'
    '"Father shouting, ""get out""",Children woke,DASH done,Ava said she hid,key;red,PC Jones,P123,1,yes,,\r\n'
    "B1,c. 2016,,,School,DSL,school_attendance_concern,Neglect,Often late \u2013 \u00a3 for meals,,,,Amber,,,,,,"
    "summary\r\n"
    "A1,before 03/2018,,2019,Health visitor,HV,was_not_brought,neglect,Zo\u00eb not brought,,,,,,,,no,,\r\n"
).encode("utf-8")
FUZZ_SETTINGS = settings(max_examples=300, deadline=5000,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def check_reading(data: bytes) -> None:
    """The importer's promise for any input: events, or a refusal that says where and why."""
    lines = data.count(b"\n") + data.count(b"\r") + 1  # a lone carriage return ends a line too
    try:
        events, encoding = read_events(data, "fuzz.csv", CHILDREN, TODAY)
    except ImportRejected as rejected:
        assert rejected.problems
        header = None
        for problem in rejected.problems:
            assert problem.message and 0 <= problem.line <= lines
            if problem.column_number is not None:
                assert problem.column and problem.column_number >= 1
            header = header or problem.describe("fuzz.csv")
        assert header.startswith("fuzz.csv")
    else:
        assert len(events) <= lines and encoding in {"UTF-8", "UTF-16", "Windows-1252"}
        for event in events:
            assert event.child_ids and set(event.child_ids) <= set(CHILDREN.values())


def test_the_good_file_is_good():
    events, encoding = read_events(GOOD, "good.csv", CHILDREN, TODAY)
    assert len(events) == 3 and encoding == "UTF-8"


@FUZZ_SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    check_reading(data)


@FUZZ_SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_after_a_good_header(data):
    check_reading(GOOD.split(b"\r\n", 1)[0] + b"\r\n" + data)


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, bytes removed, bytes inserted) edits, as a damaged copy of a file would be."""
    for position, removed, inserted in edits:
        position %= len(data) + 1
        data = data[:position] + inserted + data[position + removed:]
    return data


TROUBLE = st.sampled_from([b'"', b",", b";", b"\n", b"\r", b"\x00", b"'", b"=", b"\xff", b"\xe9",
                           b"\xef\xbb\xbf", b"99/99/9999", b"c.", b"before", b";;", b'""'])
DAMAGE = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.one_of(st.binary(max_size=4), TROUBLE)),
                  min_size=1, max_size=6)


@FUZZ_SETTINGS
@given(DAMAGE)
def test_damaged_copies_of_a_good_file(edits):
    check_reading(mutate(GOOD, edits))


@pytest.fixture
def fuzz_store(store):
    from chronology.model import ChildDetails
    for ref in ("A1", "A2", "B1"):
        store.add_child(ChildDetails(ref=ref, name=f"Child {ref}", dob=date(2010, 1, 1)))
    return store


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(DAMAGE)
def test_a_damaged_file_goes_in_whole_or_not_at_all(fuzz_store, tmp_path_factory, edits):
    path = tmp_path_factory.mktemp("fuzz") / "damaged.csv"
    path.write_bytes(mutate(GOOD, edits))
    count = lambda: fuzz_store.db.execute("SELECT count(*) FROM events").fetchone()[0]  # noqa: E731
    audit_entries = fuzz_store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    before = count()
    try:
        imported = import_csv(fuzz_store, path)
    except ImportRejected:
        assert count() == before
        assert fuzz_store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_entries
    else:
        assert count() == before + len(imported.ids)
    assert fuzz_store.verify().problem is None
