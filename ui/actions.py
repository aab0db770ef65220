"""Every action of the app, created in one place with its shortcut, so menus, toolbar and
tests share them."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

StandardKey = QKeySequence.StandardKey


class Actions:
    def __init__(self, parent: QWidget, undo_stack: QUndoStack):
        def make(text: str, shortcut=None, tip: str = "") -> QAction:
            action = QAction(text, parent)
            if shortcut is not None:
                action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
            action.setStatusTip(tip)
            name = text.replace("&", "").rstrip("…")
            keys = f" ({action.shortcut().toString()})" if shortcut is not None else ""
            action.setToolTip(f"{name}{keys}\n{tip}" if tip else f"{name}{keys}")
            parent.addAction(action)
            return action

        self.new_child = make("New &child…", "Ctrl+Shift+N", "Add a child to the caseload")
        self.edit_child = make("Edit child's &profile…", "Ctrl+Shift+P", "Correct or complete the child's details")
        self.new_event = make("&New event…", "Ctrl+N", "Record a significant event")
        self.amend_event = make("&Amend event…", "Ctrl+E", "Correct the chosen event; the original is kept")
        self.mark_in_error = make("Mark entered in &error…", "Delete",
                                  "Withdraw the chosen event; it stays in the history with the reason")
        self.history = make("&History of event…", "Ctrl+H", "Every version of the chosen event")
        # Undo and redo come from the window's undo stack, which keeps their text and state current.
        self.undo = undo_stack.createUndoAction(parent, "&Undo")
        self.undo.setShortcuts(QKeySequence.keyBindings(StandardKey.Undo))
        self.redo = undo_stack.createRedoAction(parent, "&Redo")
        self.redo.setShortcuts(QKeySequence.keyBindings(StandardKey.Redo) + [QKeySequence("Ctrl+Y")])
        for action in (self.undo, self.redo):
            parent.addAction(action)
        self.find = make("&Find in chronology", "Ctrl+F", "Search the text of the entries")
        self.find_child = make("Find a c&hild", "Ctrl+K", "Search the caseload")
        self.overview = make("Caseload &overview…", "Ctrl+Shift+O",
                             "Flags by severity for every child on the caseload: where to look first")
        self.acknowledge_flag = make("Ac&knowledge flag…", "Ctrl+Shift+K",
                                     "Record how the chosen flag was considered; it stays visible, marked")
        self.write_analysis = make("Write the &analysis…", "Ctrl+Shift+A",
                                   "Write and date your analysis of the child's chronology; earlier ones are kept")
        self.rule_settings = make("&Rule settings…", None, "Change the thresholds the flags use")
        self.preferences = make("&Settings…", QKeySequence.keyBindings(StandardKey.Preferences) or
                                [QKeySequence("Ctrl+,")],
                                "Your name and role on paper, the idle lock, backups and the rules' thresholds")
        self.import_csv = make("&Import events from CSV…", "Ctrl+I",
                               "Add events from a Chronology CSV file: the whole file or nothing")
        self.export_csv = make("&Export chronology as CSV…", "Ctrl+Shift+E",
                               "Save the child's current entries as a CSV file")
        self.print_pdf = make("&Print or save as PDF…", QKeySequence.keyBindings(StandardKey.Print) or
                              [QKeySequence("Ctrl+P")], "A4 chronology for a conference or court, with a preview")
        self.request_return = make("Request a &return from an agency…", None,
                                   "Write a template for an agency to fill in about the child, and record the request")
        self.receive_return = make("Re&ceive an agency's return…", "Ctrl+Shift+I",
                                   "Read an agency's return (Excel, Word or CSV) into the chronology")
        self.returns_view = make("Agencies' &returns…", "Ctrl+Shift+R",
                                 "Every request for a return: requested, received or overdue")
        self.same_happening = make("Entries that may be the sa&me happening…", None,
                                   "Link two agencies' records of one happening, or keep them apart")
        self.load_demo = make("Load the &demo caseload", None, "Fictional families, for trying the app")
        self.lock = make("&Lock", "Ctrl+L", "Hide everything until the passphrase is typed again")
        self.lock_after = make("Lock &after…", None, "How many minutes without use before Chronology locks itself")
        self.new_caseload = make("New &caseload…", None, "Make a new, empty caseload in a file of its own")
        self.open_caseload = make("&Open caseload…", QKeySequence.keyBindings(StandardKey.Open) or
                                  [QKeySequence("Ctrl+O")], "Open another caseload (the one open now is closed)")
        self.back_up_now = make("&Back up now", None, "Make a backup of the caseload now, encrypted like it")
        self.restore_backup = make("&Restore from a backup…", None,
                                   "Go back to a backup; it is checked first, and the caseload it replaces is kept")
        self.change_passphrase = make("Change &passphrase…", None,
                                      "Re-encrypt this caseload under a new passphrase")
        self.quit = make("&Quit", QKeySequence.keyBindings(StandardKey.Quit) or [QKeySequence("Ctrl+Q")],
                         "Close Chronology; every change was saved as it was made")
        self.user_guide = make("&User guide", QKeySequence.keyBindings(StandardKey.HelpContents) or
                               [QKeySequence("F1")], "A short guide for social workers, readable offline")
        self.shortcuts = make("&Keyboard shortcuts", None, "Every shortcut, read from the menus themselves")
        self.about = make("&About Chronology", None, "Which version this is")
        self.event_actions = (self.amend_event, self.mark_in_error, self.history)
        self.child_actions = (self.edit_child, self.new_event, self.export_csv, self.print_pdf, self.write_analysis,
                              self.request_return, self.receive_return, self.same_happening)
        #: Everything that needs an open store (disabled until the caseload is shown).
        self.store_actions = (self.new_child, self.find, self.find_child, self.overview, self.rule_settings, self.lock,
                              self.back_up_now, self.restore_backup, self.preferences,
                              self.lock_after, self.change_passphrase,
                              self.acknowledge_flag,
                              self.import_csv, self.returns_view,
                              self.load_demo, *self.child_actions, *self.event_actions)
