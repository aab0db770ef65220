"""The returns commands, end to end: request, receive (each format), list, pairs and link."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from tests.agency_files import fill_template, health_docx, police_xlsx, school_csv
from tests.chronology.test_cli import run


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", "correct horse battery staple")


@pytest.fixture
def caseload(tmp_path, capsys):
    db = tmp_path / "case.db"
    for ref, name, dob in (("A1", "Ava Hughes", "02/05/2016"), ("A2", "Leo Hughes", "01/12/2020")):
        assert run(capsys, "add-child", "--db", db, "--ref", ref, "--name", name, "--dob", dob,
                   "--family", "Hughes")[0] == 0
    return db


def test_request_then_receive_the_filled_template_then_list(caseload, tmp_path, capsys):
    template = tmp_path / "police request.xlsx"
    code, out, err = run(capsys, "returns", "request", "--db", caseload, "--child", "A1", "--child", "A2",
                         "--agency", "Police", "--from", "01/01/2020", "--out", template)
    assert code == 0 and "Wrote the template for Police" in out and "due by" in out, err
    code, out, _ = run(capsys, "returns", "list", "--db", caseload, "--json")
    (listed,) = json.loads(out)
    assert listed["agency"] == "Police" and listed["children"] == ["A1", "A2"] and listed["received"] is None
    assert listed["status"] == "requested" and date.fromisoformat(listed["due"]) > date.today()
    assert {"agency", "children", "requested", "due", "received", "status"} <= set(listed)
    filled = fill_template(template, tmp_path / "police return.xlsx", [
        (datetime(2021, 1, 14, 22, 10), None, "Domestic abuse incident", "Partner arrested; both children present.",
         "", "", "", "Domestic abuse", "PC 1", "Response officer", "OCC-21-0554")])
    code, out, err = run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--child", "A2",
                         "--agency", "Police", filled, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["imported"] == 1 and report["possible_duplicates"] == [] and report["heading_row"] > 1
    code, out, _ = run(capsys, "returns", "list", "--db", caseload, "--json")
    (listed,) = json.loads(out)
    assert listed["status"] == "received" and listed["return_file"] == "police return.xlsx"
    code, out, _ = run(capsys, "returns", "list", "--db", caseload)
    assert out.startswith("Police\tA1, A2\tfrom 01/01/2020") and out.rstrip().endswith("received")
    assert run(capsys, "verify", "--db", caseload)[0] == 0


def test_each_foreign_format_received_and_the_same_happening_offered_then_linked(caseload, tmp_path, capsys):
    assert run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--agency", "Police",
               police_xlsx(tmp_path / "police.xlsx"))[0] == 0
    code, out, _ = run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--child", "A2",
                       "--agency", "Health visiting", health_docx(tmp_path / "health.docx"))
    assert code == 0 and out.startswith("Received 3 entries from Health visiting (health.docx); 1 kept in the "
                                        "agency's own words")
    assert "row 5: kept as 'Telephone call'" in out
    code, out, _ = run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--agency", "School",
                       school_csv(tmp_path / "school.csv"), "--json")
    assert code == 0 and json.loads(out)["imported"] == 2
    ed = tmp_path / "ed.csv"
    ed.write_text("Arrival Date,Details\n15/01/2021 00:40,Ava brought to ED by police after mother assaulted by "
                  "partner in front of Ava; partner arrested\n", encoding="utf-8")
    code, out, _ = run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--agency", "Hospital", ed,
                       "--json")
    (pair,) = json.loads(out)["possible_duplicates"]
    first, second = pair["events"]
    assert (first["date"], first["agency"], second["date"], second["agency"]) == (
        "2021-01-14", "Police", "2021-01-15", "Hospital")
    assert pair["reason"].startswith("a day apart") and first["summary"].startswith("Officers attended")
    code, out, _ = run(capsys, "returns", "pairs", "--db", caseload, "--child", "A1", "--json")
    assert [[e["id"] for e in p["events"]] for p in json.loads(out)] == [[first["id"], second["id"]]]
    code, out, _ = run(capsys, "returns", "link", "--db", caseload, str(first["id"]), str(second["id"]))
    assert code == 0 and "linked as one happening" in out
    code, out, _ = run(capsys, "returns", "pairs", "--db", caseload, "--child", "A1")
    assert out.startswith("No entries of Ava Hughes wait")
    assert run(capsys, "verify", "--db", caseload)[0] == 0


def test_an_unmapped_required_field_exits_2_listing_headings_and_fields_and_receives_nothing(caseload, tmp_path,
                                                                                          capsys):
    ed = tmp_path / "ed.csv"
    ed.write_text("When,Presenting complaint,Clinician\n14/01/2021 23:30,Ava brought in with a cut,Dr Hill\n",
                  encoding="utf-8")
    code, out, err = run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--agency", "ED", ed)
    assert code == 2 and out == ""
    assert "'When', 'Presenting complaint', 'Clinician'" in err and "which column holds what happened" in err
    assert "summary (what happened)" in err and "--map" in err
    code, out, _ = run(capsys, "children", "--db", caseload)
    code, out, err = run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--agency", "ED", ed,
                         "--map", "Presenting complaint=summary", "--json")
    assert code == 0 and json.loads(out)["columns"] == {"When": "date", "Presenting complaint": "summary",
                                                        "Clinician": "recorded_by"}, err


def test_a_bad_cell_exits_2_naming_its_place_and_nothing_is_received(caseload, tmp_path, capsys):
    path = police_xlsx(tmp_path / "p.xlsx", rows=[
        (datetime(2021, 1, 14), "Domestic Incident", None, "Fine", "PC 1", "A"),
        ("14/13/2021", "Domestic Incident", None, "Month 13", "PC 1", "B")])
    code, out, err = run(capsys, "returns", "receive", "--db", caseload, "--child", "A1", "--agency", "Police", path)
    assert code == 2 and err.startswith("Nothing was received. 1 problem:")
    assert "p.xlsx, sheet 'OCC Export', row 7, column A (Occurrence Date):" in err
    code, out, _ = run(capsys, "returns", "list", "--db", caseload)
    assert out.strip() == "No returns requested or received."


@pytest.mark.parametrize("args, said", [
    (["--child", "ZZ", "--agency", "Police"], "no child with the reference 'ZZ'"),
    (["--child", "A1", "--agency", "Police", "--map", "Notes=story"], "'story' (for the column 'Notes') is not"),
])
def test_receive_refuses_plainly(caseload, tmp_path, capsys, args, said):
    code, _, err = run(capsys, "returns", "receive", "--db", caseload, *args, school_csv(tmp_path / "s.csv"))
    assert code == 2 and said in err and "Traceback" not in err
