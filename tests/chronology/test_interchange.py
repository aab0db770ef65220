import csv
import io
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chronology.dates import FuzzyDate, Qualifier
from chronology.interchange import (
    FORMULA_STARTS,
    ImportRejected,
    _may_hold_protected_cells,
    export_csv,
    import_csv,
    protect_cell,
    read_events,
    read_rows,
    unprotect_cell,
)
from chronology.model import ChildDetails
from chronology.queries import EventFilter, matching_ids
from chronology.vocabulary import CATEGORIES, EVENT_TYPES
from tests.conftest import make_event

#: The columns of a file from before optional columns were added: what most files name.
HEADER = ("child_ref,date,time,end_date,agency,role,event_type,categories,summary,impact,action,child_voice,"
          "significance,recorded_by,source_ref")


def write(tmp_path, text: str, name="events.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_good_file_goes_in_as_one_transaction(store, family, tmp_path):
    path = write(tmp_path, HEADER + "\n"
                 "A1;A2,14/3/17,21:15,,Police,Response officer,Domestic abuse incident,domestic_abuse,"
                 "\"Father shouting, mother crying\",Children woke,DASH done,Ava said she hid,key;red,PC Jones,P123\n"
                 "B1,c. 2016,,,School,DSL,school_attendance_concern,Neglect;neglect,Often late,,,,Amber,,\n")
    imported = import_csv(store, path)
    ids, changes = imported.ids, imported.changes
    assert len(ids) == 2 and changes.children == set(family.values())
    shared = store.event(ids[0]).details
    assert shared.child_ids == (family["A1"], family["A2"])
    assert (shared.key_event, shared.rating, shared.time) == (True, "red", "21:15")
    assert shared.event_type == "domestic_abuse_incident" and shared.recorded_by == "PC Jones"
    other = store.event(ids[1]).details
    assert other.date == FuzzyDate(2016, qualifier=Qualifier.APPROX)
    assert other.categories == ("neglect",) and other.rating == "amber"
    assert other.recorded_by == "Test Worker"


def test_every_bad_row_reported_and_nothing_imported(store, family, tmp_path):
    path = write(tmp_path, HEADER + "\n"
                 "A1,14/03/2017,,,Police,Officer,police_incident,,Fine row,,,,,,\n"
                 "ZZ9,31/02/2017,25:00,,,Officer,made_up,neglekt,,,,,purple,,\n"
                 "A1,\"multi\nline\",,,Police,Officer,police_incident,,x,,,,,,\n"
                 "A1,01/01/2099,,,Police,Officer,police_incident,,future,,,,,,\n")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    report = rejected.value.report()
    where = {(p.line, p.column) for p in rejected.value.problems}
    assert where == {(3, "child_ref"), (3, "date"), (3, "time"), (3, "agency"), (3, "event_type"),
                     (3, "categories"), (3, "summary"), (3, "significance"), (4, "date"), (6, "date")}
    assert "events.csv, line 3, column 2 (date): '31/02/2017' is not a real date" in report
    assert "line 3, column 1 (child_ref): no child with the reference 'ZZ9'" in report
    assert "line 6, column 2 (date): '01/01/2099' is in the future" in report
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_header_problems_are_reported(store, family, tmp_path):
    path = write(tmp_path, "child_ref,date,colour\nA1,2017,red\n")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    messages = [p.describe("f") for p in rejected.value.problems]
    assert "f, line 1, column 3 (colour): unknown column" in messages
    assert "f, line 1, column agency: required column is missing" in messages


def test_windows_1252_text_from_excel_is_read_and_said(store, family, tmp_path):
    path = write(tmp_path, HEADER + "\nA1,2017,,,Police,Officer,other,,"
                 "Caf\xe9 visit \u2013 \u00a35 for the \u2018meter\u2019,,,,,,\n",
                 encoding="cp1252")
    imported = import_csv(store, path)
    assert store.event(imported.ids[0]).details.summary == "Caf\xe9 visit \u2013 \u00a35 for the \u2018meter\u2019"
    assert imported.summary("f.csv") == "Imported 1 event from f.csv (read as Windows-1252 text)"


def test_utf16_with_its_byte_order_mark_is_read(store, family, tmp_path):
    imported = import_csv(store, write(tmp_path, "\ufeff" + HEADER + "\nA1,2017,,,GP,GP,other,,Zo\xeb seen,,,,,,\n",
                                       encoding="utf-16-le"))
    assert imported.encoding == "UTF-16" and store.event(imported.ids[0]).details.summary == "Zo\xeb seen"


@pytest.mark.parametrize("data, where, says", [
    ((HEADER + "\nA1,2017,,,GP,GP,other,,Zo\xeb seen,,,,,,\nA1,2018,,,GP,GP,other,,x\xff,,,,,,\n").encode("utf-8")
     .replace(b"\xc3\xbf", b"\xff"), "line 3", "byte 0xff at character 25 is not UTF-8 text"),
    ((HEADER + "\nA1,2017,,,GP,GP,other,,bad ").encode() + b"\x81\n", "line 2", "is not UTF-8 or Windows-1252"),
    (b"PK\x03\x04\x14\x00\x06\x00", "f.csv", "this is an Excel workbook"),
])
def test_files_that_are_not_csv_text_are_refused_with_where(store, family, tmp_path, data, where, says):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    assert where in rejected.value.report() and says in rejected.value.report()
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_control_characters_are_refused_with_line_and_column(store, family, tmp_path):
    path = write(tmp_path, HEADER + "\nA1,2017,,,GP,GP,other,,fine,,,,,,\nA1,2017,,,GP,GP,other,,nul\x00 here,,,,,,\n")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    assert rejected.value.report() == (f"{path}, line 3, column 9 (summary): holds the control character U+0000, "
                                       "which is not text: the file is damaged, or not really CSV")


def test_a_file_too_big_to_import_at_once_is_refused_before_it_is_read(store, family, tmp_path):
    from chronology.interchange import MAX_IMPORT_BYTES
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:  # sparse: takes no disk, and would fill memory if it were read
        handle.truncate(MAX_IMPORT_BYTES + 1)
    with pytest.raises(ImportRejected, match="the file is 100 MB; Chronology imports up to 100 MB"):
        import_csv(store, path)


def test_a_missing_closing_quotation_mark_is_explained(store, family):
    data = (HEADER + "\nA1,2017,,,GP,GP,other,,\"never closed,,,,,,\n").encode()
    with pytest.raises(ImportRejected, match="line 2: the row cannot be read: the file ends inside a quoted value"):
        read_events(data, "f.csv", store.child_ids_by_ref())


def test_byte_order_mark_and_labels_accepted(store, family, tmp_path):
    path = write(tmp_path, "\ufeff" + HEADER.upper() + "\n"
                 "a1,2017,,,GP,GP,Was not brought to an appointment,Neglect,WNB,,,,Key event,,\n")
    ids = import_csv(store, path).ids
    details = store.event(ids[0]).details
    assert details.event_type == "was_not_brought" and details.key_event


def test_blank_lines_and_rows_of_empty_cells_are_passed_over(store, family, tmp_path):
    path = write(tmp_path, HEADER + "\n\n"
                 "A1,2017,,,GP,GP,other,,First,,,,,,\n"
                 ",,,,,,,,,,,,,,\n"
                 " , ,\t, ,,,,,,,,,,,\n"
                 "\n"
                 "A1,2018,,,GP,GP,other,,Second,,,,,,\n")
    ids = import_csv(store, path).ids
    assert [store.event(event_id).details.summary for event_id in ids] == ["First", "Second"]


def test_empty_file_is_refused(store, tmp_path):
    with pytest.raises(ImportRejected, match="empty"):
        import_csv(store, write(tmp_path, ""))


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+44 7700", "-1", "@cmd", "\tx", "\rx", "'=x", "''@y",
                                  "plain", "'quoted"])
