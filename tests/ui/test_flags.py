"""The findings panel: the current picture, findings now before before, each opening to its flags;
choosing a finding or a flag selects its evidence; acknowledging a finding covers its flags so far."""
from chronology.rules import Flag
from tests.conftest import make_event
from ui.findings_panel import FindingsModel, flag_html


def opened(workspace, store, child, dates):
    """A child with referrals on these days, opened in the window: its findings panel."""
    referrals(store, child, dates)
    workspace.caseload.reload()
    workspace.caseload.select_child(child)
    return workspace.chronology.findings


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
    flags = panel.findings.model.items
    assert flags and [f.severity for f in flags] == sorted((f.severity for f in flags),
                                                           key=["high", "medium", "low"].index)
    row = next(n for n, f in enumerate(flags) if f.rule == "re_referral")
    panel.findings.choose(row)
    selected = {panel.model.event_id(index.row()) for index in panel.table.selectionModel().selectedRows()}
    assert selected == set(ids)
    assert "03/05/2019" in panel.findings.detail.toPlainText()


def test_evidence_hidden_by_a_filter_is_said(qtbot, workspace, store, siblings):
    ava = siblings[0]
    referrals(store, ava, ["11/01/2019", "03/05/2019"])
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    panel = workspace.chronology
    panel.date_from.setText("02/2019")
    panel.apply_filter()
    row = next(n for n, f in enumerate(panel.findings.model.items) if f.rule == "re_referral")
    panel.findings.choose(row)
    assert "1 of the evidence entries are hidden" in panel.findings.detail.toPlainText()


def test_flags_follow_changes(qtbot, workspace, store, siblings):
    ava = siblings[0]
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    assert workspace.chronology.findings.model.items == []
    first = referrals(store, ava, ["11/01/2019"])[0]
    changes = store.add_event(make_event([ava], "03/05/2019", event_type="referral"))[1]
    workspace.hub.announce(changes)
    assert any(f.rule == "re_referral" for f in workspace.chronology.findings.model.items)
    workspace.hub.announce(store.mark_in_error(first, "duplicate"))
    assert not any(f.rule == "re_referral" for f in workspace.chronology.findings.model.items)


def test_findings_model_passes_the_model_tester(qtmodeltester):
    from datetime import date

    from chronology.findings import findings_from
    flags = [Flag("re_referral", "medium", "Re-referral", "Why", date(2019, 1, 1), date(2019, 5, 3), (1, 2),
                  {"re_referral_months": 12}, False),
             Flag("re_referral", "high", "Re-referral", "Why", date(2020, 1, 1), date(2020, 5, 3), (3, 4)),
             Flag("was_not_brought", "medium", "Not brought", "Why", date(2026, 1, 1), date(2026, 5, 3), (5,))]
    model = FindingsModel()
    model.set_findings(findings_from(flags, date(2026, 11, 26), 12), {})
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.rowCount(model.index(1, 0)) == 2
    assert [model.item(model.flag_index(n)) for n in range(3)] == model.items
    assert model.data(model.index(0, 0)).startswith("NOW · ■ MEDIUM  Not brought")  # now before before
    assert model.data(model.index(1, 0)).startswith("Before · ▲ HIGH  Re-referral")
    assert "(possible)" in model.data(model.flag_index(1))
    assert "Settings used: re referral months: 12" in flag_html(model.items[1])


def test_changing_a_threshold_changes_the_flags_and_is_kept(qtbot, workspace, store, siblings, monkeypatch):
    from ui.rule_settings_dialog import RuleSettingsDialog
    ava = siblings[0]
    referrals(store, ava, ["11/01/2019", "03/11/2019"])  # ten months apart
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    assert any(f.rule == "re_referral" for f in workspace.chronology.findings.model.items)
    monkeypatch.setattr(RuleSettingsDialog, "edit", classmethod(lambda cls, *a, **k: {"re_referral_months": 6}))
    workspace.ui_actions.rule_settings.trigger()
    assert not any(f.rule == "re_referral" for f in workspace.chronology.findings.model.items)
    assert workspace.settings.rule_overrides() == {"re_referral_months": 6}


