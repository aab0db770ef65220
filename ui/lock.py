"""Locking the app: on demand (Ctrl+L) and after a time without use, so that no case data is
on screen while the worker is away; the caseload's passphrase unlocks it."""
from __future__ import annotations

import hmac

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .widgets import widened

#: The longest a worker may choose (the settings file is held to it too): a laptop left open on a
#: home visit shows nothing for long.
MAX_LOCK_MINUTES = 30
INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class IdleWatch(QObject):
    """Says ``idle`` when no key, click or movement has reached the app for ``minutes``."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject):
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.set_minutes(minutes)
        self.timer.timeout.connect(self.idle)

    def set_minutes(self, minutes: int) -> None:
        """Count afresh with the new length (from now, as if the worker had just touched a key)."""
        self.timer.setInterval(min(max(minutes, 1), MAX_LOCK_MINUTES) * 60_000)
        if self.timer.isActive():
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class LockPage(QWidget):
    """What the window shows when locked: nothing about any child, and the passphrase field."""

    unlocked = Signal()

    def __init__(self):
        super().__init__()
        self.expected: str | None = None
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password, placeholderText="Passphrase")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a4000f;")
        button = QPushButton("Unlock")
        box = QWidget()
        box.setFixedWidth(widened(box, 380))
        column = QVBoxLayout(box)
        for widget in (QLabel("<h2>Chronology is locked</h2>"),
                       QLabel("Type the caseload's passphrase to go on."), self.passphrase, self.problem, button):
            column.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)

    def lock(self, expected: str | None) -> None:
        self.expected = expected
        self.passphrase.clear()
        self.problem.clear()
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        if self.expected is not None and hmac.compare_digest(self.passphrase.text().encode(), self.expected.encode()):
            self.passphrase.clear()
            self.unlocked.emit()
        else:
            self.passphrase.clear()
            self.problem.setText("That is not the passphrase.")
