"""One program at a time on a caseload, with no stale claim left by one that died."""
import subprocess
import sys
from pathlib import Path

import pytest

from chronology.caseload_lock import CaseloadInUse, CaseloadLock
from chronology.db import StoreError

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from chronology.caseload_lock import CaseloadLock
lock = CaseloadLock(sys.argv[2]).acquire()
print("holding", flush=True)
time.sleep(60)
"""


def test_a_second_claim_is_refused_until_the_first_lets_go(tmp_path):
    first = CaseloadLock(tmp_path / "c.db").acquire()
    with pytest.raises(CaseloadInUse, match="is open in another Chronology window"):
        CaseloadLock(tmp_path / "c.db").acquire()
    first.release()
    with CaseloadLock(tmp_path / "c.db") as again:
        assert again.held
    assert not again.held
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing left behind: no companion, no journal


def test_a_claim_is_on_the_file_not_the_name_it_was_opened_by(tmp_path):
    import os
    real = tmp_path / "real" / "c.db"
    real.parent.mkdir()
    real.write_bytes(b"")
    link = tmp_path / "link.db"
    os.symlink(real, link)
    with CaseloadLock(link):
        with pytest.raises(CaseloadInUse):
            CaseloadLock(real).acquire()


def test_commands_leave_no_companion_file_behind(tmp_path, monkeypatch, capsys):
    from chronology.cli import main
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", "a long enough passphrase")
    db = tmp_path / "c.db"
    assert main(["add-child", "--db", str(db), "--ref", "A1", "--name", "Ava"]) == 0
    assert main(["export", "--db", str(db), "--child", "A1", "--csv", str(tmp_path / "out.csv")]) == 0
    assert not (tmp_path / "c.db.in-use").exists()


def test_a_program_that_dies_holding_the_claim_leaves_none_behind(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(ROOT), str(tmp_path / "c.db")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(CaseloadInUse):
            CaseloadLock(tmp_path / "c.db").acquire()
    finally:
        holder.kill()
        holder.wait()
    CaseloadLock(tmp_path / "c.db").acquire().release()


def test_a_folder_that_cannot_be_written_is_said_so(tmp_path):
    with pytest.raises(StoreError, match="cannot write in the folder"):
        CaseloadLock(tmp_path / "missing" / "c.db").acquire()