def test_formula_protection_round_trips(text):
    protected = protect_cell(text)
    assert not protected.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unprotect_cell(protected) == text


formula_like = st.tuples(st.sampled_from(FORMULA_STARTS + ("'", "a")), st.text(max_size=5)).map("".join)


@given(st.lists(st.lists(st.one_of(st.text(max_size=6), formula_like), min_size=1, max_size=4),
                min_size=1, max_size=4), st.sampled_from(["\r\n", "\n", "\r"]))
@example([["a"], ["=1"]], "\r")
@example([["a"], ["=1,2"]], "\r")
@example([["a", "=1"]], "\r")
def test_a_file_with_a_protected_cell_is_never_read_as_having_none(rows, line_end):
    """A file may skip unprotecting cells cell by cell only when none can need it."""
    rows = [[protect_cell(cell) for cell in row] for row in rows]
    stream = io.StringIO(newline="")
    csv.writer(stream, lineterminator=line_end).writerows(rows)
    if any(cell.startswith("'") for row in rows for cell in row):
        assert _may_hold_protected_cells(stream.getvalue())


def test_exported_cells_cannot_run_as_formulas(store, family, tmp_path):
    store.add_event(make_event([family["A1"]], summary="=HYPERLINK(\"http://x\")", impact="-2+3",
                               child_voice="@SUM(1)"))
    out = tmp_path / "out.csv"
    assert export_csv(store, (family["A1"],), out) == 1
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


