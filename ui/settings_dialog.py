"""Settings, in one dialog: you (your name and role as they appear on paper and against every
change), security (the idle lock), backups (where they go, how many are kept, how often) and the
rules' thresholds.

``SettingsDialog.edit(settings, defaults, current_rules, parent)`` returns the :class:`Chosen`
settings, or None if the worker cancels; the window applies them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chronology.model import person_problem

from .lock import MAX_LOCK_MINUTES
from .rule_settings_dialog import RuleSettingsForm
from .settings import Settings, app_data_folder
from .user_guide_dialog import add_help
from .widgets import chooser_row, form_error_label, labelled

ROLES = ("Social worker", "Senior social worker", "Advanced practitioner", "Team manager", "Family support worker",
         "Student social worker", "Independent reviewing officer", "Child protection chair")


@dataclass(frozen=True)
class Chosen:
    name: str
    role: str
    lock_minutes: int
    backup_folder: str
    backups_kept: int
    backup_hours: int
    rule_overrides: dict[str, int]


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, defaults: dict[str, int], current_rules: dict[str, int],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.name = QLineEdit(settings.get("user/name"))
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText(settings.user_name())
        self.role = QLineEdit(settings.get("user/role"))
        self.role.setAccessibleName("Your role")
        self.role.setPlaceholderText("e.g. " + ", ".join(ROLES[:3]))
        you = QFormLayout()
        you.addRow("Your &name", self.name)
        you.addRow("Your &role", self.role)
        you.addRow(QLabel("As they appear on printed chronologies (\u201cProduced by\u201d) and against every "
                          "change you make from now on. Changes already made keep the name they were made "
                          "under.", wordWrap=True))
        self.lock_minutes = QSpinBox(minimum=1, maximum=MAX_LOCK_MINUTES, suffix=" minutes")
        self.lock_minutes.setValue(settings.get("security/lock_minutes"))
        self.lock_minutes.setAccessibleName("Lock after minutes without use")
        security = QFormLayout()
        security.addRow("&Lock after", self.lock_minutes)
        security.addRow(QLabel("Chronology hides everything and asks for the passphrase after this long "
                               "without use (Ctrl+L locks at once).", wordWrap=True))
        self.backup_folder = QLineEdit(settings.get("backup/folder"))
        self.backup_folder.setAccessibleName("Backup folder")
        self.backup_folder.setPlaceholderText(str(app_data_folder() / "backups"))
        where = chooser_row(self.backup_folder,
                            "Choose the folder backups go to (one your organisation's backups collect)",
                            self.choose_folder)
        self.backups_kept = QSpinBox(minimum=1, maximum=100, suffix=" backups")
        self.backups_kept.setValue(settings.get("backup/keep"))
        self.backups_kept.setAccessibleName("How many backups to keep")
        self.backup_hours = QSpinBox(minimum=1, maximum=24 * 7, suffix=" hours")
        self.backup_hours.setValue(settings.get("backup/hours"))
        self.backup_hours.setAccessibleName("Back up on opening when the newest backup is older than")
        backups = QFormLayout()
        backups.addRow(labelled("&Folder", self.backup_folder), where)
        backups.addRow("&Keep the newest", self.backups_kept)
        backups.addRow("Back up on opening &after", self.backup_hours)
        backups.addRow(QLabel("Backups are encrypted like the caseload, with its passphrase. Each caseload's go "
                              "in a folder of their own within this one.", wordWrap=True))
        self.rules = RuleSettingsForm(defaults, current_rules)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings")
        for title, page in (("&You", you), ("&Security", security), ("&Backups", backups)):
            holder = QWidget()
            holder.setLayout(page)
            self.tabs.addTab(holder, title)
        self.tabs.addTab(self.rules, "R&ules")
        self.problem = form_error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        add_help(buttons, "backups", self)
        defaults_button = buttons.addButton("Rule &defaults", QDialogButtonBox.ButtonRole.ResetRole)
        defaults_button.setToolTip("Put every rule threshold back to its default")
        defaults_button.clicked.connect(self.rules.restore_defaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(820, 560)  # within a laptop's 1366×768

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Where backups go", self.backup_folder.text() or
                                                  str(app_data_folder()))
        if chosen:
            self.backup_folder.setText(chosen)

    def chosen(self) -> Chosen | None:
        """What was chosen, or None (the problem said, its page shown) while something will not do."""
        name, role = " ".join(self.name.text().split()), " ".join(self.role.text().split())
        problem = person_problem(name, "Your name") if name else None
        problem = problem or (person_problem(role, "Your role") if role else None)
        folder = self.backup_folder.text().strip()
        if not problem and folder and Path(folder).exists() and not Path(folder).is_dir():
            problem = f"{folder} is a file, not a folder: choose a folder for the backups."
        if problem:
            self.problem.setText(problem)
            self.tabs.setCurrentIndex(2 if "folder" in problem else 0)
            return None
        return Chosen(name, role, self.lock_minutes.value(), folder, self.backups_kept.value(),
                      self.backup_hours.value(), self.rules.overrides())

    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()

    @classmethod
    def edit(cls, settings: Settings, defaults: dict[str, int], current_rules: dict[str, int],
             parent: QWidget | None = None) -> Chosen | None:
        dialog = cls(settings, defaults, current_rules, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
