"""Ask why: every correction that withdraws an entry records its reason.

``ReasonDialog.get_reason(...)`` returns the reason, or None if the worker cancels.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from .user_guide_dialog import add_help


class ReasonDialog(QDialog):
    def __init__(self, title: str, prompt: str, parent: QWidget | None = None, section: str = "corrections"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason = QLineEdit(placeholderText="Reason (required)")
        self.reason.setAccessibleName("Reason")
        self.reason.setAccessibleDescription(prompt)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        add_help(self.buttons, section, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        label = QLabel(prompt, wordWrap=True)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumSize(520, 170)

    @classmethod
    def get_reason(cls, title: str, prompt: str, parent: QWidget | None = None,
                   section: str = "corrections") -> str | None:
        """The reason given, or None; ``section`` is where its Help button opens the guide."""
        dialog = cls(title, prompt, parent, section)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip()
