"""The one runner: an operation runs off the screen's thread, what changed is announced through
the hub, what it did is said, and a refusal goes by the one message path — never a traceback."""
import pytest
from PySide6.QtWidgets import QProgressDialog, QWidget

from chronology.errors import ChronologyError
from chronology.model import Changes
from chronology.operations import Outcome
from ui.hub import ChangeHub
from ui.runner import Runner


@pytest.fixture
def runner(qtbot):
    screen = QWidget()
    qtbot.addWidget(screen)
    hub = ChangeHub(screen)
    return Runner(hub, screen)


def test_an_operation_announces_what_changed_and_says_what_it_did(qtbot, runner, store):
    changed, said, then = [], [], []
    runner.hub.changed.connect(changed.append)
    runner.hub.said.connect(said.append)

    def operation(own, report):
        report(1, 2)
        assert own is not store  # its own connection, on the worker thread
        return Outcome(Changes(caseload=True), "Done.", 42)
    runner.run(store, "Working…", operation, then=lambda outcome: then.append(outcome.value))
    qtbot.waitUntil(lambda: bool(then), timeout=10_000)
    assert changed == [Changes(caseload=True)] and said == ["Done."] and then == [42]


def test_an_operation_that_changes_nothing_announces_nothing(qtbot, runner, store):
    changed, said = [], []
    runner.hub.changed.connect(changed.append)
    runner.hub.said.connect(said.append)
    runner.run(store, "Working…", lambda own, report: Outcome(said="Exported."))
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert changed == []


def test_a_refusal_goes_by_the_one_message_path_or_where_the_caller_says(qtbot, runner, store):
    refused, told = [], []
    runner.hub.refused.connect(refused.append)

    def refusing(own, report):
        raise ChronologyError("The folder X does not exist.")
    runner.run(store, "Working…", refusing)
    qtbot.waitUntil(lambda: bool(refused), timeout=10_000)
    assert refused == ["The folder X does not exist."]
    runner.run(store, "Working…", refusing, refused=told.append)
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told == ["The folder X does not exist."] and len(refused) == 1


def test_a_fault_is_named_by_its_kind_never_by_its_message(qtbot, runner, store):
    refused = []
    runner.hub.refused.connect(refused.append)

    def faulty(own, report):
        raise KeyError("Ava Hughes, born 14/03/2017")  # a message can quote a record
    runner.run(store, "Working…", faulty)
    qtbot.waitUntil(lambda: bool(refused), timeout=10_000)
    assert "KeyError" in refused[0] and "Ava" not in refused[0] and "nothing of it was saved" in refused[0]


def test_work_the_worker_did_not_ask_for_runs_without_a_progress_dialog(qtbot, runner, store):
    said = []
    runner.hub.said.connect(said.append)
    runner.run(store, "Backing up…", lambda own, report: Outcome(said="Backed up."), quietly=True)
    assert not runner.screen.findChildren(QProgressDialog)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)


def test_a_short_operation_at_once(runner, store):
    refused = []
    runner.hub.refused.connect(refused.append)
    assert runner.perform(store, lambda: Outcome(said="Recorded.")).said == "Recorded."

    def refusing():
        raise ChronologyError("Not today.")
    assert runner.perform(store, refusing) is None and refused == ["Not today."]
    with pytest.raises(KeyError):  # a fault in the program is not dressed up as a refusal
        runner.perform(store, lambda: {}["missing"])
