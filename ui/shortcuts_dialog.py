"""Help → Keyboard shortcuts: every action's shortcut, read from the actions themselves, so that the
page can never disagree with the menus.

``ShortcutsDialog.show_shortcuts(actions, parent)``."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .widgets import explain

if TYPE_CHECKING:
    from .actions import Actions

#: Keys of the screens themselves, not of an action (the chronology table, the timeline).
SCREEN_KEYS = (
    ("Enter (on a row)", "Amend the chosen entry"),
    ("Tab / Shift+Tab", "Move between the caseload, the filters, the chronology and the findings"),
    ("+ / − (timeline)", "Zoom in and out"),
    ("Ctrl+arrows (timeline)", "Step from event to event"),
    ("Home (timeline)", "See the whole life"),
    ("Ctrl+Enter (editor)", "Save the event"),
)


def shortcut_rows(actions: Actions) -> list[tuple[str, str, str]]:
    """(what, keys, what it does) for every action with a shortcut, in menu order of creation."""
    rows = []
    seen = set()
    for action in vars(actions).values():
        if not isinstance(action, QAction) or id(action) in seen:
            continue
        seen.add(id(action))
        keys = [key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()]
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…"), ", ".join(keys), action.statusTip()))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Actions, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(actions) + [(what, keys, "") for keys, what in SCREEN_KEYS]
        self.table = QTableWidget(len(rows), 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.setAccessibleName("Keyboard shortcuts")
        explain([(self.table, "Every action's keys, read from the menus, and the keys of the screens")])
        self.table.setHorizontalHeaderLabels(["Action", "Keys", "What it does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # the whole text, where the column cuts it short
                self.table.setItem(row, column, item)
        self.table.setWordWrap(False)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, min(header.sectionSize(0), 260))
        header.resizeSection(1, min(header.sectionSize(1), 240))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 600)

    @classmethod
    def show_shortcuts(cls, actions: Actions, parent: QWidget | None = None) -> None:
        cls(actions, parent).exec()
