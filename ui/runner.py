"""The one runner of operations (``chronology/operations.py``), as Anki's ``CollectionOp``: long
ones on a worker thread with a progress dialog, short ones at once; either way a refusal is said
through the hub's one message path, and what changed is announced through the hub — never by
the screen that asked."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from chronology.operations import Outcome, refusal_in_words

from .jobs import Job, start

if TYPE_CHECKING:
    from chronology.store import Store

    from .hub import ChangeHub

Result = TypeVar("Result")
Progress = Callable[[int, int], None]


class Runner(QObject):
    def __init__(self, hub: ChangeHub, parent: QWidget):
        super().__init__(parent)
        self.hub, self.screen = hub, parent

    def run(self, store: Store, title: str, operation: Callable[[Store, Progress], Outcome],
            then: Callable[[Outcome], None] | None = None,
            refused: Callable[[str], object] | None = None, *, quietly: bool = False) -> Job:
        """Run an operation on a worker thread (its own connection to the caseload), a progress
        dialog titled ``title`` shown if it takes a moment; then announce what changed, say what
        it did, and call ``then``. A refusal goes to ``refused``, or to the hub's message path.
        ``quietly``: no progress dialog (work the worker did not ask for, such as a backup)."""
        def done(outcome: Outcome) -> None:
            self._finish(outcome)
            if then is not None:
                then(outcome)
        return self.query(store, title, operation, done, refused, quietly=quietly)

    def query(self, store: Store, title: str, work: Callable[[Store, Progress], Result],
              then: Callable[[Result], None], refused: Callable[[str], object] | None = None, *,
              quietly: bool = False) -> Job:
        """Read in the background (nothing changes): ``then`` gets what was read."""
        job = Job(store, work)
        progress = None if quietly else QProgressDialog(title, "", 0, 0, self.screen)
        if progress is not None:
            progress.setCancelButton(None)
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(300)

            def advance(done: int, total: int) -> None:
                progress.setMaximum(total)
                progress.setValue(done)
            job.signals.progress.connect(advance)

        def finished(result: Result) -> None:
            if progress is not None:
                progress.close()
            then(result)

        def failed(message: str) -> None:
            if progress is not None:
                progress.close()
            (refused or self.hub.refused.emit)(message)
        job.signals.finished.connect(finished)
        job.signals.failed.connect(failed)
        start(job)
        return job

    def perform(self, store: Store, write: Callable[[], Outcome]) -> Outcome | None:
        """A short operation, at once (a record, an acknowledgement): its outcome, or None after
        saying why it was refused. A fault that is no refusal is not caught here."""
        try:
            outcome = write()
        except Exception as error:
            said = refusal_in_words(error, store.path)
            if said is None:
                raise
            self.hub.refused.emit(said)
            return None
        self._finish(outcome)
        return outcome

    def _finish(self, outcome: Outcome) -> None:
        if outcome.changes.any():
            self.hub.announce(outcome.changes)
        if outcome.said:
            self.hub.said.emit(outcome.said)
