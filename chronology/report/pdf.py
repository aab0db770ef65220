"""The chronology as an A4 document a chair, a parent's solicitor or a judge can read in black
and white: every page marked OFFICIAL-SENSITIVE with the child's details and "Page n of N"; a
summary (the document, each child with their current picture and every finding's headline, what
is wrong now first, and a timeline figure); then the entries, numbered, so that anyone in the room
can say "entry 47"; then, as appendices, the entries counted by type and each finding's
occurrences (its flags) with their evidence named by entry number.

Rows are never cut across a page: an entry moves whole to the next page, and only one longer than
a page continues, its number and date repeated with "(continued)". Every day is written one way
(14/03/2017)."""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..dates import format_day, format_stamp
from ..fields import FIELDS_BY_NAME, label
from ..files import replace_atomically
from ..findings import HISTORY, NOW, observations
from ..model import Acknowledgement, Child
from ..resources_path import resource_path
from ..returns.provenance import source_prefix
from ..rules import Flag
from ..vocabulary import event_type_label
from . import ChildPart, ReportData
from .figure import FIGURE_LEGEND, timeline_figure

MARKING = "OFFICIAL-SENSITIVE"
MARGIN = 12 * mm
HEADER_FONT, HEADER_SIZE, HEADER_LEADING = "Chronology", 7.5, 9
#: Cell padding of the entries' table (set in its style): rows are measured with it.
PADDING_X, PADDING_Y = 4, 3


