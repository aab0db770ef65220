"""Writing a file a worker asked for, safely: beside its destination first, then moved into place,
so that an interrupted write never leaves half a file under the chosen name — and a folder that
is not there is named, not a temporary file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


class DestinationError(OSError):
    """A file cannot be written where it was asked for; the message names the place."""


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
