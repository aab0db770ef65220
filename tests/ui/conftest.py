"""GUI fixtures: a main window over a store in tmp_path, with QSettings kept out of the user's."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from chronology.model import ChildDetails
from ui.jobs import wait_for_jobs
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.workspace import Workspace


@pytest.fixture
def settings(tmp_path) -> Settings:
    chosen = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    chosen.set("backup/folder", str(tmp_path / "backups"))  # never the user's own app-data folder
    return chosen


@pytest.fixture
def main_window(qtbot, settings) -> MainWindow:
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    yield main
    wait_for_jobs()  # no background job may outlive its test's database


@pytest.fixture
def workspace(main_window, store) -> Workspace:
    """The main window with a store attached, as a worker sees it once the app has opened."""
    return main_window.attach(store)


@pytest.fixture
def siblings(store) -> tuple[int, int]:
    from datetime import date
    first, _ = store.add_child(ChildDetails(ref="A1", name="Ava Hughes", dob=date(2014, 5, 2), family="Hughes"))
    second, _ = store.add_child(ChildDetails(ref="A2", name="Leo Hughes", dob=date(2016, 9, 10), family="Hughes"))
    return first, second
