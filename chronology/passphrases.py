"""The passphrase that encrypts a caseload: one rule for what a new one must be, for the window
and the command line alike, and one way of handing it to SQLCipher."""
from __future__ import annotations

#: The fewest characters a new passphrase may have.
SHORTEST = 8


def new_passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase cannot be chosen for a caseload, or None."""
    if not passphrase:
        return "The passphrase cannot be empty."
    if len(passphrase) < SHORTEST:
        return (f"Use at least {SHORTEST} characters for the passphrase: a few unrelated words make one that is "
                "long and easy to remember.")
    if passphrase != passphrase.strip():
        return "The passphrase begins or ends with a space, which is easily lost: leave it out."
    return None


def sql_literal(passphrase: str) -> str:
    """The passphrase as SQLCipher's PRAGMA key, ATTACH … KEY and rekey take it (quoted)."""
    return "'" + passphrase.replace("'", "''") + "'"
