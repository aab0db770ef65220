"""User settings, declared once as a typed list with defaults (as orange-canvas-core does)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QSettings, QStandardPaths

if TYPE_CHECKING:
    from pathlib import Path

ORGANISATION, APPLICATION = "Chronology", "Chronology"


class Setting(NamedTuple):
    key: str
    type: type
    default: Any
    description: str


SETTINGS = (
    Setting("user/name", str, "", "Your name, recorded against every entry and change"),
    Setting("user/role", str, "", "Your role, printed beside your name on paper"),
    Setting("window/geometry", bytes, b"", "Where the main window was last placed"),
    Setting("window/splitter", bytes, b"", "The caseload and chronology split"),
    Setting("view/show_in_error", bool, False, "Show entries marked as entered in error"),
    Setting("view/last_child", str, "", "The caseload and the child last shown there, reopened next time"),
    Setting("rules/overrides", str, "{}", "The user's own rule thresholds, as JSON, over the defaults"),
    Setting("security/lock_minutes", int, 5, "Lock the app after this many minutes without use"),
    Setting("backup/folder", str, "", "Where automatic backups go (empty: the app-data folder's 'backups')"),
    Setting("backup/hours", int, 12, "Make a backup on opening when the newest is older than this"),
    Setting("backup/keep", int, 10, "How many backups of each caseload are kept (the newest)"),
    Setting("files/recent", str, "[]", "The caseloads opened lately, newest first (JSON list of paths)"),
)
#: How many caseloads File → Open recent offers.
RECENT = 8
_BY_KEY = {setting.key: setting for setting in SETTINGS}


class Settings:
    """Typed access to QSettings: a missing or malformed value reads as its default."""

    def __init__(self, store: QSettings | None = None):
        self._store = store or QSettings(ORGANISATION, APPLICATION)

    def get(self, key: str) -> Any:
        setting = _BY_KEY[key]
        value = self._store.value(key, setting.default)
        if setting.type is bool and isinstance(value, str):
            return value.lower() == "true"
        try:
            return setting.type(value) if value is not None else setting.default
        except (TypeError, ValueError):
            return setting.default

    def set(self, key: str, value: Any) -> None:
        _BY_KEY[key]  # unknown keys are a programming error
        self._store.setValue(key, value)

    def rule_overrides(self) -> dict[str, int]:
        import json
        try:
            values = json.loads(self.get("rules/overrides"))
        except ValueError:
            return {}
        return values if isinstance(values, dict) else {}

    def set_rule_overrides(self, overrides: dict[str, int]) -> None:
        import json
        self.set("rules/overrides", json.dumps(overrides, sort_keys=True))

    def recent_caseloads(self) -> list[str]:
        """The caseloads opened lately, newest first (those no longer there are still offered: a
        drive may be out; opening one that is not there says so)."""
        import json
        try:
            values = json.loads(self.get("files/recent"))
        except ValueError:
            return []
        return [value for value in values if isinstance(value, str)][:RECENT] if isinstance(values, list) else []

    def remember_caseload(self, path: Path) -> None:
        import json
        text = str(path)
        self.set("files/recent", json.dumps([text] + [p for p in self.recent_caseloads() if p != text][:RECENT - 1]))

    def produced_by(self) -> str:
        """The name printed as "Produced by": the worker's name, and role where given."""
        role = self.get("user/role")
        return f"{self.user_name()}, {role}" if role else self.user_name()

    def user_name(self) -> str:
        import getpass  # needed only once the window is up
        return self.get("user/name") or getpass.getuser()


def app_data_folder() -> Path:
    """The user's local application-data folder for Chronology (on Windows under
    AppData\\Local, which roaming profiles do not copy across the network), created if need be."""
    from pathlib import Path
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def documents_folder() -> Path:
    """Where save and open dialogs start: the worker's Documents folder (the home folder if the
    system names none)."""
    from pathlib import Path
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation))


def backup_folder(settings: Settings, database: Path) -> Path:
    """Each caseload's backups in their own folder."""
    from pathlib import Path
    chosen = settings.get("backup/folder")
    return (Path(chosen) if chosen else app_data_folder() / "backups") / database.stem


def default_database_path() -> Path:
    """Where the worker's own database lives."""
    return app_data_folder() / "chronology.db"
