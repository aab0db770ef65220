"""The open caseload of one store: the caseload beside the chosen child's chronology, and every
edit made to them. The main window creates it once the store is open."""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chronology import operations
from chronology.model import Changes
from chronology.rules import RuleContext
from chronology.rules.model import SettingsError

from .actions import Actions
from .caseload import CaseloadPanel
from .child_editor import ChildEditor
from .chronology_panel import ChronologyPanel
from .commands import (
    AddChildCommand,
    AddEventCommand,
    AmendEventCommand,
    EditChildCommand,
    MarkInErrorCommand,
    StoreCommand,
)
from .event_editor import EventEditor
from .history_dialog import HistoryDialog
from .hub import ChangeHub
from .overview_dialog import OverviewDialog
from .reason_dialog import ReasonDialog
from .rule_settings_dialog import RuleSettingsDialog
from .runner import Runner
from .settings import Settings, documents_folder
from .widgets import widened

if TYPE_CHECKING:
    from chronology.store import Store

#: What an editor gives back (a child's details, an event editor's result), and the command it becomes.
Typed = TypeVar("Typed")
Command = TypeVar("Command", bound=StoreCommand)

WELCOME = ("<h2>This caseload is empty</h2><p>Add the first child, or load the demo caseload: "
           "fictional families whose chronologies show the patterns Chronology makes visible "
           "(repeat referrals, children not brought to appointments, drift, an unborn baby).</p>")


