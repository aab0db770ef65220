"""Chronology: with a subcommand, the command line; without one, the desktop app."""
from __future__ import annotations

import sys


def _use_the_console_it_was_started_from() -> None:
    """The Windows app is built windowed (no console of its own, so none flashes up for a worker):
    given a subcommand at a command prompt, it writes to that prompt's console instead."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return
    import ctypes
    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", buffering=1)
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", buffering=1)
        sys.stdin = open("CONIN$", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from chronology import COMMANDS
    if any(arg in COMMANDS for arg in argv[:3]) or any(arg in ("-h", "--help", "--version") for arg in argv[:1]):
        _use_the_console_it_was_started_from()
        from chronology.cli import main as cli_main
        return cli_main(argv)
    try:
        from ui.app import run
    except ImportError as error:  # Qt missing or unable to load: say so, without a traceback
        print(f"Chronology's window cannot start: {error}", file=sys.stderr)
        return 1
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