def register_fonts(folder: Path | None = None) -> None:
    """A Unicode font, so that names such as Zoë Łukasz Nguyễn print as written."""
    if "Chronology" in pdfmetrics.getRegisteredFontNames():
        return
    folder = folder or resource_path("fonts")
    pdfmetrics.registerFont(TTFont("Chronology", str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("Chronology-Bold", str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Chronology-Italic", str(folder / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily("Chronology", normal="Chronology", bold="Chronology-Bold",
                                  italic="Chronology-Italic", boldItalic="Chronology-Bold")


STYLES = {
    "body": ParagraphStyle("body", fontName="Chronology", fontSize=8, leading=10),
    "note": ParagraphStyle("note", fontName="Chronology", fontSize=7.5, leading=9.5, leftIndent=10),
    "cell": ParagraphStyle("cell", fontName="Chronology", fontSize=7.5, leading=9.2),
    "head": ParagraphStyle("head", fontName="Chronology-Bold", fontSize=7.5, leading=9.2),
    "title": ParagraphStyle("title", fontName="Chronology-Bold", fontSize=15, leading=19, spaceAfter=4),
    "h2": ParagraphStyle("h2", fontName="Chronology-Bold", fontSize=10, leading=13, spaceBefore=8, spaceAfter=3,
                         keepWithNext=1),
    "h3": ParagraphStyle("h3", fontName="Chronology-Bold", fontSize=8.5, leading=11, spaceBefore=5, spaceAfter=2,
                         keepWithNext=1),
    "empty": ParagraphStyle("empty", fontName="Chronology-Italic", fontSize=10, leading=13, alignment=TA_CENTER),
}


class _Measured(Paragraph):
    """A paragraph that breaks its lines once for a width: an entry's row is measured to place it
    on a page and later drawn, and breaking lines is most of the work of a long document."""

    _measured_for: float | None = None
    _measured: tuple[float, float] = (0.0, 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # The height of its lines does not depend on the room left; a split may discard the lines.
        if availWidth != self._measured_for or not hasattr(self, "blPara"):
            self._measured = super().wrap(availWidth, availHeight)
            self._measured_for = availWidth
        return self._measured


def text(value: str, style: str = "cell") -> Paragraph:
    """User text printed literally: markup in a note cannot alter the document."""
    return _Measured(escape(value).replace("\n", "<br/>"), STYLES[style])


def born_text(child: Child) -> str:
    details = child.details
    if not details.dob:
        return "date of birth not recorded"
    return f"{'expected' if details.dob_is_expected else 'born'} {format_day(details.dob)}"


class _NumberedCanvas(Canvas):
    """Holds every page until the end, so that each can say "Page n of N"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(HEADER_FONT, HEADER_SIZE)
            self.drawRightString(self._pagesize[0] - MARGIN, 9 * mm, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def _lines(text_: str, width: float) -> list[str]:
    return simpleSplit(text_, HEADER_FONT, HEADER_SIZE, width)


class _Header:
    """The running header: who the document is about (left) and what it is (right), on one line
    when both fit, else each part on lines of its own, wrapped to the page: never over each other."""

    def __init__(self, data: ReportData, width: float):
        if data.is_family:
            people = "; ".join(f"{part.child.name} ({born_text(part.child)}, ref {part.child.ref})"
                               for part in data.parts)
        else:
            people = f"{data.child.name} · {born_text(data.child).capitalize()} · Ref {data.child.ref}"
        self.left, self.right = people, f"{data.title} · {data.period}"
        gap = 10 * mm
        one_line = (pdfmetrics.stringWidth(self.left, HEADER_FONT, HEADER_SIZE)
                    + pdfmetrics.stringWidth(self.right, HEADER_FONT, HEADER_SIZE) + gap) <= width
        self.lines: list[tuple[str, str]] = [(self.left, self.right)] if one_line else \
            [(line, "") for line in _lines(self.left, width)] + [("", line) for line in _lines(self.right, width)]

    @property
    def height(self) -> float:
        return len(self.lines) * HEADER_LEADING


def _decorate(data: ReportData, header: _Header, produced: str):
    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        width, height = document.pagesize
        canvas.saveState()
        canvas.setFont("Chronology-Bold", 10)
        canvas.drawCentredString(width / 2, height - 9 * mm, MARKING)
        canvas.drawCentredString(width / 2, 5 * mm, MARKING)
        canvas.setFont(HEADER_FONT, HEADER_SIZE)
        y = height - 15 * mm
        for left, right in header.lines:
            if left:
                canvas.drawString(MARGIN, y, left)
            if right:
                canvas.drawRightString(width - MARGIN, y, right)
            y -= HEADER_LEADING
        rule = y + HEADER_LEADING - 2 * mm
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, rule, width - MARGIN, rule)
        canvas.drawString(MARGIN, 9 * mm, produced)
        canvas.line(MARGIN, 12 * mm, width - MARGIN, 12 * mm)
        canvas.restoreState()
    return on_page


def _facts_table(facts: list[tuple[str, str]], width: float) -> Table:
    table = Table([[text(name, "head"), text(value)] for name, value in facts], colWidths=[45 * mm, width - 45 * mm],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _child_facts(child: Child) -> list[tuple[str, str]]:
    details = child.details
    return [("Name", details.name + (f" (known as {details.preferred_name})" if details.preferred_name else "")),
            ("Reference", details.ref),
            ("Date of birth", (format_day(details.dob) + (" (expected)" if details.dob_is_expected else ""))
             if details.dob else "not recorded"),
            ("Gender", details.gender or "not recorded"), ("Ethnicity", details.ethnicity or "not recorded"),
            ("First language", details.first_language or "not recorded"),
            ("Disability", details.disability or "not recorded"), ("Family", details.family or "not recorded")]


def _entries(event_ids: tuple[int, ...], numbers: dict[int, int]) -> str:
    """A flag's evidence by entry number; what the choices left out, counted."""
    shown = sorted(numbers[i] for i in event_ids if i in numbers)
    missing = len(event_ids) - len(shown)
    parts = []
    if shown:
        parts.append(f"entr{'y' if len(shown) == 1 else 'ies'} " + ", ".join(map(str, shown)))
    if missing:
        parts.append(f"{missing} entr{'y' if missing == 1 else 'ies'} not in this document (outside the choices "
                     "made, or withheld)")
    return "Evidence: " + " and ".join(parts) + "."


def _flag(flag: Flag, numbers: dict[int, int], acknowledged: Acknowledgement | None) -> KeepTogether:
    mark = {"high": "▲ HIGH", "medium": "■ MEDIUM", "low": "● LOW"}[flag.severity]
    possible = "" if flag.certain else " (possible)"
    items: list[Flowable] = [Paragraph(f"<b>{mark} — {escape(flag.title)}{possible}</b>", STYLES["body"]),
                             text(flag.explanation, "body"), text(_entries(flag.event_ids, numbers), "note")]
    if acknowledged is not None:
        items.append(text(f"✓ Acknowledged by {acknowledged.by} on {format_stamp(acknowledged.at)}: "
                          f"{acknowledged.response}", "note"))
    return KeepTogether(items + [Spacer(1, 3)])


MARK = {"high": "▲ HIGH", "medium": "■ MEDIUM", "low": "● LOW"}


def _picture(part: ChildPart, judged: str, width: float) -> list[Flowable]:
    if part.picture is None:
        return []
    return [text(f"The current picture, as the chronology stood on {judged}", "h3"),
            _facts_table(part.picture.lines(), width)]


def _analysis(part: ChildPart, for_family: bool) -> list[Flowable]:
    """The worker's own analysis, above what the rules make of the chronology."""
    if for_family:
        return [text("The worker's analysis", "h3"), text("Not included in the family's copy.", "note")]
    if part.analysis is None:
        return []
    analysis = part.analysis
    return [text(f"The worker's analysis, dated {format_day(analysis.dated)}, by {analysis.by}", "h3"),
            *(text(paragraph, "body") for paragraph in analysis.text.split("\n\n") if paragraph.strip())]


def _shows(part: ChildPart, numbers: dict[int, int]) -> list[Flowable]:
    """What the chronology shows: sentences built by rule from the findings, each with its evidence."""
    if part.picture is None:
        return []
    found = observations(part.findings, part.picture)
    story: list[Flowable] = [text("What the chronology shows (each sentence built by a written rule from the "
                                  "findings below, never a score)", "h3")]
    for observation in found:
        shown = sorted(numbers[i] for i in observation.event_ids if i in numbers)
        listed = ", ".join(map(str, shown[:12])) + (f" and {len(shown) - 12} more" if len(shown) > 12 else "")
        evidence = f" <font size=7>(entries {listed})</font>" if shown else ""
        story.append(Paragraph(f"• {escape(observation.sentence)}{evidence}", STYLES["body"]))
    return story


def _headlines(part: ChildPart, judged: str) -> list[Flowable]:
    """Every finding's headline, what is wrong now first: the page a chair reads before the entries."""
    story: list[Flowable] = [text(f"Findings as the chronology stood on {judged}", "h3")]
    if not part.findings:
        return story + [text("No rule finds a pattern with evidence in this period.", "body")]
    for status, heading in ((NOW, "Wrong now"), (HISTORY, "Before")):
        chosen = [f for f in part.findings if f.status == status]
        if not chosen:
            continue
        lines = []
        for finding in chosen:
            done = sum(1 for flag in finding.flags if flag.key in part.acknowledged)
            lines.append(Paragraph(
                f"<b>{MARK[finding.severity]}</b> — {escape(finding.headline)} "
                f"<font size=7>({finding.count} occurrence{'s' if finding.count != 1 else ''}"
                f"{f', {done} acknowledged' if done else ''}: appendix)</font>", STYLES["body"]))
        # the heading never alone at the foot of a page
        story += [KeepTogether([Paragraph(f"<b>{heading}</b>", STYLES["body"]), lines[0]]), *lines[1:]]
    return story


def _appendix(data: ReportData) -> list[Flowable]:
    """After the entries: each finding's occurrences (its flags), with their evidence by entry number."""
    if not any(part.findings for part in data.parts):
        return []
    judged = format_day(data.judged) if data.judged else "today"
    story: list[Flowable] = [PageBreak(), text(f"Appendix: the occurrences behind each finding, as the chronology "
                                               f"stood on {judged}", "h2"),
                             text("Each occurrence is a plain rule applied to the chronology, never a score: it names "
                                  "its dates and its evidence, by the entry numbers of this document. Occurrences "
                                  "with no evidence in the period covered are not listed.", "body")]
    numbers = data.numbers
    for part in data.parts:
        if data.is_family:
            story.append(text(part.child.name, "h2"))
        for finding in part.findings:
            when = "Wrong now" if finding.status == NOW else "Before"
            # (the heading's style keeps it with its first occurrence)
            story.append(text(f"{when} · {MARK[finding.severity]} — {finding.headline}", "h3"))
            story += [_flag(flag, numbers, part.acknowledged.get(flag.key)) for flag in finding.flags]
    return story


def _summary(data: ReportData, width: float) -> list[Flowable]:
    story: list[Flowable] = [text(data.title, "title")]
    if data.choice.for_family:
        story += [Paragraph(
            f"<b>Prepared for sharing with the family.</b> {data.withheld_entries} "
            f"entr{'y' if data.withheld_entries == 1 else 'ies'} and {data.withheld_passages} "
            f"passage{'' if data.withheld_passages == 1 else 's'} recorded as third-party information "
            "have been withheld: they are not in this document.", STYLES["body"]), Spacer(1, 4)]
    facts = [("Period covered", data.period),
             ("Children in this document", ", ".join(data.children.values())),
             ("Agencies that contributed", ", ".join(data.agencies) or "none"),
             ("Entries", f"{len(data.events)}" + (" (key events only)" if data.choice.key_only else "")),
             ("Produced", f"{format_day(data.produced_at.date())} at {data.produced_at:%H:%M} by {data.produced_by}"),
             ("Audit trail", f"{data.chain_hash}: the caseload's audit trail as it stood when this was produced. "
                             "A copy of the caseload can be checked against it, to show whether anything "
                             "recorded has been changed since.")]
    story.append(_facts_table(facts, width))
    judged = format_day(data.judged) if data.judged else "today"
    for part in data.parts:
        story += [text(f"About {part.child.name}" if data.is_family else "The child", "h2"),
                  _facts_table(_child_facts(part.child), width)]
        story += (_picture(part, judged, width) + _analysis(part, data.choice.for_family) + _shows(part, data.numbers)
                  + _headlines(part, judged))
    figure = timeline_figure([d for _, d in data.events], width,
                             period=(data.choice.date_from, data.choice.date_to))
    if figure is not None:
        story.append(KeepTogether([text("Timeline", "h2"), figure, text(FIGURE_LEGEND, "body")]))
    return story


def _counts(data: ReportData) -> list[Flowable]:
    """The entries counted by type: reference, after them."""
    if not data.counts:
        return []
    counts = Table([[text(kind), text(str(count))] for kind, count in data.counts],
                   colWidths=[80 * mm, 15 * mm], hAlign="LEFT")
    counts.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]))
    return [PageBreak(), text("Appendix: entries by type", "h2"), counts]


