"""The one hub through which every change is announced; each screen decides what to refresh."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from chronology.model import Changes


class ChangeHub(QObject):
    """Carries the :class:`Changes` each write returns to every screen that listens."""

    changed = Signal(object)
    #: The whole database was replaced (opened another file, or a background job rewrote it).
    reset = Signal()
    #: A write the disk refused (full, read-only, busy), with what to do: nothing was changed.
    refused = Signal(str)
    #: What a finished operation tells the worker in passing (the status bar).
    said = Signal(str)

    def announce(self, changes: Changes) -> None:
        self.changed.emit(changes)
