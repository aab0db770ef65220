"""Rows of a file that repeat an entry: the worker decides whether to leave them out or import
them anyway — they are never doubled, or dropped, without being asked.
``DuplicatesDialog.choose(pending, parent)`` returns "skip", "keep", or None to import nothing."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .user_guide_dialog import add_help

if TYPE_CHECKING:
    from chronology.interchange import PendingImport

#: More than this are counted, not listed: the first show the pattern.
SHOWN = 200


class DuplicatesDialog(QDialog):
    def __init__(self, pending: PendingImport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Rows already recorded")
        self.choice: str | None = None
        count, total = len(pending.duplicates), len(pending.events)
        every = count == total
        summary = QLabel(
            (f"<b>Every row</b> of <b>{Path(pending.source).name}</b> ({total}) repeats an entry" if every else
             f"<b>{count} of the {total} rows</b> in <b>{Path(pending.source).name}</b> repeat an entry") +
            " — one already recorded (the same children, date, kind, source and words), or an earlier row of the "
            "file. Was it imported before? Nothing has been saved yet.", wordWrap=True)
        self.listing = QTreeWidget()
        self.listing.setRootIsDecorated(False)
        self.listing.setUniformRowHeights(True)
        self.listing.setAlternatingRowColors(True)
        self.listing.setHeaderLabels(["Line", "Date", "What happened", "Repeats"])
        self.listing.setAccessibleName("Rows already recorded")
        self.listing.setAccessibleDescription("Each row of the file that repeats an entry: its line, date and words, "
                                              "and what it repeats")
        self.listing.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for duplicate in pending.duplicates[:SHOWN]:
            details = pending.events[duplicate.index]
            repeats = ("an entry already recorded" if duplicate.event_id is not None
                       else f"line {duplicate.earlier_line} of this file")
            item = QTreeWidgetItem([str(duplicate.line), details.date.printed(), details.summary, repeats])
            item.setToolTip(2, details.summary)
            self.listing.addTopLevelItem(item)
        if count > SHOWN:
            self.listing.addTopLevelItem(QTreeWidgetItem(["", "", f"… and {count - SHOWN} more", ""]))
        header = self.listing.header()
        header.setStretchLastSection(False)
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox()
        add_help(buttons, "recording", self)
        self.skip = QPushButton(f"&Leave them out (import {total - count})")
        self.keep = QPushButton(f"Import &all {total} anyway")
        buttons.addButton(self.skip, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.skip.clicked.connect(lambda: self._chosen("skip"))
        self.keep.clicked.connect(lambda: self._chosen("keep"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.listing)
        layout.addWidget(buttons)
        # leaving every row out imports nothing: that is Cancel, and the safe default
        self.skip.setVisible(not every)
        (cancel if every else self.skip).setDefault(True)
        self.resize(820, 420)
    def _chosen(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def choose(cls, pending: PendingImport, parent: QWidget | None = None) -> str | None:
        dialog = cls(pending, parent)
        dialog.exec()
        return dialog.choice