def _widths(data: ReportData, width: float) -> tuple[list[str], list[float]]:
    """The entries' columns and their widths: the number and the date as wide as they need (a day
    is never broken over two lines), the rest shared out."""
    bold = lambda value: pdfmetrics.stringWidth(value, "Chronology-Bold", 7.5) + 2 * PADDING_X + 2  # noqa: E731
    fixed = [("No.", max(bold("No."), bold(str(len(data.events))))),
             (label("date"), bold("00/00/0000"))] + ([(label("child_ids"), bold(label("child_ids")) + 4)]
                                                          if data.is_family else [])
    shared = [("Source", 0.17), (label("summary"), 0.3), (label("impact"), 0.17), (label("action"), 0.15),
              (label("child_voice"), 0.15)]
    rest = width - sum(w for _, w in fixed)
    total = sum(share for _, share in shared)
    names = [name for name, _ in fixed + shared]
    widths = [w for _, w in fixed] + [rest * share / total for _, share in shared]
    if data.is_family:  # in the order the rows give their cells: the children after the source
        names.insert(3, names.pop(2))
        widths.insert(3, widths.pop(2))
    return names, widths


def _row_cells(data: ReportData, number: int, event_id: int, details) -> list[Paragraph]:
    when = details.date.printed() + (f" {details.time}" if details.time else "") + \
        (f" to {details.end_date.printed()}" if details.end_date else "") + (" (planned)" if details.planned else "")
    born_after = data.born_after.get(event_id, ())
    if born_after:
        concerned = [c for c in details.child_ids if c in data.children]
        when += " (before birth)" if len(born_after) == len(concerned) else \
            " (before " + " and ".join(f"{name.split()[0]}'s" for name in born_after) + " birth)"
    marks = (["★ KEY"] if details.key_event else []) + ([details.rating.upper()] if details.rating else [])
    date_cell = _Measured(escape(when) + (f"<br/><b>{' · '.join(marks)}</b>" if marks else ""), STYLES["cell"])
    returned = data.sources.get(event_id)
    if returned is not None:  # the prefix Chronolator's users know: "Police — OCC-22-05541"
        source = f"{source_prefix(details.agency, details.source_ref)}\n{details.role}\n" \
                 f"{event_type_label(details.event_type)}"
        if returned.agency_type:
            source += f" (their words: {returned.agency_type})"
    else:
        source = f"{details.agency} – {details.role}\n{event_type_label(details.event_type)}"
    if details.outcome:
        source += f"\n{label('outcome')}: {FIELDS_BY_NAME['outcome'].label_of(details.outcome)}"
    if details.source_ref and returned is None:
        source += f"\nRef {details.source_ref}"
    numbers = data.numbers_of(data.same_as.get(event_id, ()))
    if numbers:
        source += f"\nThe same happening as entr{'y' if len(numbers) == 1 else 'ies'} {', '.join(numbers)}"
    voice = details.child_voice + ({None: "", True: " (seen alone)", False: " (not seen alone)"}[details.seen_alone])
    cells = [_Measured(f"<b>{number}</b>", STYLES["cell"]), date_cell, text(source)]
    if data.is_family:
        cells.append(text(", ".join(data.children[c] for c in details.child_ids if c in data.children)))
    return cells + [_field(value, data.choice.for_family and part in details.third_party) for part, value in (
        ("summary", details.summary), ("impact", details.impact), ("action", details.action),
        ("child_voice", voice.strip()))]


