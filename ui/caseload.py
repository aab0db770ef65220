"""The caseload: children grouped by family, so that siblings are always seen together."""
from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from chronology.queries import CaseloadEntry, has_words

from .widgets import describe, widened

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store

NO_FAMILY = "No family group recorded"
HEADERS = ("Child", "Born", "Ref")
Index = QModelIndex | QPersistentModelIndex


def age_text(entry: CaseloadEntry, today: date | None = None) -> str:
    if not entry.dob:
        return "not known"
    born = date.fromisoformat(entry.dob)
    if entry.dob_is_expected:
        return f"due {born:%d/%m/%Y}"
    today = today or date.today()
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return f"{born:%d/%m/%Y} ({years})"


class CaseloadModel(QAbstractItemModel):
    """Two levels: families, then their children. Loaded by one light query."""

    page_size = 200

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.groups: list[tuple[str, list[CaseloadEntry]]] = []
        self.shown = 0  # how many families the view has been given so far
        self.search = ""

    def reload(self, search: str | None = None) -> None:
        if search is not None:
            self.search = search
        self.beginResetModel()
        entries = self.store.caseload(self.search)
        self.groups = [(family or NO_FAMILY, list(members))
                       for family, members in groupby(entries, key=lambda e: e.family)]
        self.shown = min(len(self.groups), self.page_size)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self.shown < len(self.groups)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        """Families are handed to the view a page at a time, so that a county-sized caseload
        opens as quickly as a team's."""
        self._show_families(self.shown + self.page_size)

    def _show_families(self, count: int) -> None:
        count = min(count, len(self.groups))
        if count > self.shown:
            self.beginInsertRows(QModelIndex(), self.shown, count - 1)
            self.shown = count
            self.endInsertRows()

    def child_index(self, child_id: int) -> QModelIndex:
        for group_row, (_, members) in enumerate(self.groups):
            for row, entry in enumerate(members):
                if entry.id == child_id:
                    self._show_families(group_row + 1)
                    return self.createIndex(row, 0, group_row + 1)
        return QModelIndex()

    def entry(self, index: Index) -> CaseloadEntry | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.groups[index.internalId() - 1][1][index.row()]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return self.shown
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entry(index)
        if entry is None:
            family, members = self.groups[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                if index.column() == 0:
                    return family
                if index.column() == 1:
                    return f"{len(members)} child{'ren' if len(members) > 1 else ''}"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (entry.name + (" (unborn)" if entry.dob_is_expected else ""), age_text(entry), entry.ref)
            return values[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None


class CaseloadPanel(QWidget):
    """Search box over the family tree; announces the child chosen."""

    child_selected = Signal(int)

    def __init__(self, store: Store):
        super().__init__()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a child, reference or family…")
        describe(self.search, "Find a child", "Find a child by name, reference or family (Ctrl+K); Enter opens the "
                                              "first match")
        self.search.setClearButtonEnabled(True)
        self.model = CaseloadModel(store, self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()  # fixed widths: sizing to contents would read every row
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, widened(self.tree, 104))
        header.resizeSection(2, widened(self.tree, 70))
        self.tree.setAccessibleName("Caseload")
        self.tree.setAccessibleDescription("The children on the caseload by family, with their date of birth and "
                                           "reference; choose one to see their chronology")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel(wordWrap=True)  # why the list is empty, when a search finds nothing
        self.hint.setStyleSheet("color: palette(mid); padding: 4px;")
        self.hint.hide()
        layout.addWidget(self.search)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.open_first_match)
        self.search.installEventFilter(self)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

    def cancel_pending(self) -> None:
        """Drop a search typed but not yet run (the window is closing)."""
        self._debounce.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the search box goes to the children found, the first of them chosen."""
        if (watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down):
            self.open_first_match()
            return True
        return super().eventFilter(watched, event)

    def open_first_match(self) -> None:
        """Enter (or Down) in the search box: the search is run now, the first child it found is
        opened and the keyboard moves to the list, where the arrows go on from there."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.reload()
        first = next((members[0].id for _, members in self.model.groups if members), None)
        if first is None:
            return
        current = self.current_child()
        found = {entry.id for _, members in self.model.groups for entry in members}
        self.select_child(current if current in found else first)
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload(self) -> None:
        current = self.current_child()
        typed = self.search.text()
        self.model.reload(typed)
        nothing = typed.strip() and not has_words(typed)
        self.search.setToolTip("Type part of a name, a reference or a family: there is nothing here to find by"
                               if nothing else self.search.accessibleDescription())
        self.hint.setText("Type part of a name, a reference or a family." if nothing else
                          "No child found." if typed.strip() and not self.model.groups else "")
        self.hint.setVisible(bool(self.hint.text()))
        if self.model.rowCount() <= 50 or self.search.text().strip():
            self.tree.expandAll()
        if current is not None:
            self.select_child(current, announce=False)

    def current_child(self) -> int | None:
        entry = self.model.entry(self.tree.currentIndex())
        return entry.id if entry else None

    def select_child(self, child_id: int, announce: bool = True) -> None:
        index = self.model.child_index(child_id)
        if not index.isValid():
            return
        self.tree.expand(index.parent())
        blocked = self.tree.selectionModel().blockSignals(not announce)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().blockSignals(blocked)
        self.tree.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.model.entry(current)
        if entry is not None:
            self.child_selected.emit(entry.id)
