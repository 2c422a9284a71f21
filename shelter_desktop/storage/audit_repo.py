"""The append-only, hash-chained audit log (triggers refuse UPDATE and DELETE)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shelter_desktop.domain.audit import GENESIS_HASH, AuditEntry, entry_hash
from shelter_desktop.errors import AuditChainBrokenError
from shelter_desktop.storage.clock import from_text, now_utc, to_text
from shelter_desktop.storage.database import Connection

_COLUMNS = "seq, at, actor_id, actor_name, action, record_id, detail, prev_hash, hash"


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(seq=row[0], at=from_text(row[1]), actor_id=row[2], actor_name=row[3],
                      action=row[4], record_id=row[5], detail=row[6], prev_hash=row[7],
                      hash=row[8])


class AuditRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def append(self, *, action: str, actor_id: str | None, actor_name: str | None,
               record_id: str | None = None, detail: str = "") -> AuditEntry:
        """Add one entry; call inside the transaction of the change it records."""
        last = self._connection.execute(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (1, GENESIS_HASH) if last is None else (last[0] + 1, last[1])
        at = to_text(now_utc())
        digest = entry_hash(prev_hash, seq, at, actor_id, actor_name, action, record_id, detail)
        self._connection.execute(
            f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, actor_id, actor_name, action, record_id, detail, prev_hash, digest),
        )
        return AuditEntry(seq, from_text(at), actor_id, actor_name, action, record_id, detail,
                          prev_hash, digest)

    def entries(self, *, since: dt.datetime | None = None, action: str | None = None,
                actor_id: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        clauses: list[str] = []
        params: list[object] = []
        if since is not None:
            clauses.append("at >= ?")
            params.append(to_text(since))
        if action:
            clauses.append("action = ?")
            params.append(action)
        if actor_id:
            clauses.append("actor_id = ?")
            params.append(actor_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        tail = f"LIMIT {int(limit)}" if limit else ""
        rows = self._connection.execute(
            f"SELECT {_COLUMNS} FROM audit_log {where} ORDER BY seq DESC {tail}", params).fetchall()
        return [_entry(row) for row in rows]

    def count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM audit_log").fetchone()[0])

    def verify_chain(self) -> int:
        """Walk the whole chain; return the number of entries, or raise at the first bad link."""
        prev_hash = GENESIS_HASH
        expected_seq = 1
        cursor = self._connection.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq")
        for row in cursor:
            seq, at, actor_id, actor_name, action, record_id, detail, stored_prev, stored = row
            computed = entry_hash(prev_hash, seq, at, actor_id, actor_name, action, record_id,
                                  detail)
            if seq != expected_seq or stored_prev != prev_hash or stored != computed:
                raise AuditChainBrokenError(seq=seq)
            prev_hash = stored
            expected_seq += 1
        return expected_seq - 1
