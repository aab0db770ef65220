"""The chronology as an A4 document a chair, a parent's solicitor or a judge can read in black
and white: every page marked OFFICIAL-SENSITIVE with the child's details and "Page n of N"; a
summary page (details, period, agencies, counts, flags, a timeline figure); then the table."""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, LongTable, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from ..vocabulary import event_type_label
from . import ReportData
from .figure import timeline_figure

MARKING = "OFFICIAL-SENSITIVE"
FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"


def register_fonts(folder: Path = FONTS) -> None:
    """A Unicode font, so that names such as Zoë Łukasz Nguyễn print as written."""
    if "Chronology" in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont("Chronology", str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("Chronology-Bold", str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Chronology-Italic", str(folder / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily("Chronology", normal="Chronology", bold="Chronology-Bold",
                                  italic="Chronology-Italic", boldItalic="Chronology-Bold")


STYLES = {
    "body": ParagraphStyle("body", fontName="Chronology", fontSize=8, leading=10),
    "cell": ParagraphStyle("cell", fontName="Chronology", fontSize=7.5, leading=9.2),
    "head": ParagraphStyle("head", fontName="Chronology-Bold", fontSize=7.5, leading=9.2),
    "title": ParagraphStyle("title", fontName="Chronology-Bold", fontSize=15, leading=19, spaceAfter=4),
    "h2": ParagraphStyle("h2", fontName="Chronology-Bold", fontSize=10, leading=13, spaceBefore=8, spaceAfter=3),
    "empty": ParagraphStyle("empty", fontName="Chronology-Italic", fontSize=10, leading=13, alignment=TA_CENTER),
}


def text(value: str, style: str = "cell") -> Paragraph:
    """User text printed literally: markup in a note cannot alter the document."""
    return Paragraph(escape(value).replace("\n", "<br/>"), STYLES[style])


class _NumberedCanvas(Canvas):
    """Holds every page until the end, so that each can say "Page n of N"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Chronology", 7.5)
            self.drawRightString(self._pagesize[0] - 12 * mm, 9 * mm, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def _decorate(data: ReportData):
    details = data.child.details
    born = (f"{'Expected' if details.dob_is_expected else 'Born'} {details.dob:%d/%m/%Y}"
            if details.dob else "Date of birth not recorded")
    produced = f"Produced {data.produced_at:%d/%m/%Y %H:%M} by {data.produced_by} · audit {data.chain_hash[:16]}"

    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        width, height = document.pagesize
        canvas.saveState()
        canvas.setFont("Chronology-Bold", 10)
        canvas.drawCentredString(width / 2, height - 9 * mm, MARKING)
        canvas.drawCentredString(width / 2, 5 * mm, MARKING)
        canvas.setFont("Chronology", 7.5)
        canvas.drawString(12 * mm, height - 15 * mm, f"{data.child.name} · {born} · Ref {details.ref}")
        canvas.drawRightString(width - 12 * mm, height - 15 * mm, f"{data.title} · {data.period}")
        canvas.drawString(12 * mm, 9 * mm, produced)
        canvas.setLineWidth(0.4)
        canvas.line(12 * mm, height - 17 * mm, width - 12 * mm, height - 17 * mm)
        canvas.line(12 * mm, 12 * mm, width - 12 * mm, 12 * mm)
        canvas.restoreState()
    return on_page


def _summary(data: ReportData, width: float) -> list:
    details = data.child.details
    story = [text(data.title, "title")]
    if data.choice.for_family:
        story.append(Paragraph(
            f"<b>Prepared for sharing with the family.</b> {data.withheld_entries} "
            f"entr{'y' if data.withheld_entries == 1 else 'ies'} and {data.withheld_passages} "
            f"passage{'' if data.withheld_passages == 1 else 's'} recorded as third-party information "
            "have been withheld: they are not in this document.", STYLES["body"]))
        story.append(Spacer(1, 4))
    facts = [("Name", details.name + (f" (known as {details.preferred_name})" if details.preferred_name else "")),
             ("Reference", details.ref),
             ("Date of birth", (f"{details.dob:%d/%m/%Y}" + (" (expected)" if details.dob_is_expected else ""))
              if details.dob else "not recorded"),
             ("Gender", details.gender or "not recorded"), ("Ethnicity", details.ethnicity or "not recorded"),
             ("First language", details.first_language or "not recorded"),
             ("Disability", details.disability or "not recorded"),
             ("Family", details.family or "not recorded"), ("Period covered", data.period),
             ("Children in this document", ", ".join(data.children.values())),
             ("Agencies that contributed", ", ".join(data.agencies) or "none"),
             ("Entries", f"{len(data.events)}" + (" (key events only)" if data.choice.key_only else "")),
             ("Audit trail", f"{data.chain_hash} (the latest hash when this was produced: "
                             "python main.py verify checks the file against it)")]
    table = Table([[text(label, "head"), text(value)] for label, value in facts], colWidths=[45 * mm, width - 45 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story.append(table)
    figure = timeline_figure([d for _, d in data.events], width)
    if figure is not None:
        story += [text("Timeline", "h2"), figure,
                  text("▲ referral · ◆ incident · ■ meeting · ● visit, health · ✚ missed or not seen; filled black: "
                       "red, grey: amber, hollow: green or none; bold edge: key event; dashed line: a date not known "
                       "to the day, or a period.", "body")]
    if data.counts:
        counts = Table([[text(kind), text(str(count))] for kind, count in data.counts],
                       colWidths=[80 * mm, 15 * mm], hAlign="LEFT")
        counts.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]))
        story += [text("Entries by type", "h2"), counts]
    story.append(text("Flags: patterns the rules find in this chronology", "h2"))
    if not data.flags:
        story.append(text("No rule finds a pattern in this chronology.", "body"))
    for flag in data.flags:
        mark = {"high": "▲ HIGH", "medium": "■ MEDIUM", "low": "● LOW"}[flag.severity]
        possible = "" if flag.certain else " (possible)"
        story.append(KeepTogether([Paragraph(f"<b>{mark} — {escape(flag.title)}{possible}</b>", STYLES["body"]),
                                   text(flag.explanation, "body"), Spacer(1, 2)]))
    return story


def _table(data: ReportData, width: float) -> list:
    if not data.events:
        return [Spacer(1, 30 * mm), text("There are no events for this choice.", "empty")]
    family = len(data.children) > 1
    headings = ["Date", "Source"] + (["Children"] if family else []) + \
               ["What happened", "Impact on the child", "Action / outcome", "Child's voice"]
    shares = [0.1, 0.12] + ([0.1] if family else []) + [0.26, 0.17, 0.15, 0.14]
    scale = 1 / sum(shares)
    widths = [width * share * scale for share in shares]
    rows = [[text(heading, "head") for heading in headings]]
    style = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
             ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black)]
    for number, (_, details) in enumerate(data.events, start=1):
        when = details.date.display() + (f" {details.time}" if details.time else "") + \
            (f" – {details.end_date.display()}" if details.end_date else "") + (" (planned)" if details.planned else "")
        marks = (["★ KEY"] if details.key_event else []) + ([details.rating.upper()] if details.rating else [])
        date_cell = Paragraph(escape(when) + (f"<br/><b>{' · '.join(marks)}</b>" if marks else ""), STYLES["cell"])
        source = text(f"{details.agency} – {details.role}\n{event_type_label(details.event_type)}")
        voice = details.child_voice + ({None: "", True: " (seen alone)", False: " (not seen alone)"}[details.seen_alone])
        row = [date_cell, source] + ([text(", ".join(data.children.get(c, "") for c in details.child_ids
                                                       if c in data.children))] if family else []) + \
            [_field(value, data.choice.for_family and part in details.third_party) for part, value in (
                ("summary", details.summary), ("impact", details.impact), ("action", details.action),
                ("child_voice", voice.strip()))]
        rows.append(row)
        if details.rating == "red" or details.key_event:  # stands out without colour: weight and shade
            style.append(("BACKGROUND", (0, number), (-1, number), colors.Color(0.9, 0.9, 0.9)))
            style.append(("LINEBEFORE", (0, number), (0, number), 2.5, colors.black))
    table = LongTable(rows, colWidths=widths, repeatRows=1, splitInRow=1)  # a long entry continues overleaf
    table.setStyle(TableStyle(style))
    return [table]


def _field(value: str, withheld: bool) -> Paragraph:
    """A cell's text, or the note that it was withheld (the text itself never reaches the file)."""
    if withheld:
        return Paragraph("<i>[withheld: third-party information]</i>", STYLES["cell"])
    return text(value)


def pdf_bytes(data: ReportData, fonts: Path = FONTS) -> tuple[bytes, int]:
    """The document in memory (for a preview, or to write) and its number of pages: case data
    is never put in a temporary file."""
    register_fonts(fonts)
    size = landscape(A4) if data.choice.landscape else portrait(A4)
    buffer = io.BytesIO()
    document = BaseDocTemplate(buffer, pagesize=size, leftMargin=12 * mm, rightMargin=12 * mm,
                               topMargin=20 * mm, bottomMargin=15 * mm, title=data.title, author="",
                               subject="", creator="Chronology", producer="Chronology", keywords="")
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate(data))])
    document.build(_summary(data, document.width) + [PageBreak()] + _table(data, document.width),
                   canvasmaker=_NumberedCanvas)
    return buffer.getvalue(), document.page


def save_pdf(content: bytes, path: Path) -> None:
    """Write a finished document beside its destination, then move it into place: an
    interrupted save never leaves half a file under the chosen name."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".chronology-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_pdf(data: ReportData, path: Path, fonts: Path = FONTS) -> int:
    """Build and save the document; returns the number of pages."""
    content, pages = pdf_bytes(data, fonts)
    save_pdf(content, path)
    return pages
