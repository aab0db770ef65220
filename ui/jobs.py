"""Long jobs (the demo caseload, imports, exports) run off the GUI thread. Each opens its own
connection to the database file: SQLite connections are not shared between threads."""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from chronology.errors import Cancelled

if TYPE_CHECKING:
    from chronology.store import Store


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    stopped = Signal()  # asked to stop (:meth:`Job.cancel`), it stopped having finished nothing


class Job(QRunnable):
    """Runs ``work(store, report_progress)`` on a pool thread against its own Store. Work that
    reports its progress can be stopped: after :meth:`cancel`, its next report raises
    :class:`Cancelled`."""

    def __init__(self, store: Store, work: Callable[[Store, Callable[[int, int], None]], object]):
        super().__init__()
        if store.path is None:
            raise ValueError("a job opens the caseload again from its file: this store has none")
        self.path: Path = store.path
        self.user, self.passphrase, self.work = store.user, store.passphrase, work
        self.signals = JobSignals()
        self._cancelled = threading.Event()
        # Python owns the job, not the pool: a pool deleting it under a live Python reference
        # would crash the app. ``start`` keeps it alive until it has reported.
        self.setAutoDelete(False)

    def run(self) -> None:
        from chronology.store import Store
        store = None
        try:
            store = Store.open(self.path, self.user, self.passphrase)
            result = self.work(store, self._report)
        except Cancelled:
            self.signals.stopped.emit()
        except Exception as error:  # reported to the worker in words, never as a traceback
            self.signals.failed.emit(_describe(error, self.path))
        else:
            self.signals.finished.emit(result)
        finally:
            if store is not None:
                store.close()

    def _report(self, done: int, total: int) -> None:
        if self._cancelled.is_set():
            raise Cancelled
        self.signals.progress.emit(done, total)

    def cancel(self) -> None:
        """Ask the work to stop at its next report of progress (from the GUI thread)."""
        self._cancelled.set()


def _describe(error: Exception, path: Path) -> str:
    """A refusal in the core's own words; anything else named by its kind (the program's fault,
    never the worker's), without the message, which can quote a record."""
    from chronology.operations import refusal_in_words
    return refusal_in_words(error, path) or (
        f"Chronology met a problem it did not expect ({type(error).__name__}); what it was doing was not finished "
        "and nothing of it was saved.")


_running: set[Job] = set()


def start(job: Job) -> None:
    """Run a job on the pool, holding it until it has finished or failed."""
    _running.add(job)
    job.signals.finished.connect(lambda _result: _running.discard(job))
    job.signals.failed.connect(lambda _message: _running.discard(job))
    job.signals.stopped.connect(lambda: _running.discard(job))
    QThreadPool.globalInstance().start(job)


def wait_for_jobs(milliseconds: int = 30_000) -> bool:
    """Let running jobs finish (the app is closing): a write is never cut off half-way."""
    return QThreadPool.globalInstance().waitForDone(milliseconds)
