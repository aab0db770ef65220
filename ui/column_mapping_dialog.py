"""Which column of a return holds which field, when its headings do not say clearly: each heading
with its first values and a choice of field, the return's first rows beneath. What the worker
chooses is remembered for the agency's next return.

``ColumnMappingDialog.choose(needed, agency, parent)`` returns heading → field (empty: left out),
or None if the worker cancels."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chronology.returns.mapping import IGNORED, REQUIRED_FIELDS, RETURN_FIELDS, field_for_heading

from .widgets import form_error_label

if TYPE_CHECKING:
    from chronology.returns.receive import MappingNeeded

LEFT_OUT = "— not received —"


class ColumnMappingDialog(QDialog):
    def __init__(self, needed: MappingNeeded, agency: str, remembered: dict[str, str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        name = Path(needed.source).name
        self.setWindowTitle(f"Which column holds what: {name}")
        self.headings = needed.headings
        where = f", {needed.place}" if needed.place else ""
        intro = QLabel(
            f"The headings of <b>{name}</b>{where} do not say clearly which column holds "
            f"<b>{' and '.join(RETURN_FIELDS[f].lower() for f in needed.missing)}</b>. Choose the field each "
            f"column holds (its first values are shown); columns left out are not received. Your choice is "
            f"remembered for {agency}'s next return.", wordWrap=True)
        self.choices = QTableWidget(len(self.headings), 3)
        self.choices.setHorizontalHeaderLabels(["Column", "First values", "Holds"])
        self.choices.verticalHeader().setVisible(False)
        self.choices.setAccessibleName("Columns and the fields they hold")
        self.choices.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        remembered_folded = {k.casefold(): v for k, v in remembered.items()}
        self.pickers: list[QComboBox] = []
        for row, heading in enumerate(self.headings):
            values = [sample[row] for sample in needed.sample if row < len(sample) and sample[row]][:3]
            self.choices.setItem(row, 0, QTableWidgetItem(heading or f"(column {row + 1}, no heading)"))
            shown = QTableWidgetItem(" · ".join(value.replace("\n", " ")[:60] for value in values))
            shown.setToolTip("\n".join(values))
            self.choices.setItem(row, 1, shown)
            picker = QComboBox()
            picker.setAccessibleName(f"Field held by the column {heading or row + 1}")
            picker.addItem(LEFT_OUT, IGNORED)
            for field, label in RETURN_FIELDS.items():
                picker.addItem(label + (" (needed)" if field in REQUIRED_FIELDS else ""), field)
            guess = remembered_folded.get(heading.casefold(), field_for_heading(heading) or IGNORED)
            picker.setCurrentIndex(max(picker.findData(guess), 0))
            picker.setEnabled(bool(heading))  # a column without a heading cannot be named, so is not received
            self.choices.setCellWidget(row, 2, picker)
            self.pickers.append(picker)
        header = self.choices.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.problem = form_error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.read = buttons.addButton("&Read the return", QDialogButtonBox.ButtonRole.AcceptRole)
        self.read.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(860, 520)  # within a laptop's 1366×768

    def mapping(self) -> dict[str, str] | None:
        """Heading → field as chosen, or None (the problem said) when a needed field has no
        column or a field has two."""
        chosen = {heading: picker.currentData() for heading, picker in zip(self.headings, self.pickers, strict=True)
                  if heading}
        used = [field for field in chosen.values() if field != IGNORED]
        twice = sorted({field for field in used if used.count(field) > 1})
        if twice:
            self.problem.setText(f"Two columns hold {RETURN_FIELDS[twice[0]].lower()}: choose one, and leave the "
                                 "other out.")
            return None
        missing = [field for field in REQUIRED_FIELDS if field not in used]
        if missing:
            self.problem.setText(f"Choose the column that holds {RETURN_FIELDS[missing[0]].lower()}: every entry "
                                 "needs it.")
            return None
        return chosen

    def accept(self) -> None:
        if self.mapping() is not None:
            super().accept()

    @classmethod
    def choose(cls, needed: MappingNeeded, agency: str, remembered: dict[str, str],
               parent: QWidget | None = None) -> dict[str, str] | None:
        dialog = cls(needed, agency, remembered, parent)
        return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None
