"""The caseload overview: each child's findings read off the GUI thread, ranked by what is wrong
now, a child whose findings are all history not shown as urgent, and a child opened from it."""
from tests.ui.test_flags import referrals


def test_caseload_overview_counts_flags_and_opens_a_child(qtbot, workspace, store, siblings, monkeypatch):
    from ui.overview_dialog import OverviewDialog
    ava, leo = siblings
    referrals(store, ava, ["11/01/2019", "03/05/2019"])
    workspace.caseload.reload()
    entries = [entry for _, members in workspace.caseload.model.groups for entry in members]
    dialog = OverviewDialog(store, entries, workspace.rules)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    first = dialog.model.rows[0]
    # years ago: Ava's re-referral is history, and the case she is open on today is wrong now
    assert first.child_id == ava and first.before >= 1
    assert dialog.model.rows[1].child_id == leo
    dialog.model.sort(0)
    assert [dialog.model.data(dialog.model.index(r, 0)) for r in range(2)] == ["Ava Hughes", "Leo Hughes"]
    monkeypatch.setattr(OverviewDialog, "open_child", classmethod(lambda cls, *a, **k: leo))
    workspace.ui_actions.overview.trigger()
    assert workspace.chronology.child.id == leo


def test_overview_model_passes_the_model_tester(qtmodeltester, workspace, store, siblings):
    from PySide6.QtCore import Qt

    from chronology.findings import ChildStanding
    from ui.overview_dialog import OverviewModel
    workspace.caseload.reload()
    entries = [entry for _, members in workspace.caseload.model.groups for entry in members]
    model = OverviewModel(entries)
    model.set_rows([ChildStanding(siblings[1], 0, 0, 0, 3, ""), ChildStanding(siblings[0], 1, 2, 0, 1, "Overdue")])
    qtmodeltester.check(model)
    assert model.rows[0].child_id == siblings[0]  # something wrong now comes first
    assert model.data(model.index(0, 6)) == "Overdue" and model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert model.data(model.index(1, 6)) == "Nothing now; history only"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None  # history only: not red
