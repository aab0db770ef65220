"""Rows of a file that repeat an entry: the worker decides whether to leave them out or import
them anyway — they are never doubled, or dropped, without being asked.
``DuplicatesDialog.choose(pending, parent)`` returns "skip", "keep", or None to import nothing."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

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
        summary = QLabel(
            f"<b>{count} of the {total} rows</b> in <b>{Path(pending.source).name}</b> repeat an entry — one already "
            "recorded (the same children, date, kind, source and words), or an earlier row of the file. Was it "
            "imported before? Nothing has been saved yet.", wordWrap=True)
        listing = QPlainTextEdit(readOnly=True)
        lines = [f"Line {d.line}: {d.describe(pending.events[d.index])}" for d in pending.duplicates[:SHOWN]]
        if count > SHOWN:
            lines.append(f"… and {count - SHOWN} more")
        listing.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox()
        self.skip = QPushButton(f"&Leave them out (import {total - count})")
        self.keep = QPushButton(f"Import &all {total} anyway")
        buttons.addButton(self.skip, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.skip.clicked.connect(lambda: self._chosen("skip"))
        self.keep.clicked.connect(lambda: self._chosen("keep"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(listing)
        layout.addWidget(buttons)
        self.skip.setDefault(True)
        self.resize(760, 420)

    def _chosen(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def choose(cls, pending: PendingImport, parent: QWidget | None = None) -> str | None:
        dialog = cls(pending, parent)
        dialog.exec()
        return dialog.choice
