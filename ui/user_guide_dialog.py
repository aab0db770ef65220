"""The user guide, inside the app and readable offline: a short guide for social workers shipped
with the package (``resources/guide/``), shown in Qt's text browser. Help → User guide (F1) opens
it; a dialog's Help button opens it at its own section.

``UserGuideDialog.show_section(section, parent)`` opens the one guide window (or brings it
forward) at ``section``, an anchor of the guide ("returns", "printing"…)."""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from chronology.resources_path import resource_path

#: The guide's sections, by anchor: a dialog's Help button names one of these (a test holds every
#: name used to the guide's own anchors).
SECTIONS = ("recording", "dates", "corrections", "findings", "timeline", "printing", "returns", "passphrase",
            "backups", "lost", "keys")


def guide_path():
    return resource_path("guide", "user-guide.html")


def belongs_to(window: QWidget, owner: QWidget) -> bool:
    """Whether ``window`` is ``owner``'s own, at any remove (a window of its own, which
    ``isAncestorOf`` does not count): Qt lets a worker use it while ``owner`` holds the rest still."""
    parent = window.parentWidget()
    while parent is not None:
        if parent is owner:
            return True
        parent = parent.parentWidget()
    return False


class UserGuideDialog(QDialog):
    _open: UserGuideDialog | None = None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Chronology: user guide")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setAccessibleDescription("A short guide for social workers; Tab moves between its links and "
                                              "Enter follows one")
        self.browser.setOpenExternalLinks(False)  # nothing is opened outside the app
        self.browser.setSearchPaths([str(guide_path().parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_path())))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(860, 640)  # within a laptop's 1366×768

    def go_to(self, section: str | None) -> None:
        if section:
            self.browser.scrollToAnchor(section)
        else:
            self.browser.verticalScrollBar().setValue(0)

    @classmethod
    def show_section(cls, section: str | None = None, parent: QWidget | None = None) -> UserGuideDialog:
        """The guide, beside the window (not in the way of work), at ``section``. Asked for from a
        dialog that holds the rest of the app still (an event being written), the guide opens as
        that dialog's own: one opened before, from the window, would be held still with the rest."""
        modal = QApplication.activeModalWidget()
        if cls._open is not None and modal is not None and not belongs_to(cls._open, modal):
            cls._open.close()
            cls._open.deleteLater()
            cls._open = None
        if cls._open is None:
            made = cls._open = cls(parent)
            made.destroyed.connect(lambda *_: setattr(cls, "_open", None) if cls._open is made else None)
        dialog = cls._open
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.go_to(section)
        return dialog


def add_help(buttons: QDialogButtonBox, section: str, parent: QWidget) -> None:
    """A Help button on a dialog, opening the guide at its section."""
    if section not in SECTIONS:
        raise ValueError(f"the guide has no section '{section}'")
    buttons.addButton(QDialogButtonBox.StandardButton.Help).setToolTip("Open the user guide at this subject (F1)")
    buttons.helpRequested.connect(lambda: UserGuideDialog.show_section(section, parent))
