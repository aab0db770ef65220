"""Changing the passphrase from the File menu (the dialog monkeypatched where it is modal)."""
import pytest

from chronology.db import WrongPassphrase
from chronology.store import Store
from ui.change_passphrase_dialog import ChangePassphraseDialog
from ui.jobs import wait_for_jobs

OLD, NEW = "the old long passphrase", "a brand new passphrase"


def test_the_dialog_insists_on_the_current_and_a_good_new_passphrase(qtbot):
    dialog = ChangePassphraseDialog(OLD)
    qtbot.addWidget(dialog)
    for current, new, again, problem in (("guess", NEW, NEW, "not the current passphrase"),
                                         (OLD, "short", "short", "at least 8"),
                                         (OLD, NEW, NEW + "x", "differ"),
                                         (OLD, OLD, OLD, "the same as the current one")):
        dialog.current.setText(current)
        dialog.new.setText(new)
        dialog.again.setText(again)
        dialog.accept()
        assert problem in dialog.problem.text() and dialog.result() == 0
    dialog.new.setText(NEW)
    dialog.again.setText(NEW)
    dialog.accept()
    assert dialog.result() == 1


def test_changing_it_re_encrypts_and_backs_up_at_once(qtbot, main_window, settings, tmp_path, monkeypatch):
    path = tmp_path / "secret.db"
    store = Store.open(path, "Worker", OLD, create=True)
    main_window.attach(store)
    wait_for_jobs()  # the backup made on opening, with the old passphrase
    folder = tmp_path / "backups" / "secret"
    before = set(folder.glob("chronology-*.db"))
    assert main_window.ui_actions.change_passphrase.isEnabled()
    monkeypatch.setattr(ChangePassphraseDialog, "get_new_passphrase",
                        classmethod(lambda cls, current, parent=None: NEW if current == OLD else None))
    main_window.ui_actions.change_passphrase.trigger()
    wait_for_jobs()
    assert store.passphrase == NEW
    made = set(folder.glob("chronology-*.db")) - before
    assert len(made) == 1
    Store.open(made.pop(), "Worker", NEW).close()  # the new backup opens with the new passphrase
    store.close()
    with pytest.raises(WrongPassphrase):
        Store.open(path, "Worker", OLD)
    Store.open(path, "Worker", NEW).close()


def test_a_plain_caseload_has_no_passphrase_to_change(qtbot, workspace, main_window):
    assert not main_window.ui_actions.change_passphrase.isEnabled()


