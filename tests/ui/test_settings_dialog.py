"""Settings, in one dialog: what it offers, what it refuses, and the window applying it at once."""
from __future__ import annotations

from chronology.rules import RuleContext
from ui.settings_dialog import Chosen, SettingsDialog

DEFAULTS = RuleContext.load().settings


def test_the_dialog_shows_the_settings_and_returns_what_was_chosen(qtbot, settings, tmp_path):
    settings.set("user/name", "Sam Worker")
    dialog = SettingsDialog(settings, DEFAULTS, {**DEFAULTS, "re_referral_months": 6})
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Sam Worker" and dialog.backups_kept.value() == 10
    assert dialog.rules.boxes["re_referral_months"].value() == 6
    assert [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())] == [
        "You", "Security", "Backups", "Rules"]
    dialog.role.setText("  Senior   social worker ")
    dialog.lock_minutes.setValue(12)
    dialog.backup_folder.setText(str(tmp_path))
    dialog.backups_kept.setValue(20)
    chosen = dialog.chosen()
    assert chosen == Chosen("Sam Worker", "Senior social worker", 12, str(tmp_path), 20, 12,
                            {"re_referral_months": 6})


def test_a_name_that_is_not_text_or_a_file_for_a_folder_is_refused_on_its_page(qtbot, settings, tmp_path):
    dialog = SettingsDialog(settings, DEFAULTS, DEFAULTS)
    qtbot.addWidget(dialog)
    dialog.name.setText("Sam\u200bWorker")
    assert dialog.chosen() is None and "visible text" in dialog.problem.text() and dialog.tabs.currentIndex() == 0
    dialog.name.setText("Sam Worker")
    afile = tmp_path / "a file"
    afile.write_text("x", encoding="utf-8")
    dialog.backup_folder.setText(str(afile))
    assert dialog.chosen() is None and "is a file, not a folder" in dialog.problem.text()
    assert dialog.tabs.currentIndex() == 2


def test_the_window_applies_the_settings_at_once(qtbot, workspace, main_window, store, settings, monkeypatch,
                                                 tmp_path):
    chosen = Chosen("Alex Practitioner", "Team manager", 7, str(tmp_path / "elsewhere"), 3, 6,
                    {"re_referral_months": 9})
    monkeypatch.setattr(SettingsDialog, "edit", classmethod(lambda cls, *a, **k: chosen))
    main_window.ui_actions.preferences.trigger()
    assert settings.get("user/name") == "Alex Practitioner" and settings.produced_by() == \
        "Alex Practitioner, Team manager"
    assert settings.get("backup/keep") == 3 and settings.get("security/lock_minutes") == 7
    assert store.user == "Alex Practitioner"  # changes from now on are made under the new name
    assert workspace.rules.settings["re_referral_months"] == 9 and settings.rule_overrides() == {
        "re_referral_months": 9}
    assert main_window.statusBar().currentMessage() == "Settings saved."
