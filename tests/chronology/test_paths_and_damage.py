"""A caseload is never lost to a misspelt path, and damage is called damage: a path that is not
there (or an empty file) is refused by every command that reads one, naming it, and nothing is
made there; a damaged page is reported as damage — by ``verify`` always, by any other command
that meets it — never as "intact", "not saved" or "a wrong passphrase"."""
import shutil

import pytest

from chronology.cli import main
from chronology.demo import generate
from chronology.store import Store

PASSPHRASE = "a long enough passphrase"
READERS = [["children"], ["verify"], ["flags", "--child", "C000011"], ["import", "{other}"],
           ["export", "--child", "C000011", "--csv", "{out}"], ["backup", "--to", "{folder}"], ["passphrase"],
           ["encrypt"]]


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("CHRONOLOGY_NEW_PASSPHRASE", "another long passphrase")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def filled(args: list[str], tmp_path) -> list[str]:
    other = tmp_path / "rows.csv"
    other.write_text("child_ref,date,agency,role,event_type,summary\n", encoding="utf-8")
    return [a.format(other=other, out=tmp_path / "out.csv", folder=tmp_path / "backups") for a in args]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_a_caseload_that_is_not_there_is_refused_and_never_made(tmp_path, capsys, command, kind):
    db = tmp_path / "mispelt.db"
    if kind == "empty":
        db.write_bytes(b"")
    code, _, err = run(capsys, command[0], "--db", db, *filled(command[1:], tmp_path))
    assert code == 2, err
    assert str(db) in err and ("does not exist" if kind == "missing" else "is empty") in err
    assert (not db.exists()) if kind == "missing" else db.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["rows.csv"] + (["mispelt.db"] if kind == "empty"
                                                                                 else []))


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_restore_from_a_backup_that_is_not_there_replaces_nothing(tmp_path, capsys, kind):
    db = tmp_path / "case.db"
    assert run(capsys, "demo", "--db", db, "--children", "2")[0] == 0
    before = db.read_bytes()
    source = tmp_path / "backup.db"
    if kind == "empty":
        source.write_bytes(b"")
    code, _, err = run(capsys, "restore", "--db", db, "--from", source)
    assert code == 2 and str(source) in err and db.read_bytes() == before
    assert not list(tmp_path.glob("*before-restore*"))


def test_only_demo_and_add_child_make_a_caseload_and_only_where_nothing_is(tmp_path, capsys):
    assert run(capsys, "add-child", "--db", tmp_path / "a.db", "--ref", "A1", "--name", "Ava")[0] == 0
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert run(capsys, "demo", "--db", empty, "--children", "1")[0] == 0  # an empty file is nothing there
    folder = tmp_path / "folder.db"
    folder.mkdir()
    code, _, err = run(capsys, "demo", "--db", folder)
    assert code == 2 and "not a file" in err


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    path = tmp_path_factory.mktemp("pristine") / "case.db"
    store = Store.open(path, "Worker", PASSPHRASE, create=True)
    generate(store, children=3, seed=4)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def damaged_copy(pristine, tmp_path, page: int):
    copy = tmp_path / "case.db"
    shutil.copy(pristine, copy)
    data = bytearray(copy.read_bytes())
    data[page * 4096 + 100] ^= 0xFF
    copy.write_bytes(bytes(data))
    return copy


def test_verify_names_damage_on_every_page(pristine, tmp_path, capsys):
    pages = pristine.stat().st_size // 4096
    assert pages > 10
    for page in range(pages):
        copy = damaged_copy(pristine, tmp_path, page)
        code, out, err = run(capsys, "verify", "--db", copy)
        assert "intact" not in out + err and "not saved" not in err
        if page:
            assert code == 3 and "is damaged" in err, (page, out, err)
        else:  # the first page holds what tells a passphrase is right: damage there looks like a wrong one
            assert code == 2 and "first page may be damaged" in err


def test_a_command_that_meets_a_damaged_page_says_it_is_damaged(pristine, tmp_path, capsys):
    pages = pristine.stat().st_size // 4096
    said_damaged = 0
    for page in range(1, pages, 3):  # a sample: verify above takes every page
        copy = damaged_copy(pristine, tmp_path, page)
        for command in (["children"], ["flags", "--child", "C000011"], ["export", "--child", "C000011", "--csv",
                                                                        tmp_path / "out.csv", "--force"]):
            code, _, err = run(capsys, command[0], "--db", copy, *command[1:])
            assert "not saved" not in err and "passphrase" not in err, (page, command, err)
            if code:
                assert code == 3 and "is damaged" in err, (page, command, err)
                said_damaged += 1
    assert said_damaged  # some pages are met by these commands, and called damaged


@pytest.fixture
def caseload(tmp_path, capsys):
    db = tmp_path / "case.db"
    assert run(capsys, "demo", "--db", db, "--children", "2")[0] == 0
    return db


@pytest.mark.parametrize("form", ["--csv", "--pdf"])
@pytest.mark.parametrize("target", ["the caseload", "its log", "its lock", "a backup", "another caseload",
                                    "a folder", "a device", "a link to the caseload"])
def test_an_export_never_writes_over_the_caseload_a_database_a_folder_or_a_device(caseload, tmp_path, capsys,
                                                                                   form, target):
    import os
    backups = tmp_path / "backups"
    assert run(capsys, "backup", "--db", caseload, "--to", backups)[0] == 0
    other = tmp_path / "other.db"
    assert run(capsys, "add-child", "--db", other, "--ref", "X1", "--name", "Xan")[0] == 0
    (tmp_path / "folder").mkdir()
    os.symlink(caseload, tmp_path / "link.db")
    path = {"the caseload": caseload, "its log": tmp_path / "case.db-wal", "its lock": tmp_path / "case.db.in-use",
            "a backup": next(backups.glob("chronology-*.db")), "another caseload": other,
            "a folder": tmp_path / "folder", "a device": "/dev/null" if os.name != "nt" else "NUL",
            "a link to the caseload": tmp_path / "link.db"}[target]
    before = {p: p.read_bytes() for p in (caseload, other, next(backups.glob("chronology-*.db")))}
    code, _, err = run(capsys, "export", "--db", caseload, "--child", "C000011", form, path, "--force")
    assert code == 2, err
    assert {p: p.read_bytes() for p in before} == before
    assert run(capsys, "verify", "--db", caseload)[0] == 0


def test_an_export_replaces_an_existing_file_only_when_told(caseload, tmp_path, capsys):
    out = tmp_path / "out.csv"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "export", "--db", caseload, "--child", "C000011", "--csv", out)
    assert code == 2 and "exists already" in err and out.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "export", "--db", caseload, "--child", "C000011", "--csv", out, "--force")[0] == 0
    assert out.read_text(encoding="utf-8-sig").startswith("child_ref")
