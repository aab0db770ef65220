"""The event editor: every field reachable from the keyboard, in the order a worker thinks.

``EventEditor.get_details(...)`` returns the details (and, when amending, the reason) or None.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chronology.dates import DateError, FuzzyDate, parse_time
from chronology.fields import label
from chronology.model import THIRD_PARTY_PARTS, Child, EventDetails, ValidationError, check_born
from chronology.vocabulary import AGENCIES, CATEGORIES, CENSUS_CODES, EVENT_TYPES, OUTCOMES, RATINGS

from .user_guide_dialog import add_help
from .widgets import CheckList, DateField, TypeAheadCombo, explain, form_error_label, widened

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store


@dataclass(frozen=True)
class EditorResult:
    details: EventDetails
    reason: str


def with_key(text: str, key: str) -> str:
    """A label with its keyboard shortcut: '&' before the first ``key`` (case as written)."""
    at = text.find(key)
    return text if at < 0 else text[:at] + "&" + text[at:]


def _text_box(placeholder: str, height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class EventEditor(QDialog):
    """Add or amend one event for a child and, where they share it, the child's siblings."""

    def __init__(self, store: Store, child: Child, siblings: list[Child],
                 existing: EventDetails | None = None, parent: QWidget | None = None,
                 draft: EditorResult | None = None, problem: str = "", problem_field: str = ""):
        super().__init__(parent)
        self.store, self.child, self.existing = store, child, existing
        self.births = {c.id: c.birth for c in [child, *siblings]}
        self._problem_field: QWidget | None = None
        self.setWindowTitle(f"{'Amend' if existing else 'New'} event — {child.name}")
        self.date = DateField()
        self.time = QLineEdit(placeholderText="HH:MM")
        self.time.setMaximumWidth(widened(self.time, 70))
        self.planned = QCheckBox("&Planned (future)")
        self.end_date = DateField("for a period: when it ended", optional=True)
        self.event_type = TypeAheadCombo([(code, text) for code, text in EVENT_TYPES.items()])
        self.outcome = QComboBox()
        self.outcome.setAccessibleName(label("outcome"))
        self.agency = TypeAheadCombo([(a, a) for a in sorted(set(AGENCIES) | set(store.agencies_in_use()))],
                                     free_text=True)
        self.role = TypeAheadCombo(free_text=True)
        self.summary = _text_box("Short and factual: what happened, and who was there", 64)
        self.impact = _text_box("Impact on the child: harm, or strengths and turning points")
        self.action = _text_box("Action taken / outcome, including 'no further action'")
        self.voice = _text_box("What the child said, did or showed")
        self.seen_alone = QComboBox()
        for text, value in (("Not recorded", None), ("Child seen alone", True), ("Not seen alone", False)):
            self.seen_alone.addItem(text, value)
        self.category_filter = QLineEdit(placeholderText="Type to narrow the categories…")
        self.categories = CheckList([(code, f"{text} ({CENSUS_CODES[code]})")
                                     for code, text in CATEGORIES.items()])
        self.key_event = QCheckBox("&Key event")
        self.rating = QComboBox()
        self.rating.addItem("No rating", None)
        for code, text in RATINGS.items():
            self.rating.addItem(text, code)
        self.children_list = CheckList([(c.id, c.name) for c in [child] + siblings])
        self.third_party = {part: QCheckBox(label) for part, label in THIRD_PARTY_PARTS.items()}
        self.sequence = QSpinBox(minimum=0, maximum=999)
        self.sequence.setSpecialValueText("—")
        self.source_ref = QLineEdit(placeholderText="Reference in the source system")
        self.reason = QLineEdit(placeholderText="Why is this being amended? (required)")
        explain([
            (self.date, "When it happened, as it is known: a day, a month, a year, or about, before or after one"),
            (self.time, "The time, if known, on the 24-hour clock"),
            (self.planned, "A planned event may be dated ahead of today"),
            (self.end_date, "For a period (a plan, an episode): when it ended"),
            (self.event_type, "What kind of event it was: type any part of its name"),
            (self.outcome, "What a decision decided: for a referral decision, a strategy discussion or a section 47 "
                           "outcome"),
            (self.agency, "The agency the information came from"),
            (self.role, "The role of whoever gave it"),
            (self.summary, "What happened: short and factual, and who was there"),
            (self.impact, "The impact on the child: harm, or strengths and turning points"),
            (self.action, "The action taken, or the outcome, including no further action"),
            (self.voice, "The child's own words, or what they did or showed"),
            (self.seen_alone, "Whether the child was seen alone"),
            (self.category_filter, "Type to narrow the list of concerns"),
            (self.categories, "The concerns the event raises, with their census codes"),
            (self.key_event, "A key event stands out in the chronology and on paper"),
            (self.rating, "Red, amber or green: how serious it was"),
            (self.children_list, "The children the event concerns"),
            (self.sequence, "The order within the day, where the time is not known"),
            (self.source_ref, "The agency's own reference for it, so that it can be traced"),
            (self.reason, "Why it is being amended: kept in the history with the earlier version"),
            *[(box, f"Mark {label.lower()} as third-party information, left out of the family's copy")
              for box, label in zip(self.third_party.values(), THIRD_PARTY_PARTS.values(), strict=True)]])
        self.error = form_error_label()
        self._layout()
        self._connect()
        self._fill(draft.details if draft else existing)
        if draft:  # typed before a save that was refused: given back as it was, with why
            self.reason.setText(draft.reason)
            if problem_field:
                self.show_problem(problem_field, problem)
            else:
                self.error.setText(problem)

    def _layout(self) -> None:
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        left.addRow(self._label(with_key(label("date"), "D"), self.date), self.date)
        when = QHBoxLayout()
        when.addWidget(self.time)
        when.addWidget(self._label("Se&quence in day", self.sequence))
        when.addWidget(self.sequence)
        when.addWidget(self.planned)
        when.addStretch(1)
        left.addRow(self._label(with_key(label("time"), "T"), self.time), when)
        left.addRow(self._label(with_key(label("end_date"), "n"), self.end_date), self.end_date)
        left.addRow(self._label(with_key(label("event_type"), "y"), self.event_type), self.event_type)
        left.addRow(self._label(with_key(label("outcome"), "c"), self.outcome), self.outcome)
        source = QHBoxLayout()
        source.addWidget(self.agency, 1)
        role_label = QLabel("R&ole")
        role_label.setBuddy(self.role)
        source.addWidget(role_label)
        source.addWidget(self.role, 1)
        left.addRow(self._label(with_key(label("agency"), "S"), self.agency), source)
        left.addRow(self._label(with_key(label("summary"), "W"), self.summary), self.summary)
        left.addRow(self._label(with_key(label("impact"), "I"), self.impact), self.impact)
        left.addRow(self._label(with_key(label("action"), "A"), self.action), self.action)
        left.addRow(self._label(with_key(label("child_voice"), "v"), self.voice), self.voice)
        left.addRow(self._label(with_key(label("seen_alone"), "l"), self.seen_alone), self.seen_alone)
        right = QVBoxLayout()
        concerns = QGroupBox(with_key(label("categories"), "g"))
        concerns_layout = QVBoxLayout(concerns)
        concerns_layout.addWidget(self.category_filter)
        concerns_layout.addWidget(self.categories)
        right.addWidget(concerns, 2)
        significance = QGroupBox("Significance")
        significance_layout = QHBoxLayout(significance)
        significance_layout.addWidget(self.key_event)
        significance_layout.addWidget(self._label("&Rating", self.rating))
        significance_layout.addWidget(self.rating)
        right.addWidget(significance)
        withheld = QGroupBox("Third-party information (left out of the family's copy)")
        withheld_layout = QGridLayout(withheld)
        for number, box in enumerate(self.third_party.values()):
            withheld_layout.addWidget(box, number // 3, number % 3)
        right.addWidget(withheld)
        shared = QGroupBox("C&hildren this event concerns")
        shared_layout = QVBoxLayout(shared)
        shared_layout.addWidget(self.children_list)
        self.children_list.setMaximumHeight(90)
        right.addWidget(shared)
        extra = QFormLayout()
        extra.addRow(self._label(with_key(label("source_ref"), "f"), self.source_ref), self.source_ref)
        right.addLayout(extra)
        left_column = QVBoxLayout()
        left_column.addLayout(left)
        left_column.addStretch(1)
        grid = QGridLayout()
        grid.addLayout(left_column, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(grid)
        if self.existing is not None:
            reason_row = QFormLayout()
            reason_row.addRow(self._label("Reason for a&mendment", self.reason), self.reason)
            outer.addLayout(reason_row)
        outer.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "recording", self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel("Ctrl+Enter saves · Tab moves between fields · Space ticks a category")
        hint.setStyleSheet("color: palette(mid);")
        footer = QHBoxLayout()
        footer.addWidget(hint, 1)
        footer.addWidget(buttons)
        outer.addLayout(footer)
        self.resize(1000, 640)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _connect(self) -> None:
        self.planned.toggled.connect(self.date.set_allow_future)
        self.planned.toggled.connect(self.end_date.set_allow_future)
        for widget, signal in ((self.time, self.time.textChanged),
                               (self.event_type, self.event_type.currentTextChanged),
                               (self.outcome, self.outcome.currentIndexChanged),
                               (self.agency, self.agency.currentTextChanged), (self.role, self.role.currentTextChanged),
                               (self.summary, self.summary.textChanged), (self.categories, self.categories.itemChanged),
                               (self.rating, self.rating.currentIndexChanged),
                               (self.children_list, self.children_list.itemChanged),
                               (self.reason, self.reason.textChanged)):
            signal.connect(lambda *_args, widget=widget: self._field_changed(widget))
        self.category_filter.textChanged.connect(self.categories.filter)
        self.agency.currentTextChanged.connect(self._offer_roles)
        self.event_type.currentIndexChanged.connect(self._offer_outcomes)
        self._offer_outcomes()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)

    def _offer_outcomes(self, *_args) -> None:
        """A decision's outcomes, for the kinds of event that record one (the others have none)."""
        chosen = self.outcome.currentData()
        choices = OUTCOMES.get(self.event_type.code(), {})
        self.outcome.clear()
        self.outcome.addItem("Not recorded" if choices else "— (only for decisions)", "")
        for code, text in choices.items():
            self.outcome.addItem(text, code)
        self.outcome.setCurrentIndex(max(self.outcome.findData(chosen), 0))
        self.outcome.setEnabled(bool(choices))

    def _offer_roles(self, agency: str) -> None:
        typed = self.role.currentText()
        self.role.clear()
        for role in self.store.roles_in_use(agency.strip()):
            self.role.addItem(role, role)
        self.role.setEditText(typed)

    def _fill(self, details: EventDetails | None) -> None:
        if details is None:
            self.children_list.set_checked({self.child.id})
            self.date.setFocus()
            return
        self.planned.setChecked(details.planned)
        self.date.set_value(details.date)
        self.end_date.set_value(details.end_date)
        self.time.setText(details.time or "")
        self.event_type.set_code(details.event_type)
        self._offer_outcomes()
        self.outcome.setCurrentIndex(max(self.outcome.findData(details.outcome), 0))
        self.agency.set_code(details.agency)
        self.role.setEditText(details.role)
        for text_box, text in ((self.summary, details.summary), (self.impact, details.impact),
                               (self.action, details.action), (self.voice, details.child_voice)):
            text_box.setPlainText(text)
        self.seen_alone.setCurrentIndex(self.seen_alone.findData(details.seen_alone))
        self.categories.set_checked(set(details.categories))
        self.key_event.setChecked(details.key_event)
        self.rating.setCurrentIndex(self.rating.findData(details.rating))
        self.children_list.set_checked(set(details.child_ids))
        self.sequence.setValue(details.sequence or 0)
        self.source_ref.setText(details.source_ref)
        for part, box in self.third_party.items():
            box.setChecked(part in details.third_party)

    def details(self) -> EventDetails:
        """Read the form; raises ValidationError naming the field at fault."""
        fields = {"date": self.date, "end_date": self.end_date}
        values: dict[str, FuzzyDate | None] = {}
        for name, widget in fields.items():
            try:
                values[name] = widget.value()
            except DateError as error:
                raise ValidationError(name, str(error)) from error
        try:
            time = parse_time(self.time.text())
        except DateError as error:
            raise ValidationError("time", str(error)) from error
        when = values["date"]
        if when is None:
            raise ValidationError("date", "The date is required.")
        event_type = self.event_type.code()
        if not event_type:
            raise ValidationError("event_type", "Choose an event type from the list.")
        details = EventDetails(
            date=when, end_date=values["end_date"], time=time,
            sequence=self.sequence.value() or None, planned=self.planned.isChecked(),
            agency=self.agency.code(), role=self.role.currentText(), event_type=event_type,
            categories=tuple(self.categories.checked()), summary=self.summary.toPlainText(),
            impact=self.impact.toPlainText(), action=self.action.toPlainText(),
            child_voice=self.voice.toPlainText(), seen_alone=self.seen_alone.currentData(),
            key_event=self.key_event.isChecked(), rating=self.rating.currentData(),
            source_ref=self.source_ref.text(), child_ids=tuple(self.children_list.checked()),
            third_party=tuple(part for part, box in self.third_party.items() if box.isChecked()),
            outcome=self.outcome.currentData() or "",
            recorded_by=self.existing.recorded_by if self.existing else "")
        details = details.validated()
        check_born(details, self.births.get)
        return details

    def _widget_for(self, field: str) -> QWidget:
        return {"date": self.date, "end_date": self.end_date, "time": self.time,
                "event_type": self.event_type, "outcome": self.outcome, "agency": self.agency, "role": self.role,
                "summary": self.summary, "categories": self.categories,
                "significance": self.rating, "children": self.children_list,
                "reason": self.reason}.get(field, self.summary)

    def show_problem(self, field: str, message: str) -> None:
        """Say what is wrong beside the field at fault (a date's under the date, the others below
        the form) and take the keyboard there; the message goes once the field is changed."""
        widget = self._widget_for(field)
        if isinstance(widget, DateField):
            widget.show_problem(message)
            self.error.clear()
        else:
            self.error.setText(message)
            self._problem_field = widget
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _field_changed(self, widget: QWidget) -> None:
        if widget is self._problem_field:
            self.error.clear()
            self._problem_field = None

    def accept(self) -> None:
        try:
            self.result_details = self.details()
            if self.existing is not None and not self.reason.text().strip():
                raise ValidationError("reason", "Say why the event is being amended.")
        except ValidationError as error:
            self.show_problem(error.field, error.message)
            return
        super().accept()

    @classmethod
    def get_details(cls, store: Store, child: Child, siblings: list[Child],
                    existing: EventDetails | None = None, parent: QWidget | None = None,
                    draft: EditorResult | None = None, problem: str = "",
                    problem_field: str = "") -> EditorResult | None:
        dialog = cls(store, child, siblings, existing, parent, draft, problem, problem_field)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return EditorResult(dialog.result_details, dialog.reason.text().strip())