def _cell_height(cell: Paragraph, width: float) -> float:
    return cell.wrap(width - 2 * PADDING_X, 10**6)[1] + 2 * PADDING_Y


def _pieces(cell: Paragraph, width: float, room: float) -> list[Paragraph]:
    """A cell's text in pieces that each fit ``room`` (an entry longer than a page)."""
    pieces: list[Paragraph] = []
    rest = cell
    for _ in range(1000):  # each split takes at least a line: a bound no real entry reaches
        if _cell_height(rest, width) <= room:
            return pieces + [rest]
        split = rest.split(width - 2 * PADDING_X, room - 2 * PADDING_Y)
        if len(split) < 2:
            return pieces + [rest]  # one line taller than a page: reportlab will say so
        pieces.append(split[0])
        rest = split[1]
    return pieces + [rest]


def _rows(data: ReportData, widths: list[float], room: float, progress: Progress | None) -> list[_Row]:
    """Every entry's row; an entry taller than ``room`` (a page, less the header row) as several,
    the number and date repeated with "(continued)"."""
    rows = []
    for number, (event_id, details) in enumerate(data.events, start=1):
        if progress is not None and number % 100 == 0:
            progress(number, 2 * len(data.events))  # measuring is the first half of the work
        cells = _row_cells(data, number, event_id, details)
        standout = details.rating == "red" or details.key_event
        height = max(_cell_height(cell, width) for cell, width in zip(cells, widths, strict=True))
        if height <= room:
            rows.append(_Row(cells, height, number, standout))
            continue
        pieces = [_pieces(cell, width, room) for cell, width in zip(cells, widths, strict=True)]
        for index in range(max(len(p) for p in pieces)):
            row = [p[index] if index < len(p) else text("") for p in pieces]
            if index:  # the entry's number and date again, said to continue
                row[0] = _Measured(f"<b>{number}</b>", STYLES["cell"])
                row[1] = text(f"{details.date.printed()} (continued)")
            height = max(_cell_height(cell, width) for cell, width in zip(row, widths, strict=True))
            rows.append(_Row(row, height, number, standout))
    return rows


