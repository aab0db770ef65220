"""Chronology's core: pure Python, no Qt.

``COMMANDS`` lives here, not in ``cli``, so that ``main.py`` can tell a command line from a
desktop start without importing the store before the window is on screen. ``__version__`` is the
one place the version is written: the package's metadata (setup.cfg), ``--version`` and the About
box read it from here."""

__version__ = "0.2.0"

COMMANDS = ("demo", "add-child", "children", "import", "export", "flags", "findings", "verify", "backup", "restore",
            "encrypt", "passphrase", "returns")
