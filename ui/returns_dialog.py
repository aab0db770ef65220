"""The Returns view: every request for an agency's return — agency, children, period, requested,
due and received — and where it stands: requested, received or overdue (in red). Returns that
came without a request are listed too, as received.

``ReturnsDialog.show_returns(store, request, receive, parent)``: ``request`` and ``receive`` start
the window's own actions (this view is where a worker looks to chase an overdue return)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chronology.dates import format_stamp
from chronology.returns.requests import period_text

from .theme import tint
from .user_guide_dialog import add_help
from .widgets import explain

if TYPE_CHECKING:
    from chronology.returns.requests import Request
    from chronology.store import Store

COLUMNS = ("Agency", "Children", "Period", "Requested", "Due", "Received", "Status")
STATUS_WORDS = {"requested": "Requested", "received": "Received", "overdue": "Overdue"}
OVERDUE = "#fbe3e4"
ModelIndex = QModelIndex | QPersistentModelIndex


class ReturnsModel(QAbstractTableModel):
    def __init__(self, requests: list[Request], today: date):
        super().__init__()
        self.requests, self.today = requests, today

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.requests)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and \
                0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def cells(self, request: Request) -> list[str]:
        return [request.agency, ", ".join(request.children),
                period_text(request.period_from, request.period_to) if request.requested else "",
                format_stamp(request.requested) if request.requested else "Not requested",
                f"{request.due:%d/%m/%Y}" if request.requested else "",
                (format_stamp(request.received) + (f" ({request.return_file})" if request.return_file else ""))
                if request.received else "", STATUS_WORDS[request.status(self.today)]]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.requests):
            return None
        request = self.requests[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells(request)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and request.status(self.today) == "overdue":
            return tint(OVERDUE)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and index.column() == len(COLUMNS) - 1:
            return f"{STATUS_WORDS[request.status(self.today)]} return from {request.agency}"
        return None


class ReturnsDialog(QDialog):
    def __init__(self, store: Store, request: Callable[[], None], receive: Callable[[], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Agencies' returns")
        self.store = store
        self.model = ReturnsModel(store.return_requests(), date.today())
        counts = [r.status(self.model.today) for r in self.model.requests]
        summary = QLabel(
            (f"{counts.count('overdue')} overdue, {counts.count('requested')} awaited, {counts.count('received')} "
             "received. An overdue return is shaded: chase the agency.") if counts else
            "No return has been requested or received yet. Request one from an agency with the button below.",
            wordWrap=True)
        self.table = QTableView()
        self.table.setAccessibleName("Requests and returns")
        explain([(self.table, "Each request: agency, children, period, requested, due, received, and where it "
                              "stands; overdue ones shaded")])
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        add_help(buttons, "returns", self)
        ask = QPushButton("&Request a return…")
        ask.setToolTip("Write a template for an agency to fill in, and record the request")
        take = QPushButton("R&eceive a return…")
        take.setToolTip("Read an agency's return into the chronology")
        for button, then in ((ask, request), (take, receive)):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _=False, then=then: self._then(then))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1100, 420)

    def _then(self, action: Callable[[], None]) -> None:
        """Close this view and start the window's own action (its dialogs open over the window)."""
        self.accept()
        action()

    @classmethod
    def show_returns(cls, store: Store, request: Callable[[], None], receive: Callable[[], None],
                     parent: QWidget | None = None) -> None:
        cls(store, request, receive, parent).exec()
