"""The history of one event: every version, who changed it, when and why. Nothing is hidden."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QListWidget, QSplitter, QTextBrowser,
                               QVBoxLayout, QWidget)

from chronology.model import EventDetails, EventVersion
from chronology.vocabulary import category_label, event_type_label

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store

ACTIONS = {"created": "Recorded", "amended": "Amended", "entered_in_error": "Marked entered in error",
           "reinstated": "Reinstated"}
FIELDS = (
    ("Date", lambda d: d.date.display() + (f" {d.time}" if d.time else "")
     + (f" – {d.end_date.display()}" if d.end_date else "") + (" (planned)" if d.planned else "")),
    ("Event", lambda d: event_type_label(d.event_type)),
    ("Source", lambda d: f"{d.agency} – {d.role}"),
    ("Concerns", lambda d: ", ".join(category_label(c) for c in d.categories)),
    ("What happened", lambda d: d.summary),
    ("Impact on the child", lambda d: d.impact),
    ("Action / outcome", lambda d: d.action),
    ("Child's voice", lambda d: d.child_voice + {None: "", True: " (seen alone)",
                                                 False: " (not seen alone)"}[d.seen_alone]),
    ("Significance", lambda d: " · ".join((["Key event"] if d.key_event else [])
                                          + ([d.rating.capitalize()] if d.rating else []))),
    ("Recorded by", lambda d: d.recorded_by),
    ("Source reference", lambda d: d.source_ref),
)


def version_html(version: EventVersion, previous: EventDetails | None, names: dict[int, str]) -> str:
    """One version as HTML, with what changed since the previous one marked."""
    when = version.changed_at.replace("T", " ")[:16]
    title = f"<h3>Version {version.version}: {ACTIONS.get(version.action, version.action)}</h3>"
    lines = [title, f"<p><b>{escape(version.changed_by)}</b>, {escape(when)}"]
    if version.reason:
        lines.append(f"<br>Reason: <i>{escape(version.reason)}</i>")
    lines.append("</p><table cellspacing='4'>")
    rows = FIELDS + (("Children", lambda d: ", ".join(names.get(i, f"#{i}") for i in d.child_ids)),)
    for label, read in rows:
        now = read(version.details)
        changed = previous is not None and read(previous) != now
        marker = " <span style='color:#a4000f'>(changed)</span>" if changed else ""
        was = f"<br><s>{escape(read(previous))}</s>" if changed and read(previous) else ""
        lines.append(f"<tr><td valign='top'><b>{label}</b>{marker}</td>"
                     f"<td>{escape(now).replace(chr(10), '<br>')}{was}</td></tr>")
    return "\n".join(lines) + "</table>"


class HistoryDialog(QDialog):
    def __init__(self, store: Store, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("History of this event")
        self.versions = store.event_history(event_id)
        self.names = store.child_names(i for v in self.versions for i in v.details.child_ids)
        self.list = QListWidget()
        for version in self.versions:
            self.list.addItem(f"{version.version}. {ACTIONS.get(version.action, version.action)} — "
                              f"{version.changed_by}, {version.changed_at[:10]}")
        self.view = QTextBrowser()
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.view)
        splitter.setSizes([260, 600])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
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
