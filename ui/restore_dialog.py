"""Restore from a backup: the caseload's backups, newest first, each with its date and size (or
another backup file chosen by hand). Restoring checks the backup through before anything is
replaced, and keeps the caseload it replaces beside it.

``RestoreDialog.choose(backups, folder, parent)`` returns the backup chosen, or None."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chronology.backup import PREFIX

from .user_guide_dialog import add_help
from .widgets import explain


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime
    size: int

    @property
    def size_text(self) -> str:
        return f"{self.size / 2**20:,.1f} MB" if self.size >= 2**20 else f"{max(self.size // 1024, 1):,} KB"


def backups_in(folder: Path) -> list[Backup]:
    """The backups in a caseload's backup folder, newest first."""
    found = []
    for path in Path(folder).glob(f"{PREFIX}*.db"):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append(Backup(path, datetime.fromtimestamp(stat.st_mtime), stat.st_size))
    return sorted(found, key=lambda backup: backup.made, reverse=True)


class RestoreDialog(QDialog):
    def __init__(self, backups: list[Backup], folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.folder = folder
        self.chosen: Path | None = None
        intro = QLabel(
            "Choose the backup to go back to. It is checked through first — its passphrase, every page, the audit "
            "trail — and nothing is replaced unless it passes. The caseload as it is now is kept beside it as a "
            "file of its own. <b>Anything recorded after the backup was made will not be in the restored "
            "caseload.</b>" + ("" if backups else f"<br><br>There are no backups in {folder} yet: choose a backup "
                                                   "file with “Another backup…”."), wordWrap=True)
        self.listing = QTreeWidget()
        self.listing.setAccessibleName("Backups, newest first")
        explain([(self.listing, "The caseload's backups, with the day and time each was made and its size")])
        self.listing.setRootIsDecorated(False)
        self.listing.setHeaderLabels(["Made", "Size", "File"])
        self.listing.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for backup in backups:
            item = QTreeWidgetItem([f"{backup.made:%d/%m/%Y %H:%M}", backup.size_text, backup.path.name])
            item.setData(0, Qt.ItemDataRole.UserRole, str(backup.path))
            self.listing.addTopLevelItem(item)
        header = self.listing.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        first = self.listing.topLevelItem(0)
        if first is not None:
            self.listing.setCurrentItem(first)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "backups", self)
        self.restore = buttons.addButton("&Restore this backup", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore.setEnabled(first is not None)
        other = QPushButton("&Another backup…")
        other.setToolTip("Choose a backup file kept somewhere else")
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        other.clicked.connect(self.choose_other)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.listing.itemDoubleClicked.connect(lambda *_: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.listing, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def choose_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "A backup of this caseload", str(self.folder),
                                              "Chronology backups (*.db);;All files (*)")
        if path:
            self.chosen = Path(path)
            super().accept()

    def accept(self) -> None:
        item = self.listing.currentItem()
        if self.chosen is None and item is not None:
            self.chosen = Path(item.data(0, Qt.ItemDataRole.UserRole))
        if self.chosen is not None:
            super().accept()

    @classmethod
    def choose(cls, backups: list[Backup], folder: Path, parent: QWidget | None = None) -> Path | None:
        dialog = cls(backups, folder, parent)
        return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None
