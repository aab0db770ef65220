"""The findings of the chosen child's chronology: the current picture at the top, then one finding
per rule — what is wrong now, then what went wrong before — each opening to its flags (the
occurrences). Choosing a finding or a flag shows why and selects its evidence in the chronology
and on the timeline. Severity and now/before are shown by word and shape as well as colour, so
that they read in greyscale and to a screen reader."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QTreeView, QVBoxLayout, QWidget

from chronology.dates import format_stamp
from chronology.findings import NOW, Assessment, Finding, Picture
from chronology.model import Acknowledgement, Analysis
from chronology.rules import Flag

from .theme import tint
from .widgets import describe

MARKS = {"high": "▲ HIGH", "medium": "■ MEDIUM", "low": "● LOW"}
COLOURS = {"high": "#f8d0d0", "medium": "#fbe5c0", "low": "#e3ecf5"}
BEFORE_COLOUR = "#f1f1f1"
Index = QModelIndex | QPersistentModelIndex
#: A finding's rows carry 0 as their internal id; a flag's, its finding's row plus one.
TOP = 0


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


def finding_html(finding: Finding, acknowledged: dict[str, Acknowledgement], hidden: int = 0) -> str:
    status = ("<b>Wrong now</b>: as of today something here is still wrong, or its latest occurrence is recent."
              if finding.status == NOW else "<b>Before</b>: nothing of it is wrong as of today; it is the "
              "child's history, to be read with what is happening now.")
    period = " to ".join(day.strftime("%d/%m/%Y") for day in (finding.first, finding.last) if day)
    occurrences = "".join(
        f"<li>{'✓ ' if flag.key in acknowledged else ''}{escape(flag.title)}"
        f"{' (' + flag.start.strftime('%d/%m/%Y') + ')' if flag.start else ''}</li>" for flag in finding.flags)
    done = sum(1 for flag in finding.flags if flag.key in acknowledged)
    evidence = len({i for flag in finding.flags for i in flag.event_ids})
    parts = [f"<b>{escape(MARKS[finding.severity])} — {escape(finding.headline)}</b>", f"<p>{status}</p>",
             f"<p style='color:#444'>Rule: {escape(finding.rule)} · {period} · {finding.count} occurrence"
             f"{'s' if finding.count != 1 else ''}{f' ({done} acknowledged)' if done else ''} · evidence: {evidence} "
             f"entr{'y' if evidence == 1 else 'ies'}, selected in the chronology</p>",
             f"<ul>{occurrences}</ul><p style='color:#444'>Open the finding to read each occurrence.</p>"]
    if hidden:
        parts.append(f"<p><b>{hidden} of the evidence entries are hidden by the current filters.</b></p>")
    return "".join(parts)


def analysis_html(analysis: Analysis | None) -> str:
    """The worker's own analysis, first: what the worker makes of it before what the rules find."""
    if analysis is None:
        return ("<p><b>The worker's analysis</b>: none written yet (View → Write the analysis…, "
                "Ctrl+Shift+A).</p>")
    paragraphs = "".join(f"<p>{escape(part)}</p>" for part in analysis.text.split("\n\n") if part.strip())
    return f"<p><b>The worker's analysis</b>, dated {analysis.dated:%d/%m/%Y}, by {escape(analysis.by)}</p>{paragraphs}"


def picture_html(picture: Picture | None) -> str:
    """The current picture in a line or two: what a worker needs before anything else."""
    if picture is None:
        return ""
    return " · ".join(f"<b>{escape(what)}</b>: {escape(value)}" for what, value in picture.lines())


