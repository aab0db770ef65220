"""Receiving an agency's return: the file, the agency it is from and the children it is about.
Excel workbooks, Word documents (the first table with headings) and CSV files are read.

``ReturnReceiveDialog.ask(child, siblings, folder, parent)`` returns a :class:`ReturnToReceive`,
or None if the worker cancels."""
from __future__ import annotations

from dataclasses import dataclass
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

from .return_request_dialog import agency_picker, children_picker
from .user_guide_dialog import add_help
from .widgets import chooser_row, form_error_label, labelled

if TYPE_CHECKING:
    from chronology.model import Child

RETURN_FILTER = ("Agency returns (*.xlsx *.docx *.csv);;Excel workbooks (*.xlsx);;Word documents (*.docx);;"
                 "CSV files (*.csv)")


@dataclass(frozen=True)
class ReturnToReceive:
    agency: str
    child_ids: tuple[int, ...]
    path: Path


class ReturnReceiveDialog(QDialog):
    def __init__(self, child: Child, siblings: list[Child], folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Receive a return from an agency")
        self.folder = folder
        self.path = QLineEdit()
        self.path.setAccessibleName("The return's file")
        self.path.setPlaceholderText("The file the agency sent: .xlsx, .docx or .csv")
        where = chooser_row(self.path, "Choose the file the agency sent", self.choose_file)
        self.agency = agency_picker()
        self.child_list = children_picker(child, siblings)
        form = QFormLayout()
        form.addRow(labelled("&File", self.path), where)
        form.addRow("&Agency", self.agency)
        form.addRow("C&hildren", self.child_list)
        self.problem = form_error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "returns", self)
        self.receive = buttons.addButton("&Read the return", QDialogButtonBox.ButtonRole.AcceptRole)
        self.receive.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Every row of the return becomes an entry in the chronology of each child ticked, keeping where it came "
            "from (the file, its row, the agency's own words). The return is checked whole first: if any row cannot "
            "be read, nothing is saved and you are told where. If its columns are not clear, you will be asked "
            "which holds what.", wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "The agency's return", str(self.folder), RETURN_FILTER)
        if chosen:
            self.path.setText(chosen)

    def result_value(self) -> ReturnToReceive | None:
        text, agency = self.path.text().strip(), self.agency.code()
        problem: str | None = None
        field: QWidget = self.path
        if not text or not Path(text).is_file():
            problem, field = ("Choose the file the agency sent." if not text else
                              f"{text} is not a file that can be read: choose it again."), self.path
        elif not agency:
            problem, field = "Name the agency the return is from.", self.agency
        elif not self.child_list.checked():
            problem, field = "Tick the children the return is about.", self.child_list
        if problem:
            self.problem.setText(problem)
            field.setFocus()
            return None
        return ReturnToReceive(agency, tuple(self.child_list.checked()), Path(text))

    def accept(self) -> None:
        if self.result_value() is not None:
            super().accept()

    @classmethod
    def ask(cls, child: Child, siblings: list[Child], folder: Path, parent: QWidget | None = None
            ) -> ReturnToReceive | None:
        dialog = cls(child, siblings, folder, parent)
        return dialog.result_value() if dialog.exec() == QDialog.DialogCode.Accepted else None
