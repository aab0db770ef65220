"""The child's profile: identity, diversity (which inspections found ignored) and family group.

``ChildEditor.get_details(...)`` returns the details or None.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QVBoxLayout, QWidget)

from chronology.dates import DateError, parse_exact_day
from chronology.model import ChildDetails, ValidationError
from chronology.vocabulary import ETHNICITIES, GENDERS

from .widgets import TypeAheadCombo


class ChildEditor(QDialog):
    def __init__(self, families: list[str], existing: ChildDetails | None = None,
                 parent: QWidget | None = None, draft: ChildDetails | None = None, problem: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Edit child's profile" if existing else "New child")
        self.ref = QLineEdit(placeholderText="Record number, e.g. LCS 123456")
        self.name = QLineEdit(placeholderText="Full name (for an unborn baby, e.g. 'Baby Hughes')")
        self.preferred_name = QLineEdit(placeholderText="What the child likes to be called")
        self.dob = QLineEdit(placeholderText="DD/MM/YYYY")
        self.unborn = QCheckBox("&Unborn: the date above is the expected date of birth")
        self.gender = TypeAheadCombo([(g, g) for g in GENDERS], free_text=True)
        self.ethnicity = TypeAheadCombo([(e, e) for e in ETHNICITIES], free_text=True)
        self.first_language = QLineEdit(placeholderText="e.g. English, Polish, British Sign Language")
        self.disability = QLineEdit(placeholderText="Any disability or additional need, or 'None known'")
        self.family = TypeAheadCombo([(f, f) for f in families], free_text=True)
        self.family.lineEdit().setPlaceholderText("Household or family group, so siblings are seen together")
        self.error = QLabel(objectName="formError", wordWrap=True)
        self.error.setStyleSheet("color: #a4000f; font-weight: bold;")
        form = QFormLayout()
        for label, widget in (("&Reference", self.ref), ("&Name", self.name),
                              ("&Preferred name", self.preferred_name), ("&Date of birth", self.dob),
                              ("", self.unborn), ("&Gender", self.gender), ("&Ethnicity", self.ethnicity),
                              ("First &language", self.first_language), ("D&isability", self.disability),
                              ("&Family group", self.family)):
            if label:
                caption = QLabel(label)
                caption.setBuddy(widget)
                form.addRow(caption, widget)
            else:
                form.addRow(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 0)
        if draft or existing:  # a draft was typed before a save the disk refused
            self._fill(draft or existing)
        self.error.setText(problem)

    def _fill(self, details: ChildDetails) -> None:
        self.ref.setText(details.ref)
        self.name.setText(details.name)
        self.preferred_name.setText(details.preferred_name)
        self.dob.setText(details.dob.strftime("%d/%m/%Y") if details.dob else "")
        self.unborn.setChecked(details.dob_is_expected)
        self.gender.set_code(details.gender)
        self.ethnicity.set_code(details.ethnicity)
        self.first_language.setText(details.first_language)
        self.disability.setText(details.disability)
        self.family.set_code(details.family)

    def details(self) -> ChildDetails:
        try:
            dob = parse_exact_day(self.dob.text(), allow_future=self.unborn.isChecked()) \
                if self.dob.text().strip() else None
        except DateError as error:
            raise ValidationError("dob", str(error)) from error
        return ChildDetails(
            ref=self.ref.text(), name=self.name.text(), preferred_name=self.preferred_name.text(),
            dob=dob, dob_is_expected=self.unborn.isChecked(), gender=self.gender.code(),
            ethnicity=self.ethnicity.code(), first_language=self.first_language.text(),
            disability=self.disability.text(), family=self.family.code()).validated()

    def accept(self) -> None:
        try:
            self.result_details = self.details()
        except ValidationError as error:
            self.error.setText(error.message)
            widget = {"ref": self.ref, "name": self.name, "dob": self.dob}.get(error.field, self.name)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()

    @classmethod
    def get_details(cls, families: list[str], existing: ChildDetails | None = None,
                    parent: QWidget | None = None, draft: ChildDetails | None = None,
                    problem: str = "") -> ChildDetails | None:
        dialog = cls(families, existing, parent, draft, problem)
        return dialog.result_details if dialog.exec() == QDialog.DialogCode.Accepted else None
