"""The caseload overview: for each child, the findings about now counted by severity and the
first of them in words, so that a worker or a manager sees where to look first; a child whose
findings are all history is not shown as urgent. The rules run off the GUI thread; a row opens
the child.

``OverviewDialog.open_child(...)`` returns the chosen child's id, or None."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chronology.findings import ChildStanding
from chronology.queries import CaseloadEntry
from chronology.rules import RuleContext

from .jobs import Job, start
from .theme import tint
from .user_guide_dialog import add_help
from .widgets import widened

if TYPE_CHECKING:
    from chronology.store import Store

HEADERS = ("Child", "Family", "Now ▲ High", "Now ■ Medium", "Now ● Low", "Before", "What is wrong now (the first)")
#: A row's tint by the most severe finding about now; none for a child whose findings are history.
TINTS = {"high": "#f8d0d0", "medium": "#fbe5c0"}
Index = QModelIndex | QPersistentModelIndex


class OverviewModel(QAbstractTableModel):
    def __init__(self, entries: list[CaseloadEntry], parent=None):
        super().__init__(parent)
        self.entries = {entry.id: entry for entry in entries}
        self.rows: list[ChildStanding] = []

    def set_rows(self, rows: list[ChildStanding]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda r: (*r.rank, self.entries[r.child_id].name.casefold()))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        entry = self.entries[row.child_id]
        if role == Qt.ItemDataRole.DisplayRole:
            return (entry.name, entry.family, row.now_high, row.now_medium, row.now_low, row.before,
                    row.first_now or ("Nothing now; history only" if row.before else "No findings"))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6 and row.first_now:
            return row.first_now
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = TINTS.get("high" if row.now_high else "medium" if row.now_medium else "")
            return tint(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= index.column() <= 5:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.child_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        keys = (lambda r: self.entries[r.child_id].name.casefold(), lambda r: self.entries[r.child_id].family,
                lambda r: r.now_high, lambda r: r.now_medium, lambda r: r.now_low, lambda r: r.before,
                lambda r: r.first_now)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class OverviewDialog(QDialog):
    def __init__(self, store: Store, entries: list[CaseloadEntry], context: RuleContext,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Caseload overview")
        self.chosen: int | None = None
        self.status = QLabel(f"Reading the findings of {len(entries)} children…")
        self.model = OverviewModel(entries, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Children by what is wrong now")
        self.table.setAccessibleDescription("Every child on the caseload with their flags by severity, the child "
                                            "with the most wrong now first; Enter opens the chosen child")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((180, 120, 95, 115, 90, 70)):
            self.table.setColumnWidth(column, widened(self.table, width))
        # Ranked by what is wrong now, which no one column says: no column marked sorted until one is chosen
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(lambda _column: header.setSortIndicatorShown(True))
        self.table.activated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        add_help(buttons, "findings", self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("Enter or double-click opens the child's chronology."))
        layout.addWidget(buttons)
        self.resize(1000, 560)
        ids = [entry.id for entry in entries]
        self.job = Job(store, lambda own, report: own.standings(ids, context, date.today(), report))
        self.job.signals.progress.connect(lambda done, total: self.status.setText(
            f"Reading the findings… {done} of {total} children"))
        self.job.signals.finished.connect(self._show)
        self.job.signals.failed.connect(lambda message: self.status.setText(f"The overview failed: {message}"))
        start(self.job)

    def _show(self, rows: list[ChildStanding]) -> None:
        self.model.set_rows(rows)
        now = sum(1 for r in rows if r.now_high or r.now_medium or r.now_low)
        self.status.setText(f"{len(rows)} children, {now} with something wrong now; those first, the most "
                            "severe first. Click a heading to sort by it.")

    def _open(self, index: QModelIndex) -> None:
        self.chosen = self.model.data(index, Qt.ItemDataRole.UserRole)
        self.accept()

    @classmethod
    def open_child(cls, store: Store, entries: list[CaseloadEntry], context: RuleContext,
                   parent: QWidget | None = None) -> int | None:
        dialog = cls(store, entries, context, parent)
        dialog.exec()
        return dialog.chosen
