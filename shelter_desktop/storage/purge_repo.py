"""Removing closed records for good, and the purge log that says so without saying what.

``secure_delete`` is on for every connection, so freed cells and pages are overwritten with
zeros; the name indexes use FTS5 "secure-delete" (migration 7). A purge ends with a checkpoint
that truncates the WAL, so the old pages do not survive there either.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from shelter_desktop.storage.clock import from_text, now_utc, to_text
from shelter_desktop.storage.database import Connection
from shelter_desktop.storage.search_index import SearchIndex

# Stored assessments are never deleted (migration 5) except by a purge, which lifts this trigger
# inside its own transaction and puts it back before committing.
_ASSESSMENT_GUARD = "assessments_no_delete"
# Child tables of a client record, removed before the record itself.
_CLIENT_TABLES = ("client_history", "dependants", "interpreter_records", "consents",
                  "plan_versions", "assessments")


@dataclass(frozen=True)
class PurgeCandidateRow:
    client_id: str
    name_to_use: str
    entry_date: dt.date
    closed_on: dt.date


@dataclass(frozen=True)
class PurgeLogEntry:
    seq: int
    purged_at: dt.datetime
    purged_by_name: str
    client_id: str
    scope: str
    entry_date: dt.date | None
    closed_on: dt.date | None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class PurgeRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def closed_before(self, cutoff: dt.date) -> list[PurgeCandidateRow]:
        """Closed records whose closing date is on or before ``cutoff``, oldest first."""
        rows = self._db.execute(
            "SELECT id, name_to_use, entry_date, exit_date FROM clients "
            "WHERE status = 'closed' AND deleted = 0 AND exit_date IS NOT NULL "
            "AND exit_date <= ? ORDER BY exit_date, sort_key", (cutoff.isoformat(),)).fetchall()
        return [PurgeCandidateRow(row[0], row[1], dt.date.fromisoformat(row[2]),
                                  dt.date.fromisoformat(row[3])) for row in rows]

    def record_dates(self, client_id: str) -> tuple[str, dt.date, dt.date | None] | None:
        """(status, entry date, closing date) of a record, or None."""
        row = self._db.execute("SELECT status, entry_date, exit_date FROM clients WHERE id = ?",
                               (client_id,)).fetchone()
        if row is None:
            return None
        return str(row[0]), dt.date.fromisoformat(row[1]), _date(row[2])

    def delete_record(self, client_id: str) -> None:
        """Every row of one client, in one transaction the caller holds."""
        rowid = self._db.execute("SELECT rowid FROM clients WHERE id = ?",
                                 (client_id,)).fetchone()
        if rowid is None:
            return
        guard = self._db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                 "AND name = ?", (_ASSESSMENT_GUARD,)).fetchone()
        if guard is not None:
            self._db.execute(f"DROP TRIGGER {_ASSESSMENT_GUARD}")
        # Corrections point at the assessment they correct: remove those first.
        self._db.execute("DELETE FROM assessments WHERE client_id = ? AND corrects_id IS NOT NULL",
                         (client_id,))
        for table in _CLIENT_TABLES:
            self._db.execute(f"DELETE FROM {table} WHERE client_id = ?", (client_id,))
        if guard is not None:
            self._db.execute(str(guard[0]))
        self._db.execute("DELETE FROM drafts WHERE client_id = ?", (client_id,))
        SearchIndex(self._db).remove(int(rowid[0]))
        self._db.execute("DELETE FROM clients WHERE id = ?", (client_id,))

    def delete_restricted_fields(self, client_id: str, fields: Iterable[str],
                                 names: tuple[str, list[str]] | None) -> list[str]:
        """Remove restricted answers and their edit history; returns the fields that were there.

        ``names`` is (name to use, aliases) to re-index the record without its legal name.
        """
        row = self._db.execute("SELECT rowid, restricted_answers FROM clients WHERE id = ?",
                               (client_id,)).fetchone()
        if row is None:
            return []
        stored: dict[str, object] = json.loads(row[1])
        removed = [field for field in fields if field in stored]
        for field in fields:
            stored.pop(field, None)
            self._db.execute("DELETE FROM client_history WHERE client_id = ? AND field = ?",
                             (client_id, field))
        self._db.execute("UPDATE clients SET restricted_answers = ? WHERE id = ?",
                         (json.dumps(stored, ensure_ascii=False), client_id))
        if names is not None and "legal_name" in fields:
            legal = stored.get("legal_name")
            legal_value = legal.get("value") if isinstance(legal, dict) else None
            SearchIndex(self._db).put(int(row[0]), names[0], names[1],
                                      str(legal_value) if legal_value else None)
        return removed

    def log(self, *, client_id: str, scope: str, entry_date: dt.date | None,
            closed_on: dt.date | None, actor_id: str | None, actor_name: str) -> None:
        self._db.execute(
            "INSERT INTO purge_log (purged_at, purged_by, purged_by_name, client_id, scope, "
            "entry_date, closed_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (to_text(now_utc()), actor_id, actor_name, client_id, scope,
             entry_date.isoformat() if entry_date else None,
             closed_on.isoformat() if closed_on else None))

    def entries(self) -> list[PurgeLogEntry]:
        rows = self._db.execute(
            "SELECT seq, purged_at, purged_by_name, client_id, scope, entry_date, closed_on "
            "FROM purge_log ORDER BY seq DESC").fetchall()
        return [PurgeLogEntry(row[0], from_text(row[1]), row[2], row[3], row[4], _date(row[5]),
                              _date(row[6])) for row in rows]

    def settle(self) -> None:
        """After the purge committed: merge the name indexes and empty the WAL."""
        for table in ("client_substrings", "client_words"):
            self._db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
