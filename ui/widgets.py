"""Small keyboard-friendly widgets shared by the editors and filters."""
from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chronology.dates import DateError, FutureDate, FuzzyDate, parse_date, reading

#: The size of text the app's fixed widths (columns, narrow fields) were chosen for: the 9 points
#: of Windows' own interface text.
DESIGNED_FOR_POINTS = 9.0


def widened(widget: QWidget, pixels: int) -> int:
    """A width chosen for the usual text size, grown in proportion where the worker has made the
    system's text larger (never narrowed), so that columns and fields still show what they did."""
    points = widget.font().pointSizeF()
    return round(pixels * max(1.0, points / DESIGNED_FOR_POINTS)) if points > 0 else pixels


class DateField(QWidget):
    """A line edit for a date as the worker types it, with the app's reading shown live below: what
    was read (a two-digit year's century said), or why it cannot be read, and what to type. A
    problem found on saving (a visit before the child was born) is shown there too, until the
    date is changed. ``exact_day``: only a whole day will do (a date of birth)."""

    changed = Signal()

    def __init__(self, placeholder: str = "e.g. 14/03/2017, March 2017, summer 2019, c. 2016",
                 optional: bool = False, exact_day: bool = False, future_advice: str | None = None):
        super().__init__()
        self.optional, self.exact_day, self.future_advice = optional, exact_day, future_advice
        self.allow_future = False
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.reading = QLabel()
        self.reading.setObjectName("dateReading")
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.reading)
        self.setFocusProxy(self.edit)
        self.reading.setWordWrap(True)
        self.edit.textChanged.connect(self._update)
        self._update()

    def showEvent(self, event: QShowEvent) -> None:
        """The line edit takes the name of the label a form gave this field (a label's buddy is the
        field; a screen reader reads the edit), unless it has a name of its own."""
        super().showEvent(event)
        if not self.edit.accessibleName():
            parent = self.parentWidget()
            labels = parent.findChildren(QLabel) if parent is not None else []
            named = next((label.text().replace("&", "") for label in labels if label.buddy() is self), "")
            self.edit.setAccessibleName(named or self.accessibleName() or "Date")
        if not self.edit.accessibleDescription():
            self.edit.setAccessibleDescription(self.accessibleDescription() or self.toolTip() or
                                               "A date as it is known: a day, a month, a year, or about, before or "
                                               "after one")

    def set_allow_future(self, allow: bool) -> None:
        """A planned event: dates ahead are allowed, and two-digit years are read towards them."""
        self.allow_future = allow
        self._update()

    def _parse(self, text: str) -> FuzzyDate:
        try:
            value = parse_date(text, allow_future=self.allow_future, forward=self.allow_future)
        except FutureDate as error:  # said as fits what is being recorded (a birth is not "planned")
            raise error.advised(self.future_advice) if self.future_advice else error from None
        if self.exact_day and not value.is_exact_day:
            raise DateError(f"'{text.strip()}' must be a whole day, as in 14/03/2017.")
        return value

    def value(self) -> FuzzyDate | None:
        """The date read, or None when empty; raises DateError for text that is not a date."""
        if self.optional and not self.edit.text().strip():
            return None
        return self._parse(self.edit.text())

    def set_value(self, value: FuzzyDate | None) -> None:
        self.edit.setText(value.to_text() if value else "")

    def show_problem(self, message: str) -> None:
        """Say what is wrong with the date as entered, under it, until it is changed."""
        self._say("⚠ " + message, "#a4000f")

    def _say(self, text: str, colour: str) -> None:
        self.reading.setText(text)
        self.reading.setStyleSheet(f"color: {colour};")
        self.reading.setToolTip(text)

    def _update(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self._say("" if self.optional else "Type the date as you know it", "palette(mid)")
        else:
            try:
                self._say("Reads as: " + reading(text, self._parse(text), self.allow_future), "#1a5e20")
            except DateError as error:
                self._say("⚠ " + str(error), "#a4000f")
        self.changed.emit()


class DayField(QLineEdit):
    """A period limit for filters: '2017' from-limit means 01/01/2017, to-limit 31/12/2017.
    Empty text means no limit; text that is not a date is marked at once (red edge, the reason
    as a tooltip), so that a typing slip is never silently read as "no limit"."""

    def __init__(self, placeholder: str, end_of_period: bool = False):
        super().__init__()
        self.end_of_period = end_of_period
        self.hint = ""  # what the field is for, shown as its tooltip unless a problem is
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.textChanged.connect(self._mark)

    def problem(self) -> str | None:
        """Why the text is not a period limit, or None (empty text is no limit, not a problem)."""
        text = self.text().strip()
        if not text:
            return None
        try:
            parse_date(text, allow_future=True)
        except DateError as error:
            return str(error)
        return None

    def value(self) -> date | None:
        text = self.text().strip()
        if not text:
            return None
        try:
            fuzzy = parse_date(text, allow_future=True)
        except DateError:
            return None
        return fuzzy.nominal_end if self.end_of_period else fuzzy.nominal_start

    def _mark(self) -> None:
        problem = self.problem()
        self.setStyleSheet("QLineEdit { border: 2px solid #a4000f; }" if problem else "")
        self.setToolTip(problem or self.hint)


def explain(pairs: Sequence[tuple[QWidget, str]]) -> None:
    """Each control's accessible description (read by screen readers after its name), also its
    tooltip where it has none."""
    for widget, description in pairs:
        widget.setAccessibleDescription(description)
        if not widget.toolTip():
            widget.setToolTip(description)
        if isinstance(widget, DayField):
            widget.hint = description


def describe(widget: QWidget, name: str, description: str) -> None:
    """A control's accessible name and description (read by screen readers), its description also
    its tooltip."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    widget.setToolTip(description)
    if isinstance(widget, DayField):
        widget.hint = description


def labelled(text: str, buddy: QWidget) -> QLabel:
    """A form's label for a row that is not one widget, its mnemonic going to ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def chooser_row(edit: QLineEdit, tip: str, choose: Callable[[], None]) -> QHBoxLayout:
    """A path typed in ``edit``, or chosen with the Choose… button beside it (``tip`` says what)."""
    button = QPushButton("&Choose…")
    button.setToolTip(tip)
    button.clicked.connect(choose)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def form_error_label() -> QLabel:
    """Where a form says what belongs to no one field: red, bold, wrapped."""
    label = QLabel(wordWrap=True)
    label.setObjectName("formError")
    label.setStyleSheet("color: #a4000f; font-weight: bold;")
    return label


class TypeAheadCombo(QComboBox):
    """An editable picker: type any part of a label to narrow the list; items carry codes."""

    def __init__(self, items: list[tuple[str, str]] | None = None, free_text: bool = False):
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.free_text = free_text
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        for code, label in items or []:
            self.addItem(label, code)
        self.setCurrentIndex(-1)

    def code(self) -> str:
        """The chosen item's code; free text as typed when allowed; '' when nothing matches."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.itemData(index) or self.itemText(index)
        return text if self.free_text else ""

    def unfinished(self) -> str | None:
        """Why what is typed is not yet an answer: the start of a listed item ("Fem" for Female)
        but not the whole of one. A typed answer of its own ("Agender") is complete."""
        text = self.currentText().strip()
        if not text or self.findText(text, Qt.MatchFlag.MatchFixedString) >= 0:
            return None
        wanted = text.casefold()
        starts = [self.itemText(i) for i in range(self.count()) if self.itemText(i).casefold().startswith(wanted)]
        if not starts:
            return None
        listed = " or ".join(f"'{item}'" for item in starts[:3]) + (" or another" if len(starts) > 3 else "")
        return f"'{text}' is the start of {listed}: choose from the list, or type the whole answer."

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(code)


class CheckList(QListWidget):
    """A list of checkable items (space toggles), holding codes behind the labels."""

    def __init__(self, items: Sequence[tuple[object, str]] = ()):
        super().__init__()
        self.set_items(items)

    def set_items(self, items: Sequence[tuple[object, str]], checked: Collection[object] = frozenset()) -> None:
        self.clear()
        for code, label in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked)
            self.addItem(item)

    def check_all(self) -> None:
        for row in range(self.count()):
            self.item(row).setCheckState(Qt.CheckState.Checked)

    def checked(self) -> list:
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())
                if self.item(row).checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes) -> None:
        for row in range(self.count()):
            item = self.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in codes
                               else Qt.CheckState.Unchecked)

    def filter(self, text: str) -> None:
        """Hide items that do not contain ``text``, so a long list can be typed into."""
        wanted = text.strip().casefold()
        for row in range(self.count()):
            self.item(row).setHidden(bool(wanted) and wanted not in self.item(row).text().casefold())
