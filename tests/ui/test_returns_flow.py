"""Agencies' returns from the window, end to end: request, receive (a mapping asked for where the
headings are not clear), problems by place, entries that may be the same happening, the Returns
view. Dialogs are monkeypatched with what a worker would answer."""
from __future__ import annotations

from datetime import date, datetime

from tests.agency_files import fill_template, health_docx, police_xlsx
from ui.return_receive_dialog import ReturnReceiveDialog, ReturnToReceive
from ui.return_request_dialog import ReturnRequest, ReturnRequestDialog


def show(workspace, child_id):
    workspace.caseload.reload()
    workspace.caseload.select_child(child_id)


def answer(monkeypatch, dialog, value):
    asked = []
    monkeypatch.setattr(dialog, "ask", classmethod(lambda cls, *args, **kwargs: asked.append(args) or value))
    return asked


def test_request_then_receive_the_filled_template(qtbot, workspace, store, siblings, tmp_path, monkeypatch):
    show(workspace, siblings[0])
    template = tmp_path / "police request.xlsx"
    asked = answer(monkeypatch, ReturnRequestDialog, ReturnRequest("Police", list(siblings), date(2020, 1, 1), None,
                                                                   template))
    status = workspace.window().statusBar()
    workspace.ui_actions.request_return.trigger()
    qtbot.waitUntil(lambda: "Wrote the template for Police" in status.currentMessage(), timeout=10_000)
    assert template.exists() and [c.id for c in asked[0][1]] == [siblings[1]]  # the sibling offered
    filled = fill_template(template, tmp_path / "police return.xlsx", [
        (datetime(2021, 1, 14, 22, 10), None, "Domestic abuse incident", "Partner arrested; Ava present.", "", "",
         "", "Domestic abuse", "PC 1", "Response officer", "OCC-21-0554")])
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("Police", (siblings[0],), filled))
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: "Received 1 entry from Police" in status.currentMessage(), timeout=10_000)
    qtbot.waitUntil(lambda: workspace.chronology.model.rowCount() == 1)  # the hub told the table
    (listed,) = store.return_requests()
    assert listed.status(date.today()) == "received"


def test_unclear_headings_are_asked_about_and_the_answer_remembered(qtbot, workspace, store, siblings, tmp_path,
                                                                   monkeypatch):
    from ui.column_mapping_dialog import ColumnMappingDialog
    show(workspace, siblings[0])
    path = tmp_path / "ed.csv"
    path.write_text("When,Presenting complaint,Clinician\n14/01/2021 23:30,Ava brought in with a cut,Dr Hill\n",
                    encoding="utf-8")
    asked = []
    monkeypatch.setattr(ColumnMappingDialog, "choose", classmethod(
        lambda cls, needed, agency, remembered, parent=None: asked.append((needed.missing, agency)) or
        {"When": "date", "Presenting complaint": "summary", "Clinician": "recorded_by"}))
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("Hospital", (siblings[0],), path))
    status = workspace.window().statusBar()
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: "Received 1 entry from Hospital" in status.currentMessage(), timeout=10_000)
    assert asked == [(["summary"], "Hospital")]
    assert store.agency_mapping("hospital")["Presenting complaint"] == "summary"


def test_a_bad_return_is_listed_by_place_and_nothing_saved(qtbot, workspace, store, siblings, tmp_path,
                                                          monkeypatch):
    from ui.import_problems_dialog import ImportProblemsDialog
    show(workspace, siblings[0])
    path = police_xlsx(tmp_path / "p.xlsx", rows=[
        (datetime(2021, 1, 14), "Domestic Incident", None, "Fine", "PC 1", "A"),
        ("14/13/2021", "Domestic Incident", None, "Month 13", "PC 1", "B")])
    shown = []
    monkeypatch.setattr(ImportProblemsDialog, "show_problems", classmethod(
        lambda cls, rejected, parent=None, verb="imported": shown.append((rejected, verb))))
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("Police", (siblings[0],), path))
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    rejected, verb = shown[0]
    assert verb == "received" and rejected.problems[0].describe().startswith("sheet 'OCC Export', row 7, column A")
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_the_same_happening_is_offered_after_receiving_and_linked(qtbot, workspace, store, siblings, tmp_path,
                                                                  monkeypatch):
    from ui.same_happening_dialog import SameHappeningDialog
    show(workspace, siblings[0])
    offered = []

    def review(cls, pairs, decide, intro="", parent=None):
        offered.append((pairs, intro))
        if pairs:
            assert decide(pairs[0].first.id, pairs[0].second.id, "same")
    monkeypatch.setattr(SameHappeningDialog, "review", classmethod(review))
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("Police", (siblings[0],),
                                                             police_xlsx(tmp_path / "p.xlsx")))
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: bool(offered), timeout=10_000)  # its own words, listed to refine; no pairs
    assert offered.pop()[0] == []
    ed = tmp_path / "ed.csv"
    ed.write_text("Arrival Date,Details\n15/01/2021 00:40,Ava brought to ED by police after mother assaulted by "
                  "partner in front of Ava; partner arrested\n", encoding="utf-8")
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("Hospital", (siblings[0],), ed))
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: bool(offered), timeout=10_000)
    (pair,), intro = offered[0]
    assert pair.first.agency == "Police" and pair.second.agency == "Hospital"
    assert "Received 1 entry from Hospital" in intro
    assert store.same_happening_as(pair.first.id) == [pair.second.id]
    offered.clear()
    workspace.ui_actions.same_happening.trigger()  # nothing left to decide
    assert offered == [([], "")]


