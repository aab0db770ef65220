"""The history of one event: every version, by whom, when and why, what changed marked and the
earlier text struck through — nothing hidden, a withdrawal included."""
from tests.conftest import make_event
from ui.history_dialog import HistoryDialog


def test_every_version_is_listed_and_the_newest_shown(qtbot, store, family):
    event_id, _ = store.add_event(make_event([family["A1"]], summary="Police called"))
    store.amend_event(event_id, make_event([family["A1"], family["A2"]], summary="Police called; both present"),
                      "police log read")
    store.mark_in_error(event_id, "recorded on the wrong family")
    dialog = HistoryDialog(store, event_id)
    qtbot.addWidget(dialog)
    listed = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert [line.split(" — ")[0] for line in listed] == ["1. Recorded", "2. Amended", "3. Marked entered in error"]
    assert all("Test Worker" in line for line in listed)
    shown = dialog.view.toPlainText()
    assert "Version 3: Marked entered in error" in shown and "recorded on the wrong family" in shown
    dialog.list.setCurrentRow(1)
    shown, html = dialog.view.toPlainText(), dialog.view.toHtml()
    assert "police log read" in shown and "Ava Hughes, Leo Hughes" in shown  # children by name
    assert "(changed)" in shown
    assert "line-through" in html  # the earlier text struck through (Qt writes <s> as a style)
    assert "Police called" in shown


def test_the_show_classmethod_opens_it_modally(qtbot, store, family, monkeypatch):
    event_id, _ = store.add_event(make_event([family["A1"]]))
    opened = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: opened.append(self.list.count()) or 0)
    HistoryDialog.show_history(store, event_id)
    assert opened == [1]
