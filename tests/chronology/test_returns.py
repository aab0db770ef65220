"""Agencies' returns: asked for, received from the files agencies really send, tracked; each entry
keeps its source; entries two agencies both recorded are offered, and once linked counted once."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology import audit
from chronology.model import ValidationError
from chronology.returns.mapping import field_for_heading, find_headings
from chronology.returns.reading import ReturnRejected
from chronology.returns.receive import (
    AGENCY_INFORMATION,
    ROLE_NOT_STATED,
    MappingNeeded,
    given_mapping,
    read_pending,
    remember_mapping,
)
from chronology.returns.requests import MARKING, request_return, requests
from chronology.returns.same import APART, SAME, decide, linked_with, undecided
from chronology.rules import RuleContext, child_events
from chronology.workdays import WorkingCalendar
from tests.agency_files import fill_template, health_docx, police_xlsx, school_csv

CALENDAR = WorkingCalendar.load()


def receive(store, path, children, agency="Police", given=None):
    return read_pending(store, path, agency, tuple(children), given).save(store)


def problems(error) -> list[str]:
    return [problem.describe(Path(error.source).name) for problem in error.problems]


# -- foreign-shaped files ----------------------------------------------------------------------

def test_a_police_excel_export_with_a_preamble_and_headings_merged_over_two_rows(store, family, tmp_path):
    path = police_xlsx(tmp_path / "police export.xlsx")
    pending = read_pending(store, path, "Police", (family["A1"],))
    assert pending.grid.place == "sheet 'OCC Export'" and pending.layout.heading_row == 5
    assert pending.layout.columns == {0: "date", 1: "event_type", 2: "time", 3: "summary", 4: "recorded_by",
                                      5: "source_ref"}
    first, second, third = pending.events
    assert (first.date.display(), first.time, first.event_type) == ("14 Jan 2021", "22:10", "domestic_abuse_incident")
    # a date-time cell carries its time; a time column, where given, says it
    assert (second.time, third.time) == ("16:05", "01:30")
    assert second.event_type == AGENCY_INFORMATION and pending.sources[1].agency_type == "Concern for welfare"
    assert third.event_type == "missing_from_home" and third.source_ref == "210619"
    assert {e.role for e in pending.events} == {ROLE_NOT_STATED}  # never invented
    assert [s.row for s in pending.sources] == [6, 7, 8]  # as Excel numbers them; the formatted rows below skipped
    received = pending.save(store)
    assert len(received.ids) == 3 and [words for _, words in received.unrecognised] == ["Concern for welfare"]


def test_a_word_table_under_an_extra_heading_row_with_text_dates(store, family, tmp_path):
    path = health_docx(tmp_path / "health.docx")
    pending = read_pending(store, path, "Health visiting", (family["A1"], family["A2"]))
    assert pending.grid.place == "table 1" and pending.layout.heading_row == 2
    assert [e.date.display() for e in pending.events] == ["14 Jan 2021", "Feb 2021", "c. Mar 2021"]
    assert [e.event_type for e in pending.events] == ["health_appointment", "was_not_brought", AGENCY_INFORMATION]
    assert [e.role for e in pending.events] == ["Health visitor", "Health visitor", ROLE_NOT_STATED]
    assert pending.events[0].action == "Referred to early help"
    assert all(e.child_ids == (family["A1"], family["A2"]) for e in pending.events)


def test_a_windows_1252_csv_with_a_preamble_and_empty_rows_below(store, family, tmp_path):
    path = school_csv(tmp_path / "school.csv")
    pending = read_pending(store, path, "School", (family["A1"],))
    assert pending.file.encoding == "Windows-1252" and pending.layout.heading_row == 4
    assert "81% – letter" in pending.events[0].summary and "£2" in pending.events[1].summary
    assert [(e.date.display(), e.time) for e in pending.events] == [("3 Mar 2021", None), ("15 Mar 2021", "08:50")]
    assert [s.row for s in pending.sources] == [5, 6]


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_our_own_template_round_trip_maps_every_column_itself(store, family, tmp_path, suffix):
    ava = store.child(family["A1"])
    request, _ = request_return(store, [ava], "Police", tmp_path / f"request{suffix}", period_from=date(2020, 1, 1),
                                calendar=CALENDAR, due_working_days=10, today=date(2026, 11, 30))
    when = datetime(2021, 5, 4, 0, 0) if suffix == ".xlsx" else "04/05/2021"
    filled = fill_template(tmp_path / f"request{suffix}", tmp_path / f"filled{suffix}", [
        (when, "19:40", "Police incident", "Called to a disturbance; Ava found alone.", "Frightened.",
         "Mother located; referral made.", "I was scared", "Neglect; hoarding", "PC 1 Smith", "Response officer",
         "OCC-21-9")])
    pending = read_pending(store, filled, "Police", (ava.id,))
    assert sorted(pending.layout.columns.values()) == sorted(
        ["date", "time", "event_type", "summary", "impact", "action", "child_voice", "categories", "recorded_by",
         "role", "source_ref"])
    event = pending.events[0]
    assert (event.date.display(), event.time, event.event_type, event.child_voice) == (
        "4 May 2021", "19:40", "police_incident", "I was scared")
    assert event.categories == ("neglect",) and pending.sources[0].agency_concerns == "hoarding"
    assert pending.request_id == request.id
    pending.save(store)
    assert requests(store)[0].status(date(2026, 12, 30)) == "received"


def test_the_excel_template_is_marked_checks_dates_and_offers_the_lists(store, family, tmp_path):
    children = [store.child(family["A1"]), store.child(family["A2"])]
    request_return(store, children, "Police", tmp_path / "t.xlsx", period_from=date(2020, 1, 1),
                   period_to=date(2021, 12, 31), calendar=CALENDAR, due_working_days=10, today=date(2026, 11, 30))
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sheet = book["Return"]
    assert sheet["A1"].value == MARKING and book["Lists"].sheet_state == "hidden"
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "Ava Hughes (born 02/05/2014; our reference A1)" in text and "Leo Hughes" in text
    assert "Period: 01/01/2020 to 31/12/2021" in text and "Please return by 14/12/2026" in text
    kinds = {v.type: v for v in sheet.data_validations.dataValidation}
    assert set(kinds) == {"date", "list"} and len([v for v in sheet.data_validations.dataValidation
                                                   if v.type == "list"]) == 2
    assert sheet.oddHeader.center.text == MARKING
    word = tmp_path / "t.docx"
    request_return(store, children, "Health visiting", word, calendar=CALENDAR, due_working_days=10,
                   today=date(2026, 11, 30))
    document = docx.Document(str(word))
    assert document.paragraphs[0].text == MARKING and document.sections[0].header.paragraphs[0].text == MARKING
    assert [c.text for c in document.tables[-1].rows[0].cells][:4] == ["Date", "Time", "Type of event",
                                                                       "What happened"]


# -- refusals: whole or nothing, each said with its place ---------------------------------------

def test_every_bad_cell_is_named_by_sheet_row_column_and_heading_and_nothing_is_saved(store, family, tmp_path):
    path = police_xlsx(tmp_path / "bad.xlsx", rows=[
        (datetime(2021, 1, 14), "Domestic Incident", None, "Fine row", "PC 1", "A"),
        ("31/02/2021", "Domestic Incident", None, "Impossible day", "PC 1", "B"),
        (44210, "Domestic Incident", None, "A number where the date goes", "PC 1", "C"),
        (datetime(2031, 1, 1), "Domestic Incident", None, "In the future", "PC 1", "D"),
        (datetime(2021, 1, 15), "Domestic Incident", "25:99", "", "PC 1", "E"),
    ])
    before = store.db.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(ReturnRejected) as refused:
        read_pending(store, path, "Police", (family["A1"],))
    said = problems(refused.value)
    assert said[0].startswith("bad.xlsx, sheet 'OCC Export', row 7, column A (Occurrence Date):")
    assert "row 8, column A (Occurrence Date): holds the number 44210, not a date" in said[1]
    assert "row 9, column A (Occurrence Date): 01/01/2031 is in the future" in said[2]
    assert any("row 10, column C (Time)" in line for line in said)
    assert any("row 10, column D (Details): what happened is empty: every entry needs it" in line for line in said)
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert refused.value.said().startswith("Nothing was received.")


def test_a_row_that_is_not_an_entry_says_what_to_do(store, family, tmp_path):
    path = school_csv(tmp_path / "s.csv", rows=[("03/03/2021", "Absence", "Late again", "Mr A", "Teacher"),
                                                ("", "", "Total: 1 record", "", "")])
    with pytest.raises(ReturnRejected) as refused:
        read_pending(store, path, "School", (family["A1"],))
    assert problems(refused.value) == ["s.csv, line 6, column 1 (Date): the date is empty: every entry needs it. "
                                       "If this row is not an entry (a total, a note, a signature), delete it from "
                                       "the file and receive it again"]


def test_the_same_file_received_twice_is_refused_saying_when(store, family, tmp_path):
    path = school_csv(tmp_path / "school.csv")
    receive(store, path, [family["A1"]], "School")
    with pytest.raises(ReturnRejected, match=r"received already, from School, on \d\d/\d\d/\d{4} \d\d:\d\d by "
                                             r"Test Worker"):
        read_pending(store, path, "School", (family["A1"],))


def test_columns_not_clear_ask_for_a_mapping_which_is_then_remembered_for_the_agency(store, family, tmp_path):
    path = tmp_path / "ed.csv"
    path.write_text("When,Presenting complaint,Clinician\n14/01/2021 23:30,Ava brought in with a cut,Dr Hill\n",
                    encoding="utf-8")
    with pytest.raises(MappingNeeded) as needed:
        read_pending(store, path, "Emergency department", (family["A1"],))
    assert needed.value.headings == ["When", "Presenting complaint", "Clinician"]
    assert needed.value.missing == ["summary"] and needed.value.sample == [["14/01/2021 23:30",
                                                                           "Ava brought in with a cut", "Dr Hill"]]
    assert "which column holds what happened" in needed.value.said()
    given = given_mapping(["Presenting complaint=summary"])
    pending = read_pending(store, path, "Emergency department", (family["A1"],), given)
    remember_mapping(store, "Emergency department", given)
    pending.save(store)
    again = tmp_path / "ed2.csv"
    again.write_text("When,Presenting complaint,Clinician\n15/01/2021,Ava back for a dressing,Dr Hill\n",
                     encoding="utf-8")
    assert read_pending(store, again, "emergency department", (family["A1"],)).events[0].summary == \
        "Ava back for a dressing"


def test_a_mapping_naming_no_field_is_refused():
    with pytest.raises(ValidationError, match=r"'narrative' .* is not a field of a return"):
        given_mapping(["Notes=narrative"])
    with pytest.raises(ValidationError, match="is not HEADING=field"):
        given_mapping(["Notes"])


@pytest.mark.parametrize("name, content, said", [
    ("old.xls", b"\xd0\xcf\x11\xe0....", "not '.xls'"),
    ("renamed.xlsx", b"Date,What happened\n", "does not start as one"),
    ("empty.csv", b"", "the file is empty"),
    ("nohead.csv", b"just one line of text\n", "no table with a row of column headings"),
    ("damaged.docx", b"PK\x03\x04rest of nothing", "cannot be read"),
])
def test_files_that_are_not_returns_are_refused_plainly(store, family, tmp_path, name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReturnRejected, match=said):
        read_pending(store, path, "Police", (family["A1"],))


def test_headings_are_found_below_a_preamble_and_dates_of_birth_are_not_taken_for_the_date():
    rows = [(1, ["Report", None]), (2, ["Run by:", "J Smith"]), (3, ["Date of Birth", "Name", "Incident Date",
                                                                     "Details"]), (4, ["01/01/2015", "Ava", "x", "y"])]
    assert find_headings(rows) == (2, ["Date of Birth", "Name", "Incident Date", "Details"])
    assert field_for_heading("Date of Birth") is None and field_for_heading("Review date") is None
    assert field_for_heading("Date of Contact") == "date" and field_for_heading("Contact Type") == "event_type"


# -- provenance and the audit trail -----------------------------------------------------------

def test_every_entry_keeps_its_source_under_the_audit_trail(store, family, tmp_path):
    received = receive(store, police_xlsx(tmp_path / "p.xlsx"), [family["A1"]])
    rows = store.db.execute("SELECT s.event_id, s.place, s.row_number, r.file_name, r.sha256, r.received_by "
                            "FROM event_sources s JOIN agency_returns r ON r.id = s.return_id").fetchall()
    assert [row[:3] for row in rows] == [(received.ids[0], "sheet 'OCC Export'", 6),
                                         (received.ids[1], "sheet 'OCC Export'", 7),
                                         (received.ids[2], "sheet 'OCC Export'", 8)]
    assert rows[0][3] == "p.xlsx" and len(rows[0][4]) == 64 and rows[0][5] == "Test Worker"
    assert store.verify().intact
    with pytest.raises(Exception, match="never changed"):
        store.db.execute("UPDATE event_sources SET row_number = 99")
    store.db.execute("DROP TRIGGER event_sources_kept")
    store.db.execute("UPDATE event_sources SET row_number = 99 WHERE event_id = ?", [received.ids[1]])
    assert store.verify().problem == (f"The source of event {received.ids[1]} differs from what the audit trail "
                                      "recorded: it was changed outside Chronology.")


def test_the_history_of_an_entry_names_its_return(store, family, tmp_path):
    from chronology.returns.provenance import source_of
    received = receive(store, police_xlsx(tmp_path / "p.xlsx"), [family["A1"]])
    source = source_of(store, received.ids[1])
    assert source is not None
    assert source.describe().startswith("From Police's return p.xlsx (SHA-256 ")
    assert "sheet 'OCC Export', row 7" in source.describe() and "their words: Concern for welfare" in source.describe()
    assert source_of(store, 10**6) is None


# -- requests and their standing --------------------------------------------------------------

def test_a_request_is_due_in_working_days_and_is_overdue_until_answered(store, family, tmp_path):
    ava = store.child(family["A1"])
    request, _ = request_return(store, [ava], "School", tmp_path / "r.docx", calendar=CALENDAR,
                                due_working_days=10, today=date(2025, 12, 19))
    # 10 working days from Friday 19/12/2025: Christmas Day, Boxing Day and New Year's Day are not among them
    assert request.due == date(2026, 1, 7)
    assert request.status(date(2026, 1, 7)) == "requested" and request.status(date(2026, 1, 8)) == "overdue"
    receive(store, school_csv(tmp_path / "s.csv"), [ava.id], "school")
    (answered,) = requests(store)
    assert answered.status(date(2026, 3, 1)) == "received" and answered.return_file == "s.csv"
    assert store.verify().intact


def test_a_return_nobody_asked_for_is_listed_as_received(store, family, tmp_path):
    receive(store, school_csv(tmp_path / "s.csv"), [family["A1"]], "School")
    (listed,) = requests(store)
    assert listed.to_json(date(2026, 11, 30))["status"] == "received" and listed.requested == ""


def test_a_request_is_refused_plainly(store, family, tmp_path):
    ava = store.child(family["A1"])
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        request_return(store, [ava], "Police", tmp_path / "r.xlsx", period_from=date(2021, 1, 1),
                       period_to=date(2020, 1, 1), calendar=CALENDAR, due_working_days=10)
    with pytest.raises(ValidationError, match=r"not '\.pdf'"):
        request_return(store, [ava], "Police", tmp_path / "r.pdf", calendar=CALENDAR, due_working_days=10)
    with pytest.raises(ValidationError, match="Name the agency"):
        request_return(store, [ava], "  ", tmp_path / "r.xlsx", calendar=CALENDAR, due_working_days=10)
    assert store.db.execute("SELECT count(*) FROM return_requests").fetchone()[0] == 0


# -- the same happening, recorded by two agencies ------------------------------------------------

def hospital_and_police(store, family, tmp_path):
    police = receive(store, police_xlsx(tmp_path / "p.xlsx"), [family["A1"]])
    path = tmp_path / "ed.csv"
    path.write_text("Arrival Date,Details,Clinician\n"
                    "15/01/2021 00:40,Ava (4) brought to ED by police after partner assaulted mother; Ava present; "
                    "no injuries,Dr Hill\n"
                    "16/01/2021,Ava seen for a rash,Dr Hill\n", encoding="utf-8")
    return police, receive(store, path, [family["A1"]], "Emergency department")


def test_two_agencies_records_of_one_happening_are_offered_with_the_reason(store, family, tmp_path):
    police, hospital = hospital_and_police(store, family, tmp_path)
    (pair,) = hospital.possible_duplicates
    assert (pair.first.id, pair.second.id) == (police.ids[0], hospital.ids[0])
    assert pair.reason.startswith("a day apart (14/01/2021 and 15/01/2021); Police and Emergency department; "
                                  "their words ")
    document = pair.to_json()
    assert [e["date"] for e in document["events"]] == ["2021-01-14", "2021-01-15"]
    assert {"id", "date", "agency", "summary"} <= set(document["events"][0]) and document["reason"]
    assert [(p.first.id, p.second.id) for p in undecided(store, family["A1"])] == [(police.ids[0], hospital.ids[0])]


def test_linked_entries_both_stay_and_the_rules_count_the_happening_once(store, family, tmp_path):
    police, hospital = hospital_and_police(store, family, tmp_path)
    before = [e.id for e in child_events(store.db, family["A1"])]
    decide(store, hospital.ids[0], police.ids[0], SAME)
    after = child_events(store.db, family["A1"])
    assert [e.id for e in after] == [i for i in before if i != hospital.ids[0]]
    assert store.db.execute("SELECT count(*) FROM events WHERE id = ?", [hospital.ids[0]]).fetchone()[0] == 1
    assert linked_with(store.db, police.ids[0]) == [hospital.ids[0]]
    assert undecided(store, family["A1"]) == []
    decide(store, police.ids[0], hospital.ids[0], APART)  # the later decision stands; the earlier is kept
    assert [e.id for e in child_events(store.db, family["A1"])] == before
    assert store.db.execute("SELECT count(*) FROM same_happening").fetchone()[0] == 2
    assert store.verify().intact


def test_a_linked_happening_keeps_every_concern_either_agency_raised(store, family, tmp_path):
    from tests.conftest import make_event
    first, _ = store.add_event(make_event([family["A1"]], "14/01/2021", categories=("domestic_abuse",)))
    second, _ = store.add_event(make_event([family["A1"]], "14/01/2021", agency="Hospital",
                                           event_type="hospital_attendance", categories=("physical_abuse",),
                                           summary="Seen in A&E"))
    decide(store, first, second, SAME)
    (kept,) = [e for e in child_events(store.db, family["A1"]) if e.id in (first, second)]
    assert kept.id == first and kept.categories == {"domestic_abuse", "physical_abuse"}


def test_only_one_childs_entries_can_be_linked(store, family):
    from tests.conftest import make_event
    first, _ = store.add_event(make_event([family["A1"]]))
    other, _ = store.add_event(make_event([family["B1"]]))
    with pytest.raises(ValidationError, match="concern different children"):
        decide(store, first, other, SAME)
    with pytest.raises(ValidationError, match="There is no entry 999"):
        decide(store, first, 999, SAME)
    with pytest.raises(ValidationError, match="linked to itself"):
        decide(store, first, first, SAME)


def test_a_later_return_counts_its_entries_possible_duplicates_only_against_others(store, family, tmp_path):
    """Entries of one return are never offered against each other (an agency's two records of one
    day are two records), only against what was there before."""
    received = receive(store, police_xlsx(tmp_path / "p.xlsx", rows=[
        (datetime(2021, 1, 14), "Domestic Incident", None, "Police attended a domestic argument", "PC 1", "A"),
        (datetime(2021, 1, 14), "Domestic Incident", None, "Police attended a domestic argument again", "PC 1", "B"),
    ]), [family["A1"]])
    assert received.possible_duplicates == [] and undecided(store, family["A1"]) == []


def test_audit_kinds_cover_every_column_of_the_new_records():
    for kind, (table, _key, _label, columns) in audit.RECORDS_V2.items():
        assert kind in audit.KINDS and table and columns


def test_the_printed_chronology_shows_each_sources_prefix_and_linked_entries(store, family, tmp_path):
    from chronology.report import ReportChoice, gather
    from chronology.report.pdf import pdf_bytes
    police, hospital = hospital_and_police(store, family, tmp_path)
    decide(store, police.ids[0], hospital.ids[0], SAME)
    data = gather(store, family["A1"], ReportChoice(), RuleContext.load(), date(2026, 11, 30), "Test Worker")
    numbers = data.numbers
    assert data.same_as[police.ids[0]] == (hospital.ids[0],)
    content, _ = pdf_bytes(data)
    import io

    import pypdf
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    assert "Police — OCC-21-0554" in text
    assert f"The same happening as entry {numbers[hospital.ids[0]]}" in text
    assert f"The same happening as entry {numbers[police.ids[0]]}" in text
    assert "(their words: Concern for welfare)" in text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["mother", "police", "attended", "ED", "head", "injury", "fall", "rash", "school",
                                 "hungry", "arrested", "partner", "Ava", "home", "visit", "seen", "alone", "injure",
                                 "attend", "polce"]), max_size=12),
       st.lists(st.sampled_from(["mother", "police", "attended", "ED", "head", "injury", "fall", "rash", "school",
                                 "hungry", "arrested", "partner", "Ava", "home", "visit", "seen", "alone", "injure",
                                 "attend", "polce"]), max_size=12))
def test_the_quick_likeness_offers_exactly_the_pairs_the_whole_measure_offers(first, second):
    """The comparison that stops early (the second ratio cut off where the first rules the pair out)
    offers a pair exactly when the mean of both ratios reaches the threshold."""
    from chronology.returns.same import ALIKE, _alike, _words, likeness
    a, b = " ".join(first), " ".join(second)
    assert (_alike(_words(a), _words(b), ALIKE) >= ALIKE) == (likeness(a, b) >= ALIKE)


@pytest.mark.parametrize("written, day, at", [
    ("14-Jan-2021", "14 Jan 2021", None), ("14-Jan-21", "14 Jan 2021", None),
    ("Thursday 14 January 2021", "14 Jan 2021", None),
    ("Thu, 14/01/2021 13:45", "14 Jan 2021", "13:45"), ("14/01/2021 1:45 PM", "14 Jan 2021", "13:45"),
    ("2021-01-14T22:10:00", "14 Jan 2021", "22:10"), ("14.01.2021 09:05:00", "14 Jan 2021", "09:05"),
    ("Jan 14, 2021", "14 Jan 2021", None), ("14/01/21", "14 Jan 2021", None), ("c. 03/2021", "c. Mar 2021", None),
])
def test_dates_as_exports_write_them_as_text(store, family, tmp_path, written, day, at):
    path = tmp_path / "dates.csv"
    path.write_text(f'Date,Details\n"{written}",Something happened\n', encoding="utf-8")
    (event,) = read_pending(store, path, "School", (family["A1"],)).events
    assert (event.date.display(), event.time) == (day, at)
