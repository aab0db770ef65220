"""Asking an agency for its return: which agency, which children, which period, and where to
save the template (Excel with drop-down lists and a date check, or a Word table).

``ReturnRequestDialog.ask(child, siblings, folder, parent)`` returns a :class:`ReturnRequest`, or
None if the worker cancels."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chronology.vocabulary import AGENCIES

from .user_guide_dialog import add_help
from .widgets import CheckList, DayField, TypeAheadCombo, chooser_row, explain, form_error_label, labelled

if TYPE_CHECKING:
    from chronology.model import Child

TEMPLATE_FILTER = "Excel workbook (*.xlsx);;Word document (*.docx)"


@dataclass(frozen=True)
class ReturnRequest:
    agency: str
    child_ids: list[int]
    period_from: date | None
    period_to: date | None
    path: Path


def agency_picker() -> TypeAheadCombo:
    """The agencies offered; any other may be typed."""
    picker = TypeAheadCombo([(name, name) for name in AGENCIES if name not in ("Children's social care", "Anonymous",
                                                                                "Neighbour", "Family member")],
                            free_text=True)
    picker.setAccessibleName("Agency")
    explain([(picker, "The agency: choose from the list or type its name")])
    return picker


def children_picker(child: Child, siblings: list[Child]) -> CheckList:
    """The child, ticked, and their siblings, to tick if the return should cover them too."""
    picker = CheckList([(c.id, f"{c.name} ({c.ref})") for c in [child, *siblings]])
    picker.set_checked({child.id})
    picker.setAccessibleName("Children")
    explain([(picker, "Tick each child the return is about: the child shown, and any brother or sister")])
    rows = min(len(siblings) + 1, 5)  # every child seen without scrolling, up to five
    row_height = max(picker.sizeHintForRow(0), picker.fontMetrics().height() + 4)
    picker.setFixedHeight(row_height * rows + 2 * picker.frameWidth() + 6)
    return picker



class ReturnRequestDialog(QDialog):
    def __init__(self, child: Child, siblings: list[Child], folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Request a return from an agency")
        self.folder, self.child = folder, child
        self.agency = agency_picker()
        self.child_list = children_picker(child, siblings)
        self.period_from = DayField("e.g. 01/01/2020, or leave empty for all they hold")
        self.period_from.setAccessibleName("Period from")
        self.period_to = DayField("e.g. 31/12/2022, or leave empty for up to today", end_of_period=True)
        self.period_to.setAccessibleName("Period to")
        self.path = QLineEdit()
        self.path.setAccessibleName("Save the template as")
        self.path.setPlaceholderText("The template to send: a .xlsx or .docx file")
        where = chooser_row(self.path, "Choose where to save the template, and whether it is Excel or Word",
                            self.choose_path)
        self.agency.currentTextChanged.connect(self._suggest_path)
        form = QFormLayout()
        form.addRow("&Agency", self.agency)
        form.addRow("C&hildren", self.child_list)
        form.addRow("Period &from", self.period_from)
        form.addRow("Period &to", self.period_to)
        form.addRow(labelled("&Save as", self.path), where)
        self.problem = form_error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "returns", self)
        self.write = buttons.addButton("&Write the template", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Chronology writes a template for the agency to fill in — the children's names and dates of birth, "
            "the period, short instructions and the columns of a good chronology, marked OFFICIAL-SENSITIVE — and "
            "records the request, with the day the return is due. Send it by your secure route.", wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def _suggest_path(self, agency: str) -> None:
        if not self.path.isModified():
            name = f"{self.child.ref} {agency.strip() or 'agency'} return request.xlsx"
            self.path.setText(str(self.folder / name.replace("/", "-").replace("\\", "-")))

    def choose_path(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the template as", self.path.text() or str(self.folder),
                                                TEMPLATE_FILTER)
        if chosen:
            self.path.setText(chosen)
            self.path.setModified(True)

    def result_value(self) -> ReturnRequest | None:
        """What was asked for, or None (the problem said) while something is missing."""
        agency = self.agency.code()
        problem: str | None = None
        field: QWidget = self.path
        if not agency:
            problem, field = "Name the agency to ask (Police, Health visiting, School…).", self.agency
        elif not self.child_list.checked():
            problem, field = "Tick the children the return is about.", self.child_list
        elif self.period_from.problem() or self.period_to.problem():
            problem = self.period_from.problem() or self.period_to.problem()
            field = self.period_from if self.period_from.problem() else self.period_to
        elif Path(self.path.text().strip()).suffix.casefold() not in (".xlsx", ".docx"):
            problem, field = "Save the template as an Excel (.xlsx) or Word (.docx) file.", self.path
        if problem:
            self.problem.setText(problem)
            field.setFocus()
            return None
        return ReturnRequest(agency, self.child_list.checked(), self.period_from.value(), self.period_to.value(),
                             Path(self.path.text().strip()))

    def accept(self) -> None:
        if self.result_value() is not None:
            super().accept()

    @classmethod
    def ask(cls, child: Child, siblings: list[Child], folder: Path, parent: QWidget | None = None
            ) -> ReturnRequest | None:
        dialog = cls(child, siblings, folder, parent)
        return dialog.result_value() if dialog.exec() == QDialog.DialogCode.Accepted else None
