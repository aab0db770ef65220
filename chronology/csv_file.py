"""A CSV file's bytes read as text, and the problems found in a file, each with its place.

The importer (:mod:`chronology.interchange`) reads through here: which encodings are accepted,
what is refused before a row is read, and the csv module's complaints in a worker's words.
"""
from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass

from .errors import ChronologyError
from .model import CONTROL_CHARACTERS

#: The largest file imported at once (about 200,000 events; what that costs is measured by
#: tests/reliability/huge_import.py): a bigger one is refused before it is read, rather than
#: filling a laptop's memory.
MAX_IMPORT_BYTES = 100 * 1024 * 1024
#: A multi-byte UTF-8 sequence: a file holding these and bytes that are not UTF-8 is damaged
#: UTF-8, not Windows-1252 text (which would read as nonsense).
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
#: What the csv module's complaints mean, in a worker's words.
CSV_ERRORS = (
    ("field larger than field limit", f"a value is longer than {csv.field_size_limit():,} characters, the "
                                      "longest a cell may be (is a closing quotation mark missing, so that the "
                                      "rest of the file reads as one value?)"),
    ("expected after", "a quotation mark inside a quoted value must be doubled (\"\")"),
    ("unexpected end of data", "the file ends inside a quoted value: a closing quotation mark is missing"),
)


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported, and exactly where."""

    line: int
    column: str
    column_number: int | None
    message: str

    def describe(self, source: str = "") -> str:
        """"events.csv, line 3, column 2 (date): …"; without ``source``, "line 3, column 2 (date): …"."""
        parts = [source] if source else []
        if self.line:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column {self.column_number} ({self.column})" if self.column_number else
                         f"column {self.column}")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class ImportRejected(ChronologyError):
    """The file was not imported; nothing was saved. ``problems`` lists every bad row."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.report())

    def said(self) -> str:
        return f"Nothing was imported. {len(self.problems)} problem(s):\n{self.report()}"

    def report(self, limit: int = 200) -> str:
        lines = [p.describe(self.source) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 (with or without a byte-order mark), UTF-16 with
    one, or Windows-1252 (what Excel's plain "CSV" writes on a UK PC). Anything else is refused
    with where the first byte that is not text is."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportRejected(source, [Problem(0, "", None, (
            "this is an Excel workbook (or another packed file), not CSV. In Excel choose Save As, "
            "'CSV UTF-8 (Comma delimited)', and import that file."))])
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or _wide_without_mark(data, 4):
        raise ImportRejected(source, [Problem(0, "", None, (
            "this file is UTF-32 text, which Chronology does not read. Open it and save it as 'CSV UTF-8 "
            "(Comma delimited)', then import that file."))])
    if _wide_without_mark(data, 2):
        raise ImportRejected(source, [Problem(0, "", None, (
            "this file looks like UTF-16 text without the mark that says which kind: Chronology cannot be "
            "sure how to read it. Open it and save it as 'CSV UTF-8 (Comma delimited)', then import that file."))])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise _not_text(source, data, error, "UTF-16") from error
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as error:
        if UTF8_SEQUENCE.search(data):
            raise _not_text(source, data, error, "UTF-8") from error
        try:
            return data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            raise _not_text(source, data, error, "UTF-8 or Windows-1252") from error


def _wide_without_mark(data: bytes, width: int) -> bool:
    """Whether text is in a wide encoding (UTF-16: 2 bytes a character, UTF-32: 4) with no byte-order
    mark: plain letters then have a NUL byte beside them, which no CSV of ours holds."""
    head = data[:4096]
    if len(head) < 4 * width or (head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)) \
            and width == 2):
        return False
    if width == 4:
        return head.count(b"\x00\x00\x00") * 4 >= len(head) // 2
    zeros = head[0::2].count(0) + head[1::2].count(0)
    return zeros * 3 >= len(head) and max(head[0::2].count(0), head[1::2].count(0)) * 4 >= len(head)


def _not_text(source: str, data: bytes, error: UnicodeDecodeError, expected: str) -> ImportRejected:
    line = data[:error.start].count(b"\n") + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    return ImportRejected(source, [Problem(line, "", None, (
        f"byte 0x{data[error.start]:02x} at character {column} is not {expected} text: the file is "
        "damaged or not a CSV file. Save it as 'CSV UTF-8' and import it again."))])


def visible(text: str) -> str:
    """Text with its control characters written out, so that a message shows what is there."""
    return CONTROL_CHARACTERS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def csv_problem(error: csv.Error) -> str:
    for marker, meaning in CSV_ERRORS:
        if marker in str(error):
            return f"the row cannot be read: {meaning}. The rows after it were not checked"
    return f"the row cannot be read ({error}). The rows after it were not checked"
