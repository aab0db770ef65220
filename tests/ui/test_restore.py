"""Back up now and restore from a backup, from the File menu (modal dialogs monkeypatched): the
backup is checked before anything is replaced, the replaced caseload is kept, and the window
reopens on the restored caseload — or on the caseload as it was, if the backup does not pass."""
from __future__ import annotations

import os
import time
from datetime import date

from PySide6.QtWidgets import QMessageBox

from chronology.backup import change_passphrase, make_backup
from chronology.model import ChildDetails
from chronology.store import Store
from ui.jobs import wait_for_jobs
from ui.passphrase_dialog import PassphraseDialog
from ui.restore_dialog import RestoreDialog, backups_in

OLD, NEW = "the old long passphrase", "a brand new passphrase"


def opened(main_window, tmp_path, passphrase=OLD):
    store = Store.open(tmp_path / "case.db", "Worker", passphrase, create=True)
    store.add_child(ChildDetails(ref="A1", name="Ava Hughes", dob=date(2016, 5, 2)))
    main_window.attach(store)
    wait_for_jobs()  # the backup made on opening
    return store


def refs(main_window):
    return [child.ref for child in main_window.attached().children()]


def test_back_up_now_makes_a_backup_at_once(qtbot, main_window, tmp_path):
    opened(main_window, tmp_path)
    folder = tmp_path / "backups" / "case"
    before = set(folder.glob("chronology-*.db"))
    main_window.ui_actions.back_up_now.trigger()
    wait_for_jobs()
    qtbot.waitUntil(lambda: len(set(folder.glob("chronology-*.db")) - before) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "Backed up to" in main_window.statusBar().currentMessage(), timeout=10_000)
    main_window.settings.set("backup/keep", 1)  # Settings: how many are kept
    main_window.ui_actions.back_up_now.trigger()
    wait_for_jobs()
    qtbot.waitUntil(lambda: len(list(folder.glob("chronology-*.db"))) == 1, timeout=10_000)


def test_restoring_goes_back_to_the_backup_and_keeps_the_replaced_caseload(qtbot, main_window, tmp_path,
                                                                             monkeypatch):
    store = opened(main_window, tmp_path)
    (backup,) = (tmp_path / "backups" / "case").glob("chronology-*.db")
    store.add_child(ChildDetails(ref="A2", name="Leo Hughes", dob=date(2018, 1, 3)))  # after the backup
    offered = []
    monkeypatch.setattr(RestoreDialog, "choose", classmethod(
        lambda cls, backups, folder, parent=None: offered.append(backups) or backup))
    main_window.ui_actions.restore_backup.trigger()
    assert [b.path for b in offered[0]] == [backup]
    assert refs(main_window) == ["A1"] and main_window.workspace is not None
    kept = list(tmp_path.glob("case.before-restore-*.db"))
    assert len(kept) == 1 and "kept as" in main_window.statusBar().currentMessage()
    assert [c.ref for c in Store.open(kept[0], "check", OLD).children()] == ["A1", "A2"]
    assert main_window.attached().verify().intact and main_window.ui_actions.new_child.isEnabled()


def test_a_backup_from_before_a_change_of_passphrase_asks_for_its_own(qtbot, main_window, tmp_path, monkeypatch):
    store = opened(main_window, tmp_path)
    (backup,) = (tmp_path / "backups" / "case").glob("chronology-*.db")
    change_passphrase(store, NEW)
    asked = []
    monkeypatch.setattr(RestoreDialog, "choose", classmethod(lambda cls, backups, folder, parent=None: backup))
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: asked.append(problem) or OLD))
    main_window.ui_actions.restore_backup.trigger()
    assert "another passphrase" in asked[0]
    assert main_window.attached().passphrase == OLD and refs(main_window) == ["A1"]


def test_a_damaged_backup_changes_nothing(qtbot, main_window, tmp_path, monkeypatch):
    store = opened(main_window, tmp_path)
    store.add_child(ChildDetails(ref="A2", name="Leo Hughes", dob=date(2018, 1, 3)))
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"\x00" * 8192)
    said, asked = [], []
    monkeypatch.setattr(RestoreDialog, "choose", classmethod(lambda cls, backups, folder, parent=None: damaged))
    # a file that is not a backup cannot be told from one made with another passphrase: asked, then given up
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: asked.append(problem) or (None if len(asked) > 1 else NEW)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    main_window.ui_actions.restore_backup.trigger()
    assert len(asked) == 2 and "not the backup's passphrase either" in asked[1]
    assert refs(main_window) == ["A1", "A2"] and not list(tmp_path.glob("case.before-restore-*"))
    assert main_window.statusBar().currentMessage() == "Nothing was restored: the caseload is as it was."
    assert main_window.attached().passphrase == OLD and said == []


def test_the_dialog_lists_backups_newest_first_with_date_and_size(qtbot, tmp_path):
    store = Store.open(tmp_path / "c.db", "Worker", OLD, create=True)
    first = make_backup(store, tmp_path / "b")
    os.utime(first, (time.time() - 3600, time.time() - 3600))
    second = make_backup(store, tmp_path / "b")
    found = backups_in(tmp_path / "b")
    assert [b.path for b in found] == [second, first] and found[0].size_text.endswith("KB")
    dialog = RestoreDialog(found, tmp_path / "b")
    qtbot.addWidget(dialog)
    assert dialog.listing.topLevelItemCount() == 2 and dialog.listing.topLevelItem(0).text(2) == second.name
    dialog.accept()
    assert dialog.chosen == second
    store.close()


def test_a_backup_damaged_inside_is_refused_saying_why(qtbot, main_window, tmp_path, monkeypatch):
    opened(main_window, tmp_path)
    (backup,) = (tmp_path / "backups" / "case").glob("chronology-*.db")
    damaged = tmp_path / "damaged-inside.db"
    data = bytearray(backup.read_bytes())
    data[5000:5064] = b"\xff" * 64  # a page of the backup overwritten (its first page intact)
    damaged.write_bytes(bytes(data))
    said = []
    monkeypatch.setattr(RestoreDialog, "choose", classmethod(lambda cls, backups, folder, parent=None: damaged))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    main_window.ui_actions.restore_backup.trigger()
    assert said and said[0].startswith("The backup was not restored, and the caseload is as it was:")
    assert refs(main_window) == ["A1"] and not list(tmp_path.glob("case.before-restore-*"))


def test_whatever_goes_wrong_the_caseload_is_reopened_as_it_was(qtbot, main_window, tmp_path, monkeypatch):
    opened(main_window, tmp_path)
    (backup,) = (tmp_path / "backups" / "case").glob("chronology-*.db")
    said = []
    monkeypatch.setattr(RestoreDialog, "choose", classmethod(lambda cls, backups, folder, parent=None: backup))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))

    def broken(*args):
        raise RuntimeError("the disk went away")
    monkeypatch.setattr("chronology.backup.restore", broken)
    main_window.ui_actions.restore_backup.trigger()
    assert said == ["The backup was not restored, and the caseload is as it was: RuntimeError: the disk went away"]
    assert refs(main_window) == ["A1"] and main_window.workspace is not None