text_values = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"),
                      max_size=30).map(lambda t: t.replace("\r\n", "\n").replace("\r", "\n").strip())
required = text_values.filter(bool)
events = st.builds(
    lambda day, precision, qualifier, **kw: dict(
        date=FuzzyDate(day.year, None if precision == "y" else day.month,
                       day.day if precision == "d" else None, qualifier), **kw),
    st.dates(min_value=__import__("datetime").date(1990, 1, 1),
             max_value=__import__("datetime").date(2025, 12, 31)),
    st.sampled_from("dmy"), st.sampled_from(list(Qualifier)),
    agency=required, role=required, summary=required, impact=text_values, action=text_values,
    child_voice=text_values, source_ref=text_values, recorded_by=required,
    event_type=st.sampled_from(sorted(EVENT_TYPES)),
    categories=st.lists(st.sampled_from(sorted(CATEGORIES)), max_size=3, unique=True).map(
        lambda c: tuple(sorted(c))),
    time=st.one_of(st.none(), st.from_regex(r"\A([01][0-9]|2[0-3]):[0-5][0-9]\Z")),
    sequence=st.one_of(st.none(), st.integers(0, 99)),
    seen_alone=st.one_of(st.none(), st.booleans()), key_event=st.booleans(),
    rating=st.sampled_from([None, "red", "amber", "green"]),
    siblings=st.sampled_from([("A1",), ("A1", "A2")]),
    third_party=st.lists(st.sampled_from(["entry", "summary", "impact", "action", "child_voice"]), max_size=2,
                         unique=True).map(lambda parts: tuple(sorted(parts))),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(events, min_size=1, max_size=8))
def test_export_then_import_gives_back_the_same_events(tmp_path_factory, drawn):
    from chronology.store import Store
    folder = tmp_path_factory.mktemp("round")
    source = Store.open(folder / "source.db", "Worker", create=True)
    target = Store.open(folder / "target.db", "Worker", create=True)
    from chronology.model import ChildDetails
    for store in (source, target):
        store.add_child(ChildDetails(ref="A1", name="Ava"))
        store.add_child(ChildDetails(ref="A2", name="Leo"))
    refs = source.child_ids_by_ref()
    for values in drawn:
        values = dict(values)
        kids = tuple(refs[r.casefold()] for r in values.pop("siblings"))
        source.add_event(replace(make_event(kids), **values))
    out = folder / "out.csv"
    export_csv(source, (refs["a1"],), out)
    import_csv(target, out, duplicates="keep")  # arbitrary events may repeat one another

    def snapshot(store):
        ids = matching_ids(store.db, EventFilter(child_ids=(store.child_ids_by_ref()["a1"],)))
        return [store.event(i).details for i in ids]
    assert snapshot(target) == snapshot(source)
    source.close()
    target.close()


def test_read_events_on_huge_field_reports_it(store, family):
    data = (HEADER + "\nA1,2017,,,Police,Officer,other,,\"" + "x" * 200_000 + "\",,,,,,\n").encode()
    with pytest.raises(ImportRejected, match="line 2: the row cannot be read: a value is longer than 131,072 "
                                             "characters"):
        read_events(data, "big.csv", store.child_ids_by_ref())


def test_decision_outcomes_are_read_by_code_or_label_and_checked_against_the_decision(store, family, tmp_path):
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary,outcome\n"
                 "A1,14/03/2017,Children's social care,SW,referral_decision,Decided,No further action\n"
                 "A1,15/03/2017,Children's social care,SW,strategy_discussion,Discussed,s47\n")
    ids = import_csv(store, path).ids
    assert [store.event(i).details.outcome for i in ids] == ["nfa", "s47"]
    bad = write(tmp_path, "child_ref,date,agency,role,event_type,summary,outcome\n"
                "A1,14/03/2017,Children's social care,SW,referral_decision,Decided,s47\n"
                "A1,15/03/2017,Police,PC,police_incident,Called out,nfa\n"
                "A1,16/03/2017,Children's social care,SW,strategy_discussion,Discussed,maybe\n", name="bad.csv")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, bad)
    report = rejected.value.report()
    assert "line 2, column 7 (outcome): 's47' is not an outcome of a referral decision" in report
    assert "line 3, column 7 (outcome): A decision's outcome is recorded on a referral decision" in report
    assert "line 4, column 7 (outcome): 'maybe' is not a known decision" in report


