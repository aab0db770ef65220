"""Agencies' files as they really arrive, made for the tests: a police system's Excel export (a
preamble, headings merged over two rows, date-time cells, formatted empty rows below), a health
visiting record as a Word table under an extra heading row, a school's Excel "CSV" in
Windows-1252 with a preamble, and our own template filled in."""
from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import docx
import openpyxl
from openpyxl.styles import Border, Font, Side


def police_xlsx(path: Path, rows: list[tuple] | None = None) -> Path:
    """Columns: Occurrence Date (a date-time cell) | Incident: Type, Time | Details | Officer | Occurrence Number.
    ``rows``: (datetime, type, time, details, officer, number)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "OCC Export"
    sheet["A1"] = "NICHE RMS — Occurrence enquiry export"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:F1")
    sheet["A2"], sheet["B2"] = "Run date:", datetime(2026, 11, 20, 9, 14)
    sheet["A4"], sheet["B4"], sheet["D4"], sheet["E4"], sheet["F4"] = (
        "Occurrence Date", "Incident", "Details", "Officer", "Occurrence Number")
    sheet["B5"], sheet["C5"] = "Type", "Time"
    for merged in ("A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:F5"):
        sheet.merge_cells(merged)
    rows = rows if rows is not None else [
        (datetime(2021, 1, 14, 0, 0), "Domestic Incident", time(22, 10),
         "Officers attended: mother assaulted by partner in front of Ava (4). Partner arrested.", "PC 4471 Jones",
         "OCC-21-0554"),
        (datetime(2021, 3, 2, 16, 5), "Concern for welfare", None,
         "Neighbour reported Ava crying in the garden for an hour; no adult present.", "PC 2210 Patel",
         "OCC-21-1203"),
        (datetime(2021, 6, 19, 1, 30), "Missing Person", None, "Mother reported Ava's brother missing overnight.",
         "PS 77 Khan", 210619),
    ]
    for offset, (when, kind, at, details, officer, number) in enumerate(rows):
        row = 6 + offset
        cell = sheet.cell(row, 1, when)
        if isinstance(when, datetime):
            cell.number_format = "dd/mm/yyyy hh:mm"
        sheet.cell(row, 2, kind)
        if at is not None:
            sheet.cell(row, 3, at).number_format = "hh:mm"
        sheet.cell(row, 4, details)
        sheet.cell(row, 5, officer)
        sheet.cell(row, 6, number)
    thin = Side(style="thin")
    for row in range(6 + len(rows), 6 + len(rows) + 20):  # formatted, empty rows below the data
        for column in range(1, 7):
            sheet.cell(row, column).border = Border(top=thin, bottom=thin, left=thin, right=thin)
    book.save(path)
    return path


def health_docx(path: Path, rows: list[tuple[str, ...]] | None = None) -> Path:
    """A Word document: a paragraph or two, then a table whose first row is a merged title and whose
    second row holds the headings. ``rows``: (date, contact type, details, outcome, practitioner, designation)."""
    document = docx.Document()
    document.add_paragraph("OFFICIAL-SENSITIVE")
    document.add_paragraph("Health visiting service: information for children's social care")
    rows = rows if rows is not None else [
        ("14.01.2021", "New birth visit", "Home visit to Leo and Ava. Home cold; little food in the cupboards.",
         "Referred to early help", "J. Brown", "Health visitor"),
        ("Feb 2021", "DNA", "Leo was not brought to his 8-week check.", "Letter sent", "J. Brown",
         "Health visitor"),
        ("c. 03/2021", "Telephone call", "Mother said she is struggling; partner back in the home.", "", "J. Brown",
         ""),
    ]
    table = document.add_table(rows=2 + len(rows), cols=6)
    title = table.rows[0].cells[0].merge(table.rows[0].cells[5])
    title.text = "Health visiting records: Hughes family"
    for cell, heading in zip(table.rows[1].cells, ("Date of Contact", "Contact Type", "Details of Contact",
                                                  "Outcome", "Practitioner", "Designation"), strict=True):
        cell.text = heading
    for row, values in zip(table.rows[2:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(path)
    return path


def school_csv(path: Path, rows: list[tuple[str, ...]] | None = None) -> Path:
    """Excel's plain "CSV" on a UK PC: Windows-1252, CRLF, a preamble, a blank line, empty rows at the end."""
    rows = rows if rows is not None else [
        ("3rd March 2021", "Persistent absence", "Ava's attendance this term is 81% – letter sent home.",
         "Mrs O'Neill", "DSL"),
        ("15/03/2021 08:50", "Welfare concern", "Ava arrived hungry and in the same clothes as Friday; £2 for "
         "breakfast club paid by school.", "Mrs O'Neill", "DSL"),
    ]
    lines = ["St Mary's Primary — safeguarding log export,,,,", "Exported 20/11/2026,,,,", ",,,,",
             "Date,Type,Details,Staff Member,Role"]
    for values in rows:
        lines.append(",".join('"' + value.replace('"', '""') + '"' for value in values))
    lines += [",,,,", ",,,,"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def fill_template(template: Path, out: Path, rows: list[tuple]) -> Path:
    """Our own template, filled in as an agency would: each row (date, time, type, what happened, impact,
    action, child's words, concerns, recorded by, role, reference), as many as given."""
    if template.suffix == ".xlsx":
        book = openpyxl.load_workbook(template)
        sheet = book["Return"]
        heading = next(cell.row for cell in sheet["A"] if cell.value == "Date")
        for offset, values in enumerate(rows, start=1):
            for column, value in enumerate(values, start=1):
                sheet.cell(heading + offset, column, value)
        book.save(out)
        return out
    document = docx.Document(str(template))
    table = document.tables[-1]
    for offset, values in enumerate(rows, start=1):
        cells = table.rows[offset].cells if offset < len(table.rows) else table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    document.save(out)
    return out
