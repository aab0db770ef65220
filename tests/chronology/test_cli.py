import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from chronology.cli import main

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    """The command line takes the passphrase from the environment (or asks at a terminal)."""
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", PASSPHRASE)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_child_and_list(tmp_path, capsys):
    db = tmp_path / "c.db"
    assert run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Zoë Nguyễn",
               "--dob", "14/03/2017", "--family", "Nguyễn")[0] == 0
    code, out, _ = run(capsys, "children", "--db", db, "--json")
    assert code == 0
    assert json.loads(out) == [{"ref": "A1", "name": "Zoë Nguyễn", "dob": "2017-03-14",
                                "dob_is_expected": False, "family": "Nguyễn", "gender": "",
                                "ethnicity": "", "first_language": "", "disability": ""}]
    code, out, _ = run(capsys, "children", "--db", db)
    assert out.strip() == "A1\tZoë Nguyễn\t14/03/2017\tNguyễn"


def test_bad_input_exits_2_with_the_reason(tmp_path, capsys):
    db = tmp_path / "c.db"
    code, _, err = run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "X", "--dob", "31/02/2017")
    assert code == 2 and "February 2017 has 28 days" in err
    run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "X")
    code, _, err = run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Y")
    assert code == 2 and "already has the reference 'A1'" in err
    code, _, err = run(capsys, "export", "--db", db, "--child", "NOPE", "--csv", tmp_path / "o.csv")
    assert code == 2 and "no child with the reference 'NOPE'" in err
    code, _, err = run(capsys, "import", "--db", db, tmp_path / "missing.csv")
    assert code == 2 and "cannot be read" in err
    code, _, err = run(capsys, "children", "--db", tmp_path / "no" / "such" / "folder.db")
    assert code == 2 and "does not exist" in err


def test_unborn_baby_needs_expected_flag(tmp_path, capsys):
    db = tmp_path / "c.db"
    code, _, err = run(capsys, "add-child", "--db", db, "--ref", "U1", "--name", "Baby", "--dob", "01/01/2099")
    assert (code == 2 and "planned" in err) or "future" in err
    code, _, _ = run(capsys, "add-child", "--db", db, "--ref", "U1", "--name", "Baby", "--dob",
                     "01/01/2099", "--expected")
    assert code == 0


def test_import_report_and_export_round_trip(tmp_path, capsys):
    db = tmp_path / "c.db"
    run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava")
    bad = tmp_path / "bad.csv"
    bad.write_text("child_ref,date,time,end_date,agency,role,event_type,categories,summary,impact,"
                   "action,child_voice,significance,recorded_by,source_ref\n"
                   "A1,2017,,,Police,PC,police_incident,,ok,,,,,,\n"
                   "A1,soon,,,Police,PC,police_incident,,bad,,,,,,\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "--db", db, bad)
    assert code == 2
    assert "Nothing was imported" in err and "bad.csv, line 3, column 2 (date)" in err
    good = tmp_path / "good.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace("soon", "c. 2015"), encoding="utf-8")
    assert run(capsys, "import", "--db", db, good)[1].startswith("Imported 2 events")
    out = tmp_path / "out.csv"
    code, text, _ = run(capsys, "export", "--db", db, "--child", "A1", "--csv", out)
    assert code == 0 and "Exported 2 events" in text
    assert "c. 2015" in out.read_text(encoding="utf-8-sig")


def test_importing_a_file_again_is_refused_by_line_unless_told_what_to_do_with_the_repeats(tmp_path, capsys):
    db = tmp_path / "c.db"
    run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava")
    rows = tmp_path / "rows.csv"
    rows.write_text("child_ref,date,agency,role,event_type,summary\n"
                    "A1,03/02/2019,Police,PC,police_incident,Called to the home\n"
                    "A1,04/02/2019,Police,PC,police_incident,Shouting heard\n", encoding="utf-8")
    assert run(capsys, "import", "--db", db, rows)[0] == 0
    rows.write_text(rows.read_text(encoding="utf-8") + "A1,05/02/2019,Police,PC,police_incident,Door not answered\n",
                    encoding="utf-8")
    code, _, err = run(capsys, "import", "--db", db, rows)
    assert code == 2 and "line 2" in err and "line 3" in err and "line 4" not in err
    assert "--skip-duplicates" in err and "--keep-duplicates" in err
    code, out, _ = run(capsys, "import", "--db", db, rows, "--skip-duplicates")
    assert code == 0 and "Imported 1 event from" in out and "2 rows already recorded left out" in out
    code, out, _ = run(capsys, "import", "--db", db, rows, "--keep-duplicates")
    assert code == 0 and "Imported 3 events" in out
    out_file = tmp_path / "out.csv"
    assert "Exported 6 events" in run(capsys, "export", "--db", db, "--child", "A1", "--csv", out_file)[1]


def test_demo_command(tmp_path, capsys):
    db = tmp_path / "d.db"
    code, out, _ = run(capsys, "demo", "--db", db, "--children", "5", "--events", "300", "--seed", "3")
    assert code == 0 and "300 events" in out
    code, _, err = run(capsys, "demo", "--db", db)
    assert code == 2 and "empty database" in err


def test_main_py_runs_the_command_line_and_argparse_errors_exit_2(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "children"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and "--db" in result.stderr
    env = {**os.environ, "CHRONOLOGY_PASSPHRASE": PASSPHRASE}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "children", "--db", str(tmp_path / "x.db")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2 and "x.db does not exist" in result.stderr and not (tmp_path / "x.db").exists()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(tmp_path / "x.db")], env=env,
                   capture_output=True, check=True)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "children", "--db", str(tmp_path / "x.db")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0 and "Hughes" in result.stdout
    assert "Traceback" not in result.stderr


