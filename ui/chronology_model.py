"""The chronology table: the ids of matching events are loaded whole (cheap), their rows a page
at a time as the view asks for them (as Anki's browser does); sorting and filtering are SQL."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from chronology.fields import label
from chronology.model import EventDetails
from chronology.queries import EventFilter, EventRow
from chronology.vocabulary import category_label, event_type_label

from .theme import tint

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store

PAGE = 100
COLUMNS = (
    ("date", label("date")), ("significance", "Significance"), ("children", label("child_ids")),
    ("event_type", "Event"),
    ("agency", "Source"), ("summary", label("summary")), ("impact", label("impact")),
    ("action", label("action")), ("child_voice", label("child_voice")),
)
#: Shown only in the family view, next to the date, so that it is clear whom each event concerns.
CHILDREN_COLUMN = 2
SORT_KEYS = {"date", "event_type", "agency", "summary", "significance"}
RATING_COLOURS = {"red": "#f8d0d0", "amber": "#fbe5c0", "green": "#d6efd6"}
Index = QModelIndex | QPersistentModelIndex


def significance_text(details: EventDetails) -> str:
    parts = (["KEY"] if details.key_event else []) + ([details.rating.capitalize()] if details.rating else [])
    return " · ".join(parts)


def date_text(details: EventDetails, before_birth: str = "") -> str:
    """Only what is known: the recorded precision, time if any, the end of a period, and whether
    it is family history from before a birth."""
    text = details.date.display()
    if details.time:
        text += f" {details.time}"
    if details.end_date:
        text += f" – {details.end_date.display()}"
    if details.planned:
        text += " (planned)"
    if before_birth:
        text += f" ({before_birth})"
    return text


class ChronologyModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.spec: EventFilter | None = None
        self.ids: list[int] = []
        self.rows: dict[int, EventRow] = {}

    # -- loading ----------------------------------------------------------------------------

    def set_filter(self, spec: EventFilter | None) -> None:
        self.beginResetModel()
        self.spec = spec
        self.ids = self.store.matching_ids(spec) if spec else []
        self.rows = {}
        self.endResetModel()

    def row_for(self, row: int) -> EventRow:
        event_id = self.ids[row]
        if event_id not in self.rows:
            start = row - row % PAGE
            self.rows.update(self.store.fetch_rows(self.ids[start:start + PAGE]))
        return self.rows[event_id]

    def event_id(self, row: int) -> int:
        return self.ids[row]

    def row_of(self, event_id: int) -> int:
        try:
            return self.ids.index(event_id)
        except ValueError:
            return -1

    # -- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
                return COLUMNS[section][1]
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        row = self.row_for(index.row())
        key = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, key)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(row, key, text)
            return text.split("\n")[0] if key != "summary" else text
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(row.in_error)
            font.setBold(row.details.key_event and key in ("date", "significance"))
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.in_error:
            return tint("#777777")
        if role == Qt.ItemDataRole.BackgroundRole and key == "significance" and row.details.rating:
            return tint(RATING_COLOURS[row.details.rating])
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _text(self, row: EventRow, key: str) -> str:
        details = row.details
        if key == "date":
            return date_text(details, row.before_birth())
        if key == "event_type":
            return event_type_label(details.event_type)
        if key == "agency":
            return f"{details.agency} – {details.role}"
        if key == "significance":
            return significance_text(details)
        if key == "children":
            return ", ".join(row.children)
        if key == "child_voice" and details.seen_alone is not None:
            seen = "Seen alone" if details.seen_alone else "Not seen alone"
            return f"{details.child_voice} ({seen})" if details.child_voice else seen
        return getattr(details, key)

    def _tooltip(self, row: EventRow, key: str, text: str) -> str:
        notes = []
        if row.in_error:
            notes.append("ENTERED IN ERROR — kept in the history; not part of the chronology.")
        if key == "event_type" and row.details.categories:
            notes.append("Concerns: " + ", ".join(category_label(c) for c in row.details.categories))
        if row.version > 1:
            notes.append(f"Amended (version {row.version}); see its history.")
        return "\n".join([text] + notes)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        if self.spec is None or key not in SORT_KEYS:
            return
        self.set_filter(replace(self.spec, sort=key, descending=order == Qt.SortOrder.DescendingOrder))
