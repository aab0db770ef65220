"""The whole workspace, with the modal dialogs monkeypatched to return what a worker would enter."""
from dataclasses import replace
from datetime import date

from chronology.model import ChildDetails
from tests.conftest import make_event
from ui.child_editor import ChildEditor
from ui.event_editor import EditorResult, EventEditor
from ui.history_dialog import HistoryDialog, version_html
from ui.reason_dialog import ReasonDialog


def rows(workspace) -> list[str]:
    model = workspace.chronology.model
    return [model.row_for(r).details.summary for r in range(model.rowCount())]


def test_empty_database_offers_the_demo(qtbot, workspace):
    assert workspace.currentWidget() is workspace.welcome
    workspace.ui_actions.load_demo.trigger()
    qtbot.waitUntil(lambda: workspace.currentWidget() is workspace.splitter, timeout=20000)
    assert workspace.caseload.model.rowCount() > 3
    assert workspace.chronology.child is not None and workspace.chronology.model.rowCount() > 0


def test_add_a_child(qtbot, workspace, monkeypatch):
    details = ChildDetails(ref="N1", name="Zoë Łukasz Nguyễn", dob=date(2015, 3, 1), family="Nguyễn",
                           ethnicity="Any other ethnic group", first_language="Vietnamese")
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(lambda cls, *a, **k: details))
    workspace.ui_actions.new_child.trigger()
    assert workspace.currentWidget() is workspace.splitter
    assert workspace.chronology.child.name == "Zoë Łukasz Nguyễn"
    assert "Vietnamese" in workspace.chronology.header.text()
    workspace.ui_actions.undo.trigger()
    assert workspace.caseload.model.rowCount() == 0
    workspace.ui_actions.redo.trigger()
    assert workspace.caseload.model.rowCount() == 1


def test_add_event_filter_amend_history_undo(qtbot, workspace, store, siblings, monkeypatch):
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    assert workspace.chronology.child.id == siblings[0]
    store.add_event(make_event([siblings[0]], "2015", agency="School", role="DSL",
                               summary="Often late and hungry", categories=("neglect",)))
    workspace.hub.announce(replace(store.add_event(make_event([siblings[1]], "2016"))[1]))
    new = make_event(siblings, "14/03/2017", summary="Domestic abuse; both children present",
                     event_type="domestic_abuse_incident", rating="red")
    monkeypatch.setattr(EventEditor, "get_details", classmethod(lambda cls, *a, **k: EditorResult(new, "")))
    workspace.ui_actions.new_event.trigger()
    assert rows(workspace) == ["Often late and hungry", "Domestic abuse; both children present"]
    event_id = workspace.chronology.selected_event()
    assert workspace.store.event(event_id).details.child_ids == tuple(sorted(siblings))

    # Filters narrow the table, in SQL.
    workspace.chronology.search.setText("hungry")
    workspace.chronology.apply_filter()
    assert rows(workspace) == ["Often late and hungry"]
    workspace.chronology.search.clear()
    workspace.chronology.significance.setCurrentIndex(workspace.chronology.significance.findData("red"))
    assert rows(workspace) == ["Domestic abuse; both children present"]
    workspace.chronology.significance.setCurrentIndex(0)
    workspace.chronology.date_from.setText("2017")
    workspace.chronology.apply_filter()
    assert rows(workspace) == ["Domestic abuse; both children present"]
    workspace.chronology.date_from.clear()
    workspace.chronology.apply_filter()
    workspace.chronology.family.setChecked(True)
    assert len(rows(workspace)) == 3  # the shared event appears once for the family
    workspace.chronology.family.setChecked(False)

    # Amend, and the history shows both versions.
    workspace.chronology.select_event(event_id)
    amended = replace(new, summary="Domestic abuse incident; both children present, Ava hid")
    monkeypatch.setattr(EventEditor, "get_details", classmethod(
        lambda cls, *a, **k: EditorResult(amended, "Police log read")))
    workspace.ui_actions.amend_event.trigger()
    assert "Ava hid" in rows(workspace)[1]
    history = workspace.store.event_history(event_id)
    assert [v.action for v in history] == ["created", "amended"]
    html = version_html(history[1], history[0].details, {siblings[0]: "Ava", siblings[1]: "Leo"})
    assert "Police log read" in html and "(changed)" in html and "<s>Domestic abuse; both" in html
    assert "What happened" in html and "Ava, Leo" in html  # labels from the field table; children by name
    stamp = history[1].changed_at
    assert f"{stamp[8:10]}/{stamp[5:7]}/{stamp[:4]}" in html  # day first, as everywhere
    dialog = HistoryDialog(workspace.store, event_id)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2 and "Police log read" in dialog.view.toHtml()

    # Undo the amendment: the text goes back, and the history keeps all three steps.
    workspace.ui_actions.undo.trigger()
    assert rows(workspace)[1] == "Domestic abuse; both children present"
    assert [v.action for v in workspace.store.event_history(event_id)] == ["created", "amended", "amended"]
    workspace.ui_actions.redo.trigger()
    assert "Ava hid" in rows(workspace)[1]


