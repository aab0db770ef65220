"""The selected child's chronology: who they are, filters, the table, and the chosen entry in full."""
from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chronology.fields import FIELDS_BY_NAME, label
from chronology.findings import Assessment, assess
from chronology.model import THIRD_PARTY_PARTS, Child
from chronology.queries import EventFilter, has_words
from chronology.rules import Flag, RuleContext
from chronology.vocabulary import CATEGORIES, SIGNIFICANCE, category_label, event_type_label

from .chronology_model import CHILDREN_COLUMN, ChronologyModel, date_text, significance_text
from .findings_panel import FindingsPanel
from .timeline_panel import TimelinePanel
from .widgets import DayField, describe, widened

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store

COLUMN_WIDTHS = (150, 96, 170, 190, 170, 330, 220, 220, 200)


def _combo(everything: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(everything, None)
    combo.setMinimumContentsLength(10)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for code, shown in items:
        combo.addItem(shown, code)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class ChronologyPanel(QWidget):
    event_activated = Signal(int)

    def __init__(self, store: Store, rules: RuleContext, show_in_error: bool = False):
        super().__init__()
        self.store, self.rules = store, rules
        self.child: Child | None = None
        self.siblings: list[Child] = []
        self.header = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.header.setObjectName("childHeader")
        self.date_from = DayField("From (e.g. 2016)")
        self.date_to = DayField("To (e.g. 03/2019)", end_of_period=True)
        for field in (self.date_from, self.date_to):
            field.setMinimumWidth(widened(field, 120))
            field.setMaximumWidth(widened(field, 150))
        self.agency = _combo("All sources")
        self.event_type = _combo("All event types")
        self.category = _combo("All concerns")
        self.significance = _combo("Any significance")
        _refill(self.significance, list(SIGNIFICANCE.items()))
        self.search = QLineEdit(placeholderText="Search the text of entries…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.family = QCheckBox("Whole &family")
        self.family.setToolTip("Show the siblings' chronologies together; a shared event appears once")
        self.show_in_error = QCheckBox("Show entered in &error")
        self.show_in_error.setChecked(show_in_error)
        describe(self.show_in_error, "Show entered in error",
                 "Also show the entries withdrawn as entered in error, struck through, with the reason: nothing is "
                 "ever erased")
        self.model = ChronologyModel(store, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName("Chronology")
        self.table.setAccessibleDescription("The child's entries in date order, one a row; Enter amends the chosen "
                                            "entry, and the arrow keys move between them")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the next control, as everywhere else
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, widened(self.table, width))
        self.detail = QTextBrowser()
        self.detail.setObjectName("eventDetail")
        describe(self.detail, "The chosen entry", "The chosen entry in full, with every field")
        for widget, name, description in (
                (self.date_from, "Period from", "Show entries from this day, month or year (e.g. 2016)"),
                (self.date_to, "Period to", "Show entries up to this day, month or year (e.g. 03/2019)"),
                (self.agency, "Source", "Show only the entries from one source agency"),
                (self.event_type, "Event type", "Show only one kind of event"),
                (self.category, "Concern", "Show only the entries raising one concern"),
                (self.significance, "Significance", "Show only key events, or one rating"),
                (self.search, "Search the entries", "Search the text of every entry (Ctrl+F)")):
            describe(widget, name, description)
        self.findings = FindingsPanel()
        self.timeline = TimelinePanel()
        self._timeline_due: tuple[list[Flag], bool] | None = None  # drawn when next shown
        self.count = QLabel()
        self._layout()
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        for field in (self.date_from, self.date_to):
            field.textChanged.connect(self._debounce.start)
        for combo in (self.agency, self.event_type, self.category, self.significance):
            combo.currentIndexChanged.connect(self.apply_filter)
        for box in (self.family, self.show_in_error):
            box.toggled.connect(self.apply_filter)
        self.family.toggled.connect(lambda: self.refresh_flags(keep_view=True))
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.findings.evidence_chosen.connect(self.show_evidence)
        self.timeline.event_clicked.connect(self.select_event)
        self.views.currentChanged.connect(self._draw_timeline_if_shown)
        self.table.activated.connect(lambda index: self.event_activated.emit(self.model.event_id(index.row())))
        self.table.setColumnHidden(CHILDREN_COLUMN, True)

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for widget in (self.date_from, self.date_to, self.agency, self.event_type, self.category,
                       self.significance):
            filters.addWidget(widget)
        second = QHBoxLayout()
        second.addWidget(self.search, 1)
        second.addWidget(self.family)
        second.addWidget(self.show_in_error)
        second.addWidget(self.count)
        below = QSplitter()
        below.addWidget(self.findings)
        below.addWidget(self.detail)
        below.setSizes([780, 300])
        self.views = QTabWidget()
        self.views.addTab(self.table, "&Chronology")
        self.views.addTab(self.timeline, "&Timeline")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.views)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([6_000, 4_000])  # proportions: the table gets most of the height
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(filters)
        layout.addLayout(second)
        layout.addWidget(splitter, 1)

    def cancel_pending(self) -> None:
        """Drop a search typed but not yet run (the window is closing)."""
        self._debounce.stop()

    # -- showing a child ---------------------------------------------------------------------

    def show_child(self, child: Child | None) -> None:
        self.child = child
        self.siblings = self.store.siblings(child.id) if child else []
        self.family.setEnabled(bool(self.siblings))
        self.header.setText(self._header_html(child) if child else "")
        self.refresh_options()
        self.apply_filter()
        self.refresh_flags()

    def refresh_flags(self, keep_view: bool = False) -> None:
        """Run every rule over the child's chronology, and gather the flags into findings with
        the current picture (quick enough to run on every change: docs/performance.md). The
        timeline is redrawn now if it is on show, or when it is next shown."""
        assessment: Assessment | None = None
        if self.child is not None:
            assessment = assess(self.store.rule_events(self.child.id), self.rules, date.today())
        written = self.store.analyses(self.child.id) if self.child else []
        self.findings.set_assessment(assessment, self.store.acknowledgements(self.child.id) if self.child else {},
                                     written[-1] if written else None)
        flags = assessment.flags if assessment else []
        self._timeline_due = (flags, keep_view)
        self._draw_timeline_if_shown()

    def _draw_timeline_if_shown(self) -> None:
        if self._timeline_due is None or self.views.currentWidget() is not self.timeline:
            return
        flags, keep_view = self._timeline_due
        self._timeline_due = None
        if self.child is None:
            self.timeline.show_timeline(None, {}, [], False, 0)
            return
        family = self.family.isChecked()
        names = {self.child.id: self.child.name} | ({s.id: s.name for s in self.siblings} if family else {})
        self.timeline.show_timeline(self.store.timeline(self.child_ids(), date.today()), names, flags,
                                    family, self.rules.settings["neglect_accumulation_threshold"], keep_view)
        chosen = self.findings.chosen()
        if chosen is not None:
            self.timeline.view.highlight(chosen.event_ids)

    def show_evidence(self, flag: Flag) -> None:
        """Select a flag's evidence in the table, the first of it scrolled into view."""
        rows = sorted(row for row in (self.model.row_of(event_id) for event_id in flag.event_ids) if row >= 0)
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        if rows:
            selection.setCurrentIndex(self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(rows[0], 0), QAbstractItemView.ScrollHint.PositionAtTop)
        self.timeline.view.highlight(flag.event_ids)
        hidden = len(flag.event_ids) - len(rows)
        if hidden:
            self.findings.show_hidden(flag, hidden)

    def _header_html(self, child: Child) -> str:
        d = child.details
        if d.dob and d.dob_is_expected:
            born = f"Unborn, expected {d.dob:%d/%m/%Y}"
        elif d.dob:
            today = date.today()
            age = today.year - d.dob.year - ((today.month, today.day) < (d.dob.month, d.dob.day))
            born = f"Born {d.dob:%d/%m/%Y} (age {age})"
        else:
            born = "Date of birth not recorded"
        known_as = f" (known as {escape(d.preferred_name)})" if d.preferred_name else ""
        facts = [f"Ref {escape(d.ref)}", born]
        for heading, value in (("Gender", d.gender), ("Ethnicity", d.ethnicity),
                               ("First language", d.first_language), ("Disability", d.disability)):
            facts.append(f"{heading}: {escape(value) if value else '<i>not recorded</i>'}")
        siblings = ", ".join(escape(s.name) for s in self.siblings)
        family = f"<br>Family: {escape(d.family)}" + (f" — siblings: {siblings}" if siblings else "") \
            if d.family else ""
        return (f"<span style='font-size:x-large; font-weight:600'>{escape(d.name)}</span>{known_as}"
                f"<br>{' · '.join(facts)}{family}")

    def refresh_options(self) -> None:
        ids = self.child_ids()
        options = self.store.options_for(ids) if ids else {"agencies": [], "event_types": [],
                                                               "categories": []}
        _refill(self.agency, [(a, a) for a in options["agencies"]])
        _refill(self.event_type, sorted(((t, event_type_label(t)) for t in options["event_types"]),
                                        key=lambda pair: pair[1]))
        _refill(self.category, [(c, label) for c, label in CATEGORIES.items() if c in options["categories"]])

    def child_ids(self) -> tuple[int, ...]:
        if self.child is None:
            return ()
        if self.family.isChecked():
            return tuple([self.child.id] + [s.id for s in self.siblings])
        return (self.child.id,)

    def current_filter(self) -> EventFilter | None:
        ids = self.child_ids()
        if not ids:
            return None
        chosen = lambda combo: (combo.currentData(),) if combo.currentData() else ()  # noqa: E731
        sort, descending = "date", False
        if self.model.spec is not None:
            sort, descending = self.model.spec.sort, self.model.spec.descending
        return EventFilter(
            child_ids=ids, date_from=self.date_from.value(), date_to=self.date_to.value(),
            agencies=chosen(self.agency), event_types=chosen(self.event_type),
            categories=chosen(self.category), significance=chosen(self.significance),
            text=self.search.text(), include_in_error=self.show_in_error.isChecked(),
            sort=sort, descending=descending)

    def apply_filter(self) -> None:
        selected = self.selected_event()
        self.model.set_filter(self.current_filter())
        self.table.setColumnHidden(CHILDREN_COLUMN, not self.family.isChecked())
        total = len(self.model.ids)
        typed = self.search.text()
        self.count.setText("Type a word to search for" if typed.strip() and not has_words(typed)
                           else f"{total} entr{'y' if total == 1 else 'ies'}")
        if selected is not None:
            self.select_event(selected)
        else:
            self._show_detail()

    # -- selection and detail -------------------------------------------------------------------

    def selected_event(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.event_id(index.row()) if index.isValid() else None

    def select_event(self, event_id: int) -> bool:
        row = self.model.row_of(event_id)
        if row < 0:
            self._show_detail()
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _show_detail(self, *_args) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.setHtml("<p style='color:gray'>Choose an entry to read it in full. "
                                "Ctrl+N adds an event; Enter amends the chosen one.</p>"
                                if self.child else "")
            return
        row = self.model.row_for(index.row())
        details = row.details
        heading = f"{date_text(details, row.before_birth())} — {event_type_label(details.event_type)}"
        parts = [f"<b>{escape(heading)}</b>"
                 f" · {escape(details.agency)} – {escape(details.role)}"]
        if row.in_error:
            parts.append("<p style='color:#a4000f'><b>ENTERED IN ERROR</b> — see its history for the reason.</p>")
        if details.categories or details.key_event or details.rating:
            parts.append("<p>" + escape(", ".join(category_label(c) for c in details.categories)) +
                         (f" <b>[{escape(significance_text(details))}]</b>" if significance_text(details) else "")
                         + "</p>")
        if details.outcome:
            outcome = FIELDS_BY_NAME["outcome"].label_of(details.outcome)
            parts.append(f"<p><b>{label('outcome')}:</b> {escape(outcome)}</p>")
        for name in ("summary", "impact", "action", "child_voice"):
            text = getattr(details, name)
            if text:
                parts.append(f"<p><b>{label(name)}:</b> {escape(text).replace(chr(10), '<br>')}</p>")
        if details.source_ref:
            parts.append(f"<p><b>{label('source_ref')}:</b> {escape(details.source_ref)}</p>")
        if len(row.children) > 1:
            parts.append(f"<p><b>Concerns:</b> {escape(', '.join(row.children))}</p>")
        if details.third_party:
            marked = ", ".join(THIRD_PARTY_PARTS[part].lower() for part in details.third_party)
            parts.append(f"<p><b>Third-party information</b> (left out of the family's copy): {escape(marked)}</p>")
        self.detail.setHtml("".join(parts))