def test_acknowledging_a_flag_mutes_it_and_records_who_and_why(qtbot, workspace, store, siblings, monkeypatch):
    from ui.reason_dialog import ReasonDialog
    ava = siblings[0]
    flags = opened(workspace, store, ava, ["11/01/2019", "03/05/2019"])
    row = next(n for n, f in enumerate(flags.model.items) if f.rule == "re_referral")
    flags.choose(row)
    monkeypatch.setattr(ReasonDialog, "get_reason", classmethod(lambda cls, *a, **k: "Discussed in supervision"))
    workspace.ui_actions.acknowledge_flag.trigger()
    flag = flags.chosen()
    assert flag.rule == "re_referral"  # still chosen after the refresh
    assert flags.model.data(flags.model.flag_index(row)).startswith("✓ ")
    assert "Acknowledged by Test Worker" in flags.detail.toPlainText()
    assert "Discussed in supervision" in flags.detail.toPlainText()
    assert store.acknowledgements(ava)[flag.key].response == "Discussed in supervision"
    assert "1 acknowledged" in flags.heading.text()


def test_the_picture_and_the_findings_are_shown_now_first(qtbot, workspace, store, siblings):
    ava = siblings[0]
    referrals(store, ava, ["11/01/2019", "03/05/2019"])  # years ago: history
    store.add_event(make_event([ava], "02/10/2025", event_type="referral", summary="Referral again"))
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    panel = workspace.chronology.findings
    picture = panel.picture.text()
    assert "Last seen</b>: not recorded" in picture and "Next statutory step" in picture
    statuses = [finding.status for finding in panel.model.findings]
    assert statuses == sorted(statuses, key=["now", "history"].index) and "history" in statuses
    assert "now" in panel.heading.text() and "before" in panel.heading.text()


def test_choosing_a_finding_selects_all_its_evidence(qtbot, workspace, store, siblings):
    ava = siblings[0]
    ids = referrals(store, ava, ["11/01/2019", "03/05/2019", "01/02/2020"])
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    panel = workspace.chronology
    row = next(n for n, f in enumerate(panel.findings.model.findings) if f.rule == "re_referral")
    finding = panel.findings.model.findings[row]
    assert finding.count == 2  # two re-referrals, one finding
    panel.findings.choose_finding(row)
    selected = {panel.model.event_id(index.row()) for index in panel.table.selectionModel().selectedRows()}
    assert selected == set(ids)
    assert finding.headline in panel.findings.detail.toPlainText()


def test_acknowledging_a_finding_covers_its_flags_so_far_and_a_new_one_raises_it(qtbot, workspace, store,
                                                                                  siblings, monkeypatch):
    from ui.reason_dialog import ReasonDialog
    ava = siblings[0]
    findings = opened(workspace, store, ava, ["11/01/2019", "03/05/2019", "01/02/2020"])
    row = next(n for n, f in enumerate(findings.model.findings) if f.rule == "re_referral")
    findings.choose_finding(row)
    monkeypatch.setattr(ReasonDialog, "get_reason", classmethod(lambda cls, *a, **k: "Reviewed in supervision"))
    workspace.ui_actions.acknowledge_flag.trigger()
    finding = findings.model.findings[row]
    assert all(store.acknowledgements(ava)[flag.key].response == "Reviewed in supervision" for flag in finding.flags)
    assert findings.model.data(findings.model.index(row, 0)).startswith("✓ ")
    workspace.hub.announce(store.add_event(make_event([ava], "01/06/2020", event_type="referral",
                                                      summary="Referral once more"))[1])
    row = next(n for n, f in enumerate(findings.model.findings) if f.rule == "re_referral")
    assert not findings.model.data(findings.model.index(row, 0)).startswith("✓ ")  # raised again
    assert findings.model.findings[row].count == 3
