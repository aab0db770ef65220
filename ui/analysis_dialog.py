"""The worker's own analysis of a child's chronology: what they make of it, in their words, dated.
Writing a new one keeps the earlier ones as history (the store never writes over them).

``AnalysisDialog.write(child_name, current, earlier, parent)`` returns (text, the day it speaks
of), or None if the worker cancels."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from chronology.dates import DateError, FuzzyDate

from .user_guide_dialog import add_help
from .widgets import DateField, explain, form_error_label

if TYPE_CHECKING:
    from chronology.model import Analysis

PROMPT = ("<b>What does the chronology show you?</b> Write the analysis in your own words: the pattern, "
          "what it means for the child, what has to change. It is printed on the first page of the "
          "chronology, above what the rules find, with its date and your name.")


class AnalysisDialog(QDialog):
    def __init__(self, child_name: str, current: Analysis | None, earlier: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"The analysis of {child_name}'s chronology")
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Analysis")
        self.text.setTabChangesFocus(True)
        if current is not None:  # a new analysis starts from the current one; that one is kept as it was
            self.text.setPlainText(current.text)
        self.dated = DateField("e.g. 14/03/2026", exact_day=True)
        explain([(self.text, "Your analysis: what the chronology shows you, in your words"),
                 (self.dated, "The day the analysis speaks of: the chronology as it stood then")])
        today = date.today()
        self.dated.set_value(FuzzyDate(today.year, today.month, today.day))
        self.problem = form_error_label()
        kept = f"and the {earlier} earlier are kept as they were" if earlier else "is kept as it was"
        history = f"The current analysis, dated {current.dated:%d/%m/%Y} by {current.by}, {kept}." if current else ""
        form = QFormLayout()
        form.addRow("&Dated", self.dated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "findings", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(PROMPT, wordWrap=True))
        layout.addWidget(self.text, 1)
        layout.addLayout(form)
        if history:
            layout.addWidget(QLabel(history, wordWrap=True))
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(720, 480)

    def result_value(self) -> tuple[str, date] | None:
        """What was written and its day, or None (with the problem said) when it cannot be kept."""
        text = self.text.toPlainText().strip()
        if not text:
            self.problem.setText("Write the analysis: what the chronology shows you, in your words.")
            self.text.setFocus()
            return None
        try:
            dated = self.dated.value()
        except DateError as error:
            self.problem.setText(str(error))
            self.dated.setFocus()
            return None
        if dated is None:
            self.problem.setText("Give the day the analysis speaks of.")
            return None
        return text, dated.nominal_start

    def accept(self) -> None:
        if self.result_value() is not None:
            super().accept()

    @classmethod
    def write(cls, child_name: str, current: Analysis | None, earlier: int,
              parent: QWidget | None = None) -> tuple[str, date] | None:
        dialog = cls(child_name, current, earlier, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()
