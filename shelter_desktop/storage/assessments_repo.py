"""Completed assessments: inserted once, never updated (a trigger refuses UPDATE)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from shelter_desktop.domain.assessments import Assessment, AssessmentKind, DomainScore
from shelter_desktop.storage.clock import from_text, now_utc, to_text
from shelter_desktop.storage.database import Connection

_COLUMNS = ("id, client_id, instrument, kind, assessed_on, scores, completed_at, "
            "completed_by_name, corrects_id, correction_reason")
_INSERT_COLUMNS = ("id, client_id, instrument, kind, assessed_on, scores, corrects_id, "
                   "correction_reason, completed_at, completed_by, completed_by_name, created_at, "
                   "updated_at, updated_by")


def _scores_json(scores: dict[str, DomainScore]) -> str:
    return json.dumps({k: v.to_json() for k, v in scores.items()}, ensure_ascii=False,
                      sort_keys=True)


def _assessment(row: Any) -> Assessment:
    scores = {key: DomainScore.from_json(value) for key, value in json.loads(row[5]).items()}
    return Assessment(id=row[0], client_id=row[1], instrument_key=row[2],
                      kind=AssessmentKind(row[3]), assessed_on=dt.date.fromisoformat(row[4]),
                      scores=scores, completed_at=from_text(row[6]), completed_by=row[7],
                      corrects_id=row[8], correction_reason=row[9])


class AssessmentRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def insert(self, *, client_id: str, instrument: str, kind: AssessmentKind,
               assessed_on: dt.date, scores: dict[str, DomainScore], corrects_id: str | None,
               correction_reason: str, actor_id: str | None, actor_name: str,
               completed_at: dt.datetime | None = None) -> str:
        assessment_id = str(uuid.uuid4())
        stamp = to_text(completed_at or now_utc())
        self._db.execute(
            f"INSERT INTO assessments ({_INSERT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (assessment_id, client_id, instrument, kind.value, assessed_on.isoformat(),
             _scores_json(scores), corrects_id, correction_reason, stamp, actor_id, actor_name,
             stamp, stamp, actor_id))
        return assessment_id

    def insert_many(self, assessments: Sequence[Assessment], actor_id: str | None) -> None:
        """Completed assessments as given (ids, times, corrections), in one ``executemany``.

        For demo data, inside the caller's transaction; an assessment that corrects another
        must come after it. ``completed_by`` is the name stored with each.
        """
        self._db.executemany(
            f"INSERT INTO assessments ({_INSERT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(a.id, a.client_id, a.instrument_key, a.kind.value, a.assessed_on.isoformat(),
              _scores_json(a.scores), a.corrects_id, a.correction_reason,
              to_text(a.completed_at), actor_id, a.completed_by, to_text(a.completed_at),
              to_text(a.completed_at), actor_id)
             for a in assessments])

    def get(self, assessment_id: str) -> Assessment | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM assessments WHERE id = ?",
                               (assessment_id,)).fetchone()
        return None if row is None else _assessment(row)

    def for_client(self, client_id: str) -> list[Assessment]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM assessments WHERE client_id = ? "
            "ORDER BY assessed_on, completed_at", (client_id,)).fetchall()
        return [_assessment(row) for row in rows]

    def by_client(self) -> Iterator[list[Assessment]]:
        """Every client's assessments, one client at a time (for aggregates)."""
        current: list[Assessment] = []
        client: str | None = None
        for row in self._db.execute(f"SELECT {_COLUMNS} FROM assessments "
                                    "ORDER BY client_id, assessed_on, completed_at"):
            if row[1] != client and current:
                yield current
                current = []
            client = row[1]
            current.append(_assessment(row))
        if current:
            yield current

    def set_client_due(self, client_id: str, due_on: dt.date | None) -> None:
        self._db.execute("UPDATE clients SET assessment_due = ? WHERE id = ?",
                         (due_on.isoformat() if due_on else None, client_id))

    def set_clients_due(self, due: Sequence[tuple[str, dt.date | None]]) -> None:
        """:meth:`set_client_due` for many clients in one ``executemany``."""
        self._db.executemany("UPDATE clients SET assessment_due = ? WHERE id = ?",
                             [(due_on.isoformat() if due_on else None, client_id)
                              for client_id, due_on in due])