def test_main_py_knows_every_command():
    from chronology import COMMANDS
    from chronology.cli import RUNNERS
    assert set(COMMANDS) == set(RUNNERS)


def test_flags_command_json_and_text(tmp_path, capsys):
    db = tmp_path / "f.db"
    run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava", "--dob", "01/02/2015")
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("child_ref,date,time,end_date,agency,role,event_type,categories,summary,impact,"
                        "action,child_voice,significance,recorded_by,source_ref\n"
                        "A1,11/01/2019,,,School,DSL,referral,neglect,Hungry,,,,,,\n"
                        "A1,03/05/2019,,,GP,GP,referral,neglect,Unwashed,,,,,,\n", encoding="utf-8")
    run(capsys, "import", "--db", db, csv_path)
    code, out, _ = run(capsys, "flags", "--db", db, "--child", "A1", "--json", "--as-of", "01/06/2019")
    assert code == 0
    found = json.loads(out)
    re_referral = [f for f in found if f["rule"] == "re_referral"]
    assert re_referral and re_referral[0]["start"] == "2019-01-11" and re_referral[0]["end"] == "2019-05-03"
    assert set(re_referral[0]) >= {"rule", "severity", "title", "explanation", "start", "end", "event_ids",
                                   "settings"}
    assert re_referral[0]["acknowledged"] is None
    from chronology.store import Store
    store = Store.open(db, "Manager", PASSPHRASE)
    key = "re_referral:" + ",".join(str(i) for i in sorted(re_referral[0]["event_ids"]))
    store.acknowledge_flag(store.child_by_ref("A1").id, key, "re_referral", re_referral[0]["title"], "Seen")
    store.close()
    code, out, _ = run(capsys, "flags", "--db", db, "--child", "A1", "--as-of", "01/06/2019")
    assert code == 0 and "[MEDIUM] re_referral" in out and "Acknowledged by Manager" in out
    code, _, err = run(capsys, "flags", "--db", db, "--child", "A1", "--as-of", "1999")
    assert code == 2 and "full date" in err


