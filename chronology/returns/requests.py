"""Asking an agency for its return: a template for its answer (Excel or Word), the request
recorded with its due date, and every request's standing — requested, received or overdue."""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import audit
from ..dates import format_stamp
from ..files import check_destination, replace_atomically
from ..model import Changes, Child, ValidationError, now_text
from ..vocabulary import CATEGORIES, EVENT_TYPES
from ..workdays import WorkingCalendar
from .mapping import RETURN_FIELDS

MARKING = "OFFICIAL-SENSITIVE"
#: Rows of the Excel template that carry the drop-down lists and the date check.
TEMPLATE_ROWS = 500
INSTRUCTIONS = (
    "One row for each significant event, in date order. A significant event is one that affected the child's "
    "safety or welfare, or tells us about the care they receive: incidents, injuries, attendances, missed "
    "appointments (say the child was not brought), exclusions, disclosures, changes in the household.",
    "Date: the day it happened, as DD/MM/YYYY. If you know only the month or the year, write that "
    "(March 2021, 2021, or c. 03/2021).",
    "What happened: the facts, plainly — who was there, what was seen and heard. Impact on the child: what "
    "it meant for the child. Action taken: what your agency did. The child's words: exactly what the child "
    "said, if anything.",
    "Type of event and concerns: choose from the lists where one fits; otherwise write your own words — "
    "they are kept as written.",
    "Recorded by and Role: who made the record and their role. Agency's reference: your record's number "
    "(an occurrence, incident or NHS number), so that the entry can be traced back to you.",
)


@dataclass(frozen=True)
class Request:
    id: int
    agency: str
    children: tuple[str, ...]        # references
    period_from: date | None
    period_to: date | None
    requested: str                   # when (a stamp)
    requested_by: str
    due: date
    file_name: str
    received: str | None             # when the first return answering it came
    return_file: str | None

    def status(self, today: date) -> str:
        if self.received:
            return "received"
        return "overdue" if today > self.due else "requested"

    def to_json(self, today: date) -> dict:
        return {"id": self.id, "agency": self.agency, "children": list(self.children),
                "period_from": self.period_from.isoformat() if self.period_from else None,
                "period_to": self.period_to.isoformat() if self.period_to else None,
                "requested": self.requested, "requested_by": self.requested_by, "due": self.due.isoformat(),
                "received": self.received, "return_file": self.return_file, "status": self.status(today),
                "template": self.file_name}


def period_text(period_from: date | None, period_to: date | None) -> str:
    if period_from and period_to:
        return f"{period_from:%d/%m/%Y} to {period_to:%d/%m/%Y}"
    if period_from:
        return f"from {period_from:%d/%m/%Y} to the date of this request"
    if period_to:
        return f"up to {period_to:%d/%m/%Y}"
    return "all the information your agency holds"


def _check(agency: str, children: list[Child], period_from: date | None, period_to: date | None, today: date) -> str:
    agency = " ".join(agency.split())
    if not agency:
        raise ValidationError("agency", "Name the agency the return is asked of (Police, Health visiting, School…).")
    if not children:
        raise ValidationError("children", "Choose the children the return is about.")
    if period_from and period_to and period_to < period_from:
        raise ValidationError("to", f"The period ends ({period_to:%d/%m/%Y}) before it starts "
                                    f"({period_from:%d/%m/%Y}).")
    if period_from and period_from > today:
        raise ValidationError("from", f"The period starts {period_from:%d/%m/%Y}, after today: a return is about "
                                      "what has happened.")
    return agency


