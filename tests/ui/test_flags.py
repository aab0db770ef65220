"""The flags panel: ordered by severity, and choosing a flag selects its evidence."""
from chronology.rules import Flag
from tests.conftest import make_event
from ui.flags_panel import FlagsModel, flag_html


def referrals(store, child, dates):
    return [store.add_event(make_event([child], day, event_type="referral", agency="School", role="DSL",
                                       summary=f"Referral {day}"))[0] for day in dates]


def test_choosing_a_flag_selects_its_evidence(qtbot, workspace, store, siblings):
    ava = siblings[0]
    ids = referrals(store, ava, ["11/01/2019", "03/05/2019"])
    store.add_event(make_event([ava], "01/01/2018", summary="Something earlier"))
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    panel = workspace.chronology
    flags = panel.flags.model.items
    assert flags and [f.severity for f in flags] == sorted((f.severity for f in flags),
                                                           key=["high", "medium", "low"].index)
    row = next(n for n, f in enumerate(flags) if f.rule == "re_referral")
    panel.flags.choose(row)
    selected = {panel.model.event_id(index.row()) for index in panel.table.selectionModel().selectedRows()}
    assert selected == set(ids)
    assert "03/05/2019" in panel.flags.detail.toPlainText()


def test_evidence_hidden_by_a_filter_is_said(qtbot, workspace, store, siblings):
    ava = siblings[0]
    referrals(store, ava, ["11/01/2019", "03/05/2019"])
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    panel = workspace.chronology
    panel.date_from.setText("02/2019")
    panel.apply_filter()
    row = next(n for n, f in enumerate(panel.flags.model.items) if f.rule == "re_referral")
    panel.flags.choose(row)
    assert "1 of the evidence entries are hidden" in panel.flags.detail.toPlainText()


def test_flags_follow_changes(qtbot, workspace, store, siblings):
    ava = siblings[0]
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    assert workspace.chronology.flags.model.items == []
    first = referrals(store, ava, ["11/01/2019"])[0]
    changes = store.add_event(make_event([ava], "03/05/2019", event_type="referral"))[1]
    workspace.hub.announce(changes)
    assert any(f.rule == "re_referral" for f in workspace.chronology.flags.model.items)
    workspace.hub.announce(store.mark_in_error(first, "duplicate"))
    assert not any(f.rule == "re_referral" for f in workspace.chronology.flags.model.items)


def test_flags_model_passes_the_model_tester(qtmodeltester):
    from datetime import date
    model = FlagsModel()
    model.set_flags([Flag("re_referral", "medium", "Re-referral", "Why", date(2019, 1, 1), date(2019, 5, 3),
                          (1, 2), {"re_referral_months": 12}, False)], {})
    qtmodeltester.check(model)
    assert "(possible)" in model.data(model.index(0))
    assert "Settings used: re referral months: 12" in flag_html(model.items[0])


def test_changing_a_threshold_changes_the_flags_and_is_kept(qtbot, workspace, store, siblings, monkeypatch):
    from ui.rule_settings_dialog import RuleSettingsDialog
    ava = siblings[0]
    referrals(store, ava, ["11/01/2019", "03/11/2019"])  # ten months apart
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    assert any(f.rule == "re_referral" for f in workspace.chronology.flags.model.items)
    monkeypatch.setattr(RuleSettingsDialog, "edit", classmethod(lambda cls, *a, **k: {"re_referral_months": 6}))
    workspace.ui_actions.rule_settings.trigger()
    assert not any(f.rule == "re_referral" for f in workspace.chronology.flags.model.items)
    assert workspace.settings.rule_overrides() == {"re_referral_months": 6}


def test_acknowledging_a_flag_mutes_it_and_records_who_and_why(qtbot, workspace, store, siblings, monkeypatch):
    from ui.reason_dialog import ReasonDialog
    ava = siblings[0]
    referrals(store, ava, ["11/01/2019", "03/05/2019"])
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    flags = workspace.chronology.flags
    row = next(n for n, f in enumerate(flags.model.items) if f.rule == "re_referral")
    flags.choose(row)
    monkeypatch.setattr(ReasonDialog, "get_reason", classmethod(lambda cls, *a, **k: "Discussed in supervision"))
    workspace.ui_actions.acknowledge_flag.trigger()
    flag = flags.chosen()
    assert flag.rule == "re_referral"  # still chosen after the refresh
    assert flags.model.data(flags.model.index(row)).startswith("✓ ")
    assert "Acknowledged by Test Worker" in flags.detail.toPlainText()
    assert "Discussed in supervision" in flags.detail.toPlainText()
    assert store.acknowledgements(ava)[flag.key].response == "Discussed in supervision"
    assert "(1 acknowledged)" in flags.heading.text()