def test_mark_in_error_then_undo(qtbot, workspace, store, siblings, monkeypatch):
    event_id, _ = store.add_event(make_event([siblings[0]], summary="Recorded on the wrong child"))
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    workspace.chronology.select_event(event_id)
    monkeypatch.setattr(ReasonDialog, "get_reason", classmethod(lambda cls, *a, **k: "Wrong child"))
    workspace.ui_actions.mark_in_error.trigger()
    assert rows(workspace) == []
    workspace.chronology.show_in_error.setChecked(True)
    assert rows(workspace) == ["Recorded on the wrong child"]
    assert workspace.store.event(event_id).in_error_reason == "Wrong child"
    workspace.ui_actions.undo.trigger()
    assert not workspace.store.event(event_id).in_error


def test_edit_child_profile(qtbot, workspace, store, siblings, monkeypatch):
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[1])
    changed = replace(store.child(siblings[1]).details, disability="Hearing impairment")
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(lambda cls, *a, **k: changed))
    workspace.ui_actions.edit_child.trigger()
    assert "Hearing impairment" in workspace.chronology.header.text()
    workspace.ui_actions.undo.trigger()
    assert "Hearing impairment" not in workspace.chronology.header.text()


def test_caseload_search(qtbot, workspace, store, siblings):
    store.add_child(ChildDetails(ref="B7", name="Kofi Mensah", family="Mensah"))
    workspace.caseload.reload()
    workspace.caseload.search.setText("mensah")
    workspace.caseload.reload()
    assert workspace.caseload.model.rowCount() == 1


def test_child_editor_validates(qtbot):
    editor = ChildEditor(["Hughes"])
    qtbot.addWidget(editor)
    editor.ref.setText("R1")
    editor.name.setText("Baby Hughes")
    editor.dob.edit.setText("01/01/2099")
    assert "future" in editor.dob.reading.text()  # read as it is typed, like every date
    editor.accept()
    assert editor.result() != 1 and "future" in editor.dob.reading.text()
    editor.unborn.setChecked(True)
    editor.family.setEditText("Hughes")
    editor.accept()
    assert editor.result() == 1 and editor.result_details.dob_is_expected
    assert editor.result_details.family == "Hughes"


def test_frame_is_painted_before_the_store_opens(qtbot, main_window, store):
    """The window is on screen at once; the store's actions wait until the caseload is shown."""
    assert main_window.workspace is None
    assert not main_window.ui_actions.new_event.isEnabled()
    assert not main_window.ui_actions.load_demo.isEnabled()
    assert main_window.ui_actions.quit.isEnabled()
    qtbot.waitUntil(lambda: main_window._painted, timeout=2000)
    workspace = main_window.attach(store)
    assert main_window.pages.currentWidget() is workspace
    assert main_window.ui_actions.load_demo.isEnabled()


def test_a_new_caseload_is_encrypted_with_the_chosen_passphrase(qtbot, main_window, tmp_path, monkeypatch):
    from ui.app import open_store
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "new.db"
    asked = []
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: asked.append((creating, problem)) or "a long passphrase"))
    assert open_store(main_window, path, "Worker") is None
    assert asked == [(True, "")] and main_window.store is not None
    assert not path.read_bytes().startswith(b"SQLite format 3")
    main_window.store.close()


