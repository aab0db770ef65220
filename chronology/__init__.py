"""Chronology's core: pure Python, no Qt.

``COMMANDS`` lives here, not in ``cli``, so that ``main.py`` can tell a command line from a
desktop start without importing the store before the window is on screen."""

COMMANDS = ("demo", "add-child", "children", "import", "export", "flags", "findings", "verify", "backup", "restore",
            "encrypt", "passphrase", "returns")