class FindingsModel(QAbstractItemModel):
    """Findings, each with its flags beneath it. ``items`` lists every flag in the order shown."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.items: list[Flag] = []  # not "flags": that is QAbstractItemModel.flags()
        self.acknowledged: dict[str, Acknowledgement] = {}

    def set_findings(self, findings: list[Finding], acknowledged: dict[str, Acknowledgement]) -> None:
        self.beginResetModel()
        self.findings, self.acknowledged = findings, acknowledged
        self.items = [flag for finding in findings for flag in finding.flags]
        self.endResetModel()

    # -- the tree ----------------------------------------------------------------------------

    def index(self, row: int, column: int = 0, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, TOP if not parent.isValid() else parent.row() + 1)

    def parent(self, index: Index | None = None):  # (asked without an index: the QObject's parent)
        if index is None:
            return super().parent()
        if not index.isValid() or index.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.findings)
        if parent.internalId() == TOP and parent.column() == 0:
            return len(self.findings[parent.row()].flags)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def item(self, index: Index) -> Finding | Flag | None:
        if not index.isValid():
            return None
        if index.internalId() == TOP:
            return self.findings[index.row()]
        return self.findings[index.internalId() - 1].flags[index.row()]

    def flag_index(self, number: int) -> QModelIndex:
        """The row of the ``number``-th flag of :attr:`items`."""
        for row, finding in enumerate(self.findings):
            if number < len(finding.flags):
                return self.index(number, 0, self.index(row, 0))
            number -= len(finding.flags)
        return QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.item(index)
        if item is None:
            return None
        if isinstance(item, Finding):
            return self._finding_data(item, role)
        return self._flag_data(item, role)

    def _finding_data(self, finding: Finding, role: int):
        done = all(flag.key in self.acknowledged for flag in finding.flags)
        if role == Qt.ItemDataRole.DisplayRole:
            when = "NOW" if finding.status == NOW else "Before"
            return f"{'✓ ' if done else ''}{when} · {MARKS[finding.severity]}  {finding.headline}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.headline
        if role == Qt.ItemDataRole.BackgroundRole:
            muted = done or finding.status != NOW
            return tint(BEFORE_COLOUR if muted else COLOURS[finding.severity])
        if role == Qt.ItemDataRole.ForegroundRole and (done or finding.status != NOW):
            return tint("#555555")
        if role == Qt.ItemDataRole.UserRole:
            return finding
        return None

    def _flag_data(self, flag: Flag, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            possible = "" if flag.certain else " (possible)"
            since = f" · {flag.start:%d/%m/%Y}" if flag.start else ""
            done = "✓ " if flag.key in self.acknowledged else ""
            return f"{done}{MARKS[flag.severity]}  {flag.title}{possible}{since}"
        if role == Qt.ItemDataRole.ToolTipRole:
            acknowledged = self.acknowledged.get(flag.key)
            return flag.explanation + (f"\nAcknowledged by {acknowledged.by}: {acknowledged.response}"
                                       if acknowledged else "")
        if role == Qt.ItemDataRole.ForegroundRole and flag.key in self.acknowledged:
            return tint("#666666")
        if role == Qt.ItemDataRole.UserRole:
            return flag
        return None


def as_evidence(finding: Finding) -> Flag:
    """A finding's evidence as one flag (all its entries), for the table and the timeline to show."""
    return Flag(finding.rule, finding.severity, finding.headline, "", finding.first, finding.last,
                tuple(sorted({i for flag in finding.flags for i in flag.event_ids})))


