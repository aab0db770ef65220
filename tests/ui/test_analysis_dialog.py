"""The worker's analysis from the window: written and dated in its own dialog (modal: patched where
the window opens it), kept beside the earlier ones, and shown above what the rules find."""
from datetime import date

from chronology.model import Analysis
from ui.analysis_dialog import AnalysisDialog


def test_the_dialog_needs_words_and_a_day_and_starts_from_the_current_analysis(qtbot):
    current = Analysis(1, "Neglect raised again and again.", date(2026, 1, 10), "Sam Worker", "2026-01-10T10:00")
    dialog = AnalysisDialog("Ava Hughes", current, 2)
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == current.text  # revised from the current; that one is kept
    dialog.text.setPlainText("   ")
    assert dialog.result_value() is None and "Write the analysis" in dialog.problem.text()
    dialog.text.setPlainText("Escalated: strategy discussion held.")
    dialog.dated.edit.setText("03/2026")
    assert dialog.result_value() is None and "whole day" in dialog.problem.text()
    dialog.dated.edit.setText("02/03/2026")
    assert dialog.result_value() == ("Escalated: strategy discussion held.", date(2026, 3, 2))


def test_an_analysis_written_in_the_window_is_kept_and_shown(qtbot, workspace, store, siblings, monkeypatch):
    ava = siblings[0]
    workspace.caseload.reload()
    workspace.caseload.select_child(ava)
    panel = workspace.chronology.findings
    assert "none written yet" in panel.overview_html
    monkeypatch.setattr(AnalysisDialog, "write", classmethod(
        lambda cls, *a, **k: ("Neglect raised again and again; not escalated.", date(2026, 3, 2))))
    workspace.ui_actions.write_analysis.trigger()
    monkeypatch.setattr(AnalysisDialog, "write", classmethod(
        lambda cls, *a, **k: ("Escalated: strategy discussion held.", date(2026, 3, 9))))
    workspace.ui_actions.write_analysis.trigger()
    assert [a.text for a in store.analyses(ava)] == ["Neglect raised again and again; not escalated.",
                                                     "Escalated: strategy discussion held."]
    assert "Escalated: strategy discussion held." in panel.overview_html and "09/03/2026" in panel.overview_html
    assert "Analysis recorded." in workspace.window().statusBar().currentMessage()


def test_cancelling_writes_nothing(qtbot, workspace, store, siblings, monkeypatch):
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    monkeypatch.setattr(AnalysisDialog, "write", classmethod(lambda cls, *a, **k: None))
    workspace.ui_actions.write_analysis.trigger()
    assert store.analyses(siblings[0]) == []
