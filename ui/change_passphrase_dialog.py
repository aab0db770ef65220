"""Changing the passphrase of an open caseload: the current one first (whoever finds the laptop
unlocked must not be able to lock the worker out), then the new one twice.
``ChangePassphraseDialog.get_new_passphrase(current, parent)`` returns the new one, or None."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from chronology.passphrases import new_passphrase_problem

from .user_guide_dialog import add_help
from .widgets import explain, form_error_label

EXPLANATION = ("<b>Change the passphrase of this caseload.</b><p>Everything is re-encrypted under the "
               "new passphrase and the old one no longer opens it. <b>Backups made before now still "
               "open only with the old passphrase</b>: a new backup is made at once with the new one.</p>")


class ChangePassphraseDialog(QDialog):
    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.current_passphrase = current
        self.setWindowTitle("Change the passphrase")
        self.current, self.new, self.again = (QLineEdit(echoMode=QLineEdit.EchoMode.Password) for _ in range(3))
        explain([(self.current, "The passphrase the caseload opens with now"),
                 (self.new, "The new passphrase: at least 8 characters; a few unrelated words"),
                 (self.again, "The new passphrase again, to be sure it was typed as meant")])
        self.problem = form_error_label()
        form = QFormLayout()
        form.addRow("&Current passphrase", self.current)
        form.addRow("&New passphrase", self.new)
        form.addRow("Type the new one &again", self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "passphrase", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(EXPLANATION, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def accept(self) -> None:
        new = self.new.text()
        if self.current.text() != self.current_passphrase:
            self.problem.setText("That is not the current passphrase.")
            self.current.setFocus()
        elif (problem := new_passphrase_problem(new)) is not None:
            self.problem.setText(problem)
            self.new.setFocus()
        elif new != self.again.text():
            self.problem.setText("The two new passphrases differ.")
            self.again.setFocus()
        elif new == self.current_passphrase:
            self.problem.setText("The new passphrase is the same as the current one.")
            self.new.setFocus()
        else:
            super().accept()

    @classmethod
    def get_new_passphrase(cls, current: str, parent: QWidget | None = None) -> str | None:
        dialog = cls(current, parent)
        return dialog.new.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
