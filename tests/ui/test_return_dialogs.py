"""The dialogs of agencies' returns, each on its own: what they offer, what they refuse, what they
return (the file dialogs monkeypatched)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton

from chronology.returns.receive import MappingNeeded
from chronology.returns.requests import Request
from chronology.returns.same import Entry, PossibleSame
from ui.column_mapping_dialog import ColumnMappingDialog
from ui.return_receive_dialog import ReturnReceiveDialog
from ui.return_request_dialog import ReturnRequestDialog
from ui.returns_dialog import ReturnsDialog, ReturnsModel
from ui.same_happening_dialog import SameHappeningDialog


@pytest.fixture
def children(store, siblings):
    return store.child(siblings[0]), [store.child(siblings[1])]


def test_the_request_dialog_needs_an_agency_and_a_template_file(qtbot, children, tmp_path, monkeypatch):
    child, others = children
    dialog = ReturnRequestDialog(child, others, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.result_value() is None and "Name the agency" in dialog.problem.text()
    dialog.agency.setEditText("Police")
    assert dialog.path.text() == str(tmp_path / "A1 Police return request.xlsx")  # suggested
    dialog.period_from.setText("32/01/2020")
    assert dialog.result_value() is None and dialog.problem.text()
    dialog.period_from.setText("01/01/2020")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "r.pdf"), "")))
    dialog.choose_path()
    assert dialog.result_value() is None and ".xlsx" in dialog.problem.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "r.docx"), "")))
    dialog.choose_path()
    dialog.agency.setEditText("Health visiting")  # a path the worker chose is not replaced
    dialog.child_list.item(1).setCheckState(Qt.CheckState.Checked)
    asked = dialog.result_value()
    assert asked is not None
    assert (asked.agency, asked.child_ids, asked.period_from, asked.period_to, asked.path) == (
        "Health visiting", [child.id, others[0].id], date(2020, 1, 1), None, tmp_path / "r.docx")


def test_the_receive_dialog_needs_a_file_that_is_there(qtbot, children, tmp_path, monkeypatch):
    child, others = children
    dialog = ReturnReceiveDialog(child, others, tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.result_value() is None and "Choose the file" in dialog.problem.text()
    dialog.path.setText(str(tmp_path / "missing.xlsx"))
    assert dialog.result_value() is None and "is not a file" in dialog.problem.text()
    sent = tmp_path / "return.csv"
    sent.write_text("Date,Details\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sent), "")))
    dialog.choose_file()
    assert dialog.result_value() is None and "Name the agency" in dialog.problem.text()
    dialog.agency.setEditText("School")
    dialog.child_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.result_value() is None and "Tick the children" in dialog.problem.text()
    dialog.child_list.item(1).setCheckState(Qt.CheckState.Checked)
    chosen = dialog.result_value()
    assert chosen is not None and (chosen.agency, chosen.child_ids, chosen.path) == ("School", (others[0].id,), sent)


def needed() -> MappingNeeded:
    return MappingNeeded("/x/ed.csv", "", ["When", "Presenting complaint", "Clinician", ""], ["summary"],
                         [["14/01/2021", "Cut to hand", "Dr Hill", ""]])


def test_the_mapping_dialog_guesses_what_it_can_and_refuses_a_field_twice_or_none(qtbot):
    dialog = ColumnMappingDialog(needed(), "Hospital", {"when": "date"})
    qtbot.addWidget(dialog)
    pickers = dialog.pickers
    assert [p.currentData() for p in pickers] == ["date", "", "recorded_by", ""]  # remembered, then clear headings
    assert not pickers[3].isEnabled()  # a column with no heading cannot be named
    assert dialog.mapping() is None and "what happened" in dialog.problem.text()
    pickers[1].setCurrentIndex(pickers[1].findData("summary"))
    pickers[2].setCurrentIndex(pickers[2].findData("summary"))
    assert dialog.mapping() is None and "Two columns hold what happened" in dialog.problem.text()
    pickers[2].setCurrentIndex(pickers[2].findData("recorded_by"))
    assert dialog.mapping() == {"When": "date", "Presenting complaint": "summary", "Clinician": "recorded_by"}
    assert dialog.choices.item(1, 1).text() == "Cut to hand"


def pair(first_id=1, second_id=2) -> PossibleSame:
    return PossibleSame(Entry(first_id, date(2021, 1, 14), "Police", "Officers attended", "OCC-1"),
                        Entry(second_id, date(2021, 1, 15), "Hospital", "Seen in A&E"), 72)


def test_the_same_happening_dialog_records_each_decision_and_drops_the_pair(qtbot):
    decided = []
    dialog = SameHappeningDialog([pair(1, 2), pair(3, 4)], lambda a, b, d: decided.append((a, b, d)) or True,
                                 "<b>Received</b>")
    qtbot.addWidget(dialog)
    assert dialog.listing.topLevelItemCount() == 2
    dialog.link.click()
    assert decided == [(1, 2, "same")] and dialog.listing.topLevelItemCount() == 1
    dialog.apart.click()
    assert decided[-1] == (3, 4, "apart") and dialog.listing.topLevelItemCount() == 0
    assert not dialog.link.isEnabled() and dialog.intro.text() == "Every pair has been decided."


def test_a_refused_decision_keeps_the_pair(qtbot):
    dialog = SameHappeningDialog([pair()], lambda a, b, d: False)
    qtbot.addWidget(dialog)
    dialog.link.click()
    assert dialog.listing.topLevelItemCount() == 1


def requests_shown() -> list[Request]:
    return [Request(1, "Police", ("A1", "A2"), date(2020, 1, 1), None, "2026-11-01T09:00:00+00:00", "Sam",
                    date(2026, 11, 13), "r.xlsx", None, None),
            Request(2, "School", ("A1",), None, None, "2026-11-20T09:00:00+00:00", "Sam", date(2026, 12, 4), "s.docx",
                    None, None),
            Request(-1, "Hospital", ("A1",), None, None, "", "Sam", date(2026, 11, 2), "",
                    "2026-11-02T10:00:00+00:00", "ed.csv")]


def test_the_returns_model_passes_the_model_tester_and_shades_the_overdue(qtmodeltester):
    model = ReturnsModel(requests_shown(), date(2026, 11, 30))
    qtmodeltester.check(model)
    statuses = [model.index(row, 6).data() for row in range(3)]
    assert statuses == ["Overdue", "Requested", "Received"]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(2, 3).data() == "Not requested" and model.index(2, 5).data() == "02/11/2026 (ed.csv)"


def test_the_returns_view_sums_up_and_starts_the_windows_actions(qtbot, store, monkeypatch):
    monkeypatch.setattr(type(store), "return_requests", lambda self: requests_shown())
    started = []
    dialog = ReturnsDialog(store, lambda: started.append("request"), lambda: started.append("receive"))
    qtbot.addWidget(dialog)
    assert dialog.table.model().rowCount() == 3
    assert any(label.text().startswith("1 overdue, 1 awaited, 1 received") for label in dialog.findChildren(QLabel))
    (receive,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "R&eceive a return…"]
    receive.click()
    assert started == ["receive"] and dialog.result() == QDialog.DialogCode.Accepted


def test_the_mapping_dialog_suggests_the_date_and_what_happened_from_the_values(qtbot):
    unclear = MappingNeeded("/x/gp.csv", "", ["Consultation", "Free text", "Read code"], ["date", "summary"],
                            [["12/02/2021", "Mother attended with Hana; Hana not brought to her review", "XaXYZ"],
                             ["19/03/2021 10:20", "Telephone consultation; mother low in mood", "XaABC"]])
    dialog = ColumnMappingDialog(unclear, "GP", {})
    qtbot.addWidget(dialog)
    assert [p.currentData() for p in dialog.pickers] == ["date", "summary", ""]
    assert dialog.mapping() == {"Consultation": "date", "Free text": "summary", "Read code": ""}