class Workspace(QStackedWidget):
    """A welcome page while the caseload is empty; otherwise caseload and chronology side by side."""

    def __init__(self, store: Store, settings: Settings, actions: Actions, undo_stack: QUndoStack, parent: QWidget):
        super().__init__(parent)
        self.store, self.settings, self.ui_actions = store, settings, actions
        self.hub = ChangeHub(self)
        self.runner = Runner(self.hub, self)
        self.undo_stack = undo_stack
        self.caseload = CaseloadPanel(store)
        self.rules = self._load_rules()
        self.chronology = ChronologyPanel(store, self.rules, settings.get("view/show_in_error"))
        self.splitter = QSplitter()
        self.splitter.addWidget(self.caseload)
        self.splitter.addWidget(self.chronology)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.caseload.setMinimumWidth(widened(self.caseload, 240))
        self.splitter.setSizes([widened(self.caseload, 330), 1036])
        splitter_state = settings.get("window/splitter")
        if splitter_state:
            self.splitter.restoreState(splitter_state)
        self.welcome = self._welcome_page()
        self.addWidget(self.welcome)
        self.addWidget(self.splitter)
        self._connect()
        self.caseload.reload()
        self._show_page()
        self._select_first_child()
        self.update_actions()

    def _welcome_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        text = QLabel(WELCOME, wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(620)
        text.setMinimumHeight(text.heightForWidth(620))  # a centred, wrapped label needs telling
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        for label, action in (("Load the demo caseload", self.ui_actions.load_demo),
                              ("Add a child…", self.ui_actions.new_child)):
            button = QPushButton(label)
            button.setMinimumWidth(260)
            button.clicked.connect(action.trigger)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def _connect(self) -> None:
        a = self.ui_actions
        a.new_child.triggered.connect(self.new_child)
        a.edit_child.triggered.connect(self.edit_child)
        a.new_event.triggered.connect(self.new_event)
        a.amend_event.triggered.connect(self.amend_event)
        a.mark_in_error.triggered.connect(self.mark_in_error)
        a.history.triggered.connect(self.show_history)
        a.find.triggered.connect(lambda: self.chronology.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        a.find_child.triggered.connect(lambda: self.caseload.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        a.import_csv.triggered.connect(self.import_events)
        a.export_csv.triggered.connect(self.export_events)
        a.load_demo.triggered.connect(self.load_demo)
        a.overview.triggered.connect(self.show_overview)
        a.rule_settings.triggered.connect(self.edit_rule_settings)
        a.acknowledge_flag.triggered.connect(self.acknowledge_flag)
        a.write_analysis.triggered.connect(self.write_analysis)
        a.print_pdf.triggered.connect(self.print_chronology)
        a.request_return.triggered.connect(self.request_return)
        a.receive_return.triggered.connect(self.receive_return)
        a.returns_view.triggered.connect(self.show_returns)
        a.same_happening.triggered.connect(self.review_same_happening)
        self.hub.changed.connect(self.on_changes)
        self.hub.refused.connect(lambda message: QMessageBox.critical(self, "Not saved", message))
        self.hub.said.connect(lambda message: self.tell(message, 8000))
        self.caseload.child_selected.connect(self.show_child)
        self.chronology.event_activated.connect(lambda _event_id: self.amend_event())
        self.chronology.table.selectionModel().currentRowChanged.connect(self.update_actions)
        self.chronology.show_in_error.toggled.connect(lambda on: self.settings.set("view/show_in_error", on))

    # -- reacting to changes ------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if changes.caseload:
            self.caseload.reload()
            self._show_page()
            self._select_first_child()
        child = self.chronology.child
        if child is not None and (changes.caseload or set(changes.children) & set(self.chronology.child_ids())):
            if child.id in changes.children:
                still_there = any(entry.id == child.id for _, members in self.caseload.model.groups
                                  for entry in members)
                self.chronology.show_child(self.store.child(child.id) if still_there else None)
            else:
                self.chronology.refresh_options()
                self.chronology.apply_filter()
                self.chronology.refresh_flags(keep_view=True)
        self.update_actions()

    def show_child(self, child_id: int) -> None:
        self.chronology.show_child(self.store.child(child_id))
        self.settings.set("view/last_child", f"{self.store.path}\t{child_id}")
        self.update_actions()

    def _select_first_child(self) -> None:
        """The child last shown on this caseload, or else the first on the list."""
        if self.chronology.child is not None or not self.caseload.model.groups:
            return
        path, _, child = self.settings.get("view/last_child").partition("\t")
        shown = {entry.id for _, members in self.caseload.model.groups for entry in members}
        last = int(child) if path == str(self.store.path) and child.isdigit() else None
        self.caseload.select_child(last if last in shown else self.caseload.model.groups[0][1][0].id)

    def _show_page(self) -> None:
        has_children = self.caseload.model.groups or self.caseload.search.text()
        self.setCurrentWidget(self.splitter if has_children else self.welcome)

    def update_actions(self, *_args) -> None:
        has_child = self.chronology.child is not None
        for action in self.ui_actions.child_actions:
            action.setEnabled(has_child)
        has_event = self.chronology.selected_event() is not None
        for action in self.ui_actions.event_actions:
            action.setEnabled(has_event)

    def tell(self, message: str, milliseconds: int) -> None:
        """A passing word in the window's status bar."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, milliseconds)

    # -- editing ------------------------------------------------------------------------------

    def _edit_until_saved(self, ask: Callable[[Typed | None, str, str], Typed | None],
                          command_for: Callable[[Typed], Command | None]) -> Command | None:
        """Ask for an edit and push it. When it is refused (the disk, or the store: the hub or the
        editor says why, nothing changed, nothing enters the undo history) ask again, with
        everything typed and the problem beside its field, until saved or given up."""
        draft: Typed | None = None
        problem, field = "", ""
        while (typed := ask(draft, problem, field)) is not None:
            command = command_for(typed)
            if command is None:  # nothing was changed
                return None
            self.undo_stack.push(command)
            if command.failure is None:
                return command
            draft, problem, field = typed, command.failure, command.failure_field
        return None

    def new_child(self) -> None:
        command = self._edit_until_saved(
            lambda draft, problem, field: ChildEditor.get_details(
                self.store.families(), parent=self, draft=draft, problem=problem, problem_field=field,
                ref_holder=self.store.ref_holder),
            lambda details: AddChildCommand(self.store, self.hub, details))
        if command is not None and command.child_id is not None:
            self.caseload.select_child(command.child_id)

    def edit_child(self) -> None:
        child = self.chronology.child
        if child is None:
            return
        self._edit_until_saved(
            lambda draft, problem, field: ChildEditor.get_details(
                self.store.families(), child.details, self, draft, problem, field,
                lambda ref: self.store.ref_holder(ref, child.id)),
            lambda details: None if details == child.details
            else EditChildCommand(self.store, self.hub, child.id, details))

    def new_event(self) -> None:
        child = self.chronology.child
        if child is None:
            return
        command = self._edit_until_saved(
            lambda draft, problem, field: EventEditor.get_details(self.store, child, self.chronology.siblings,
                                                                  parent=self, draft=draft, problem=problem,
                                                                  problem_field=field),
            lambda result: AddEventCommand(self.store, self.hub, result.details))
        if command is not None and command.event_id is not None:
            self.chronology.select_event(command.event_id)

    def amend_event(self) -> None:
        event_id, child = self.chronology.selected_event(), self.chronology.child
        if event_id is None or child is None:
            return
        event = self.store.event(event_id)
        if event.in_error:
            self.tell("This entry was marked entered in error; undo that to amend it.", 6000)
            return
        if self._edit_until_saved(
                lambda draft, problem, field: EventEditor.get_details(
                    self.store, child, self.chronology.siblings, event.details, self, draft, problem, field),
                lambda result: AmendEventCommand(self.store, self.hub, event_id, result.details, result.reason)):
            self.chronology.select_event(event_id)

    def mark_in_error(self) -> None:
        event_id = self.chronology.selected_event()
        if event_id is None or self.store.event(event_id).in_error:
            return
        reason = ReasonDialog.get_reason(
            "Mark entered in error", "This withdraws the entry from the chronology. It is not deleted: "
            "it stays in the history with your reason.", self)
        if reason:
            self.undo_stack.push(MarkInErrorCommand(self.store, self.hub, event_id, reason))

    def _load_rules(self) -> RuleContext:
        """The rules' context with the user's thresholds; a stored value the rules refuse (say,
        from an older version) is dropped rather than stopping the app."""
        try:
            return RuleContext.load(self.settings.rule_overrides())
        except SettingsError:
            self.settings.set_rule_overrides({})
            return RuleContext.load()

    def print_chronology(self) -> None:
        child = self.chronology.child
        if child is not None:
            from .export_dialog import ExportDialog  # loads QtPdf only when printing
            saved = ExportDialog.run(self.store, self.settings.produced_by(), child,
                                     bool(self.chronology.siblings), self.rules, self)
            if saved is not None and saved.produced_by != self.settings.produced_by() and \
                    not self.settings.get("user/role"):  # name and role are kept apart, in Settings
                self.settings.set("user/name", saved.produced_by)  # offered next time

    def acknowledge_flag(self) -> None:
        """Record how a flag — or a finding, that is each of its flags not yet acknowledged — was
        considered. A new occurrence later is not covered: it raises the finding again."""
        chosen, flags, child = self.chronology.findings.chosen(), self.chronology.findings.chosen_flags(), \
            self.chronology.child
        if chosen is None or child is None:
            self.tell("Choose a finding or a flag first.", 5000)
            return
        if not flags:
            self.tell("Every occurrence of this finding is acknowledged already.", 5000)
            return
        what = "finding" if len(flags) > 1 or chosen.key != flags[0].key else "flag"
        response = ReasonDialog.get_reason(
            f"Acknowledge {what}", f"{chosen.title}\n\nRecord how this {what} was considered (for example, "
            "'discussed in supervision on 12/03; plan changed'). It stays visible, marked as acknowledged, "
            "with your name and the time" + (f"; this covers its {len(flags)} occurrences so far." if len(flags) > 1
                                             else "."), self, section="findings")
        if response:
            self.runner.perform(self.store, lambda: operations.acknowledge_flags(self.store, child.id, flags, response))

    def write_analysis(self) -> None:
        """The worker's own analysis of the chosen child's chronology, dated; the earlier ones stay."""
        from .analysis_dialog import AnalysisDialog
        child = self.chronology.child
        if child is None:
            return
        written = self.store.analyses(child.id)
        result = AnalysisDialog.write(child.name, written[-1] if written else None, max(len(written) - 1, 0), self)
        if result is not None:
            text, dated = result
            self.runner.perform(self.store, lambda: operations.write_analysis(self.store, child.id, text, dated))

    def edit_rule_settings(self) -> None:
        defaults = RuleContext.load().settings
        overrides = RuleSettingsDialog.edit(defaults, self.rules.settings, self)
        if overrides is not None:
            self.apply_rule_overrides(overrides)

    def apply_rule_overrides(self, overrides: dict[str, int]) -> None:
        """The worker's thresholds kept, and the flags worked out again under them."""
        self.settings.set_rule_overrides(overrides)
        self.rules = self._load_rules()
        self.chronology.rules = self.rules
        self.chronology.refresh_flags()

    def show_overview(self) -> None:
        """Flags for the children the caseload shows (all of them, or those the search found)."""
        entries = [entry for _, members in self.caseload.model.groups for entry in members]
        child_id = OverviewDialog.open_child(self.store, entries, self.rules, self)
        if child_id is not None:
            self.caseload.select_child(child_id)

    def show_history(self) -> None:
        event_id = self.chronology.selected_event()
        if event_id is not None:
            HistoryDialog.show_history(self.store, event_id, self)

    # -- background jobs ----------------------------------------------------------------------

    def load_demo(self) -> None:
        if self.store.child_count():
            QMessageBox.information(self, "Demo caseload", "The demo caseload can only be loaded into an "
                                    "empty database. Start Chronology with --db FILE to try it separately.")
            return
        self.runner.run(self.store, "Writing the demo caseload…", operations.load_demo)

    def import_events(self) -> None:
        """Read and check the file in the background; rows that repeat an entry are offered to the
        worker (leave them out, or import them anyway); then save, in the background too."""
        from chronology.interchange import ImportRejected, PendingImport, read_import

        from .duplicates_dialog import DuplicatesDialog
        from .import_problems_dialog import ImportProblemsDialog
        path, _ = QFileDialog.getOpenFileName(self, "Import events", str(documents_folder()),
                                              "CSV files (*.csv);;All files (*)")
        if not path:
            return

        def read(store: Store, _report) -> PendingImport | ImportRejected:
            try:
                return read_import(store, Path(path))
            except ImportRejected as rejected:  # shown in full, not as an error message
                return rejected

        def save(pending: PendingImport, skip: bool) -> None:
            self.runner.run(self.store, "Importing events…", lambda store, _report: operations.save_import(
                store, pending, skip_duplicates=skip))

        def read_done(result) -> None:
            if isinstance(result, ImportRejected):
                ImportProblemsDialog.show_problems(result, self)
                return
            if not result.duplicates:
                save(result, skip=False)
                return
            choice = DuplicatesDialog.choose(result, self)
            if choice is not None:
                save(result, skip=choice == "skip")
        self.runner.query(self.store, "Reading the file…", read, read_done)

    # -- agencies' returns ----------------------------------------------------------------------

    def request_return(self) -> None:
        """Write a template for an agency's return about the chosen child (and siblings ticked)."""
        from .return_request_dialog import ReturnRequestDialog
        child = self.chronology.child
        if child is None:
            self.tell("Choose a child first: a return is requested about a child.", 5000)
            return
        asked = ReturnRequestDialog.ask(child, self.chronology.siblings, documents_folder(), self)
        if asked is None:
            return
        context = self.rules
        self.runner.run(self.store, "Writing the template…", lambda store, _report: operations.request_return(
            store, asked.child_ids, asked.agency, asked.path, period_from=asked.period_from,
            period_to=asked.period_to, calendar=context.calendar,
            due_working_days=context.settings["return_due_working_days"]),
            refused=lambda said: QMessageBox.warning(self, "Request a return", said))

    def receive_return(self) -> None:
        """Read an agency's return in the background: its columns mapped (asking the worker where
        the headings are not clear), every row checked; then save it whole, and offer the entries
        another agency may also have recorded."""
        from .return_receive_dialog import ReturnReceiveDialog
        child = self.chronology.child
        if child is None:
            self.tell("Choose a child first: a return is received into a child's chronology.", 5000)
            return
        chosen = ReturnReceiveDialog.ask(child, self.chronology.siblings, documents_folder(), self)
        if chosen is not None:
            self._read_return(chosen, None)

    def _read_return(self, chosen, mapping: dict[str, str] | None) -> None:
        from chronology.returns.reading import ReturnRejected
        from chronology.returns.receive import MappingNeeded, read_pending

        from .column_mapping_dialog import ColumnMappingDialog
        from .import_problems_dialog import ImportProblemsDialog

        def read(store: Store, _report):
            try:
                return read_pending(store, chosen.path, chosen.agency, chosen.child_ids, mapping)
            except ReturnRejected as rejected:  # shown in full, or asked about, not as an error message
                return rejected

        def read_done(result) -> None:
            if isinstance(result, MappingNeeded):
                given = ColumnMappingDialog.choose(result, chosen.agency, self.store.agency_mapping(chosen.agency),
                                                   self)
                if given is not None:
                    self._read_return(chosen, given)
                return
            if isinstance(result, ReturnRejected):
                ImportProblemsDialog.show_problems(result, self, verb="received")
                return
            self.runner.run(self.store, "Receiving the return…", lambda store, _report: operations.save_return(
                store, result, mapping), then=saved)

        def saved(outcome) -> None:
            received = outcome.value
            if received.possible_duplicates or received.unrecognised:
                kept = "".join(f"<li>{escape(source.where())}: <i>{escape(words)}</i></li>"
                               for source, words in received.unrecognised[:20])
                intro = f"<b>{escape(outcome.said)}.</b>" + (
                    "<br>Kept in the agency's own words, as information from an agency — amend each to say what "
                    f"kind of event it was:<ul>{kept}</ul>" if kept else "")
                self._review_pairs(received.possible_duplicates, intro)
        self.runner.query(self.store, "Reading the return…", read, read_done)

    def _review_pairs(self, pairs, intro: str = "") -> None:
        from .same_happening_dialog import SameHappeningDialog

        def decide(first: int, second: int, decision: str) -> bool:
            return self.runner.perform(self.store, lambda: operations.decide_same(
                self.store, first, second, decision)) is not None
        SameHappeningDialog.review(pairs, decide, intro, self)

    def review_same_happening(self) -> None:
        child = self.chronology.child
        if child is not None:
            self._review_pairs(self.store.possible_same(child.id))

    def show_returns(self) -> None:
        from .returns_dialog import ReturnsDialog
        ReturnsDialog.show_returns(self.store, self.request_return, self.receive_return, self)

    def export_events(self) -> None:
        child = self.chronology.child
        if child is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export chronology", str(documents_folder() / f"{child.ref}.csv"),
                                              "CSV files (*.csv)")
        if path:
            ids = self.chronology.child_ids()
            # the file dialog asked about replacing a file; never a database, the caseload's or another
            self.runner.run(self.store, "Exporting…", lambda store, _report: operations.export_csv_file(
                store, child.id, ids, Path(path), replace=True), refused=lambda said: QMessageBox.warning(
                    self, "Export", said))

    def save_state(self) -> None:
        """The window is closing: keep the layout, drop any search not yet run."""
        self.caseload.cancel_pending()
        self.chronology.cancel_pending()
        self.settings.set("window/splitter", self.splitter.saveState().data())
