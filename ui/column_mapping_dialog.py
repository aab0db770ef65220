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

from chronology.dates import DateError, parse_date
from chronology.returns.mapping import IGNORED, REQUIRED_FIELDS, RETURN_FIELDS, field_for_heading

from .user_guide_dialog import add_help
from .widgets import explain, form_error_label

if TYPE_CHECKING:
    from chronology.returns.receive import MappingNeeded

LEFT_OUT = "— not received —"


def _reads_as_date(text: str) -> bool:
    try:
        parse_date(text.split(" ")[0] if ":" in text else text, allow_future=True)
    except DateError:
        return False
    return True


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
            f"column holds (its first values are shown; a choice from the values is only a suggestion); columns "
            f"left out are not received. Your choice is "
            f"remembered for {agency}'s next return.", wordWrap=True)
        self.choices = QTableWidget(len(self.headings), 3)
        self.choices.setTabKeyNavigation(False)  # Tab goes from one column's choice to the next, then on
        self.choices.setHorizontalHeaderLabels(["Column", "First values", "Holds"])
        self.choices.verticalHeader().setVisible(False)
        self.choices.setAccessibleName("Columns and the fields they hold")
        explain([(self.choices, "Each column of the return, its first values, and the field it holds")])
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
            explain([(picker, "Which field this column holds; not received if left out")])
            picker.addItem(LEFT_OUT, IGNORED)
            for field, label in RETURN_FIELDS.items():
                picker.addItem(label + (" (needed)" if field in REQUIRED_FIELDS else ""), field)
            guess = remembered_folded.get(heading.casefold(), field_for_heading(heading) or IGNORED)
            picker.setCurrentIndex(max(picker.findData(guess), 0))
            picker.setEnabled(bool(heading))  # a column without a heading cannot be named, so is not received
            self.choices.setCellWidget(row, 2, picker)
            self.pickers.append(picker)
        self._suggest_from_values(needed)
        header = self.choices.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.problem = form_error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "returns", self)
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

    def _suggest_from_values(self, needed: MappingNeeded) -> None:
        """Where no column is chosen for a needed field, suggest one from its values (for the worker
        to confirm): the date, a column whose every first value reads as a date; what happened, the
        column of the longest text."""
        def values(row: int) -> list[str]:
            return [sample[row] for sample in needed.sample if row < len(sample) and sample[row]]
        chosen = {picker.currentData() for picker in self.pickers}
        free = [row for row, picker in enumerate(self.pickers) if picker.isEnabled() and
                picker.currentData() == IGNORED and values(row)]
        if "date" not in chosen:
            dated = next((row for row in free if all(_reads_as_date(v) for v in values(row))), None)
            if dated is not None:
                self.pickers[dated].setCurrentIndex(self.pickers[dated].findData("date"))
                free.remove(dated)
        if "summary" not in chosen and free:
            longest = max(free, key=lambda row: sum(map(len, values(row))) / len(values(row)))
            if sum(map(len, values(longest))) / len(values(longest)) >= 20:
                self.pickers[longest].setCurrentIndex(self.pickers[longest].findData("summary"))

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
