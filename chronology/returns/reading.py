"""An agency's return read as it is: the rows of a sheet (Excel), a table (Word) or a CSV file,
each with its number as the agency's own file numbers it, cells as they are (an Excel date is a
date, not text). Which row holds the headings is decided in :mod:`.mapping`.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..csv_file import MAX_IMPORT_BYTES, ImportRejected, Problem, csv_problem, decode

#: The formats a return may come in, by the file's suffix.
FORMATS = {".xlsx": "Excel workbook", ".xlsm": "Excel workbook", ".docx": "Word document", ".csv": "CSV file"}
#: The most rows read from one return (the interchange CSV's limit).
MAX_RETURN_ROWS = 200_000


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem in a return: where as the agency would find it — the sheet or table, the row as
    its file numbers it, the column's letter (Excel) or number and its heading."""

    place: str = ""
    row_word: str = "row"
    column_letter: str = ""

    def describe(self, source: str = "") -> str:
        parts = [part for part in (source, self.place) if part]
        if self.line:
            parts.append(f"{self.row_word} {self.line}")
        if self.column:
            where = self.column_letter or (str(self.column_number) if self.column_number else "")
            parts.append(f"column {where} ({self.column})" if where else f"column {self.column}")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class ReturnRejected(ImportRejected):
    """The return was not received; nothing of it was saved. ``problems`` says where each is."""

    def said(self) -> str:
        count = len(self.problems)
        return f"Nothing was received. {count} problem{'' if count == 1 else 's'}:\n{self.report()}"


@dataclass
class Grid:
    """One sheet or table: its rows as (number, cells), and how a place in it is named."""

    place: str                     # "sheet 'Incidents'", "table 2", or "" for a CSV file
    kind: str                      # "sheet", "table" or "file"
    rows: list[tuple[int, list[object]]] = field(default_factory=list)

    @property
    def row_word(self) -> str:
        return "line" if self.kind == "file" else "row"

    def column_name(self, index: int) -> str:
        """Column ``index`` (from 0) as the agency's program shows it: a letter in Excel."""
        return column_letter(index) if self.kind == "sheet" else ""


@dataclass
class ReturnFile:
    """A return's file: its name, bytes' SHA-256 (to know it again), its grids, how its text was read."""

    path: Path
    sha256: str
    grids: list[Grid]
    encoding: str = ""


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: Excel's name for a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def refused(path: Path, message: str, place: str = "") -> ReturnRejected:
    return ReturnRejected(str(path), [CellProblem(0, "", None, message, place=place)])


def read_return(path: Path) -> ReturnFile:
    """The file's grids, or :class:`ReturnRejected` saying why it cannot be read."""
    import hashlib
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in FORMATS:
        raise refused(path, f"a return is read from an Excel workbook (.xlsx), a Word document (.docx) or a CSV "
                            f"file (.csv), not '{path.suffix or 'a file without a suffix'}'. An older Excel or Word "
                            "file (.xls, .doc): open it and save it as .xlsx or .docx, then receive that file.")
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise refused(path, f"the file is {size / 2**20:,.0f} MB; Chronology reads returns of up to "
                                f"{MAX_IMPORT_BYTES // 2**20} MB. Ask the agency for the period in parts.")
        data = path.read_bytes()
    except OSError as error:
        raise refused(path, f"cannot be read: {error.strerror}") from error
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise refused(path, "the file is empty")
    if suffix == ".csv":
        try:
            text, encoding = decode(data, str(path))
        except ImportRejected as error:
            raise ReturnRejected(error.source, error.problems) from None
        return ReturnFile(path, digest, [_csv_grid(path, text)], encoding)
    if not data.startswith(b"PK\x03\x04"):
        raise refused(path, f"this is not a {FORMATS[suffix]} (it does not start as one): was it renamed? An older "
                            "Excel or Word file (.xls, .doc) must be saved as .xlsx or .docx first.")
    try:
        grids = _sheets(data) if suffix in (".xlsx", ".xlsm") else _tables(data)
    except ReturnRejected:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise refused(path, f"this {FORMATS[suffix]} cannot be read (it is damaged, protected with a password, "
                            f"or not really one): {error}. Open it, save it again, and receive that file.") from error
    return ReturnFile(path, digest, grids)


def _csv_grid(path: Path, text: str) -> Grid:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    dialect = ";" if first.count(";") > first.count(",") and first.count(";") > first.count("\t") else \
        "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect, strict=True)
    grid = Grid("", "file")
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ReturnRejected(str(path), [CellProblem(line, "", None, csv_problem(error), row_word="line")]) \
                from error
        grid.rows.append((line, list(cells)))
        line = reader.line_num + 1
        if len(grid.rows) > MAX_RETURN_ROWS + 50:
            break
    return grid


def _sheets(data: bytes) -> list[Grid]:
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        grids = []
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue  # a hidden sheet holds lists for drop-downs, not the return
            sheet.reset_dimensions()  # some exporters write the wrong size: read every row there is
            grid = Grid(f"sheet '{sheet.title}'", "sheet")
            for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                grid.rows.append((number, list(cells)))
                if number > MAX_RETURN_ROWS + 50:
                    break
            grids.append(grid)
        return grids
    finally:
        book.close()


def _tables(data: bytes) -> list[Grid]:
    import docx
    document = docx.Document(io.BytesIO(data))
    grids = []
    for number, table in enumerate(document.tables, start=1):
        grid = Grid(f"table {number}", "table")
        for row_number, row in enumerate(table.rows, start=1):
            cells: list[object] = []
            seen = set()
            for cell in row.cells:  # a merged cell is given once for each column it spans
                key = id(cell._tc)
                cells.append("" if key in seen else cell.text)
                seen.add(key)
            grid.rows.append((row_number, cells))
        grids.append(grid)
    return grids
