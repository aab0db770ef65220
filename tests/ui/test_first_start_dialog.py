"""The first start, walked through: each page refuses what will not do, and the app makes the
caseload as chosen — encrypted with the passphrase given, with the demo if asked for."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard

from chronology.store import Store
from ui.app import open_store
from ui.first_start_dialog import FirstStart, FirstStartDialog
from ui.jobs import wait_for_jobs


def test_each_page_says_what_will_not_do(qtbot, tmp_path):
    wizard = FirstStartDialog("sworker", tmp_path / "chronology.db", tmp_path / "backups")
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.you.name.text() == "sworker"
    wizard.you.name.setText("   ")
    wizard.next()
    assert wizard.currentPage() is wizard.you and "empty" in wizard.you.problem.text()
    wizard.you.name.setText("Sam Worker")
    wizard.you.role.setText("Social worker")
    wizard.next()
    assert wizard.currentPage() is wizard.secret
    wizard.secret.passphrase.setText("short")
    wizard.next()
    assert wizard.currentPage() is wizard.secret and "at least 8" in wizard.secret.problem.text()
    wizard.secret.passphrase.setText("correct horse battery")
    wizard.secret.again.setText("correct horse batter")
    wizard.next()
    assert "differ" in wizard.secret.problem.text()
    wizard.secret.again.setText("correct horse battery")
    wizard.next()
    assert wizard.currentPage() is wizard.start and wizard.start.empty.isChecked()
    wizard.start.demo.setChecked(True)
    wizard.next()
    assert str(tmp_path / "chronology.db") in wizard.where.findChildren(type(wizard.where.problem))[0].text()
    assert wizard.result_value() == FirstStart("Sam Worker", "Social worker", "correct horse battery", True)
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "&Start"


def test_the_first_start_makes_the_caseload_as_chosen(qtbot, main_window, tmp_path, monkeypatch):
    path = tmp_path / "chronology.db"
    monkeypatch.setattr(FirstStartDialog, "walk_through", classmethod(
        lambda cls, login, caseload, backups, parent=None: FirstStart("Sam Worker", "Social worker",
                                                                      "correct horse battery", True)))
    assert open_store(main_window, path, "sworker", first_start=True) is None
    qtbot.waitUntil(lambda: main_window.attached().child_count() > 0, timeout=30_000)  # the demo, loaded
    wait_for_jobs()
    store = main_window.attached()
    assert store.user == "Sam Worker" and store.passphrase == "correct horse battery"
    assert Store.is_encrypted(path)
    assert main_window.settings.produced_by() == "Sam Worker, Social worker"


def test_cancelling_the_first_start_makes_nothing(qtbot, main_window, tmp_path, monkeypatch):
    path = tmp_path / "chronology.db"
    monkeypatch.setattr(FirstStartDialog, "walk_through", classmethod(lambda cls, *a, **k: None))
    assert open_store(main_window, path, "sworker", first_start=True) == 0
    assert not Path(path).exists() and main_window.store is None
