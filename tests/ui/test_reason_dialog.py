"""Ask why: a correction that withdraws an entry, or an acknowledgement, is not taken without its
reason (the dialog's modal classmethod is monkeypatched where the window uses it)."""
from PySide6.QtWidgets import QDialogButtonBox

from ui.reason_dialog import ReasonDialog


def test_a_reason_is_required_and_given_back_trimmed(qtbot, monkeypatch):
    dialog = ReasonDialog("Mark entered in error", "Why is this entry being withdrawn?")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.reason.setText("   ")
    assert not ok.isEnabled()  # spaces are no reason
    dialog.reason.setText("  Recorded on the wrong child ")
    assert ok.isEnabled()
    monkeypatch.setattr(ReasonDialog, "exec", lambda self: (self.reason.setText(" typed twice "), 1)[1])
    assert ReasonDialog.get_reason("Mark entered in error", "Why?") == "typed twice"


def test_cancelling_gives_no_reason(qtbot, monkeypatch):
    monkeypatch.setattr(ReasonDialog, "exec", lambda self: 0)
    assert ReasonDialog.get_reason("Mark entered in error", "Why?") is None
