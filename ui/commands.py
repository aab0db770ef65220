"""One QUndoCommand per kind of edit. Undo never erases: it writes the compensating change
(an added event is marked entered in error, an amendment is amended back), so the history
shows every step. A write that is refused — by the disk (full, read-only, busy), or by the store
(a reference another child has) — is rolled back whole; the command then records why, makes
itself obsolete (Qt drops it: a refused edit never enters the undo history) and the screen that
pushed it gives the worker's typing back, with the problem beside its field."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from chronology.model import Changes, ChildDetails, EventDetails, ValidationError
from chronology.operations import refusal_in_words

from .hub import ChangeHub

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store

UNDO_REASON = "Undone in Chronology"
REDO_REASON = "Redone in Chronology"


class StoreCommand(QUndoCommand):
    def __init__(self, store: Store, hub: ChangeHub, text: str):
        super().__init__(text)
        self.store, self.hub = store, hub
        self.failure: str | None = None  # why the last write was refused, for the screen to say
        self.failure_field = ""  # the field at fault, when the store refused what was typed

    def redo(self) -> None:
        self._write(self.do)

    def undo(self) -> None:
        self._write(self.undo_write)

    def _write(self, write: Callable[[], Changes]) -> None:
        try:
            changes: Changes = write()
        except ValidationError as error:  # said beside the field by the editor that gets the typing back
            self.failure, self.failure_field = error.message, error.field
            self.setObsolete(True)
            return
        except Exception as error:  # a refusal is said through the hub; a fault is not caught here
            said = refusal_in_words(error, self.store.path)
            if said is None:
                raise
            self.failure = said
            self.setObsolete(True)
            self.hub.refused.emit(self.failure)
            return
        self.failure, self.failure_field = None, ""
        self.hub.announce(changes)

    def do(self) -> Changes:
        """The edit's write (each kind of edit says what it is)."""
        raise NotImplementedError

    def undo_write(self) -> Changes:
        """The compensating write that undoes it."""
        raise NotImplementedError


class AddChildCommand(StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, details: ChildDetails):
        super().__init__(store, hub, f"add {details.name}")
        self.details = details
        self.child_id: int | None = None

    def do(self) -> Changes:
        if self.child_id is None:
            self.child_id, changes = self.store.add_child(self.details)
            return changes
        return self.store.set_child_in_error(self.child_id, False, REDO_REASON)

    def undo_write(self) -> Changes:
        assert self.child_id is not None  # undone only once done
        return self.store.set_child_in_error(self.child_id, True, UNDO_REASON)


class EditChildCommand(StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, child_id: int, details: ChildDetails):
        super().__init__(store, hub, f"edit {details.name}")
        self.child_id, self.details = child_id, details
        self.before = store.child(child_id).details

    def do(self) -> Changes:
        return self.store.update_child(self.child_id, self.details, "Profile edited")

    def undo_write(self) -> Changes:
        return self.store.update_child(self.child_id, self.before, UNDO_REASON)


class AddEventCommand(StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, details: EventDetails):
        super().__init__(store, hub, "add event")
        self.details = details
        self.event_id: int | None = None

    def do(self) -> Changes:
        if self.event_id is None:
            self.event_id, changes = self.store.add_event(self.details)
            return changes
        return self.store.reinstate_event(self.event_id, REDO_REASON)

    def undo_write(self) -> Changes:
        assert self.event_id is not None  # undone only once done
        return self.store.mark_in_error(self.event_id, UNDO_REASON)


class AmendEventCommand(StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, event_id: int, details: EventDetails, reason: str):
        super().__init__(store, hub, "amend event")
        self.event_id, self.details, self.reason = event_id, details, reason
        self.before = store.event(event_id).details

    def do(self) -> Changes:
        return self.store.amend_event(self.event_id, self.details, self.reason)

    def undo_write(self) -> Changes:
        return self.store.amend_event(self.event_id, self.before, f"{UNDO_REASON}: {self.reason}")


class MarkInErrorCommand(StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, event_id: int, reason: str):
        super().__init__(store, hub, "mark entered in error")
        self.event_id, self.reason = event_id, reason

    def do(self) -> Changes:
        return self.store.mark_in_error(self.event_id, self.reason)

    def undo_write(self) -> Changes:
        return self.store.reinstate_event(self.event_id, UNDO_REASON)
