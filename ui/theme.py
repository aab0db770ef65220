"""Colours that follow the system's: where the worker has asked for high contrast, the app's own
tints (the ratings, findings, overdue returns) give way to the system's colours, and the words and
marks that carry the same meaning ("Overdue", "NOW · ▲ HIGH", ✓) are what is read."""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette, Qt
from PySide6.QtWidgets import QWidget


def high_contrast() -> bool:
    """Whether the system asks for high contrast (Windows' contrast themes, and others Qt reads)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    hints = app.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:  # a Qt too old to tell
        return False
    return accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast


def tint(colour: str) -> QBrush | None:
    """A brush of one of the app's own colours, or None (the system's) under high contrast."""
    return None if high_contrast() else QBrush(QColor(colour))


def ink(widget: QWidget, colour: str, role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> QColor:
    """One of the app's own drawing colours, or under high contrast the system's colour for the same
    part (``role``: text, a window's background, an alternate band, a line)."""
    return widget.palette().color(role) if high_contrast() else QColor(colour)