def test_a_wrong_passphrase_is_asked_again(qtbot, settings, tmp_path, monkeypatch):
    from chronology.store import Store
    from ui.app import open_store
    from ui.main_window import MainWindow
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "secret.db"
    Store.open(path, "Worker", "the right passphrase", create=True).close()
    answers = iter(["not it", "the right passphrase"])
    problems = []
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: problems.append(problem) or next(answers)))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    open_store(window, path, "Worker")
    assert problems[0] == "" and "cannot be opened with that passphrase" in problems[1]
    assert window.store is not None
    window.store.close()


def test_passphrase_dialog_insists_on_a_long_repeated_passphrase(qtbot):
    from ui.passphrase_dialog import PassphraseDialog
    dialog = PassphraseDialog(creating=True)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("short")
    dialog.accept()
    assert "at least 8" in dialog.problem.text()
    dialog.passphrase.setText("long enough words")
    dialog.again.setText("long enough wordz")
    dialog.accept()
    assert "differ" in dialog.problem.text()
    dialog.again.setText("long enough words")
    dialog.accept()
    assert dialog.result() == 1


def test_a_second_copy_of_the_app_is_refused_until_the_first_has_gone(qtbot, main_window, tmp_path, monkeypatch):
    import subprocess
    import sys

    from PySide6.QtWidgets import QMessageBox

    from tests.chronology.test_caseload_lock import HOLDER, ROOT
    from ui.app import open_store
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "shared.db"
    other = subprocess.Popen([sys.executable, "-c", HOLDER, str(ROOT), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "holding"  # another copy has the caseload open
        said = []
        monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: said.append(text)))
        assert open_store(main_window, path, "Worker") == 2
        assert main_window.store is None and "is open in another Chronology window" in said[0]
        assert not path.exists()  # nothing was created or touched
    finally:
        other.kill()  # it dies without letting go: the system lets go for it
        other.wait()
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: "a long passphrase"))
    assert open_store(main_window, path, "Worker") is None
    main_window.store.close()


def test_locking_hides_the_caseload_until_the_passphrase(qtbot, main_window, tmp_path):
    from chronology.store import Store
    store = Store.open(tmp_path / "locked.db", "Worker", "a long passphrase", create=True)
    workspace = main_window.attach(store)
    assert main_window.ui_actions.lock.isEnabled()
    main_window.ui_actions.lock.trigger()
    assert main_window.pages.currentWidget() is main_window.lock_page
    assert not main_window.ui_actions.new_event.isEnabled() and not main_window.ui_actions.undo.isEnabled()
    page = main_window.lock_page
    page.passphrase.setText("guess")
    page.try_unlock()
    assert main_window.pages.currentWidget() is page and "not the passphrase" in page.problem.text()
    page.passphrase.setText("a long passphrase")
    page.try_unlock()
    assert main_window.pages.currentWidget() is workspace
    main_window.idle.idle.emit()  # as after five minutes without use
    assert main_window.pages.currentWidget() is page
    store.close()


def test_an_unencrypted_caseload_cannot_lock(qtbot, workspace, main_window):
    assert not main_window.ui_actions.lock.isEnabled() and not main_window.ui_actions.lock_after.isEnabled()


def test_the_worker_chooses_when_it_locks_up_to_half_an_hour(qtbot, main_window, settings, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from chronology.store import Store
    store = Store.open(tmp_path / "locked.db", "Worker", "a long passphrase", create=True)
    main_window.attach(store)
    asked = []

    def answer(parent, title, label, value, low, high):
        asked.append((value, low, high))
        return 12, True
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(answer))
    main_window.ui_actions.lock_after.trigger()
    assert asked == [(5, 1, 30)]  # the default, and the bounds offered
    assert settings.get("security/lock_minutes") == 12
    assert main_window.idle.timer.interval() == 12 * 60_000 and main_window.idle.timer.isActive()
    main_window.idle.set_minutes(240)  # a settings file edited by hand is held to the limit too
    assert main_window.idle.timer.interval() == 30 * 60_000
    store.close()


def test_opening_a_caseload_backs_it_up_in_the_background(qtbot, main_window, store, settings, tmp_path):
    main_window.attach(store)
    folder = tmp_path / "backups" / store.path.stem
    qtbot.waitUntil(lambda: any(folder.glob("chronology-*.db")), timeout=10000)
    qtbot.waitUntil(lambda: "Backed up" in main_window.statusBar().currentMessage(), timeout=5000)


