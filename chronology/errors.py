"""One family of refusals, for the window and the command line to say the same way.

Every refusal the core makes is a :class:`ChronologyError`: its message is written for the worker
(what, where, what to do), nothing was changed by it, and ``exit_code`` is what the command line
returns for it. The window shows :meth:`ChronologyError.said`; the command line prints it and exits
with the code. Errors with more to say (a bad field, every bad row of a file) live beside what
they describe — :class:`~chronology.model.ValidationError`, :class:`~chronology.dates.DateError`,
:class:`~chronology.csv_file.ImportRejected` — and belong to this family too.
"""
from __future__ import annotations

#: The command line's exit codes (README, "The command line").
SUCCESS, UNEXPECTED, BAD_INPUT, DAMAGED, NOT_SAVED = 0, 1, 2, 3, 4


class ChronologyError(Exception):
    """A refusal in words a worker can act on; nothing was changed by it."""

    exit_code = BAD_INPUT

    def said(self) -> str:
        """The words for the worker."""
        return str(self)


class StoreError(ChronologyError):
    """A caseload that cannot be opened or written, with a message a worker can act on."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the caseload; nothing was changed."""


class DamagedCaseload(StoreError):
    """Part of the file cannot be read back as it was written: it is damaged (or was altered)."""

    exit_code = DAMAGED


class CaseloadInUse(StoreError):
    """Another program (a Chronology window, or a command) is working on this caseload."""

    exit_code = NOT_SAVED


class Tampered(ChronologyError):
    """The audit trail does not verify, or the data does not match it."""

    exit_code = DAMAGED


class DestinationError(ChronologyError, OSError):
    """A file cannot be written where it was asked for; the message names the place."""


class Cancelled(ChronologyError):
    """The person asked a long job to stop; it stopped having written nothing."""

    exit_code = NOT_SAVED