def request_return(store, children: list[Child], agency: str, path: Path, *, period_from: date | None = None,
                   period_to: date | None = None, calendar: WorkingCalendar, due_working_days: int,
                   today: date | None = None, replace: bool = False) -> tuple[Request, Changes]:
    """Write the template for ``agency`` to ``path`` (.xlsx or .docx) and record the request."""
    today = today or date.today()
    agency = _check(agency, children, period_from, period_to, today)
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in (".xlsx", ".docx"):
        raise ValidationError("out", f"A template is written as an Excel workbook (.xlsx) or a Word document "
                                     f"(.docx), not '{path.suffix or 'a file without a suffix'}'.")
    due = calendar.add_working_days(today, due_working_days)
    write = _excel if suffix == ".xlsx" else _word
    content = write(agency, children, period_from, period_to, due, store.user)
    check_destination(path, store.path, replace=replace)
    replace_atomically(path, content)
    stamp = now_text()
    with store.db.atomic():
        request_id = store.db.execute(
            "INSERT INTO return_requests(agency, children, period_from, period_to, due, file_name, requested_at, "
            "requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [agency, json.dumps(sorted(child.id for child in children)),
             period_from.isoformat() if period_from else None, period_to.isoformat() if period_to else None,
             due.isoformat(), path.name, stamp, store.user]).lastrowid
        audit.append(store.db, stamp, store.user, "requested", "return", request_id,
                     {"return_requests": audit.digests_now(store.db, "return_requests", [str(request_id)])})
    found = next(r for r in requests(store) if r.id == request_id)
    return found, Changes(children=frozenset(child.id for child in children), caseload=True)


def requests(store) -> list[Request]:
    """Every request, oldest first, with the return that answered it; then each return received
    without a request (as a request of its own, with no due date of its own but the day it came)."""
    refs = dict(store.db.execute("SELECT id, ref FROM children").fetchall())
    found = []
    answered: dict[int, tuple[str, str]] = {}
    for request_id, received_at, file_name in store.db.execute(
            "SELECT request_id, received_at, file_name FROM agency_returns WHERE request_id IS NOT NULL ORDER BY id"):
        answered.setdefault(request_id, (received_at, file_name))
    for (request_id, agency, children, period_from, period_to, due, file_name, requested_at,
         requested_by) in store.db.execute(
            "SELECT id, agency, children, period_from, period_to, due, file_name, requested_at, requested_by "
            "FROM return_requests ORDER BY id"):
        received = answered.get(request_id)
        found.append(Request(request_id, agency, tuple(refs.get(i, str(i)) for i in json.loads(children)),
                             date.fromisoformat(period_from) if period_from else None,
                             date.fromisoformat(period_to) if period_to else None, requested_at, requested_by,
                             date.fromisoformat(due), file_name, received[0] if received else None,
                             received[1] if received else None))
    for return_id, agency, children, file_name, received_at, received_by in store.db.execute(
            "SELECT id, agency, children, file_name, received_at, received_by FROM agency_returns "
            "WHERE request_id IS NULL ORDER BY id"):
        day = date.fromisoformat(received_at[:10])
        found.append(Request(-return_id, agency, tuple(refs.get(i, str(i)) for i in json.loads(children)), None,
                             None, "", received_by, day, "", received_at, file_name))
    return found


def describe(request: Request, today: date) -> str:
    """One line for the command line."""
    received = f"received {format_stamp(request.received)}" if request.received else f"due {request.due:%d/%m/%Y}"
    asked = f"requested {format_stamp(request.requested)}" if request.requested else "not requested"
    return (f"{request.agency}\t{', '.join(request.children)}\t{period_text(request.period_from, request.period_to)}"
            f"\t{asked}\t{received}\t{request.status(today)}")


def _child_line(child: Child) -> str:
    born = child.details.dob.strftime("%d/%m/%Y") if child.details.dob else "not known"
    what = "expected" if child.details.dob_is_expected else "born"
    return f"{child.name} ({what} {born}; our reference {child.ref})"