def test_findings_command_json_and_text(tmp_path, capsys):
    db = tmp_path / "f.db"
    run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava", "--dob", "01/02/2015")
    csv_path = tmp_path / "e.csv"
    csv_path.write_text("child_ref,date,agency,role,event_type,categories,summary\n"
                        "A1,11/01/2019,School,DSL,referral,neglect,Hungry\n"
                        "A1,03/05/2019,GP,GP,referral,neglect,Unwashed\n"
                        "A1,06/05/2019,Children's social care,Team manager,referral_decision,,Decided\n",
                        encoding="utf-8")
    run(capsys, "import", "--db", db, csv_path)
    code, out, _ = run(capsys, "findings", "--db", db, "--child", "A1", "--json", "--as-of", "01/06/2019")
    assert code == 0
    result = json.loads(out)
    assert result["as_of"] == "2019-06-01"
    assert result["picture"]["open_since"] == "2019-01-11" and result["picture"]["last_seen"] is None
    rules = {f["rule"]: f for f in result["findings"]}
    assert rules["re_referral"]["status"] == "now" and rules["re_referral"]["count"] == 1
    assert rules["re_referral"]["first"] == "2019-01-11" and rules["re_referral"]["last"] == "2019-05-03"
    flag = rules["re_referral"]["flags"][0]
    assert flag["acknowledged"] is None and set(flag) >= {"title", "explanation", "event_ids", "due"}
    assert result["analysis"] is None and result["shows"] and all("sentence" in o for o in result["shows"])
    from chronology.store import Store
    store = Store.open(db, "Sam Worker", PASSPHRASE)
    store.write_analysis(store.child_by_ref("A1").id, "Re-referred within months: look again.", date(2019, 5, 20))
    store.close()
    code, out, _ = run(capsys, "findings", "--db", db, "--child", "A1", "--json", "--as-of", "01/06/2019")
    assert json.loads(out)["analysis"] == {"text": "Re-referred within months: look again.", "dated": "2019-05-20",
                                           "by": "Sam Worker", "at": json.loads(out)["analysis"]["at"], "earlier": 0}
    code, out, _ = run(capsys, "findings", "--db", db, "--child", "A1", "--as-of", "01/06/2019")
    assert code == 0 and out.startswith("Ava as of 01/06/2019")
    assert "The worker's analysis (20/05/2019, Sam Worker):" in out and "What the chronology shows:" in out
    assert "Wrong now:" in out and "Case: open since 11/01/2019" in out and "flags --child A1" in out
    code, out, _ = run(capsys, "findings", "--db", db, "--child", "A1", "--as-of", "01/06/2021")
    assert code == 0 and "Re-referral" in out.split("Before:")[1]  # two years on, the re-referral is history
    assert "now 2 years and 4 months without a visit" in out.split("Before:")[0]  # the case is still open


def test_export_pdf_command(tmp_path, capsys):
    db = tmp_path / "p.db"
    run(capsys, "demo", "--db", db, "--children", "4", "--seed", "5")
    out = tmp_path / "c.pdf"
    code, text, _ = run(capsys, "export", "--db", db, "--child", "C000011", "--pdf", out, "--family",
                        "--from", "2016", "--to", "06/2020", "--key-only")
    assert code == 0 and "pages)" in text and out.read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, "export", "--db", db, "--child", "C000011", "--pdf", out, "--force",
                       "--from", "31/02/2019")
    assert code == 2 and "28 days" in err


def test_verify_command_and_the_hash_on_paper(tmp_path, capsys):
    from pypdf import PdfReader
    from sqlcipher3 import dbapi2 as sqlite3
    db = tmp_path / "v.db"
    run(capsys, "demo", "--db", db, "--children", "3", "--seed", "2")
    code, out, _ = run(capsys, "verify", "--db", db)
    assert code == 0 and "intact" in out
    latest = out.strip().split()[-1]
    pdf = tmp_path / "c.pdf"
    run(capsys, "export", "--db", db, "--child", "C000011", "--pdf", pdf)
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert all(f"audit {latest[:16]}" in page for page in pages)
    code, out, _ = run(capsys, "verify", "--db", db, "--hash", latest[:16])
    assert code == 0 and "is entry" in out
    code, _, err = run(capsys, "verify", "--db", db, "--hash", "0123456789abcdef")
    assert code == 3 and "did not come from this file" in err
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA key = '{PASSPHRASE}'")
    connection.execute("UPDATE events SET summary = 'rewritten' WHERE id = 2")
    connection.commit()
    connection.close()
    code, _, err = run(capsys, "verify", "--db", db)
    assert code == 3 and "Event 2 differs" in err


