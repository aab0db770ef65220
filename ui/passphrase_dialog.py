"""The passphrase that encrypts a caseload: chosen when the database is created, asked for when
it is opened. ``PassphraseDialog.get_passphrase(...)`` returns it, or None if the worker cancels."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from chronology.passphrases import new_passphrase_problem

from .user_guide_dialog import add_help
from .widgets import explain, form_error_label

NEW = ("<b>Choose a passphrase for this caseload.</b><p>It encrypts everything Chronology keeps on this "
       "computer, so that a lost or stolen laptop does not give away what is known about these children. "
       "<b>If it is forgotten, the caseload cannot be recovered</b> — not by Chronology, not by anyone — "
       "except from a backup whose passphrase is known. A few unrelated words make a passphrase that is "
       "long, and easy to remember.</p>")
OPEN = "<b>This caseload is encrypted.</b> Type its passphrase to open it."


class PassphraseDialog(QDialog):
    def __init__(self, creating: bool, problem: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.creating = creating
        self.setWindowTitle("New caseload: choose a passphrase" if creating else "Open the caseload")
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        explain([(self.passphrase, "The caseload's passphrase: it cannot be recovered if forgotten" if creating
                  else "The passphrase this caseload was made with"),
                 (self.again, "The passphrase again, to be sure it was typed as meant")])
        self.problem = form_error_label()
        self.problem.setText(problem)
        form = QFormLayout()
        form.addRow("&Passphrase", self.passphrase)
        if creating:
            form.addRow("Type it &again", self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "passphrase", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(NEW if creating else OPEN, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def accept(self) -> None:
        text = self.passphrase.text()
        problem = new_passphrase_problem(text) if self.creating else None
        if problem:
            self.problem.setText(problem)
        elif self.creating and text != self.again.text():
            self.problem.setText("The two passphrases differ.")
        elif not text:
            self.problem.setText("Type the passphrase.")
        else:
            super().accept()

    @classmethod
    def get_passphrase(cls, creating: bool, problem: str = "", parent: QWidget | None = None) -> str | None:
        dialog = cls(creating, problem, parent)
        return dialog.passphrase.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