def test_an_export_carries_the_outcome_back(store, family, tmp_path):
    store.add_event(make_event([family["A1"]], "14/03/2017", event_type="s47_outcome", outcome="no_icpc",
                               agency="Children's social care", role="SW", summary="No conference needed"))
    path = tmp_path / "out.csv"
    export_csv(store, (family["A1"],), path)
    header, row = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert header[-1] == "outcome" and row[-1] == "no_icpc"


def test_a_header_needs_only_the_required_columns(store, family, tmp_path):
    path = write(tmp_path, "summary,child_ref,event_type,date,role,agency\n"
                 "Seen at school,A1,child_seen,14/03/2017,DSL,School\n")
    assert len(import_csv(store, path).ids) == 1
    short = write(tmp_path, "child_ref,date,agency,summary\nA1,14/03/2017,School,Seen\n", name="short.csv")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, short)
    assert {p.column for p in rejected.value.problems} == {"role", "event_type"}


def test_an_import_refuses_a_visit_before_the_birth_on_its_line(store, family, tmp_path):
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary\n"
                 "A1,01/03/2014,Police,PC,police_incident,Incident in pregnancy\n"
                 "A1,01/03/2014,Children's social care,SW,child_seen,Seen at home\n")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    [problem] = rejected.value.problems
    assert (problem.line, problem.column) == (3, "date") and "was born on 02/05/2014" in problem.message


def test_an_import_finds_a_child_by_the_one_rule_for_references(store, tmp_path):
    from chronology.model import ChildDetails
    accented, _ = store.add_child(ChildDetails(ref="É1", name="Élodie"))
    sharp, _ = store.add_child(ChildDetails(ref="ß2", name="Straße"))
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary\n"
                 "é1,14/03/2017,Police,PC,police_incident,One\nSS2,14/03/2017,Police,PC,police_incident,Two\n")
    ids = import_csv(store, path).ids
    assert [store.event(i).details.child_ids for i in ids] == [(accented,), (sharp,)]


ROWS = ("child_ref,date,agency,role,event_type,summary\n"
        "A1,14/03/2017,Police,PC,police_incident,First\n")


@pytest.mark.parametrize("data, said", [
    (ROWS.encode("utf-32"), "UTF-32"),
    (ROWS.encode("utf-32-le"), "UTF-32"),
    (ROWS.encode("utf-16-le"), "UTF-16 text without the mark"),
    (ROWS.encode("utf-16-be"), "UTF-16 text without the mark"),
    (ROWS.encode("utf-8-sig") + ROWS.encode("utf-8-sig"), "byte-order mark"),
])
def test_encodings_we_cannot_be_sure_of_are_refused_plainly(store, family, tmp_path, data, said):
    path = tmp_path / "odd.csv"
    path.write_bytes(data)
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    assert said in rejected.value.report()
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_a_utf16_file_with_its_mark_is_still_read(store, family, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(ROWS.encode("utf-16"))
    assert len(import_csv(store, path).ids) == 1


@pytest.mark.parametrize("cell, said", [("1.5", "not a whole number"), ("-3", "not a whole number"),
                                        ("100000", "at most 99999"), ("9" * 400, "at most 99999"),
                                        ("１", "not a whole number")])
def test_a_sequence_is_a_small_whole_number(store, family, tmp_path, cell, said):
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary,sequence\n"
                 f"A1,14/03/2017,Police,PC,police_incident,First,{cell}\n")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    [problem] = rejected.value.problems
    assert (problem.line, problem.column, problem.column_number) == (2, "sequence", 7) and said in problem.message


def test_a_row_short_of_cells_is_refused_like_one_with_too_many(store, family, tmp_path):
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary,impact\n"
                 "A1,14/03/2017,Police,PC,police_incident,First\n"
                 "A1,14/03/2017,Police,PC,police_incident,Second,impact,extra\n")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    assert [(p.line, p.message) for p in rejected.value.problems] == [
        (2, "the row has 6 values but the header names 7 columns"),
        (3, "the row has 8 values but the header names 7 columns")]


def test_a_file_of_more_events_than_an_import_takes_is_refused_as_it_is_read(store, family, tmp_path, monkeypatch):
    from chronology import interchange
    monkeypatch.setattr(interchange, "MAX_ROWS", 3)
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary\n" + "".join(
        f"A1,14/03/2017,Police,PC,police_incident,Row {n}\n" for n in range(10)))
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, path)
    [problem] = rejected.value.problems
    assert problem.line == 5 and "more than 3 events" in problem.message


