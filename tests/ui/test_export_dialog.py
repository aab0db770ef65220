"""Printing from the app: the document is built in the background, previewed, saved."""
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pypdf import PdfReader

from tests.conftest import make_event
from ui.export_dialog import ExportDialog


def test_build_preview_and_save(qtbot, workspace, store, siblings, tmp_path, monkeypatch):
    ava = siblings[0]
    store.add_event(make_event([ava], "14/03/2017", summary="Seen at home, hungry"))
    store.add_event(make_event([ava], "20/04/2018", summary="Key visit", key_event=True))
    dialog = ExportDialog(store, "Sam Worker", store.child(ava), True, workspace.rules)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.content is not None, timeout=20000)
    assert dialog.document.pageCount() >= 2 and "pages, A4" in dialog.status.text()
    dialog.key_only.setChecked(True)
    dialog.content = None
    dialog.build()
    qtbot.waitUntil(lambda: dialog.content is not None, timeout=20000)
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    dialog.save()
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Key visit" in text and "Seen at home" not in text
    assert dialog.saved == target


def test_print_action_opens_the_dialog(qtbot, workspace, store, siblings, monkeypatch):
    seen = []
    monkeypatch.setattr(ExportDialog, "run", classmethod(lambda cls, *a, **k: seen.append(a[2].id)))
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[1])
    workspace.actions.print_pdf.trigger()
    assert seen == [siblings[1]]
