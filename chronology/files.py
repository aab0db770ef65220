"""Writing a file a worker asked for, safely: beside its destination first, then moved into place,
so that an interrupted write never leaves half a file under the chosen name — and a folder that
is not there is named, not a temporary file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .errors import DestinationError


def replace_atomically(path: Path, content: bytes | Callable[[IO[bytes]], None]) -> None:
    """Write ``content`` (bytes, or a function that writes to the open file) to ``path``."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise DestinationError(f"The folder {folder} does not exist: choose a folder that does, or make it first.")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".chronology-", suffix=path.suffix)
    except OSError as error:
        raise DestinationError(f"Chronology cannot write in the folder {folder}: {error.strerror}.") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            content(stream) if callable(content) else stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: The files that belong with a caseload: its journal and its lock.
COMPANIONS = ("-wal", "-shm", "-journal", ".in-use")
#: Windows' device names, which are devices in every folder (NUL, CON, COM1…).
_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
_TEXT_OR_DOCUMENT = (b"%PDF", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _same(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or (first.exists() and second.exists() and first.samefile(second))
    except OSError:
        return False


def looks_like_database(path: Path) -> bool:
    """Whether an existing file is a database: SQLite's own, or one encrypted as a caseload is —
    pages of what looks like noise, in whole pages, with none of a document's or text's marks."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if head.startswith(b"SQLite format 3\x00"):
        return True
    if size < 1024 or size % 512 or head.startswith(_TEXT_OR_DOCUMENT):
        return False
    printable = sum(32 <= byte < 127 or byte in (9, 10, 13) for byte in head)
    return printable < len(head) * 0.6 and len(set(head)) > 200


def check_destination(path: Path, caseload: Path | None = None, *, replace: bool = False) -> Path:
    """Refuse to write a worker's file (an export, a printed chronology) where it would destroy
    something: the open caseload or a file that belongs with it, any database (another caseload,
    a backup), a folder or a device — and, unless ``replace`` (the worker said so), any file
    already there. Returns the path, or raises :class:`DestinationError` saying why and what to do."""
    path = Path(path)
    if path.name.split(".")[0].casefold() in _DEVICES or (path.exists() and not path.is_file()
                                                          and not path.is_dir()):
        raise DestinationError(f"{path} is a device, not a file: choose a file name in a folder.")
    if path.is_dir():
        raise DestinationError(f"{path} is a folder: give the name of the file to write in it.")
    if caseload is not None:
        caseload = Path(caseload)
        for belongs in (caseload, *(caseload.with_name(caseload.name + suffix) for suffix in COMPANIONS)):
            if _same(path, belongs):
                raise DestinationError(f"{path} is the caseload itself, or a file that belongs with it: writing "
                                       "there would destroy it. Choose another name.")
    if path.exists():
        if looks_like_database(path):
            raise DestinationError(f"{path} is a database (a caseload or a backup): Chronology will not write over "
                                   "it. Choose another name.")
        if not replace:
            raise DestinationError(f"{path} exists already: choose another name, or say to replace it "
                                   "(--force).")
    return path
