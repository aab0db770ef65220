"""The main window: a frame (menus, toolbar, status) painted at once, then the workspace of the
opened store inside it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .actions import Actions
from .settings import Settings

# Qt classes the frame does not need are imported where they are used: the first use of each
# builds its Python enums, and the frame is painted before any of that.
if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent

    from chronology.caseload_lock import CaseloadLock
    from chronology.store import Store

    from .workspace import Workspace


def _centred(widget: QWidget) -> QWidget:
    """Centre a widget with stretches (touching no Qt enum: the frame is built before they load)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    page = QWidget()
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(1)
    return page


class MainWindow(QMainWindow):
    """Built in two steps, so that the window is on screen at once: the frame first, then
    :meth:`attach` with the opened store fills it (and loads what that needs)."""

    #: Emitted once, when the frame has first been painted.
    painted = Signal()

    def __init__(self, settings: Settings):
        super().__init__()
        self.settings = settings
        self.store: Store | None = None
        self.workspace: Workspace | None = None
        #: What the lock puts away, to give back on unlocking: the title and the undo/redo words.
        self._put_away_title = ""
        self._put_away_words: dict[QAction, tuple[str, str, str]] = {}
        self.caseload_lock: CaseloadLock | None = None  # this window's claim on its caseload
        self.where: QLabel | None = None  # the status bar's note of who works on which caseload
        self._lock_armed = False
        self._painted = False
        self.undo_stack = QUndoStack(self)
        self.ui_actions = Actions(self, self.undo_stack)
        self.setWindowTitle("Chronology")
        self.pages = QStackedWidget()
        self.pages.addWidget(_centred(QLabel("Opening the caseload…")))
        self.setCentralWidget(self.pages)
        self._menus_and_toolbar()
        self.ui_actions.quit.triggered.connect(self.close)
        self.ui_actions.about.triggered.connect(self.about)
        self.ui_actions.user_guide.triggered.connect(self.open_guide)
        self.ui_actions.shortcuts.triggered.connect(self.show_shortcuts)
        self.ui_actions.back_up_now.triggered.connect(lambda: self._back_up(self.attached(), now=True))
        self.ui_actions.new_caseload.triggered.connect(self.new_caseload)
        self.ui_actions.preferences.triggered.connect(self.edit_settings)
        self.ui_actions.open_caseload.triggered.connect(self.open_caseload)
        self.ui_actions.restore_backup.triggered.connect(self.restore_backup)
        for action in self.ui_actions.store_actions:
            action.setEnabled(False)
        geometry = settings.get("window/geometry")
        if geometry:
            self.restoreGeometry(geometry)

    def attach(self, store: Store) -> Workspace:
        """Show the caseload of an opened store."""
        from .workspace import Workspace
        self.store = store
        read_only = " (read-only)" if store.read_only else ""
        self.setWindowTitle(f"Chronology — {store.path.name if store.path else ''}{read_only}")
        for action in self.ui_actions.store_actions:
            action.setEnabled(True)
        self.undo_stack.clear()
        self.workspace = Workspace(store, self.settings, self.ui_actions, self.undo_stack, self)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self._arm_lock(store)
        self._back_up(store)
        self.where = QLabel(f"{self.settings.user_name()} · {store.path}{read_only}")
        if store.path is not None:
            self.settings.remember_caseload(store.path)
        self.statusBar().addPermanentWidget(self.where)
        return self.workspace

    def _menus_and_toolbar(self) -> None:
        a = self.ui_actions
        menus = (("&File", (a.new_caseload, a.open_caseload, "recent", None, a.print_pdf, None, a.import_csv,
                            a.export_csv, None, a.request_return, a.receive_return, None, a.load_demo, None,
                            a.back_up_now, a.restore_backup, None, a.lock, a.lock_after, a.change_passphrase, None,
                            a.preferences, None, a.quit)),
                 ("&Edit", (a.undo, a.redo, None, a.new_child, a.edit_child, None, a.new_event,
                            a.amend_event, a.mark_in_error, a.history)),
                 ("&View", (a.find_child, a.find, None, a.overview, a.returns_view, None, a.write_analysis,
                            a.acknowledge_flag, a.same_happening, a.rule_settings)),
                 ("&Help", (a.user_guide, a.shortcuts, None, a.about)))
        for title, items in menus:
            menu = self.menuBar().addMenu(title)
            for action in items:
                if action == "recent":
                    self.recent_menu = menu.addMenu("Open &recent")
                    self.recent_menu.aboutToShow.connect(self._fill_recent)
                elif action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)
        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for action in (a.new_child, a.edit_child, None, a.new_event, a.amend_event, a.mark_in_error,
                       a.history, None, a.undo, a.redo):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _back_up(self, store: Store, now: bool = False) -> None:
        """Back the caseload up in the background when the newest backup is old enough (or now)."""
        from chronology import operations
        from chronology.backup import backup_due

        from .settings import backup_folder
        if store.path is None:
            return
        folder = backup_folder(self.settings, store.path)
        if not now and not backup_due(folder, self.settings.get("backup/hours")):
            return
        if self.workspace is not None:
            keep = self.settings.get("backup/keep")
            self.workspace.runner.run(store, "Backing up…", lambda own, _report: operations.back_up(own, folder, keep),
                                      refused=self._backup_failed, quietly=True)

    def _backup_failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.warning(self, "Backup", f"The automatic backup failed: {message}")

    def _arm_lock(self, store: Store) -> None:
        """Locking needs the passphrase to unlock: an unencrypted caseload from before cannot lock."""
        from .lock import IdleWatch, LockPage
        for action in (self.ui_actions.lock, self.ui_actions.lock_after, self.ui_actions.change_passphrase):
            action.setEnabled(store.passphrase is not None)
        if store.passphrase is None:
            return
        if not self._lock_armed:  # once per window: a caseload reopened (after a restore) uses them again
            self._lock_armed = True
            self.lock_page = LockPage()
            self.pages.addWidget(self.lock_page)
            self.lock_page.unlocked.connect(self.unlock)
            self.ui_actions.lock.triggered.connect(self.lock_now)
            self.ui_actions.change_passphrase.triggered.connect(self.change_passphrase)
            self.ui_actions.lock_after.triggered.connect(self.choose_lock_minutes)
            self.idle = IdleWatch(self.settings.get("security/lock_minutes"), self)
            self.idle.idle.connect(self.lock_now)
            QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]  # (made before any window)
        self.idle.timer.start()

    def attached(self) -> Store:
        """The caseload open in the window (what needs one is disabled while none is)."""
        if self.store is None:
            raise RuntimeError("no caseload is open in this window")
        return self.store

    def change_passphrase(self) -> None:
        """Re-encrypt under a new passphrase, then back up at once: older backups keep the old one."""
        from PySide6.QtWidgets import QMessageBox

        from chronology import operations

        from .change_passphrase_dialog import ChangePassphraseDialog
        store = self.attached()
        if store.passphrase is None:  # a plain caseload is encrypted when it is opened: never here
            return
        new = ChangePassphraseDialog.get_new_passphrase(store.passphrase, self)
        if new is None:
            return
        try:
            operations.change_passphrase(store, new)
        except Exception as error:
            said = operations.refusal_in_words(error, store.path)
            if said is None:
                raise
            QMessageBox.warning(self, "Passphrase not changed", f"The passphrase was not changed: {said}")
            return
        self.statusBar().showMessage("Passphrase changed. Making a backup with the new passphrase…", 6000)
        self._back_up(store, now=True)

    def detach(self) -> Store:
        """Put the open caseload away (its screens closed, its connection closed; the window keeps
        its claim on the file), and return it, to be reopened."""
        from .jobs import wait_for_jobs
        store = self.attached()
        wait_for_jobs()  # no job may still be reading it
        if self.workspace is not None:
            self.workspace.save_state()
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.where is not None:
            self.statusBar().removeWidget(self.where)
            self.where = None
        if self._lock_armed:
            self.idle.timer.stop()
        for action in self.ui_actions.store_actions:
            action.setEnabled(False)
        self.undo_stack.clear()
        store.close()
        self.store = None
        return store

    def edit_settings(self) -> None:
        """The one Settings dialog; what is chosen applies at once (the name to changes from now on)."""
        from chronology.rules import RuleContext

        from .settings_dialog import SettingsDialog
        workspace = self.workspace
        current = workspace.rules.settings if workspace is not None else RuleContext.load().settings
        chosen = SettingsDialog.edit(self.settings, RuleContext.load().settings, current, self)
        if chosen is None:
            return
        for key, value in (("user/name", chosen.name), ("user/role", chosen.role),
                           ("security/lock_minutes", chosen.lock_minutes), ("backup/folder", chosen.backup_folder),
                           ("backup/keep", chosen.backups_kept), ("backup/hours", chosen.backup_hours)):
            self.settings.set(key, value)
        if self._lock_armed:
            self.idle.set_minutes(chosen.lock_minutes)
        if self.store is not None:
            self.store.user = self.settings.user_name()  # changes from now on are made under it
            if self.where is not None:
                self.where.setText(f"{self.store.user} · {self.store.path}")
        if workspace is not None:
            workspace.apply_rule_overrides(chosen.rule_overrides)
        self.statusBar().showMessage("Settings saved.", 5000)

    def _fill_recent(self) -> None:
        """File → Open recent: the caseloads opened lately, newest first (the open one left out)."""
        from pathlib import Path
        self.recent_menu.clear()
        current = str(self.store.path) if self.store is not None and self.store.path else None
        for number, text in enumerate((p for p in self.settings.recent_caseloads() if p != current), start=1):
            action = self.recent_menu.addAction(f"&{number} {text}")
            action.triggered.connect(lambda _=False, path=Path(text): self.switch_caseload(path, creating=False))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No other caseload opened yet").setEnabled(False)

    def new_caseload(self) -> None:
        """A new, empty caseload in a file the worker names; it is encrypted with a new passphrase."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from .settings import documents_folder
        chosen, _ = QFileDialog.getSaveFileName(self, "New caseload", str(documents_folder() / "caseload.db"),
                                                "Chronology caseloads (*.db)")
        if not chosen:
            return
        path = Path(chosen) if Path(chosen).suffix else Path(chosen + ".db")
        if path.exists() and path.stat().st_size > 0:
            QMessageBox.warning(self, "New caseload", f"{path} is there already: a new caseload is never made over "
                                "a file. Choose another name (to open it, use File → Open caseload…).")
            return
        self.switch_caseload(path, creating=True)

    def open_caseload(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from .settings import documents_folder
        chosen, _ = QFileDialog.getOpenFileName(self, "Open caseload", str(documents_folder()),
                                                "Chronology caseloads (*.db);;All files (*)")
        if chosen:
            self.switch_caseload(Path(chosen), creating=False)

    def switch_caseload(self, path: Path, creating: bool) -> None:
        """Close the caseload open now and open ``path`` (made new when ``creating``); if it does not
        open — the passphrase asked for is cancelled, the file is not a caseload — the caseload
        that was open is opened again, as it was."""
        from .app import open_store
        previous = None
        if self.store is not None:
            if self.store.path is not None and path.resolve() == self.store.path.resolve():
                self.statusBar().showMessage(f"{path} is the caseload open now.", 6000)
                return
            previous = self.detach()
            if self.caseload_lock is not None:
                self.caseload_lock.release()
                self.caseload_lock = None
        if open_store(self, path, self.settings.user_name(), new_allowed=creating) is not None and previous:
            self._reopen(previous)

    def _reopen(self, previous: Store) -> None:
        from chronology.caseload_lock import CaseloadLock
        from chronology.store import Store
        if previous.path is None:
            return
        self.caseload_lock = CaseloadLock(previous.path).acquire()
        self.attach(Store.open(previous.path, previous.user, previous.passphrase))
        self.statusBar().showMessage(f"Still on {previous.path.name}: the other caseload was not opened.", 8000)

    def restore_backup(self) -> None:
        """Go back to a backup chosen from the caseload's backups: checked first (with the caseload's
        passphrase, or the backup's own if it was made before a change), then put in place, the file
        it replaces kept beside it; the caseload is then reopened. A backup that does not pass
        changes nothing, and the caseload is reopened as it was."""
        from PySide6.QtWidgets import QMessageBox

        from chronology.backup import restore
        from chronology.errors import StoreError, WrongPassphrase
        from chronology.store import Store

        from .passphrase_dialog import PassphraseDialog
        from .restore_dialog import RestoreDialog, backups_in
        from .settings import backup_folder
        store = self.attached()
        if store.path is None:
            return
        folder = backup_folder(self.settings, store.path)
        chosen = RestoreDialog.choose(backups_in(folder), folder, self)
        if chosen is None:
            return
        if chosen.resolve() == store.path.resolve():
            QMessageBox.warning(self, "Restore", f"{chosen} is the caseload itself: choose a backup of it.")
            return
        path, user, passphrase = store.path, store.user, store.passphrase
        self.detach()
        said, problem = "", ""
        try:
            while True:
                try:
                    kept = restore(chosen, path, passphrase)
                    said = f"Restored from {chosen.name}" + (f"; the caseload it replaced is kept as {kept.name}"
                                                             if kept else "")
                    break
                except WrongPassphrase:  # a backup from before a change of passphrase
                    asked = PassphraseDialog.get_passphrase(
                        False, problem or "This backup was made with another passphrase: type the passphrase it "
                        "was made with.", self)
                    if asked is None:
                        break
                    passphrase, problem = asked, "That is not the backup's passphrase either."
        except Exception as error:  # whatever went wrong, the caseload is reopened as it was
            from chronology.operations import refusal_in_words
            reason = refusal_in_words(error, path) or str(error) if isinstance(error, (StoreError, OSError)) else \
                f"{error.__class__.__name__}: {error}"
            QMessageBox.warning(self, "Not restored", f"The backup was not restored, and the caseload is as it was: "
                                f"{reason}")
            said, passphrase = "", store.passphrase
        if not said:
            passphrase = store.passphrase
        self.attach(Store.open(path, user, passphrase))
        self.statusBar().showMessage(said or "Nothing was restored: the caseload is as it was.", 10_000)

    def choose_lock_minutes(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from .lock import MAX_LOCK_MINUTES
        minutes, chosen = QInputDialog.getInt(
            self, "Lock after", "Lock Chronology after this many minutes without use (1 to 30):",
            self.settings.get("security/lock_minutes"), 1, MAX_LOCK_MINUTES)
        if chosen:
            self.settings.set("security/lock_minutes", minutes)
            self.idle.set_minutes(minutes)
            self.statusBar().showMessage(f"Chronology will lock after {minutes} minutes without use.", 6000)

    def lock_now(self) -> None:
        """Nothing about any child stays on screen: dialogs, menus and tips closed, every action
        disabled, and the words that can name a child — the undo and redo texts, the window's
        title, the status bar — put away until the passphrase is typed."""
        from PySide6.QtWidgets import QDialog, QMenu, QToolTip
        if self.pages.currentWidget() is self.lock_page:
            return
        for dialog in self.findChildren(QDialog):
            dialog.reject()
        for menu in self.findChildren(QMenu):
            menu.close()
        QToolTip.hideText()
        for action in (*self.ui_actions.store_actions, self.ui_actions.undo, self.ui_actions.redo):
            action.setEnabled(False)
        self._put_away_title = self.windowTitle()
        self._put_away_words = {action: (action.text(), action.toolTip(), action.statusTip())
                                for action in (self.ui_actions.undo, self.ui_actions.redo)}
        self.ui_actions.undo.setText("&Undo")
        self.ui_actions.redo.setText("&Redo")
        for action in (self.ui_actions.undo, self.ui_actions.redo):
            action.setToolTip(action.text().replace("&", ""))
            action.setStatusTip("")
        self.setWindowTitle("Chronology — locked")
        self.statusBar().clearMessage()
        if self.where is not None:
            self.where.hide()
        self.lock_page.lock(self.attached().passphrase)
        self.pages.setCurrentWidget(self.lock_page)
        self.idle.timer.stop()

    def unlock(self) -> None:
        for action in self.ui_actions.store_actions:
            action.setEnabled(True)
        for action, (text, tip, status) in self._put_away_words.items():
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(status)
        self.setWindowTitle(self._put_away_title)
        if self.where is not None:
            self.where.show()
        if self.workspace is not None:
            self.pages.setCurrentWidget(self.workspace)
            self.workspace.update_actions()
        self.ui_actions.undo.setEnabled(self.undo_stack.canUndo())
        self.ui_actions.redo.setEnabled(self.undo_stack.canRedo())
        self.idle.timer.start()

    def open_guide(self) -> None:
        from .user_guide_dialog import UserGuideDialog
        UserGuideDialog.show_section(None, self)

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog
        ShortcutsDialog.show_shortcuts(self.ui_actions, self)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from chronology import __version__
        QMessageBox.about(self, "About Chronology", f"<b>Chronology</b> {__version__}<p>Children's case chronologies "
                          "that make cumulative neglect and drift impossible to miss.</p><p>Everything stays "
                          "on this computer; nothing is ever sent anywhere.</p>")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set("window/geometry", self.saveGeometry().data())
        if self.workspace is not None:
            self.workspace.save_state()
        super().closeEvent(event)