def test_new_databases_are_encrypted_and_need_their_passphrase(tmp_path, capsys, monkeypatch):
    db = tmp_path / "secret.db"
    run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Canary Kowalczyk")
    assert b"Canary" not in db.read_bytes() and not db.read_bytes().startswith(b"SQLite format 3")
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", "wrong passphrase")
    before = db.read_bytes()
    code, _, err = run(capsys, "children", "--db", db)
    assert code == 2 and "cannot be opened with that passphrase" in err
    assert db.read_bytes() == before  # a wrong passphrase changes nothing
    monkeypatch.delenv("CHRONOLOGY_PASSPHRASE")
    code, _, err = run(capsys, "children", "--db", db)  # no terminal to ask at
    assert code == 2 and "CHRONOLOGY_PASSPHRASE" in err


def test_a_plain_database_from_before_encryption_still_opens(tmp_path, capsys, monkeypatch):
    from chronology.store import Store
    db = tmp_path / "plain.db"
    Store.open(db, "x", create=True).close()
    monkeypatch.delenv("CHRONOLOGY_PASSPHRASE")
    assert run(capsys, "children", "--db", db)[0] == 0


def test_backup_and_restore_commands(tmp_path, capsys):
    db = tmp_path / "b.db"
    run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava")
    code, out, _ = run(capsys, "backup", "--db", db, "--to", tmp_path / "backups")
    assert code == 0
    backup = Path(out.split("Backed up to ")[1].strip())
    run(capsys, "add-child", "--db", db, "--ref", "A2", "--name", "Leo")
    code, out, _ = run(capsys, "restore", "--db", db, "--from", backup)
    assert code == 0 and "is kept as" in out
    code, out, _ = run(capsys, "children", "--db", db)
    assert "Ava" in out and "Leo" not in out


def test_encrypt_and_change_passphrase_commands(tmp_path, capsys, monkeypatch):
    from chronology.store import Store
    db = tmp_path / "old.db"
    Store.open(db, "x", create=True).close()
    code, out, _ = run(capsys, "encrypt", "--db", db)
    assert code == 0 and "now encrypted" in out and not db.read_bytes().startswith(b"SQLite format 3")
    monkeypatch.setenv("CHRONOLOGY_NEW_PASSPHRASE", "another long passphrase")
    code, out, _ = run(capsys, "passphrase", "--db", db)
    assert code == 0 and "changed" in out
    code, _, err = run(capsys, "children", "--db", db)
    assert code == 2 and "cannot be opened with that passphrase" in err
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", "another long passphrase")
    assert run(capsys, "children", "--db", db)[0] == 0


def test_a_write_to_a_read_only_file_exits_4_and_says_what_to_do(tmp_path, capsys):
    db = tmp_path / "c.db"
    assert run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava", "--dob", "1/1/2015")[0] == 0
    db.chmod(0o444)
    code, _, err = run(capsys, "add-child", "--db", db, "--ref", "A2", "--name", "Ben", "--dob", "1/1/2016")
    db.chmod(0o644)
    assert code == 4 and "This was not saved: the file is read-only" in err
    assert run(capsys, "children", "--db", db)[1].count("\n") == 1  # what was there is intact


def test_commands_that_change_a_caseload_wait_their_turn_and_readers_do_not(tmp_path, capsys):
    from chronology.caseload_lock import CaseloadLock
    db = tmp_path / "c.db"
    assert run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava", "--dob", "1/1/2015")[0] == 0
    with CaseloadLock(db):  # a window has it open
        code, _, err = run(capsys, "add-child", "--db", db, "--ref", "A2", "--name", "Ben", "--dob", "1/1/2016")
        assert code == 4 and "is open in another Chronology window" in err
        code, out, _ = run(capsys, "children", "--db", db)
        assert code == 0 and out.count("\n") == 1  # reading goes on
    assert run(capsys, "add-child", "--db", db, "--ref", "A2", "--name", "Ben", "--dob", "1/1/2016")[0] == 0


