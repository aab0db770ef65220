"""The flags of the chosen child's chronology, most severe first. Choosing one shows its
explanation and selects its evidence in the chronology. Severity is shown by word and shape as
well as colour, so that it reads in greyscale and to a screen reader."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListView, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from chronology.dates import format_stamp
from chronology.model import Acknowledgement
from chronology.rules import Flag

MARKS = {"high": "▲ HIGH", "medium": "■ MEDIUM", "low": "● LOW"}
COLOURS = {"high": "#f8d0d0", "medium": "#fbe5c0", "low": "#e3ecf5"}
Index = QModelIndex | QPersistentModelIndex


def flag_html(flag: Flag, hidden: int = 0, acknowledged: Acknowledgement | None = None) -> str:
    period = " to ".join(day.strftime("%d/%m/%Y") for day in (flag.start, flag.end) if day)
    settings = ", ".join(f"{name.replace('_', ' ')}: {value}" for name, value in flag.settings.items())
    parts = [f"<b>{escape(MARKS[flag.severity])} — {escape(flag.title)}</b>",
             f"<p>{escape(flag.explanation)}</p>"]
    if not flag.certain:
        parts.append("<p><i>Possible, not certain: it depends on dates not known to the day.</i></p>")
    facts = [f"Rule: {escape(flag.rule)}"] + ([f"Period: {period}"] if period else []) + (
        [f"Settings used: {escape(settings)}"] if settings else []) + [
        f"Evidence: {len(flag.event_ids)} entr{'y' if len(flag.event_ids) == 1 else 'ies'}, selected in the chronology"]
    parts.append("<p style='color:#444'>" + "<br>".join(facts) + "</p>")
    if hidden:
        parts.append(f"<p><b>{hidden} of the evidence entries are hidden by the current filters.</b></p>")
    if acknowledged:
        parts.append(f"<p>✓ Acknowledged by {escape(acknowledged.by)} on {escape(format_stamp(acknowledged.at))}: "
                     f"<i>{escape(acknowledged.response)}</i></p>")
    return "".join(parts)


class FlagsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[Flag] = []  # not "flags": that is QAbstractItemModel.flags()
        self.acknowledged: dict[str, Acknowledgement] = {}

    def set_flags(self, flags: list[Flag], acknowledged: dict[str, Acknowledgement]) -> None:
        self.beginResetModel()
        self.items, self.acknowledged = flags, acknowledged
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        flag = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            possible = "" if flag.certain else " (possible)"
            since = f" · {flag.start:%d/%m/%Y}" if flag.start else ""
            done = "✓ " if flag.key in self.acknowledged else ""
            return f"{done}{MARKS[flag.severity]}  {flag.title}{possible}{since}"
        if role == Qt.ItemDataRole.ToolTipRole:
            acknowledged = self.acknowledged.get(flag.key)
            return flag.explanation + (f"\nAcknowledged by {acknowledged.by}: {acknowledged.response}"
                                       if acknowledged else "")
        if role == Qt.ItemDataRole.BackgroundRole:
            muted = flag.key in self.acknowledged
            return QBrush(QColor("#eeeeee" if muted else COLOURS[flag.severity]))
        if role == Qt.ItemDataRole.ForegroundRole and flag.key in self.acknowledged:
            return QBrush(QColor("#666666"))
        if role == Qt.ItemDataRole.UserRole:
            return flag
        return None


class FlagsPanel(QWidget):
    """A list of flags beside the explanation of the one chosen."""

    evidence_chosen = Signal(object)  # the chosen Flag

    def __init__(self):
        super().__init__()
        self.heading = QLabel("Flags")
        self.heading.setObjectName("flagsHeading")
        self.model = FlagsModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Flags")
        self.list.setUniformItemSizes(True)
        self.detail = QTextBrowser()
        self.detail.setObjectName("flagDetail")
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setSizes([400, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(splitter)
        self.list.selectionModel().currentRowChanged.connect(self._chosen)

    def set_flags(self, flags: list[Flag], acknowledged: dict[str, Acknowledgement] | None = None) -> None:
        chosen = self.chosen()
        self.model.set_flags(flags, acknowledged or {})
        counts = {severity: sum(1 for f in flags if f.severity == severity) for severity in MARKS}
        summary = ", ".join(f"{count} {severity}" for severity, count in counts.items() if count)
        done = sum(1 for f in flags if f.key in self.model.acknowledged)
        summary += f" ({done} acknowledged)" if done else ""
        self.heading.setText(f"<b>Flags</b> — {summary}" if flags else
                             "<b>Flags</b> — none: no rule finds a pattern in this chronology")
        self.detail.setHtml("<p style='color:gray'>Choose a flag to read why it was raised and to see "
                            "its evidence in the chronology.</p>" if flags else "")
        keys = [f.key for f in flags]
        if chosen is not None and chosen.key in keys:  # still there after a change: keep it chosen
            self.choose(keys.index(chosen.key))

    def chosen(self) -> Flag | None:
        index = self.list.currentIndex()
        return self.model.items[index.row()] if index.isValid() else None

    def choose(self, row: int) -> None:
        self.list.setCurrentIndex(self.model.index(row))

    def show_hidden(self, flag: Flag, hidden: int) -> None:
        self.detail.setHtml(flag_html(flag, hidden, self.model.acknowledged.get(flag.key)))

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            flag = self.model.items[current.row()]
            self.detail.setHtml(flag_html(flag, acknowledged=self.model.acknowledged.get(flag.key)))
            self.evidence_chosen.emit(flag)
