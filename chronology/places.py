"""Where a database should not live: a network share or a cloud-sync folder, the known ways
SQLite files get corrupted (their locking and renaming are not the local disk's)."""
from __future__ import annotations

from pathlib import Path, PureWindowsPath

CLOUD_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "my drive", "icloud drive",
                 "iclouddrive", "box sync", "pcloud drive", "nextcloud", "owncloud")
NETWORK_FILESYSTEMS = ("nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afpfs", "fuse.sshfs", "9p")


def risky_location(path: Path | str, mounts: str | None = None) -> str | None:
    """Why ``path`` is a risky place for the database, or None. ``mounts`` is the text of
    /proc/mounts where the system has one (read if not given)."""
    text = str(path)
    if text.startswith(("\\\\", "//")) or PureWindowsPath(text).drive.startswith("\\\\"):
        return "a network share"
    resolved = Path(path).expanduser().resolve()
    for part in resolved.parts:
        if part.casefold().startswith(CLOUD_FOLDERS) or part.casefold() in CLOUD_FOLDERS:
            return f"a cloud-sync folder ({part})"
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 3 and (str(resolved) + "/").startswith(fields[1].rstrip("/") + "/") \
                and len(fields[1]) > len(best):
            best, kind = fields[1], fields[2]
    return f"a network drive ({kind} at {best})" if kind in NETWORK_FILESYSTEMS else None


def warning(path: Path | str) -> str | None:
    """The message to show when the database is somewhere risky."""
    place = risky_location(path)
    if place is None:
        return None
    return (f"{path} is on {place}. SQLite databases kept there can be corrupted when the folder is "
            "synchronised or the connection drops. Keep the caseload on this computer's own disk "
            "(the default place), and rely on Chronology's backups.")