def _excel(agency: str, children: list[Child], period_from: date | None, period_to: date | None, due: date,
           requested_by: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "Return"
    lines: list[tuple[str, Font | None]] = [(MARKING, Font(bold=True, color="B00020", size=12)),
             (f"Information requested from {agency}", Font(bold=True, size=14))]
    lines += [(f"Child: {_child_line(child)}", Font(bold=True)) for child in children]
    lines += [(f"Period: {period_text(period_from, period_to)}", None),
              (f"Please return by {due:%d/%m/%Y} to {requested_by}, children's social care.", None)]
    lines += [(text, Font(italic=True)) for text in INSTRUCTIONS]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        if font:
            cell.font = font
    heading_row = len(lines) + 2
    widths = {"date": 12, "time": 8, "event_type": 30, "summary": 60, "impact": 40, "action": 40, "child_voice": 40,
              "categories": 28, "recorded_by": 20, "role": 20, "source_ref": 18}
    for column, (name, label) in enumerate(RETURN_FIELDS.items(), start=1):
        cell = sheet.cell(row=heading_row, column=column, value=label)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = widths[name]
    first, last = heading_row + 1, heading_row + TEMPLATE_ROWS
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    types = [label for code, label in EVENT_TYPES.items() if code != "agency_information"]
    for row, label in enumerate(types, start=1):
        lists.cell(row=row, column=1, value=label)
    for row, label in enumerate(CATEGORIES.values(), start=1):
        lists.cell(row=row, column=2, value=label)

    def column_of(name: str) -> str:
        return get_column_letter(list(RETURN_FIELDS).index(name) + 1)
    date_check = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)", formula2="TODAY()",
                                allow_blank=True, showErrorMessage=True, errorTitle="Date",
                                error="Type the date as DD/MM/YYYY, on or before today. If you know only the month "
                                      "or year, choose Yes to keep what you typed.", errorStyle="warning")
    type_list = DataValidation(type="list", formula1=f"=Lists!$A$1:$A${len(types)}", allow_blank=True,
                               showErrorMessage=True, errorStyle="information", errorTitle="Type of event",
                               error="Not one of the list: your own words are kept as written.")
    concern_list = DataValidation(type="list", formula1=f"=Lists!$B$1:$B${len(CATEGORIES)}", allow_blank=True,
                                  showErrorMessage=True, errorStyle="information", errorTitle="Concerns",
                                  error="Not one of the list: several may be given, separated by ';'.")
    for check, name in ((date_check, "date"), (type_list, "event_type"), (concern_list, "categories")):
        check.add(f"{column_of(name)}{first}:{column_of(name)}{last}")
        sheet.add_data_validation(check)
    for row in range(first, last + 1):
        sheet[f"{column_of('date')}{row}"].number_format = "dd/mm/yyyy"
        sheet[f"{column_of('time')}{row}"].number_format = "hh:mm"
    sheet.freeze_panes = f"A{first}"
    sheet.page_setup.orientation = "landscape"
    sheet.oddHeader.center.text = MARKING  # type: ignore[union-attr]  # (always made with the sheet)
    sheet.oddFooter.center.text = MARKING  # type: ignore[union-attr]
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _word(agency: str, children: list[Child], period_from: date | None, period_to: date | None, due: date,
          requested_by: str) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    for part in (section.header, section.footer):
        paragraph = part.paragraphs[0]
        paragraph.text = MARKING
        paragraph.runs[0].bold = True
    marking = document.add_paragraph()
    run = marking.add_run(MARKING)
    run.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x20)
    document.add_heading(f"Information requested from {agency}", level=1)
    for child in children:
        document.add_paragraph(f"Child: {_child_line(child)}").runs[0].bold = True
    document.add_paragraph(f"Period: {period_text(period_from, period_to)}")
    document.add_paragraph(f"Please return by {due:%d/%m/%Y} to {requested_by}, children's social care.")
    for text in INSTRUCTIONS:
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("Types of event: " + "; ".join(
        label for code, label in EVENT_TYPES.items() if code != "agency_information") + ".").runs[0].font.size = Pt(8)
    document.add_paragraph("Concerns: " + "; ".join(CATEGORIES.values()) + ".").runs[0].font.size = Pt(8)
    table = document.add_table(rows=1 + 15, cols=len(RETURN_FIELDS))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, RETURN_FIELDS.values(), strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
