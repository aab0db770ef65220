"""Chronology: with a subcommand, the command line; without one, the desktop app."""
from __future__ import annotations

import os
import sys


def _use_the_console_it_was_started_from() -> None:
    """Chronology.exe is built windowed (no console window flashes up for a worker), so Windows
    gives it no standard streams of its own. Given a subcommand, what it writes goes where it was
    redirected (``> out.txt``), else to the console of the prompt it was started from, else
    (a shortcut, a scheduled task) nowhere rather than failing. It never reads that console: the
    prompt goes on reading it, so a passphrase comes from CHRONOLOGY_PASSPHRASE.
    Chronology-cli.exe, beside it, is the same program built for the console, which the prompt
    waits for and which can ask for a passphrase."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")
    if sys.stdout is not None and sys.stderr is not None:
        return
    import ctypes
    attached = bool(ctypes.windll.kernel32.AttachConsole(-1))  # ATTACH_PARENT_PROCESS
    if sys.stdout is None:
        sys.stdout = open("CONOUT$" if attached else os.devnull, "w", encoding="utf-8", buffering=1)
    if sys.stderr is None:
        sys.stderr = open("CONOUT$" if attached else os.devnull, "w", encoding="utf-8", buffering=1)


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
