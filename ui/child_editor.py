"""The child's profile: identity, diversity (which inspections found ignored) and family group.

A problem is said beside the field at fault — a reference another child has, a date of birth that
is not a whole day, half a word typed in a picker — and everything typed stays.
``ChildEditor.get_details(...)`` returns the details or None.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from chronology.dates import BIRTH_AHEAD, DateError
from chronology.model import ChildDetails, ValidationError
from chronology.vocabulary import ETHNICITIES, GENDERS

from .user_guide_dialog import add_help
from .widgets import DateField, TypeAheadCombo, explain, form_error_label

#: Whose the reference is, if another child's: the store's answer for this caseload.
RefHolder = Callable[[str], "str | None"]


def _problem_label() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setStyleSheet("color: #a4000f;")
    label.hide()
    return label


class ChildEditor(QDialog):
    def __init__(self, families: list[str], existing: ChildDetails | None = None,
                 parent: QWidget | None = None, draft: ChildDetails | None = None, problem: str = "",
                 problem_field: str = "", ref_holder: RefHolder | None = None):
        super().__init__(parent)
        self.setWindowTitle("Edit child's profile" if existing else "New child")
        self.adding = existing is None
        self.ref_holder = ref_holder
        self.ref = QLineEdit(placeholderText="Record number, e.g. LCS 123456")
        self.name = QLineEdit(placeholderText="Full name (for an unborn baby, e.g. 'Baby Hughes')")
        self.preferred_name = QLineEdit(placeholderText="What the child likes to be called")
        self.dob = DateField("DD/MM/YYYY", optional=True, exact_day=True, future_advice=BIRTH_AHEAD)
        self.unborn = QCheckBox("&Unborn: the date above is the expected date of birth")
        self.gender = TypeAheadCombo([(g, g) for g in GENDERS], free_text=True)
        self.ethnicity = TypeAheadCombo([(e, e) for e in ETHNICITIES], free_text=True)
        self.first_language = QLineEdit(placeholderText="e.g. English, Polish, British Sign Language")
        self.disability = QLineEdit(placeholderText="Any disability or additional need, or 'None known'")
        self.family = TypeAheadCombo([(f, f) for f in families], free_text=True)
        explain([(self.ref, "The child's record number in the council's system: it must be unique"),
                 (self.name, "The child's full name (for an unborn baby, e.g. 'Baby Hughes')"),
                 (self.preferred_name, "What the child likes to be called"),
                 (self.dob, "The date of birth, or the expected date for an unborn baby"),
                 (self.unborn, "Tick for an unborn baby: the date is then the expected date of birth"),
                 (self.gender, "The child's gender, as the child or family gives it"),
                 (self.ethnicity, "The child's ethnicity, as the census groups it, or as given"),
                 (self.first_language, "The child's first language"),
                 (self.disability, "Any disability or additional need, or 'None known'"),
                 (self.family, "The household or family group, so that siblings are seen together")])
        family_line = self.family.lineEdit()
        assert family_line is not None  # the picker is editable
        family_line.setPlaceholderText("Household or family group, so siblings are seen together")
        self.fields: dict[str, QWidget] = {"ref": self.ref, "name": self.name, "preferred_name": self.preferred_name,
                                           "dob": self.dob, "gender": self.gender, "ethnicity": self.ethnicity,
                                           "first_language": self.first_language, "disability": self.disability,
                                           "family": self.family}
        self.problems = {name: _problem_label() for name in self.fields if name != "dob"}
        self.error = form_error_label()  # what belongs to no one field
        form = QFormLayout()
        for caption, name in (("&Reference", "ref"), ("&Name", "name"), ("&Preferred name", "preferred_name"),
                              ("&Date of birth", "dob"), ("", "unborn"), ("&Gender", "gender"),
                              ("&Ethnicity", "ethnicity"), ("First &language", "first_language"),
                              ("D&isability", "disability"), ("&Family group", "family")):
            if not caption:
                form.addRow(self.unborn)
                continue
            label = QLabel(caption)
            label.setBuddy(self.fields[name])
            column = QVBoxLayout()
            column.setSpacing(1)
            column.addWidget(self.fields[name])
            if name in self.problems:
                column.addWidget(self.problems[name])
            form.addRow(label, column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "recording", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 0)
        self.unborn.toggled.connect(self.dob.set_allow_future)
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _text, name=name: self._clear(name))
            elif isinstance(widget, TypeAheadCombo):
                widget.currentTextChanged.connect(lambda _text, name=name: self._clear(name))
        shown = draft or existing  # a draft typed before a save that was refused
        if shown is not None:
            self._fill(shown)
        if problem:
            self.show_problem(problem_field, problem)

    def _fill(self, details: ChildDetails) -> None:
        self.ref.setText(details.ref)
        self.name.setText(details.name)
        self.preferred_name.setText(details.preferred_name)
        self.unborn.setChecked(details.dob_is_expected)
        self.dob.edit.setText(details.dob.strftime("%d/%m/%Y") if details.dob else "")
        self.gender.set_code(details.gender)
        self.ethnicity.set_code(details.ethnicity)
        self.first_language.setText(details.first_language)
        self.disability.setText(details.disability)
        self.family.set_code(details.family)

    def show_problem(self, field: str, message: str) -> None:
        """Say what is wrong beside the field at fault (below the form when no field is named),
        and take the keyboard there; it goes once the field is changed."""
        if field == "dob":
            self.dob.show_problem(message)
        elif field in self.problems:
            label = self.problems[field]
            label.setText(message)
            label.show()  # as tall as its wrapped lines: a form's rows do not ask a label for that
            label.setMinimumHeight(label.heightForWidth(max(self.fields[field].width(), 300)))
        else:
            self.error.setText(message)
        self._fit()
        self.fields.get(field, self.name).setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit(self) -> None:
        """Grow to show a message whole (a wrapped label needs the dialog told)."""
        self.layout().activate()  # type: ignore[union-attr]  # (set in __init__: never None here)
        self.resize(self.width(), max(self.height(), self.heightForWidth(self.width()), self.sizeHint().height()))

    def _clear(self, field: str) -> None:
        self.problems[field].hide()
        self.problems[field].clear()
        self.problems[field].setMinimumHeight(0)

    def details(self) -> ChildDetails:
        """Read the form; raises ValidationError naming the field at fault."""
        try:
            born = self.dob.value()
        except DateError as error:
            raise ValidationError("dob", str(error)) from error
        for name, picker in (("gender", self.gender), ("ethnicity", self.ethnicity)):
            unfinished = picker.unfinished()
            if unfinished:
                raise ValidationError(name, unfinished)
        details = ChildDetails(
            ref=self.ref.text(), name=self.name.text(), preferred_name=self.preferred_name.text(),
            dob=born.nominal_start if born else None, dob_is_expected=self.unborn.isChecked(),
            gender=self.gender.code(), ethnicity=self.ethnicity.code(), first_language=self.first_language.text(),
            disability=self.disability.text(), family=self.family.code()).validated(adding=self.adding)
        holder = self.ref_holder(details.ref) if self.ref_holder else None
        if holder:
            raise ValidationError("ref", f"{holder} already has the reference '{details.ref}'. Check the record "
                                         "number: each child's is their own.")
        return details

    def accept(self) -> None:
        try:
            self.result_details = self.details()
        except ValidationError as error:
            self.show_problem(error.field, error.message)
            return
        super().accept()

    @classmethod
    def get_details(cls, families: list[str], existing: ChildDetails | None = None,
                    parent: QWidget | None = None, draft: ChildDetails | None = None,
                    problem: str = "", problem_field: str = "",
                    ref_holder: RefHolder | None = None) -> ChildDetails | None:
        dialog = cls(families, existing, parent, draft, problem, problem_field, ref_holder)
        return dialog.result_details if dialog.exec() == QDialog.DialogCode.Accepted else None
