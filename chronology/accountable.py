"""The parts of the store that account for what was done: flag acknowledgements, exports, and
the audit trail's verification. Mixed into :class:`~chronology.store.Store`."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from . import audit
from .model import (
    Acknowledgement,
    Analysis,
    Changes,
    Child,
    ValidationError,
    clean_text,
    now_text,
    refuse_control_characters,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


class Accountable:
    """Needs the store's ``db``, ``user``, ``child()`` and ``details_for()``."""

    db: Database
    user: str

    def child(self, child_id: int) -> Child:  # the store's own (a child that is not there is refused)
        raise NotImplementedError

    def acknowledge_flag(self, child_id: int, flag_key: str, rule: str, title: str, response: str) -> Changes:
        """Record a response to a flag (who, when, why). Nothing is overwritten: a later
        acknowledgement of the same flag is added beside the earlier one."""
        if not response.strip():
            raise ValidationError("response", "Say how the flag was considered: the response is recorded.")
        self.child(child_id)
        stamp = now_text()
        with self.db.atomic():
            ack_id = self.db.execute(
                "INSERT INTO flag_acknowledgements(child_id, flag_key, rule, title, response, acknowledged_by, "
                "acknowledged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [child_id, flag_key, rule, title, response.strip(), self.user, stamp]).lastrowid
            audit.append(self.db, stamp, self.user, "acknowledged", "flag", child_id,
                         {"acknowledgements": audit.digests_now(self.db, "acknowledgements", [str(ack_id)]),
                          "flag": flag_key})
        return Changes(children=frozenset({child_id}))

    def write_analysis(self, child_id: int, text: str, dated: date) -> Changes:
        """Record the worker's analysis of a child's chronology as of ``dated``. The earlier ones
        stay, as history; nothing is overwritten."""
        cleaned = clean_text(text)
        if not cleaned:
            raise ValidationError("analysis", "Write the analysis: what the chronology shows you, in your words.")
        if len(cleaned) > Analysis.MOST:
            raise ValidationError("analysis", f"The analysis is {len(cleaned):,} characters; keep it to "
                                              f"{Analysis.MOST:,} (a few paragraphs) for the conference's first page.")
        refuse_control_characters({"analysis": cleaned})
        if dated > date.today():
            raise ValidationError("dated", f"{dated:%d/%m/%Y} is in the future: date the analysis on or before today.")
        self.child(child_id)
        stamp = now_text()
        with self.db.atomic():
            analysis_id = self.db.execute(
                "INSERT INTO analyses(child_id, text, dated, written_at, written_by) VALUES (?, ?, ?, ?, ?)",
                [child_id, cleaned, dated.isoformat(), stamp, self.user]).lastrowid
            audit.append(self.db, stamp, self.user, "analysed", "child", child_id,
                         {"analyses": audit.digests_now(self.db, "analyses", [str(analysis_id)])})
        return Changes(children=frozenset({child_id}))

    def analyses(self, child_id: int, up_to: date | None = None) -> list[Analysis]:
        """A child's analyses, oldest first (the last is current); ``up_to``: those dated by then."""
        found = [Analysis(row[0], row[1], date.fromisoformat(row[2]), row[3], row[4]) for row in self.db.execute(
            "SELECT id, text, dated, written_by, written_at FROM analyses WHERE child_id = ? ORDER BY id", [child_id])]
        return [a for a in found if up_to is None or a.dated <= up_to]

    def record_export(self, child_id: int, form: str, count: int, choices: dict | None = None) -> str:
        """Note in the audit trail that a chronology left the app; returns the new chain hash."""
        with self.db.atomic():
            return audit.append(self.db, now_text(), self.user, "exported", "child", child_id,
                                {"format": form, "entries": count, **(choices or {})})

    def record_encryption(self, action: str) -> None:
        """Note in the audit trail that the caseload was encrypted or re-encrypted (never the
        passphrase): ``action`` is "encrypted" or "passphrase changed"."""
        with self.db.atomic():
            audit.append(self.db, now_text(), self.user, action, "caseload", 0, {})

    def chain_hash(self) -> str:
        """The audit trail's latest hash, printed on documents so the file can be checked against paper."""
        return audit.last_hash(self.db)

    def audit_entry(self, hash_prefix: str) -> tuple[int, str, str, str] | None:
        """(id, action, who, when) of the entry whose hash begins with ``hash_prefix``."""
        prefix = hash_prefix.strip().lower()
        if len(prefix) < 16 or any(c not in "0123456789abcdef" for c in prefix):
            raise ValidationError("hash", "Give at least the 16 characters printed on the paper (0-9, a-f).")
        row = self.db.execute("SELECT id, action, who, at FROM audit_log WHERE substr(hash, 1, ?) = ?",
                              [len(prefix), prefix]).fetchone()
        return tuple(row) if row else None

    def verify(self) -> audit.Verification:
        return audit.verify(self.db)

    def acknowledgements(self, child_id: int) -> dict[str, Acknowledgement]:
        """The latest acknowledgement of each of a child's flags, by flag key."""
        latest: dict[str, Acknowledgement] = {}
        for key, response, by, at in self.db.execute(
                "SELECT flag_key, response, acknowledged_by, acknowledged_at FROM flag_acknowledgements "
                "WHERE child_id = ? ORDER BY id", [child_id]):
            latest[key] = Acknowledgement(response, by, at)
        return latest

