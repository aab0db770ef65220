"""No plain copy of case data is written anywhere but where the worker asks (an export): not in
the temporary folder, not beside the database. A whole working session runs in a separate
process whose temporary folder is empty to begin with; then every file is searched for canaries."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CANARIES = (b"CANARY", "CANARY".encode("utf-16-le"), b"Wojcik", "Wojcik".encode("utf-16-le"))
SESSION = """
import sys
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from chronology.backup import change_passphrase, make_backup
from chronology.demo import generate
from chronology.interchange import export_csv, import_csv
from chronology.model import ChildDetails
from chronology.report import ReportChoice, gather
from chronology.report.pdf import pdf_bytes
from chronology.rules import RuleContext
from chronology.store import Store
from tests.conftest import make_event

work, exports = Path(sys.argv[2]), Path(sys.argv[3])
store = Store.open(work / "caseload.db", "Worker", "a long passphrase", create=True)
generate(store, children=6, seed=4)
child, _ = store.add_child(ChildDetails(ref="CANARY-1", name="Canary Wojcik", dob=date(2015, 1, 1)))
for day in range(1, 29):
    store.add_event(make_event([child], f"{day}/02/2019", summary=f"CANARY entry {day} " + "x" * 3000))
(exports / "in.csv").write_text("child_ref,date,time,end_date,agency,role,event_type,categories,summary,impact,"
                                "action,child_voice,significance,recorded_by,source_ref\\n" +
                                "".join(f"CANARY-1,{d}/03/2019,,,Police,PC,other,,CANARY imported {d},,,,,,\\n"
                                        for d in range(1, 29)), encoding="utf-8")
import_csv(store, exports / "in.csv")
export_csv(store, (child,), exports / "out.csv")
store.db.execute("SELECT summary FROM events ORDER BY summary || impact DESC").fetchall()  # a sort
store.db.execute("CREATE TEMP TABLE scratch AS SELECT * FROM events")
store.db.execute("VACUUM")
context = RuleContext.load()
data = gather(store, child, ReportChoice(), context, date(2026, 11, 26), "Worker")
(exports / "out.pdf").write_bytes(pdf_bytes(data)[0])
make_backup(store, work / "backups")
change_passphrase(store, "another long passphrase")
store.add_event(make_event([child], "1/4/2019", summary="CANARY last entry, still in the journal"))
print("done", flush=True)
import os
os._exit(0)  # as if the laptop died: the journal and every temporary file are left as they are
"""


def plain_copies(*folders: Path) -> list[Path]:
    """Every file under the folders that holds a canary, as bytes (UTF-8 or UTF-16)."""
    searched = [path for folder in folders for path in folder.rglob("*") if path.is_file()]
    return [path for path in searched if any(canary in path.read_bytes() for canary in CANARIES)]


def test_the_search_finds_a_plain_copy_where_there_is_one(tmp_path):
    """The control: a plain file planted in a temporary folder, as a careless library would leave
    one, is found — so the session's search below can fail."""
    temporary = tmp_path / "temp"
    (temporary / "nested").mkdir(parents=True)
    (temporary / "nested" / "tmp1234.sort").write_bytes(b"\x00\x01...Canary Wojcik, born 01/01/2015...")
    (temporary / "notes.txt").write_text("CANARY", encoding="utf-16-le")
    (temporary / "harmless.txt").write_text("nothing to see", encoding="utf-8")
    assert sorted(p.name for p in plain_copies(temporary)) == ["notes.txt", "tmp1234.sort"]


def test_a_working_session_leaves_no_plain_case_data_outside_its_exports(tmp_path):
    temporary, work, exports = tmp_path / "temp", tmp_path / "work", tmp_path / "exports"
    for folder in (temporary, work, exports):
        folder.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary), TEMP=str(temporary), TMP=str(temporary),
               SQLITE_TMPDIR=str(temporary))
    result = subprocess.run([sys.executable, "-c", SESSION, str(ROOT), str(work), str(exports)],
                            capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert result.stdout.strip() == "done", result.stderr
    assert any(CANARIES[0] in (exports / name).read_bytes() for name in ("out.csv",))  # the canary is real
    searched = [path for path in (*temporary.rglob("*"), *work.rglob("*")) if path.is_file()]
    assert any(path.name.endswith("-wal") for path in searched) and any("backups" in str(p) for p in searched)
    assert plain_copies(temporary, work) == []


def test_sorts_and_temporary_tables_are_kept_in_memory(store):
    assert store.db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY, whatever the build's default
