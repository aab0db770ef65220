"""Chronology: with a subcommand, the command line; without one, the desktop app."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from chronology import COMMANDS
    if any(arg in COMMANDS for arg in argv[:3]) or any(arg in ("-h", "--help", "--version") for arg in argv[:1]):
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
