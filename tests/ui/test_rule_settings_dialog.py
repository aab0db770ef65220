"""The rules' thresholds, each changeable: the dialog gives back only what differs from the
defaults."""


def test_rule_settings_dialog_returns_only_what_differs(qtbot):
    from chronology.rules import load_settings
    from ui.rule_settings_dialog import RuleSettingsDialog
    defaults = load_settings()
    dialog = RuleSettingsDialog(defaults, {**defaults, "drift_weeks": 10})
    qtbot.addWidget(dialog)
    assert dialog.overrides() == {"drift_weeks": 10}
    dialog.restore_defaults()
    assert dialog.overrides() == {}