def test_the_command_line_holds_new_passphrases_to_the_windows_minimum(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", "short")
    code, _, err = run(capsys, "demo", "--db", tmp_path / "new.db")
    assert code == 2 and "at least 8 characters" in err and not (tmp_path / "new.db").exists()
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", PASSPHRASE)
    db = tmp_path / "c.db"
    assert run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava")[0] == 0
    monkeypatch.setenv("CHRONOLOGY_NEW_PASSPHRASE", "1234567")
    code, _, err = run(capsys, "passphrase", "--db", db)
    assert code == 2 and "at least 8 characters" in err
    assert run(capsys, "children", "--db", db)[0] == 0  # unchanged: the old one still opens it
    from chronology.passphrases import new_passphrase_problem
    assert new_passphrase_problem("1234567") and not new_passphrase_problem("12345678")


def test_small_things_said_plainly(tmp_path, capsys):
    db = tmp_path / "c.db"
    assert run(capsys, "add-child", "--db", db, "--ref", "A1", "--name", "Ava", "--dob", "01/01/2015")[0] == 0
    code, _, err = run(capsys, "export", "--db", db, "--child", "A1", "--csv", tmp_path / "missing" / "out.csv")
    assert code == 2 and f"The folder {tmp_path / 'missing'} does not exist" in err and ".chronology-" not in err
    code, _, err = run(capsys, "export", "--db", db, "--child", "A1", "--pdf", tmp_path / "missing" / "out.pdf")
    assert code == 2 and f"The folder {tmp_path / 'missing'} does not exist" in err
    code, _, err = run(capsys, "encrypt", "--db", db)
    assert code == 2 and "already encrypted" in err
    csv = tmp_path / "two.csv"
    csv.write_text("child_ref,date,agency,role,event_type,summary\n"
                   "A1,01/03/2019,School,DSL,referral,First\nA1,01/05/2019,GP,GP,referral,Second\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", "--db", db, csv)
    assert code == 0 and out.startswith("Imported 2 events")
    code, out, _ = run(capsys, "flags", "--db", db, "--child", "A1")
    assert ("Evidence: 01/03/2019 referral to children's social care; "
            "01/05/2019 referral to children's social care") in out
    assert "events 1" not in out


@pytest.mark.parametrize("args, said", [
    (["--name", "Ava\udcff Hughes"], "not text (not UTF-8)"),
    (["--name", "Ava", "--dob", "01/01/2100"], "for an unborn baby, record it as the expected date of birth"),
    (["--name", "Ava", "--dob", "01/01/2020", "--expected"], "The expected date of birth 01/01/2020 has passed"),
])
def test_add_child_refuses_plainly(tmp_path, capsys, args, said):
    code, _, err = run(capsys, "add-child", "--db", tmp_path / "c.db", "--ref", "A1", *args)
    assert code == 2 and said in err and "Mark the event as planned" not in err


@pytest.mark.parametrize("user", ["Sam\x07Worker", "Sam\u202eWorker", "  ", "Sam\udcffWorker"])
def test_a_user_name_that_is_not_visible_text_is_refused(tmp_path, capsys, user):
    code, _, err = run(capsys, "--user", user, "add-child", "--db", tmp_path / "c.db", "--ref", "A1", "--name", "Ava")
    assert code == 2 and "--user" in err and not (tmp_path / "c.db").exists()


@pytest.mark.parametrize("args, said", [(["--children", "0"], "from 1 to 100,000"),
                                        (["--children", "100001"], "from 1 to 100,000"),
                                        (["--events", "5000001"], "from 0 to 5,000,000")])
def test_the_demo_has_bounds(tmp_path, capsys, args, said):
    code, _, err = run(capsys, "demo", "--db", tmp_path / "d.db", *args)
    assert code == 2 and said in err and not (tmp_path / "d.db").exists()


@pytest.fixture
def exportable(tmp_path, capsys):
    db = tmp_path / "e.db"
    assert run(capsys, "demo", "--db", db, "--children", "2", "--seed", "4")[0] == 0
    return db


def exports_recorded(db):
    from chronology.store import Store
    store = Store.open(db, "Reader", PASSPHRASE)
    try:
        return store.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'exported'").fetchone()[0]
    finally:
        store.close()


def laying_out(monkeypatch, meanwhile):
    """Run ``meanwhile`` while the export lays out its pages."""
    import chronology.report.pdf as pdf
    real = pdf.pdf_bytes

    def watched(*args, **kwargs):
        meanwhile()
        return real(*args, **kwargs)
    monkeypatch.setattr(pdf, "pdf_bytes", watched)


def test_an_export_lets_the_caseload_go_while_it_lays_out_its_pages(exportable, tmp_path, capsys, monkeypatch):
    from chronology.caseload_lock import CaseloadLock
    claimed = []
    laying_out(monkeypatch, lambda: claimed.append(CaseloadLock(exportable).acquire().release() or True))
    code, _, _ = run(capsys, "export", "--db", exportable, "--child", "C000011", "--pdf", tmp_path / "c.pdf")
    assert code == 0 and claimed == [True] and (tmp_path / "c.pdf").exists()
    assert exports_recorded(exportable) == 1


def test_a_caseload_opened_elsewhere_meanwhile_gets_no_file_and_no_record(exportable, tmp_path, capsys,
                                                                           monkeypatch):
    from chronology.caseload_lock import CaseloadLock
    window = CaseloadLock(exportable)
    laying_out(monkeypatch, window.acquire)
    try:
        code, _, err = run(capsys, "export", "--db", exportable, "--child", "C000011", "--pdf", tmp_path / "c.pdf")
    finally:
        window.release()
    assert code == 4 and "is open in another Chronology window" in err and not (tmp_path / "c.pdf").exists()
    assert exports_recorded(exportable) == 0


def test_ctrl_c_stops_an_export_with_nothing_written(exportable, tmp_path, capsys, monkeypatch):
    def interrupted():
        raise KeyboardInterrupt
    laying_out(monkeypatch, interrupted)
    code, _, err = run(capsys, "export", "--db", exportable, "--child", "C000011", "--pdf", tmp_path / "c.pdf")
    assert code == 4 and err.startswith("Stopped: nothing was written") and not (tmp_path / "c.pdf").exists()
    assert exports_recorded(exportable) == 0
    assert list(tmp_path.iterdir()) == [exportable]  # no lock, no partial file left behind


def test_ctrl_c_during_the_demo_says_what_is_left(tmp_path, capsys, monkeypatch):
    import chronology.cli as cli

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(cli, "generate", interrupted)
    code, _, err = run(capsys, "demo", "--db", tmp_path / "d.db")
    assert code == 4 and "demo caseload is incomplete" in err


def test_an_export_at_a_terminal_says_how_far_it_has_got(exportable, tmp_path, capsys, monkeypatch):
    import sys
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = run(capsys, "export", "--db", exportable, "--child", "C000011", "--pdf", tmp_path / "c.pdf")
    assert code == 0 and err.endswith("\rBuilding the document: 100%\n")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    code, _, err = run(capsys, "export", "--db", exportable, "--child", "C000011", "--pdf", tmp_path / "c.pdf",
                       "--force")
    assert code == 0 and err == ""  # nothing said where nobody watches (a script's log)


def test_the_version_comes_from_one_place(capsys):
    from chronology import __version__
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"Chronology {__version__}"
    assert "version = attr: chronology.__version__" in (ROOT / "setup.cfg").read_text(encoding="utf-8")


def test_what_is_written_to_a_file_or_a_pipe_is_utf8_whatever_the_code_page(tmp_path, capsys, monkeypatch):
    """Windows writes a redirected stream in its code page (cp1252): a child named Łukasz would
    stop ``children > list.txt`` with an encoding error."""
    import io
    db = tmp_path / "c.db"
    assert run(capsys, "add-child", "--db", db, "--ref", "P1", "--name", "Łukasz Wiśniewski")[0] == 0
    redirected = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(redirected, encoding="cp1252"))
    assert main(["children", "--db", str(db)]) == 0
    sys.stdout.flush()
    assert redirected.getvalue().decode("utf-8").startswith("P1\tŁukasz Wiśniewski")


def test_a_terminal_that_cannot_show_a_character_shows_a_stand_in_rather_than_failing(tmp_path, capsys,
                                                                                      monkeypatch):
    import io

    class Terminal(io.TextIOWrapper):
        def isatty(self):
            return True

    db = tmp_path / "c.db"
    assert run(capsys, "add-child", "--db", db, "--ref", "P1", "--name", "Łukasz Wiśniewski")[0] == 0
    shown = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", Terminal(shown, encoding="cp1252"))
    assert main(["children", "--db", str(db)]) == 0
    sys.stdout.flush()
    assert shown.getvalue().decode("cp1252").startswith("P1\t?ukasz Wi?niewski")