class FindingsPanel(QWidget):
    """The current picture above the findings, beside the explanation of the one chosen."""

    evidence_chosen = Signal(object)  # a Flag: the chosen flag, or the chosen finding's evidence as one

    def __init__(self):
        super().__init__()
        self.heading = QLabel("Findings")
        self.heading.setObjectName("findingsHeading")
        self.picture = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.picture.setObjectName("currentPicture")
        self.picture.setAccessibleName("Current picture")
        self.model = FindingsModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Findings")
        self.tree.setAccessibleDescription("One finding per rule, what is wrong now first, each opening to its "
                                           "flags; choose one to read it in full with its evidence")
        self.tree.setUniformRowHeights(True)
        self.detail = QTextBrowser()
        self.detail.setObjectName("findingDetail")
        describe(self.detail, "The chosen finding", "The chosen finding or flag in full, with its evidence; "
                                                    "before one is chosen, the analysis and what the chronology shows")
        self.overview_html = ""  # the analysis and what the chronology shows: before anything is chosen
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setSizes([500, 240])  # the headlines want the room
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.picture)
        layout.addWidget(splitter, 1)
        self.tree.selectionModel().currentChanged.connect(self._chosen)

    def set_assessment(self, assessment: Assessment | None, acknowledged: dict[str, Acknowledgement] | None = None,
                       analysis: Analysis | None = None) -> None:
        chosen = self.chosen_item()
        findings = assessment.findings if assessment else []
        self.model.set_findings(findings, acknowledged or {})
        self.picture.setText(picture_html(assessment.picture) if assessment else "")
        now = sum(1 for f in findings if f.status == NOW)
        flags = self.model.items
        done = sum(1 for f in flags if f.key in self.model.acknowledged)
        if findings:
            self.heading.setText(f"<b>Findings</b> — {now} now, {len(findings) - now} before "
                                 f"({len(flags)} flag{'s' if len(flags) != 1 else ''}"
                                 f"{f', {done} acknowledged' if done else ''})")
        else:
            self.heading.setText("<b>Findings</b> — none: no rule finds a pattern in this chronology")
        shows = assessment.shows if assessment else []
        self.overview_html = (analysis_html(analysis) + (
            "<b>What the chronology shows</b><ul>" + "".join(f"<li>{escape(o.sentence)}</li>" for o in shows) + "</ul>"
            "<p style='color:gray'>Each sentence is built by a written rule from the findings. Choose a finding to "
            "read what it adds up to and to see its evidence; open it for each occurrence.</p>")) if shows else ""
        self.detail.setHtml(self.overview_html)
        if isinstance(chosen, Finding):  # still there after a change: keep it chosen
            rules = [f.rule for f in findings]
            if chosen.rule in rules:
                self.tree.setCurrentIndex(self.model.index(rules.index(chosen.rule), 0))
        elif isinstance(chosen, Flag):
            keys = [f.key for f in flags]
            if chosen.key in keys:
                self.choose(keys.index(chosen.key))

    # -- what is chosen ----------------------------------------------------------------------

    def chosen_item(self) -> Finding | Flag | None:
        return self.model.item(self.tree.currentIndex())

    def chosen(self) -> Flag | None:
        """The chosen flag, or the chosen finding's evidence as one."""
        item = self.chosen_item()
        return as_evidence(item) if isinstance(item, Finding) else item

    def chosen_flags(self) -> list[Flag]:
        """What acknowledging the choice acknowledges: a flag, or a finding's flags not yet
        acknowledged (a new occurrence later raises the finding again)."""
        item = self.chosen_item()
        if isinstance(item, Finding):
            return [flag for flag in item.flags if flag.key not in self.model.acknowledged]
        return [item] if item is not None else []

    def choose(self, number: int) -> None:
        """Choose the ``number``-th flag of :attr:`FindingsModel.items`, opening its finding."""
        index = self.model.flag_index(number)
        self.tree.expand(index.parent())
        self.tree.setCurrentIndex(index)

    def choose_finding(self, row: int) -> None:
        self.tree.setCurrentIndex(self.model.index(row, 0))

    def show_hidden(self, flag: Flag, hidden: int) -> None:
        item = self.chosen_item()
        if isinstance(item, Finding):
            self.detail.setHtml(finding_html(item, self.model.acknowledged, hidden))
        else:
            self.detail.setHtml(flag_html(flag, hidden, self.model.acknowledged.get(flag.key)))

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.item(current)
        if isinstance(item, Finding):
            self.detail.setHtml(finding_html(item, self.model.acknowledged))
            self.evidence_chosen.emit(as_evidence(item))
        elif item is not None:
            self.detail.setHtml(flag_html(item, acknowledged=self.model.acknowledged.get(item.key)))
            self.evidence_chosen.emit(item)
