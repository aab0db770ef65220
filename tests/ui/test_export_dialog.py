"""Printing from the app: the document is built in the background, previewed, saved — and what is
saved, printed and recorded is always what the choices on screen say."""
import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.conftest import make_event
from ui.export_dialog import ExportDialog


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def last_export(store) -> dict:
    action, detail = store.db.execute("SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert action == "exported"
    return json.loads(detail)


@pytest.fixture
def dialog(qtbot, workspace, store, siblings):
    ava = siblings[0]
    store.add_event(make_event([ava], "14/03/2017", summary="Seen at home, hungry", agency="School", role="DSL",
                               event_type="school_attendance_concern"))
    store.add_event(make_event([ava], "20/04/2018", summary="Key visit", key_event=True))
    store.add_event(make_event([ava], "02/05/2019", summary="Anonymous neighbour heard screaming",
                               agency="Neighbour", role="Neighbour", event_type="contact", third_party=("entry",)))
    opened = ExportDialog(store, "Sam Worker", store.child(ava), True, workspace.rules)
    qtbot.addWidget(opened)
    qtbot.waitUntil(lambda: opened.built is not None, timeout=20000)
    return opened


def untick(checklist, label: str) -> None:
    for row in range(checklist.count()):
        if checklist.item(row).text() == label:
            checklist.item(row).setCheckState(Qt.CheckState.Unchecked)


def save_to(qtbot, dialog, target, monkeypatch) -> str:
    suggested = []

    def choose(*args, **kwargs):
        suggested.append(args[2])
        return str(target), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    dialog.save()
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)
    return suggested[0]


def test_build_preview_and_save(qtbot, dialog, store, tmp_path, monkeypatch):
    assert dialog.document.pageCount() >= 2 and "pages, A4" in dialog.status.text()
    assert not dialog.stale.isVisibleTo(dialog)
    dialog.key_only.setChecked(True)
    dialog.buttons["preview"].click()
    qtbot.waitUntil(dialog.is_current, timeout=20000)
    target = tmp_path / "out.pdf"
    save_to(qtbot, dialog, target, monkeypatch)
    text = pdf_text(target)
    assert "Key visit" in text and "Seen at home" not in text
    assert dialog.saved.path == target and dialog.saved.produced_by == "Sam Worker"
    assert "Produced" in text and "Sam Worker" in text


def test_the_family_copy_is_saved_without_pressing_update(qtbot, dialog, store, tmp_path, monkeypatch):
    """Ticking the family's copy and saving at once saves the family's copy, under its name, and
    the audit trail says so: never the full version built for the preview."""
    dialog.for_family.setChecked(True)
    assert dialog.stale.isVisibleTo(dialog) and not dialog.is_current()
    target = tmp_path / "family.pdf"
    suggested = save_to(qtbot, dialog, target, monkeypatch)
    assert "(family copy)" in suggested
    text = pdf_text(target)
    assert "neighbour" not in text.casefold() and "Seen at home" in text
    assert last_export(store)["for_family"] is True
    assert not dialog.stale.isVisibleTo(dialog)


@pytest.mark.parametrize("change, kept, left_out", [
    (lambda d: d.key_only.setChecked(True), "Key visit", "Seen at home"),
    (lambda d: d.date_from.setText("2018"), "Key visit", "Seen at home"),
    (lambda d: d.date_to.setText("2017"), "Seen at home", "Key visit"),
    (lambda d: untick(d.agencies, "Police"), "Seen at home", "Key visit"),
    (lambda d: untick(d.types, "Police incident"), "Seen at home", "Key visit"),
])
def test_every_choice_reaches_the_saved_file_and_its_audit_entry(qtbot, dialog, store, tmp_path, monkeypatch,
                                                                 change, kept, left_out):
    change(dialog)
    assert dialog.stale.isVisibleTo(dialog)
    target = tmp_path / "chosen.pdf"
    save_to(qtbot, dialog, target, monkeypatch)
    text = pdf_text(target)
    assert kept in text and left_out not in text
    recorded = last_export(store)
    assert recorded == {"format": "pdf", "entries": dialog.built.entries,
                        **json.loads(json.dumps(dialog.choice().audit_detail()))}
    assert dialog.built.choice == dialog.choice()


def test_choices_changed_while_building_are_what_is_saved(qtbot, dialog, store, tmp_path, monkeypatch):
    dialog.key_only.setChecked(True)
    dialog.build()  # under way for "key events only"…
    dialog.key_only.setChecked(False)
    dialog.for_family.setChecked(True)  # …and the worker changes their mind before it is ready
    target = tmp_path / "late.pdf"
    save_to(qtbot, dialog, target, monkeypatch)
    text = pdf_text(target)
    assert "Seen at home" in text and "neighbour" not in text.casefold()
    assert last_export(store)["for_family"] is True and last_export(store)["key_only"] is False


def test_an_unreadable_period_is_refused_not_read_as_no_limit(qtbot, dialog, tmp_path, monkeypatch):
    dialog.date_from.setText("31/02/2017")
    assert not dialog.buttons["save"].isEnabled()
    assert "not a date" in dialog.status.text() and "February" in dialog.status.text()
    dialog.date_from.setText("2018")
    assert dialog.buttons["save"].isEnabled()


def test_a_name_is_needed_on_paper(qtbot, dialog):
    dialog.produced_by.setText("  ")
    assert not dialog.buttons["save"].isEnabled() and "Produced by" in dialog.status.text()


def test_print_action_opens_the_dialog(qtbot, workspace, store, siblings, monkeypatch):
    seen = []
    monkeypatch.setattr(ExportDialog, "run", classmethod(lambda cls, *a, **k: seen.append(a[2].id)))
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[1])
    workspace.ui_actions.print_pdf.trigger()
    assert seen == [siblings[1]]


def test_the_dialog_never_saves_over_the_caseload(qtbot, dialog, store, monkeypatch):
    before = store.path.read_bytes()
    warned = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(store.path), "")))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warned.append(a[2])))
    dialog.save()
    assert warned and "caseload itself" in warned[0]
    assert store.path.read_bytes() == before and dialog.saved is None


def test_a_long_build_shows_how_far_it_has_got_and_can_be_stopped(qtbot, dialog, monkeypatch):
    import threading

    import ui.export_dialog as module
    release = threading.Event()

    def slow(data, progress=None):
        progress(1, 3)
        release.wait(10)
        progress(2, 3)  # stopped by now: this report ends the build
        raise AssertionError("the build went on after it was stopped")
    monkeypatch.setattr(module, "pdf_bytes", slow)
    before = dialog.built
    dialog.key_only.setChecked(True)
    dialog.build()
    qtbot.waitUntil(lambda: "33%" in dialog.status.text(), timeout=10000)
    assert dialog.busy.maximum() == 3 and dialog.busy.value() == 1
    assert dialog.buttons["stop"].isVisibleTo(dialog)
    dialog.buttons["stop"].click()
    release.set()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Stopped"), timeout=10000)
    assert dialog.built is before and dialog.stale.isVisibleTo(dialog)  # the preview keeps what it had
    assert not dialog.buttons["stop"].isVisibleTo(dialog) and not dialog.busy.isVisibleTo(dialog)
