"""Starting the desktop app: resolve the database path and settings here, then hand them to
the core as arguments."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .main_window import MainWindow
from .settings import APPLICATION, ORGANISATION, Settings, app_data_folder, default_database_path

if TYPE_CHECKING:
    from pathlib import Path


# Until the window is painted, only what that needs is imported (pathlib, logging, the core and
# the Qt classes of dialogs load afterwards: a Qt class's first use builds its Python enums):
# the budget for first paint is 1.5 times a bare Qt window's.


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="chronology", description="Chronology desktop app")
    parser.add_argument("--db", help="open this database instead of the default one")
    parser.add_argument("--user", help="name recorded against your changes")
    return parser.parse_args(argv)


def _log_error(kind, trace, folder: Path) -> None:
    """Where the error happened, for a developer: the kind of error and the lines of code, never
    its message, which can quote case data (the log is a plain file outside the encrypted store)."""
    import traceback
    from datetime import datetime
    frames = "".join(traceback.format_tb(trace))
    with open(folder / "chronology.log", "a", encoding="utf-8") as log:
        log.write(f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S%z} Unhandled {kind.__name__} "
                  f"(message withheld: it may quote case data)\n{frames}\n")


def _install_error_handler(app: QApplication) -> None:
    """No traceback ever reaches a worker: show the message, keep the detail in a log file."""
    def handle(kind, error, trace) -> None:
        from PySide6.QtWidgets import QMessageBox
        _log_error(kind, trace, app_data_folder())
        QMessageBox.critical(app.activeWindow(), "Chronology",
                             f"Something went wrong and the last action may not have been saved:\n\n{error}\n\n"
                             "Everything saved before it is safe. The details are in chronology.log.")
    sys.excepthook = handle


def open_store(window: MainWindow, path: Path, user: str, new_allowed: bool = True,
               first_start: bool = False) -> int | None:
    """The second step of starting (see :func:`_open_store`); the caseload's claim is let go again
    when it does not open."""
    code = _open_store(window, path, user, new_allowed, first_start)
    if code is not None and window.caseload_lock is not None:
        window.caseload_lock.release()
        window.caseload_lock = None
    return code


def _open_store(window: MainWindow, path: Path, user: str, new_allowed: bool = True,
                first_start: bool = False) -> int | None:
    """The second step of starting: open the store (and import what it needs) once the window
    is on screen. A new caseload is encrypted with a passphrase the worker chooses; an encrypted
    one asks for it (again, if it is wrong); a plain one from before encryption opens as it is.
    Where nothing is yet, a new caseload is made: at once for the default one (the first start),
    after asking for a file named with ``--db`` (``new_allowed`` False), so that a misspelt name is
    never quietly made into an empty caseload. The very first start (``first_start``: the default
    caseload, not there yet) is walked through: who the worker is, the passphrase, the demo or an
    empty caseload, and where things are kept.
    Returns None once the caseload is open, or the code the app should end with."""
    from PySide6.QtWidgets import QMessageBox

    from chronology.caseload_lock import CaseloadLock
    from chronology.errors import StoreError, WrongPassphrase
    from chronology.store import Store

    from .passphrase_dialog import PassphraseDialog
    try:  # one program per caseload: never two writers (held until the app ends)
        window.caseload_lock = CaseloadLock(path).acquire()
    except StoreError as error:
        QMessageBox.critical(window, "Chronology", str(error))
        return 2
    from chronology.backup import clear_leftovers

    from .settings import backup_folder
    clear_leftovers(path, backup_folder(window.settings, path))  # what a program killed here left behind
    problem = ""
    nothing_there = not path.exists() or (path.is_file() and path.stat().st_size == 0)
    if nothing_there and not new_allowed:
        answer = QMessageBox.question(window, "Chronology", f"{path} does not exist (or is empty). Make a new "
                                      "caseload there?\n\nIf you meant a caseload you already have, choose No "
                                      "and check its name and folder.")
        if answer != QMessageBox.StandardButton.Yes:
            return 0
    demo, walked = False, None
    if nothing_there and first_start:
        from .first_start_dialog import FirstStartDialog
        started = FirstStartDialog.walk_through(user, path, backup_folder(window.settings, path), window)
        if started is None:
            return 0
        window.settings.set("user/name", started.name)
        window.settings.set("user/role", started.role)
        user, demo, walked = started.name, started.demo, started.passphrase
    try:
        plain = path.exists() and not nothing_there and not Store.is_encrypted(path) and not Store.is_read_only(path)
        chosen = offer_encryption(window, path, user) if plain else None
        if walked:
            chosen = walked
        while True:
            passphrase = None
            if chosen:  # just encrypted with it: not asked again
                passphrase, chosen = chosen, None
            elif nothing_there or Store.is_encrypted(path):
                passphrase = PassphraseDialog.get_passphrase(nothing_there, problem, window)
                if passphrase is None:
                    return 0
            try:
                window.attach(Store.open(path, user, passphrase, create=nothing_there))
                window.activateWindow()  # the passphrase dialog had the keyboard: give it back
                warn_if_risky(window, path)
                if demo:
                    window.ui_actions.load_demo.trigger()
                return None
            except WrongPassphrase as error:
                problem = str(error)
    except (StoreError, OSError) as error:
        QMessageBox.critical(window, "Chronology", str(error))
        return 2


def warn_if_risky(window: MainWindow, path: Path) -> None:
    """Say so once, on opening, when the caseload lives where SQLite files get corrupted, or
    when it cannot be written (before any work is typed that could not be saved)."""
    from PySide6.QtWidgets import QMessageBox

    from chronology.places import warning
    from chronology.store import Store
    for message in (warning(path), Store.read_only_warning(path)):
        if message:
            QMessageBox.warning(window, "Chronology", message)


def offer_encryption(window: MainWindow, path: Path, user: str) -> str | None:
    """A caseload from before encryption: offer to encrypt it now. Returns the passphrase it was
    encrypted with, or None when the worker keeps it as it is (for now)."""
    from PySide6.QtWidgets import QMessageBox

    from chronology.backup import encrypt

    from .passphrase_dialog import PassphraseDialog
    answer = QMessageBox.question(
        window, "Encrypt this caseload?", f"{path} is not encrypted: anyone with the file can read it. "
        "Encrypt it now with a passphrase? (Recommended.)")
    if answer != QMessageBox.StandardButton.Yes:
        return None
    passphrase = PassphraseDialog.get_passphrase(True, "", window)
    if passphrase:
        encrypt(path, passphrase, user)
    return passphrase


def run(argv: list[str]) -> int:
    args = parse_arguments(argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    settings = Settings()
    if args.user:
        settings.set("user/name", args.user)
    _install_error_handler(app)
    window = MainWindow(settings)
    if settings.get("window/geometry"):
        window.show()
    else:  # first run: a laptop screen is small, use all of it
        window.resize(app.primaryScreen().availableGeometry().size())
        window.showMaximized()
    window.raise_()
    window.activateWindow()

    def open_when_painted() -> None:
        from pathlib import Path

        from PySide6.QtGui import QIcon

        from chronology.resources_path import resource_path
        # after the first paint: reading an SVG loads an image plugin
        app.setWindowIcon(QIcon(str(resource_path("icons", "chronology.svg"))))
        path = Path(args.db) if args.db else default_database_path()
        code = open_store(window, path, settings.user_name(), new_allowed=args.db is None,
                          first_start=args.db is None)
        if code is not None:
            app.exit(code)
    window.painted.connect(lambda: QTimer.singleShot(0, open_when_painted))
    code = app.exec()
    from .jobs import wait_for_jobs
    wait_for_jobs()
    if window.store is not None:
        window.store.close()
    return code
