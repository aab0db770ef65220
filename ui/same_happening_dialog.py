"""Entries that may record one happening — the police and the hospital each reporting the same
A&E attendance — for the worker to link as one or keep apart. Nothing is merged or deleted:
linked entries stay, each with its source, and the flags count the happening once.

``SameHappeningDialog.review(pairs, decide, intro, parent)``: ``decide(first, second, decision)``
records each decision (through the window's runner) and says whether it was kept."""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .user_guide_dialog import add_help
from .widgets import explain, widened

if TYPE_CHECKING:
    from chronology.returns.same import PossibleSame

Decide = Callable[[int, int, str], bool]


def _entry_text(entry) -> str:
    reference = f" ({entry.source_ref})" if entry.source_ref else ""
    return f"{entry.day:%d/%m/%Y} · {entry.agency}{reference}: {entry.summary}"


class SameHappeningDialog(QDialog):
    def __init__(self, pairs: list[PossibleSame], decide: Decide, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Entries that may record the same happening")
        self.decide = decide
        self.pairs = list(pairs)
        text = (intro + "<br><br>" if intro else "") + (
            "Each pair below may record one happening, reported by two agencies (or twice). <b>Link</b> them if they "
            "do: both entries stay, each with its source, and the flags count the happening once. <b>Keep apart</b> "
            "if they are different happenings. Nothing is decided for you." if self.pairs else
            "No entries wait to be linked or kept apart.")
        self.intro = QLabel(text, wordWrap=True)
        self.listing = QTreeWidget()
        self.listing.setAccessibleName("Pairs of entries that may be the same happening")
        self.listing.setHeaderLabels(["Entry", "Why offered"])
        self.listing.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.listing.setWordWrap(True)
        for index, pair in enumerate(self.pairs):
            item = QTreeWidgetItem([_entry_text(pair.first), pair.reason])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.addChild(QTreeWidgetItem([_entry_text(pair.second), ""]))
            item.setToolTip(0, f"{_entry_text(pair.first)}\n{_entry_text(pair.second)}")
            self.listing.addTopLevelItem(item)
            item.setExpanded(True)
        header = self.listing.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, widened(self.listing, 300))
        #: The chosen pair in full: both entries' whole words, side by side with why they are offered.
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The chosen pair in full")
        self.detail.setOpenLinks(False)
        explain([(self.listing, "Each pair of entries that may record one happening, with why it is offered"),
                 (self.detail, "The chosen pair in full, side by side")])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        add_help(buttons, "returns", self)
        self.link = QPushButton("&Link as one happening")
        self.link.setToolTip("Both entries stay, each with its source; the flags count the happening once")
        self.apart = QPushButton("&Keep apart")
        self.apart.setToolTip("They are different happenings: they will not be offered again")
        for button in (self.link, self.apart):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.link.clicked.connect(lambda: self._decide("same"))
        self.apart.clicked.connect(lambda: self._decide("apart"))
        buttons.rejected.connect(self.reject)
        self.listing.currentItemChanged.connect(lambda *_: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.listing, 3)
        layout.addWidget(self.detail, 2)
        layout.addWidget(buttons)
        first = self.listing.topLevelItem(0)
        if first is not None:
            self.listing.setCurrentItem(first)
        self._update()
        self.resize(1000, 520)

    def chosen(self) -> QTreeWidgetItem | None:
        item = self.listing.currentItem()
        return item.parent() or item if item is not None else None

    def _update(self) -> None:
        item = self.chosen()
        for button in (self.link, self.apart):
            button.setEnabled(item is not None)
        if item is None:
            self.detail.clear()
            return
        pair = self.pairs[item.data(0, Qt.ItemDataRole.UserRole)]
        cells = "".join(f"<td width='50%' valign='top'><b>{escape(e.agency)}</b>"
                        f"{escape(' — ' + e.source_ref) if e.source_ref else ''}, {e.day:%d/%m/%Y}<br>"
                        f"{escape(e.summary)}</td>" for e in (pair.first, pair.second))
        self.detail.setHtml(f"<p><i>Offered because: {escape(pair.reason)}.</i></p>"
                            f"<table width='100%' cellspacing='6'><tr>{cells}</tr></table>")

    def _decide(self, decision: str) -> None:
        item = self.chosen()
        if item is None:
            return
        pair = self.pairs[item.data(0, Qt.ItemDataRole.UserRole)]
        if self.decide(pair.first.id, pair.second.id, decision):
            self.listing.takeTopLevelItem(self.listing.indexOfTopLevelItem(item))
            if self.listing.topLevelItemCount() == 0:
                self.intro.setText("Every pair has been decided.")
            self._update()

    @classmethod
    def review(cls, pairs: list[PossibleSame], decide: Decide, intro: str = "", parent: QWidget | None = None) -> None:
        cls(pairs, decide, intro, parent).exec()