class _Row(NamedTuple):
    cells: list[Paragraph]
    height: float
    number: int  # the entry's
    standout: bool  # a key event or rated red


def _pages(rows: list[_Row], room: float) -> list[list[_Row]]:
    """The rows, page by page: as many whole rows as ``room`` holds (each row fits one)."""
    pages: list[list[_Row]] = [[]]
    used = 0.0
    for row in rows:
        if pages[-1] and used + row.height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    return pages


class _EntriesPage(Table):
    """One page of the entries' table; ``through`` is the number of the last entry it shows, so
    that building the document can say how far it has got."""

    through = 0


def _table(data: ReportData, width: float, height: float, progress: Progress | None) -> list[Flowable]:
    """The entries, one table per page, laid out here: each row measured once, whatever the length
    of the chronology (reportlab splitting one long table re-measures what is left at every page)."""
    if not data.events:
        return [Spacer(1, 30 * mm), text("There are no events for this choice.", "empty")]
    names, widths = _widths(data, width)
    heading = [text(name, "head") for name in names]
    header_height = max(_cell_height(cell, w) for cell, w in zip(heading, widths, strict=True))
    room = height - header_height - 1  # a point spare: a page's sum of rows is never rounded over
    common = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
              ("LEFTPADDING", (0, 0), (-1, -1), PADDING_X), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING_X),
              ("TOPPADDING", (0, 0), (-1, -1), PADDING_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING_Y),
              ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
              ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black)]
    story: list[Flowable] = []
    for page in _pages(_rows(data, widths, room, progress), room):
        style = list(common)
        for index, row in enumerate(page, start=1):
            if row.standout:  # stands out without colour: weight and shade
                style.append(("BACKGROUND", (0, index), (-1, index), colors.Color(0.9, 0.9, 0.9)))
                style.append(("LINEBEFORE", (0, index), (0, index), 2.5, colors.black))
        table = _EntriesPage([list(heading)] + [row.cells for row in page], colWidths=widths,
                             rowHeights=[header_height] + [row.height for row in page], repeatRows=1, splitInRow=0)
        table.setStyle(TableStyle(style))
        table.through = page[-1].number
        story += [PageBreak(), table] if story else [table]
    return story