def test_a_plain_caseload_can_be_encrypted_on_opening(qtbot, settings, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from chronology.store import Store
    from ui.app import open_store
    from ui.main_window import MainWindow
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "old.db"
    Store.open(path, "Worker", create=True).close()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    asked = []
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: asked.append(creating) or "a long passphrase"))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert open_store(window, path, "Worker") is None
    assert asked == [True]  # chosen once, not asked again to open it
    assert window.store.passphrase == "a long passphrase"
    assert not path.read_bytes().startswith(b"SQLite format 3")
    window.store.close()


def test_a_caseload_in_a_cloud_folder_is_warned_about(qtbot, main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import open_store
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "OneDrive - Council" / "chronology.db"
    path.parent.mkdir()
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: "a long passphrase"))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    assert open_store(main_window, path, "Worker") is None
    assert main_window.store is not None  # it still opens: the worker is told, not stopped
    assert len(said) == 1 and "cloud-sync folder" in said[0]
    main_window.store.close()


def test_an_unexpected_error_is_shown_in_words_and_logged_without_case_data(qtbot, tmp_path, monkeypatch):
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui import app as app_module
    monkeypatch.setattr(app_module, "app_data_folder", lambda: tmp_path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
    app_module._install_error_handler(QApplication.instance())
    record = {"name": "Canary Wojcik", "born": "14/03/2017"}  # case data, as a record holds it
    try:
        raise KeyError(f"no event for {record['name']}, born {record['born']}")
    except KeyError as error:
        sys.excepthook(KeyError, error, error.__traceback__)
    assert "Canary Wojcik" in shown[0] and "Traceback" not in shown[0]  # the worker reads what happened
    log = (tmp_path / "chronology.log").read_text(encoding="utf-8")
    assert "Unhandled KeyError" in log and "test_main_window.py" in log  # a developer finds where
    assert "Canary" not in log and "14/03/2017" not in log  # no case data in a plain file


def test_the_window_has_the_keyboard_once_the_passphrase_is_typed(qtbot, main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.app import open_store
    from ui.passphrase_dialog import PassphraseDialog
    other = QWidget()  # where the keyboard was: the passphrase dialog, gone now
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: "a long passphrase"))
    assert open_store(main_window, tmp_path / "c.db", "Worker") is None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)  # Ctrl+N works at once
    main_window.store.close()


