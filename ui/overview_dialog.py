"""The caseload overview: for each child, the flags counted by severity, so that a worker or a
manager sees where to look first. The rules run off the GUI thread; a row opens the child.

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

from chronology.queries import CaseloadEntry
from chronology.rules import ChildSummary, RuleContext

from .jobs import Job, start

if TYPE_CHECKING:
    from chronology.store import Store

HEADERS = ("Child", "Family", "▲ High", "■ Medium", "● Low", "Possible", "Most severe flag")
Index = QModelIndex | QPersistentModelIndex


class OverviewModel(QAbstractTableModel):
    def __init__(self, entries: list[CaseloadEntry], parent=None):
        super().__init__(parent)
        self.entries = {entry.id: entry for entry in entries}
        self.rows: list[ChildSummary] = []

    def set_rows(self, rows: list[ChildSummary]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda r: (-r.high, -r.medium, -r.low, self.entries[r.child_id].name))
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
            return (entry.name, entry.family, row.high, row.medium, row.low, row.possible, row.first)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= index.column() <= 5:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.child_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        keys = (lambda r: self.entries[r.child_id].name.casefold(), lambda r: self.entries[r.child_id].family,
                lambda r: r.high, lambda r: r.medium, lambda r: r.low, lambda r: r.possible, lambda r: r.first)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class OverviewDialog(QDialog):
    def __init__(self, store: Store, entries: list[CaseloadEntry], context: RuleContext,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Caseload overview")
        self.chosen: int | None = None
        self.status = QLabel(f"Running the rules for {len(entries)} children…")
        self.model = OverviewModel(entries, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((200, 150, 70, 80, 60, 70)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("Enter or double-click opens the child's chronology."))
        layout.addWidget(buttons)
        self.resize(1000, 560)
        ids = [entry.id for entry in entries]
        self.job = Job(store, lambda own, report: own.summaries(ids, context, date.today(), report))
        self.job.signals.progress.connect(lambda done, total: self.status.setText(
            f"Running the rules… {done} of {total} children"))
        self.job.signals.finished.connect(self._show)
        self.job.signals.failed.connect(lambda message: self.status.setText(f"The overview failed: {message}"))
        start(self.job)

    def _show(self, rows: list[ChildSummary]) -> None:
        self.model.set_rows(rows)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        flagged = sum(1 for r in rows if r.high or r.medium or r.low)
        self.status.setText(f"{len(rows)} children, {flagged} with flags; most severe first. "
                            "Click a heading to sort by it.")

    def _open(self, index: QModelIndex) -> None:
        self.chosen = self.model.data(index, Qt.ItemDataRole.UserRole)
        self.accept()

    @classmethod
    def open_child(cls, store: Store, entries: list[CaseloadEntry], context: RuleContext,
                   parent: QWidget | None = None) -> int | None:
        dialog = cls(store, entries, context, parent)
        dialog.exec()
        return dialog.chosen
