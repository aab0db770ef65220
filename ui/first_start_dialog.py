"""The first start, walked through: who you are (as it appears on paper), a passphrase (what it
protects, and that it cannot be recovered), the demo caseload or an empty one, and where the
caseload and its backups are kept.

``FirstStartDialog.walk_through(login, caseload, backups, parent)`` returns :class:`FirstStart`,
or None if the worker cancels (nothing is made)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from chronology.model import person_problem
from chronology.passphrases import new_passphrase_problem

from .passphrase_dialog import NEW
from .user_guide_dialog import UserGuideDialog
from .widgets import explain, form_error_label


@dataclass(frozen=True)
class FirstStart:
    name: str
    role: str
    passphrase: str
    demo: bool


class _Page(QWizardPage):
    """A page that says what is wrong on it rather than only greying out Next."""

    def __init__(self, title: str, text: str):
        super().__init__()
        self.setTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(QLabel(text, wordWrap=True))
        self.problem = form_error_label()

    def finish(self) -> None:
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.problem)

    def trouble(self) -> str | None:
        return None

    def validatePage(self) -> bool:
        said = self.trouble()
        self.problem.setText(said or "")
        return said is None


class _YouPage(_Page):
    def __init__(self, login: str):
        super().__init__("Welcome to Chronology", (
            "Chronology keeps the dated, significant events of each child's life, from every agency, and shows the "
            "patterns that are easy to miss: repeat referrals, drift, children not brought to appointments, "
            "neglect building up. Everything stays on this laptop, encrypted; nothing is ever sent anywhere."
            "<p>First, who you are: your name is recorded against every change you make, and printed, with your "
            "role, on every chronology you produce.</p>"))
        self.name = QLineEdit(login)
        self.name.setAccessibleName("Your name")
        self.role = QLineEdit()
        self.role.setAccessibleName("Your role")
        self.role.setPlaceholderText("e.g. Social worker")
        explain([(self.name, "Your name: recorded against every change you make, and printed on paper"),
                 (self.role, "Your role, printed beside your name on paper")])
        form = QFormLayout()
        form.addRow("Your &name", self.name)
        form.addRow("Your &role", self.role)
        self.layout_.addLayout(form)
        self.finish()

    def trouble(self) -> str | None:
        name = " ".join(self.name.text().split())
        return person_problem(name, "Your name") or (person_problem(self.role.text(), "Your role")
                                                    if self.role.text().strip() else None)


class _PassphrasePage(_Page):
    def __init__(self):
        super().__init__("A passphrase for the caseload", NEW)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("The passphrase again")
        explain([(self.passphrase, "The caseload's passphrase: at least 8 characters; it cannot be recovered"),
                 (self.again, "The passphrase again, to be sure it was typed as meant")])
        form = QFormLayout()
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("Type it &again", self.again)
        self.layout_.addLayout(form)
        self.finish()

    def trouble(self) -> str | None:
        text = self.passphrase.text()
        return new_passphrase_problem(text) or (None if text == self.again.text() else "The two passphrases differ.")


class _StartPage(_Page):
    def __init__(self):
        super().__init__("Start with", "You can try Chronology on fictional families first, or start on your own "
                                       "caseload. (The demo can also be loaded later into an empty caseload.)")
        self.demo = QRadioButton("The &demo caseload: fictional families whose chronologies show the patterns "
                                 "Chronology makes visible")
        self.empty = QRadioButton("An &empty caseload, to add my own children")
        self.empty.setChecked(True)
        explain([(self.demo, "Fictional families, to try Chronology"),
                 (self.empty, "Start on your own caseload")])
        for button in (self.demo, self.empty):
            button.setAccessibleName(button.text().replace("&", ""))
            self.layout_.addWidget(button)
        self.finish()


class _WherePage(_Page):
    def __init__(self, caseload: Path, backups: Path):
        super().__init__("Where things are kept", (
            f"<p><b>The caseload</b> is kept in<br><code>{caseload}</code><br>— on this laptop only, encrypted "
            "with your passphrase. Keep it there: a network share or a OneDrive folder can corrupt it.</p>"
            f"<p><b>Backups</b> are made each time Chronology opens it (at most twice a day), encrypted with the "
            f"same passphrase, in<br><code>{backups}</code><br>File → Back up now makes one at once; File → Restore "
            "from a backup… goes back to one; Settings (Ctrl+,) can send them elsewhere.</p>"
            "<p>Press F1 at any time for the user guide.</p>"))
        self.finish()


class FirstStartDialog(QWizard):
    def __init__(self, login: str, caseload: Path, backups: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Chronology: getting started")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.you, self.secret, self.start, self.where = (_YouPage(login), _PassphrasePage(), _StartPage(),
                                                         _WherePage(caseload, backups))
        for page in (self.you, self.secret, self.start, self.where):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Start")
        self.setOption(QWizard.WizardOption.HaveHelpButton)
        self.helpRequested.connect(self.show_help)
        self.resize(680, 520)  # within a laptop's 1366×768

    def show_help(self) -> None:
        """The guide at what the page is about: the passphrase, or backups and where things are."""
        page = self.currentPage()
        section = "passphrase" if page is self.secret else "backups" if page is self.where else None
        UserGuideDialog.show_section(section, self)

    def result_value(self) -> FirstStart:
        return FirstStart(" ".join(self.you.name.text().split()), " ".join(self.you.role.text().split()),
                          self.secret.passphrase.text(), self.start.demo.isChecked())

    @classmethod
    def walk_through(cls, login: str, caseload: Path, backups: Path, parent: QWidget | None = None
                     ) -> FirstStart | None:
        wizard = cls(login, caseload, backups, parent)
        return wizard.result_value() if wizard.exec() == QWizard.DialogCode.Accepted else None