def test_the_police_returns_own_words_are_listed_to_refine(qtbot, workspace, store, siblings, tmp_path,
                                                           monkeypatch):
    from ui.same_happening_dialog import SameHappeningDialog
    show(workspace, siblings[0])
    offered = []
    monkeypatch.setattr(SameHappeningDialog, "review", classmethod(
        lambda cls, pairs, decide, intro="", parent=None: offered.append(intro)))
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("Health visiting", (siblings[0],),
                                                             health_docx(tmp_path / "h.docx")))
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: bool(offered), timeout=10_000)
    assert "table 1, row 5: <i>Telephone call</i>" in offered[0]


def test_the_returns_view_opens_from_the_menu_and_starts_a_request(qtbot, workspace, store, siblings, monkeypatch):
    from ui.returns_dialog import ReturnsDialog
    opened = []
    monkeypatch.setattr(ReturnsDialog, "show_returns", classmethod(
        lambda cls, store, request, receive, parent=None: opened.append((request, receive))))
    show(workspace, siblings[0])
    workspace.ui_actions.returns_view.trigger()
    assert opened and opened[0][0] == workspace.request_return


def test_the_history_of_an_entry_from_a_return_says_where_it_came_from(qtbot, workspace, store, siblings, tmp_path):
    from chronology.returns.receive import read_pending
    from ui.history_dialog import HistoryDialog
    received = read_pending(store, police_xlsx(tmp_path / "p.xlsx"), "Police", (siblings[0],)).save(store)
    dialog = HistoryDialog(store, received.ids[1])
    qtbot.addWidget(dialog)
    said = dialog.provenance.text()
    assert said.startswith("From Police's return p.xlsx") and "sheet 'OCC Export', row 7" in said
    assert "their words: Concern for welfare" in said


def test_a_schools_windows_1252_csv_and_our_word_template_are_received_from_the_window(
        qtbot, workspace, store, siblings, tmp_path, monkeypatch):
    from tests.agency_files import school_csv
    from ui.same_happening_dialog import SameHappeningDialog
    show(workspace, siblings[0])
    monkeypatch.setattr(SameHappeningDialog, "review", classmethod(lambda cls, *a, **k: None))
    status = workspace.window().statusBar()
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("School", tuple(siblings),
                                                             school_csv(tmp_path / "school.csv")))
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: "Received 2 entries from School" in status.currentMessage(), timeout=10_000)
    template = tmp_path / "hv request.docx"
    answer(monkeypatch, ReturnRequestDialog, ReturnRequest("Health visiting", [siblings[1]], None, None, template))
    workspace.ui_actions.request_return.trigger()
    qtbot.waitUntil(template.exists, timeout=10_000)
    filled = fill_template(template, tmp_path / "hv return.docx", [
        ("Feb 2021", "", "DNA", "Leo was not brought to his hearing test.", "", "Re-booked", "", "Neglect",
         "J. Brown", "Health visitor", "HV-1")])
    answer(monkeypatch, ReturnReceiveDialog, ReturnToReceive("Health visiting", (siblings[1],), filled))
    workspace.ui_actions.receive_return.trigger()
    qtbot.waitUntil(lambda: "Received 1 entry from Health visiting" in status.currentMessage(), timeout=10_000)
    kinds = {row[0] for row in store.db.execute("SELECT event_type FROM events")}
    assert "was_not_brought" in kinds and "school_attendance_concern" in kinds
    assert [r.status(date.today()) for r in store.return_requests()] == ["received", "received"]
