"""Why a file was not imported: every problem by line and column, in a list that scrolls, so that
a file with hundreds of bad rows still fits a laptop's screen, and can be copied to whoever made
the file."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from .user_guide_dialog import add_help

if TYPE_CHECKING:  # the core loads after the window is painted
    from chronology.interchange import ImportRejected

#: More than this are summed up: nobody reads ten thousand lines, and the first ones show the pattern.
SHOWN = 1000


class ImportProblemsDialog(QDialog):
    def __init__(self, rejected: ImportRejected, parent: QWidget | None = None, verb: str = "imported"):
        super().__init__(parent)
        self.refusal = rejected
        count = len(rejected.problems)
        self.setWindowTitle(f"Nothing was {verb}")
        summary = QLabel(
            f"<b>{Path(rejected.source).name}</b> was not {verb}: "
            f"{count} problem{'s' if count != 1 else ''} {'were' if count != 1 else 'was'} found. "
            "Nothing from the file was saved. Correct the file (or ask whoever made it to), then "
            f"{'import' if verb == 'imported' else 'receive'} it again.")
        summary.setWordWrap(True)
        self.problems = QPlainTextEdit(readOnly=True)
        self.problems.setAccessibleName("Problems found")
        self.problems.setAccessibleDescription("Every problem in the file, by line and column, with what to correct")
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = [_sentence(problem.describe()) for problem in rejected.problems[:SHOWN]]
        if count > SHOWN:
            lines.append(f"… and {count - SHOWN} more problems")
        self.problems.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        add_help(buttons, "recording", self)
        self.copy = QPushButton("&Copy the list")
        self.copy.setToolTip("Copy every problem, with the file's name, to paste into an email or a note")
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.clicked.connect(self.copy_list)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(760, 460)  # within a 1366×768 screen, however many problems there are

    def copy_list(self) -> None:
        QGuiApplication.clipboard().setText(self.refusal.report(limit=len(self.refusal.problems)))
        self.copy.setText("&Copied")

    @classmethod
    def show_problems(cls, rejected: ImportRejected, parent: QWidget | None = None, verb: str = "imported") -> None:
        cls(rejected, parent, verb).exec()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