def _field(value: str, withheld: bool) -> Paragraph:
    """A cell's text, or the note that it was withheld (the text itself never reaches the file)."""
    if withheld:
        return _Measured("<i>[withheld: third-party information]</i>", STYLES["cell"])
    return text(value)


#: Told how much of building a document is done, out of how much (each entry is measured, then
#: drawn: twice the number of entries in all); it may raise :class:`~chronology.errors.Cancelled`
#: to stop the build.
Progress = Callable[[int, int], None]


class _Document(BaseDocTemplate):
    def __init__(self, *args, progress: Progress | None, entries: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.progress, self.entries = progress, entries

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.progress is not None and isinstance(flowable, _EntriesPage):
            self.progress(self.entries + flowable.through, 2 * self.entries)


def pdf_bytes(data: ReportData, fonts: Path | None = None, progress: Progress | None = None) -> tuple[bytes, int]:
    """The document in memory (for a preview, or to write) and its number of pages: case data
    is never put in a temporary file. ``progress`` hears after each page of entries."""
    register_fonts(fonts)
    size = landscape(A4) if data.choice.landscape else portrait(A4)
    width = size[0] - 2 * MARGIN
    header = _Header(data, width)
    produced = f"Produced {format_day(data.produced_at.date())} {data.produced_at:%H:%M} by {data.produced_by}" \
               f" · audit {data.chain_hash[:16]}"
    produced = _lines(produced, width - 25 * mm)[0]  # never under "Page n of N"
    buffer = io.BytesIO()
    top = 17 * mm + header.height + 2 * mm
    document = _Document(buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=top,
                         bottomMargin=15 * mm, title=data.title, author="", subject="", creator="Chronology",
                         producer="Chronology", keywords="", progress=progress, entries=len(data.events))
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate(data, header, produced))])
    room = document.height - 2 * frame._topPadding  # what a frame holds, its own padding taken off
    document.build(_summary(data, document.width) + [PageBreak()] + _table(data, document.width - 12, room, progress)
                   + _counts(data) + _appendix(data), canvasmaker=_NumberedCanvas)
    return buffer.getvalue(), document.page


def save_pdf(content: bytes, path: Path) -> None:
    """Write a finished document beside its destination, then move it into place: an
    interrupted save never leaves half a file under the chosen name."""
    replace_atomically(Path(path), content)


def write_pdf(data: ReportData, path: Path, fonts: Path | None = None, progress: Progress | None = None) -> int:
    """Build and save the document; returns the number of pages."""
    content, pages = pdf_bytes(data, fonts, progress)
    save_pdf(content, path)
    return pages
