"""Help inside the app: the user guide (F1) shipped with the package and readable offline, each
dialog's Help button opening its section, and the keyboard shortcuts read from the actions."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QDialogButtonBox

from chronology.resources_path import resource_path
from ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from ui.user_guide_dialog import SECTIONS, UserGuideDialog, add_help, belongs_to, guide_path


def test_the_guide_has_every_section_a_dialog_may_open_and_its_pictures():
    text = guide_path().read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a name="([a-z]+)">', text))
    assert set(SECTIONS) <= anchors
    assert set(re.findall(r'href="#([a-z]+)"', text)) <= anchors  # the contents' links all land
    for picture in re.findall(r'<img src="([^"]+)"', text):
        assert resource_path("guide", *picture.split("/")).is_file(), picture
    assert "did not attend" not in text.casefold() and "was not brought" in text
    assert "http" not in text  # readable offline: nothing points outside the app


def test_f1_opens_the_guide_and_a_help_button_opens_its_section(qtbot, main_window, monkeypatch):
    main_window.ui_actions.user_guide.trigger()
    guide = UserGuideDialog._open
    assert guide is not None and guide.isVisible()
    assert "a guide for social workers" in guide.browser.toPlainText()
    assert not guide.browser.openExternalLinks()
    opened = []
    monkeypatch.setattr(UserGuideDialog, "show_section", classmethod(
        lambda cls, section=None, parent=None: opened.append(section)))
    buttons = QDialogButtonBox()
    add_help(buttons, "returns", main_window)
    buttons.button(QDialogButtonBox.StandardButton.Help).click()
    assert opened == ["returns"]
    guide.close()


def test_a_help_button_for_a_section_the_guide_lacks_is_refused(qtbot, main_window):
    import pytest
    with pytest.raises(ValueError, match="no section 'nowhere'"):
        add_help(QDialogButtonBox(), "nowhere", main_window)


def test_the_return_dialogs_have_help(qtbot, store, siblings, tmp_path):
    from ui.return_request_dialog import ReturnRequestDialog
    dialog = ReturnRequestDialog(store.child(siblings[0]), [], tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Help) is not None


def test_the_shortcuts_page_is_read_from_the_actions(qtbot, main_window):
    actions = main_window.ui_actions
    rows = {what: keys for what, keys, _ in shortcut_rows(actions)}
    assert rows["Agencies' returns"] == "Ctrl+Shift+R" and rows["New event"] == "Ctrl+N"
    assert rows["User guide"].startswith("F1")
    actions.returns_view.setShortcut("Ctrl+Alt+R")  # changed in one place, the page follows
    assert {what: keys for what, keys, _ in shortcut_rows(actions)}["Agencies' returns"] == "Ctrl+Alt+R"
    dialog = ShortcutsDialog(actions)
    qtbot.addWidget(dialog)
    shown = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert "Agencies' returns" in shown and "Save the event" in shown


def test_help_from_a_dialog_that_holds_the_app_still_opens_a_guide_it_does_not_hold(qtbot, main_window):
    """The guide opened from the window (F1), then Help in a modal dialog: a guide belonging to the
    window would be held still with it, so the dialog gets one of its own."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.reason_dialog import ReasonDialog
    main_window.ui_actions.user_guide.trigger()
    first = UserGuideDialog._open
    seen = {}

    def in_the_dialog():
        dialog = QApplication.activeModalWidget()
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Help).click()
        guide = UserGuideDialog._open
        seen.update(guide=guide, usable=belongs_to(guide, dialog), visible=guide.isVisible())
        dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    ReasonDialog.get_reason("Mark entered in error", "Why?", main_window)
    assert seen["guide"] is not first and seen["usable"] and seen["visible"]
    main_window.ui_actions.user_guide.trigger()  # and from the window again, a guide it can use
    assert UserGuideDialog._open is not None and UserGuideDialog._open.isVisible()
    UserGuideDialog._open.close()


def test_the_first_start_opens_the_guide_at_the_page_it_is_on(qtbot, tmp_path, monkeypatch):
    from ui.first_start_dialog import FirstStartDialog
    opened = []
    monkeypatch.setattr(UserGuideDialog, "show_section", classmethod(
        lambda cls, section=None, parent=None: opened.append(section)))
    wizard = FirstStartDialog("sam", tmp_path / "c.db", tmp_path / "b")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.you.name.setText("Sam Worker")
    wizard.next()
    wizard.button(wizard.WizardButton.HelpButton).click()
    assert opened == ["passphrase"]
