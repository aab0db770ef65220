"""One QUndoCommand per kind of edit. Undo never erases: it writes the compensating change
(an added event is marked entered in error, an amendment is amended back), so the history
shows every step."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from chronology.model import ChildDetails, EventDetails

from .hub import ChangeHub

if TYPE_CHECKING:  # the store (and sqlite-utils) load after the window is painted
    from chronology.store import Store

UNDO_REASON = "Undone in Chronology"
REDO_REASON = "Redone in Chronology"


class _StoreCommand(QUndoCommand):
    def __init__(self, store: Store, hub: ChangeHub, text: str):
        super().__init__(text)
        self.store, self.hub = store, hub


class AddChildCommand(_StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, details: ChildDetails):
        super().__init__(store, hub, f"add {details.name}")
        self.details = details
        self.child_id: int | None = None

    def redo(self) -> None:
        if self.child_id is None:
            self.child_id, changes = self.store.add_child(self.details)
        else:
            changes = self.store.set_child_in_error(self.child_id, False, REDO_REASON)
        self.hub.announce(changes)

    def undo(self) -> None:
        self.hub.announce(self.store.set_child_in_error(self.child_id, True, UNDO_REASON))


class EditChildCommand(_StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, child_id: int, details: ChildDetails):
        super().__init__(store, hub, f"edit {details.name}")
        self.child_id, self.details = child_id, details
        self.before = store.child(child_id).details

    def redo(self) -> None:
        self.hub.announce(self.store.update_child(self.child_id, self.details, "Profile edited"))

    def undo(self) -> None:
        self.hub.announce(self.store.update_child(self.child_id, self.before, UNDO_REASON))


class AddEventCommand(_StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, details: EventDetails):
        super().__init__(store, hub, "add event")
        self.details = details
        self.event_id: int | None = None

    def redo(self) -> None:
        if self.event_id is None:
            self.event_id, changes = self.store.add_event(self.details)
        else:
            changes = self.store.reinstate_event(self.event_id, REDO_REASON)
        self.hub.announce(changes)

    def undo(self) -> None:
        self.hub.announce(self.store.mark_in_error(self.event_id, UNDO_REASON))


class AmendEventCommand(_StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, event_id: int, details: EventDetails, reason: str):
        super().__init__(store, hub, "amend event")
        self.event_id, self.details, self.reason = event_id, details, reason
        self.before = store.event(event_id).details

    def redo(self) -> None:
        self.hub.announce(self.store.amend_event(self.event_id, self.details, self.reason))

    def undo(self) -> None:
        self.hub.announce(self.store.amend_event(self.event_id, self.before,
                                                 f"{UNDO_REASON}: {self.reason}"))


class MarkInErrorCommand(_StoreCommand):
    def __init__(self, store: Store, hub: ChangeHub, event_id: int, reason: str):
        super().__init__(store, hub, "mark entered in error")
        self.event_id, self.reason = event_id, reason

    def redo(self) -> None:
        self.hub.announce(self.store.mark_in_error(self.event_id, self.reason))

    def undo(self) -> None:
        self.hub.announce(self.store.reinstate_event(self.event_id, UNDO_REASON))