def test_the_app_paints_its_frame_then_opens_the_caseload_and_has_its_icon(qtbot, settings, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from ui import app as app_module
    seen = {}

    def open_store(window, path, user, new_allowed=True, first_start=False):  # once the frame is on screen
        seen.update(path=path, painted=window._painted, icon=not QApplication.instance().windowIcon().isNull(),
                    new_allowed=new_allowed, first_start=first_start)
        return 0  # as when the worker cancels the passphrase: the app ends

    monkeypatch.setattr(app_module, "Settings", lambda: settings)
    monkeypatch.setattr(app_module, "open_store", open_store)
    assert app_module.run(["--db", str(tmp_path / "case.db")]) == 0
    assert seen == {"path": tmp_path / "case.db", "painted": True, "icon": True,
                    "new_allowed": False,  # a file named with --db is not made without asking
                    "first_start": False}  # nor walked through as the first start


def visible_words(window) -> str:
    """Every word a person could read on the window: titles, labels, menus, tips, the status bar."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QMenu, QWidget
    words = [window.windowTitle(), window.statusBar().currentMessage()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            words.append(widget.text())
        elif isinstance(widget, (QAbstractButton, QLineEdit)):
            words.append(widget.text())
        words.append(widget.toolTip())
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            words += [action.text(), action.toolTip(), action.statusTip()]
    return "\n".join(words)


def test_while_locked_nothing_about_any_child_is_on_screen(qtbot, main_window, tmp_path, monkeypatch):
    from chronology.model import ChildDetails
    from chronology.store import Store
    from ui.child_editor import ChildEditor
    store = Store.open(tmp_path / "Featherstone family.db", "Worker", "a long passphrase", create=True)
    workspace = main_window.attach(store)
    details = ChildDetails(ref="ZX81", name="Xanthe Featherstone", dob=date(2015, 3, 1), family="Featherstone")
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(lambda cls, *a, **k: details))
    workspace.ui_actions.new_child.trigger()
    main_window.statusBar().showMessage("Exported 4 events for Xanthe Featherstone to /tmp/x.csv")
    assert "Xanthe" in visible_words(main_window)  # before: the undo text names her, among much else
    main_window.ui_actions.lock.trigger()
    qtbot.wait(10)
    words = visible_words(main_window)
    for secret in ("Xanthe", "Featherstone", "ZX81"):
        assert secret not in words, secret
    main_window.lock_page.passphrase.setText("a long passphrase")
    main_window.lock_page.try_unlock()
    assert "Xanthe" in main_window.ui_actions.undo.text() and main_window.ui_actions.undo.isEnabled()
    assert main_window.windowTitle().startswith("Chronology — Featherstone")
    store.close()


def test_find_a_child_then_enter_or_down_opens_the_match(qtbot, workspace, store, siblings):
    from PySide6.QtCore import Qt
    other, _ = store.add_child(ChildDetails(ref="Z9", name="Zed Okafor", dob=date(2012, 1, 1), family="Okafor"))
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    workspace.ui_actions.find_child.trigger()
    qtbot.keyClicks(workspace.caseload.search, "okafor")
    qtbot.keyClick(workspace.caseload.search, Qt.Key.Key_Return)
    assert workspace.chronology.child.id == other and workspace.caseload.tree.hasFocus()
    workspace.caseload.search.clear()
    qtbot.keyClicks(workspace.caseload.search, "Leo")
    qtbot.keyClick(workspace.caseload.search, Qt.Key.Key_Down)
    assert workspace.chronology.child.id == siblings[1]


def test_the_last_child_is_reopened(qtbot, main_window, store, siblings, settings):
    from ui.workspace import Workspace
    workspace = main_window.attach(store)
    workspace.caseload.select_child(siblings[1])
    again = Workspace(store, settings, main_window.ui_actions, main_window.undo_stack, main_window)
    assert again.chronology.child.id == siblings[1]


def test_file_dialogs_start_in_documents(qtbot, workspace, store, siblings, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ui.settings import documents_folder
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: asked.append(a[2]) or ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: asked.append(a[2]) or ("", "")))
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    workspace.ui_actions.export_csv.trigger()
    workspace.ui_actions.import_csv.trigger()
    assert asked and all(where.startswith(str(documents_folder())) for where in asked)


def test_a_caseload_named_that_is_not_there_is_made_only_when_the_worker_says_so(qtbot, main_window, tmp_path,
                                                                                 monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import open_store
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "mispelt.db"
    answers = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text: answers.append(text) or QMessageBox.StandardButton.No))
    assert open_store(main_window, path, "Worker", new_allowed=False) == 0
    assert "mispelt.db does not exist" in answers[0] and not path.exists() and main_window.store is None
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: "a long passphrase"))
    assert open_store(main_window, path, "Worker", new_allowed=False) is None and path.exists()
    main_window.store.close()


def test_an_export_from_the_window_never_writes_over_a_database(qtbot, workspace, store, siblings, tmp_path,
                                                               monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    other = tmp_path / "another caseload.db"
    other.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    warned = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(other), "")))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: warned.append(a[2])))
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    workspace.ui_actions.export_csv.trigger()
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)  # checked where the export is done: off the screen
    assert "is a database" in warned[0] and other.read_bytes().startswith(b"SQLite format 3")


def test_opening_a_caseload_clears_what_a_killed_encryption_left(qtbot, main_window, tmp_path, monkeypatch):
    from chronology.store import Store
    from ui.app import open_store
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "case.db"
    Store.open(path, "Worker", "a long passphrase", create=True).close()
    (tmp_path / "case.db.encrypting").write_bytes(b"half an encryption")
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: "a long passphrase"))
    assert open_store(main_window, path, "Worker") is None
    assert not (tmp_path / "case.db.encrypting").exists()
    main_window.store.close()


def test_the_about_box_shows_the_version(qtbot, main_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from chronology import __version__
    shown = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda parent, title, text: shown.append(text)))
    main_window.ui_actions.about.trigger()
    assert f"<b>Chronology</b> {__version__}" in shown[0]
