"""The history of one event: every version, who changed it, when and why. Nothing is hidden."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chronology.dates import format_stamp
from chronology.fields import EVENT_FIELDS, value_text
from chronology.model import EventDetails, EventVersion

from .user_guide_dialog import add_help
from .widgets import explain

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store

ACTIONS = {"created": "Recorded", "amended": "Amended", "entered_in_error": "Marked entered in error",
           "reinstated": "Reinstated"}


def version_html(version: EventVersion, previous: EventDetails | None, names: dict[int, str]) -> str:
    """One version as HTML: every field it holds (from the field table), with what changed since
    the previous one marked and the earlier text struck through."""
    title = f"<h3>Version {version.version}: {ACTIONS.get(version.action, version.action)}</h3>"
    lines = [title, f"<p><b>{escape(version.changed_by)}</b>, {escape(format_stamp(version.changed_at, True))}"]
    if version.reason:
        lines.append(f"<br>Reason: <i>{escape(version.reason)}</i>")
    lines.append("</p><table cellspacing='4'>")
    for field in EVENT_FIELDS:
        now = value_text(field, getattr(version.details, field.name), names)
        before = value_text(field, getattr(previous, field.name), names) if previous is not None else now
        if not now and not before:
            continue
        changed = before != now
        marker = " <span style='color:#a4000f'>(changed)</span>" if changed else ""
        was = f"<br><s>{escape(before)}</s>" if changed and before else ""
        lines.append(f"<tr><td valign='top'><b>{escape(field.label)}</b>{marker}</td>"
                     f"<td>{escape(now).replace(chr(10), '<br>')}{was}</td></tr>")
    return "\n".join(lines) + "</table>"


def provenance_text(store: Store, event_id: int) -> str:
    """Where the entry came from — an agency's return, its row and the agency's own words — and
    the entries linked with it as the same happening."""
    source = store.entry_source(event_id)
    said = source.describe() + "." if source else "Recorded in Chronology."
    linked = store.same_happening_as(event_id)
    if linked:
        others = store.details_for(linked)
        named = [f"the {others[i].agency} entry of {others[i].date.printed()}" for i in linked if i in others]
        said += (f" Linked as the same happening as {' and '.join(named)}: each entry is kept, with its source; "
                 "the flags count the happening once.")
    return said


class HistoryDialog(QDialog):
    def __init__(self, store: Store, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("History of this event")
        self.versions = store.event_history(event_id)
        self.names = store.child_names(i for v in self.versions for i in v.details.child_ids)
        self.list = QListWidget()
        self.list.setAccessibleName("Versions, oldest first")
        for version in self.versions:
            self.list.addItem(f"{version.version}. {ACTIONS.get(version.action, version.action)} — "
                              f"{version.changed_by}, {format_stamp(version.changed_at)}")
        self.view = QTextBrowser()
        self.view.setAccessibleName("The chosen version in full")
        explain([(self.list, "Every version of the entry: who changed it, when; choose one to read it"),
                 (self.view, "The chosen version's every field, with what changed marked and the earlier words "
                             "struck through")])
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.view)
        splitter.setSizes([260, 600])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        add_help(buttons, "corrections", self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.provenance = QLabel(provenance_text(store, event_id), wordWrap=True)
        self.provenance.setAccessibleName("Where this entry came from")
        self.provenance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.provenance)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(len(self.versions) - 1)
        self.resize(900, 560)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.versions):
            previous = self.versions[row - 1].details if row > 0 else None
            self.view.setHtml(version_html(self.versions[row], previous, self.names))

    @classmethod
    def show_history(cls, store: Store, event_id: int, parent: QWidget | None = None) -> None:
        cls(store, event_id, parent).exec()