def test_importing_the_same_rows_twice_offers_them_as_duplicates_never_doubles_them(store, family, tmp_path):
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary\n"
                 "A1,14/03/2017,Police,PC,police_incident,Father shouting\n"
                 "A1;A2,15/03/2017,School,DSL,school_attendance_concern,Late again\n")
    assert len(import_csv(store, path).ids) == 2
    again = write(tmp_path, "child_ref,date,agency,role,event_type,summary\n"
                  "A1,14/03/2017,police,pc,Police incident,father   SHOUTING\n"  # the same, written differently
                  "A1,16/03/2017,School,DSL,school_attendance_concern,New concern\n"
                  "A1,16/03/2017,School,DSL,school_attendance_concern,New concern\n", name="again.csv")
    with pytest.raises(ImportRejected) as rejected:
        import_csv(store, again)
    said = [(p.line, p.message) for p in rejected.value.problems]
    assert [line for line, _ in said] == [2, 4]
    assert said[0][1].startswith("the same as an entry already recorded (14/03/2017, 'father   SHOUTING')")
    assert said[1][1].startswith("the same as line 3 of this file (16/03/2017, 'New concern')")
    assert "--skip-duplicates" in said[0][1]
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 2
    skipped = import_csv(store, again, duplicates="skip")
    assert len(skipped.ids) == 1 and skipped.left_out == 2 and "2 rows already recorded left out" in \
        skipped.summary("again.csv")
    assert len(import_csv(store, again, duplicates="keep").ids) == 3


def test_an_import_is_kept_once_the_store_is_closed(tmp_path, family, store):
    from chronology.store import Store
    path = write(tmp_path, "child_ref,date,agency,role,event_type,summary\nA1,14/03/2017,Police,PC,police_incident,x\n")
    import_csv(store, path)
    store.close()
    reopened = Store.open(store.path, "Checker")
    assert reopened.db.execute("SELECT count(*) FROM events").fetchone()[0] == 1 and reopened.verify().intact
    reopened.close()


def _naive_duplicates(store, events, lines):
    """What find_duplicates must answer, worked out the slow, obvious way: every entry compared."""
    from chronology.duplicates import content_key
    recorded = {}
    for (event_id,) in store.db.execute("SELECT id FROM events WHERE in_error = 0 ORDER BY id"):
        recorded.setdefault(content_key(store.event(event_id).details), event_id)
    found, first = [], {}
    for index, (details, line) in enumerate(zip(events, lines, strict=True)):
        key = content_key(details)
        if key in recorded:
            found.append((index, line, recorded[key], None))
        elif key in first:
            found.append((index, line, None, first[key]))
        else:
            first[key] = line
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([("A1",), ("A2",), ("A1", "A2"), ("B1",)]),
                          st.sampled_from(["14/03/2017", "15/03/2017", "03/2017"]),
                          st.sampled_from(["police_incident", "referral"]),
                          st.sampled_from(["Police", "police ", "School"]),
                          st.sampled_from(["Father shouting", "father  SHOUTING", "Straße", "STRASSE", "Late"]),
                          st.booleans()),
                min_size=1, max_size=12),
       st.integers(0, 12))
def test_duplicates_found_are_those_an_entry_by_entry_comparison_finds(tmp_path_factory, rows, recorded_count):
    """The query narrows the entries compared to the row's child, date and kind; whatever the
    entries and rows, it finds exactly the duplicates comparing every entry would."""
    from chronology.duplicates import find_duplicates
    from chronology.store import Store
    folder = tmp_path_factory.mktemp("duplicates")
    store = Store.open(folder / "case.db", "Tester", create=True)
    try:
        for ref in ("A1", "A2", "B1"):
            store.add_child(ChildDetails(ref=ref, name=ref, dob=date(2014, 1, 1)))
        text = "child_ref,date,agency,role,event_type,summary\n" + "".join(
            f"{';'.join(refs)},{day},{agency},PC,{kind},{summary}\n" for refs, day, kind, agency, summary, _ in rows)
        recorded = write(folder, "child_ref,date,agency,role,event_type,summary\n" + "".join(
            text.splitlines(keepends=True)[1:recorded_count + 1]), name="recorded.csv")
        if recorded_count:
            imported = import_csv(store, recorded, duplicates="keep").ids
            for event_id, row in zip(imported, rows, strict=False):
                if row[5]:  # some entries withdrawn: they repeat nothing
                    store.mark_in_error(event_id, "withdrawn")
        pending = read_rows(text.encode("utf-8"), "file.csv", store.child_ids_as_named())
        events, lines = pending[0], pending[1]
        found = [(d.index, d.line, d.event_id, d.earlier_line) for d in find_duplicates(store, events, lines)]
        assert found == _naive_duplicates(store, events, lines)
    finally:
        store.close()
