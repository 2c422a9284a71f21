"""Service-plan versions, each one row; a trigger keeps acknowledged versions read-only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from shelter_desktop.domain.plans import (
    Acknowledgement,
    Action,
    ActionStatus,
    CopyDecision,
    Goal,
    Objective,
    PlanAcknowledgement,
    PlanStatus,
    PlanVersion,
    Responsible,
    Review,
)
from shelter_desktop.storage.clock import from_text, now_utc, to_text
from shelter_desktop.storage.database import Connection

_COLUMNS = ("id, plan_id, client_id, version, status, data, acknowledgement, change_reason, "
            "created_at, created_by_name")


def _day(text: object) -> dt.date | None:
    return dt.date.fromisoformat(str(text)) if text else None


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def encode(plan: PlanVersion) -> str:
    goals = [{
        "id": g.id, "domain": g.domain, "baseline_score": g.baseline_score,
        "in_client_words": g.in_client_words, "priority": g.priority,
        "objectives": [{"id": o.id, "statement": o.statement, "target_on": _iso(o.target_on)}
                       for o in g.objectives],
        "actions": [{"id": a.id, "what": a.what, "who": a.who.value, "due_on": _iso(a.due_on),
                     "status": a.status.value, "completed_on": _iso(a.completed_on),
                     "partner_description": a.partner_description} for a in g.actions],
    } for g in plan.goals]
    reviews = [{"id": r.id, "on": _iso(r.on), "client_present": r.client_present,
                "attendees": r.attendees, "progress": r.progress, "changes": r.changes}
               for r in plan.reviews]
    return json.dumps({"goals": goals, "reviews": reviews,
                       "next_meeting": _iso(plan.next_meeting),
                       "caseworker_first_name": plan.caseworker_first_name,
                       "print_languages": list(plan.print_languages)},
                      ensure_ascii=False, sort_keys=True)


def _decode(row: Any) -> PlanVersion:
    data = json.loads(row[5])
    goals = tuple(Goal(
        id=g["id"], domain=g["domain"], baseline_score=g.get("baseline_score"),
        in_client_words=g["in_client_words"], priority=int(g.get("priority", 1)),
        objectives=tuple(Objective(o["id"], o["statement"], _day(o.get("target_on")))
                         for o in g.get("objectives", [])),
        actions=tuple(Action(a["id"], a["what"], Responsible(a["who"]), _day(a.get("due_on")),
                             ActionStatus(a.get("status", "not_started")),
                             _day(a.get("completed_on")), a.get("partner_description", ""))
                      for a in g.get("actions", [])))
        for g in data.get("goals", []))
    reviews = tuple(Review(r["id"], dt.date.fromisoformat(r["on"]), bool(r["client_present"]),
                           r.get("attendees", ""), r.get("progress", ""), r.get("changes", ""))
                    for r in data.get("reviews", []))
    ack = None
    if row[6]:
        raw = json.loads(row[6])
        ack = PlanAcknowledgement(Acknowledgement(raw["how"]), dt.date.fromisoformat(raw["on"]),
                                  bool(raw["interpreter_attested"]), CopyDecision(raw["copy"]))
    meeting = data.get("next_meeting")
    return PlanVersion(
        id=row[0], plan_id=row[1], client_id=row[2], version=row[3], status=PlanStatus(row[4]),
        goals=goals, next_meeting=dt.datetime.fromisoformat(meeting) if meeting else None,
        caseworker_first_name=data.get("caseworker_first_name", ""), reviews=reviews,
        acknowledgement=ack, change_reason=row[7], created_at=from_text(row[8]),
        created_by=row[9], print_languages=tuple(data.get("print_languages", [])))


def _acknowledgement_json(ack: PlanAcknowledgement | None) -> str | None:
    """As ``PlanRepository.acknowledge`` stores it."""
    if ack is None:
        return None
    return json.dumps({"how": ack.how.value, "on": ack.on.isoformat(),
                       "interpreter_attested": ack.interpreter_attested, "copy": ack.copy.value})


def _created(plan: PlanVersion) -> dt.datetime:
    if plan.created_at is None:
        raise ValueError("a version inserted in bulk needs its creation time")
    return plan.created_at


class PlanRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def insert(self, plan: PlanVersion, actor_id: str | None, actor_name: str) -> None:
        stamp = to_text(now_utc())
        self._db.execute(
            "INSERT INTO plan_versions (id, plan_id, client_id, version, status, data, "
            "acknowledgement, change_reason, created_at, created_by, created_by_name, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
            (plan.id, plan.plan_id, plan.client_id, plan.version, plan.status.value,
             encode(plan), plan.change_reason, stamp, actor_id, actor_name, stamp, actor_id))

    def insert_many(self, versions: Sequence[tuple[PlanVersion, dt.datetime]],
                    actor_id: str | None) -> None:
        """Versions as given (ids, status, acknowledgement, times), in one ``executemany``.

        For demo data, inside the caller's transaction: each version with the time it last
        changed; ``created_at`` must be set, ``created_by`` is the name stored with it. Rows
        are inserted complete, so the read-only trigger (an UPDATE trigger) does not apply.
        """
        self._db.executemany(
            "INSERT INTO plan_versions (id, plan_id, client_id, version, status, data, "
            "acknowledgement, change_reason, created_at, created_by, created_by_name, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(plan.id, plan.plan_id, plan.client_id, plan.version, plan.status.value,
              encode(plan), _acknowledgement_json(plan.acknowledgement), plan.change_reason,
              to_text(_created(plan)), actor_id, plan.created_by, to_text(changed), actor_id)
             for plan, changed in versions])

    def set_review_due(self, rows: Sequence[tuple[str, dt.date | None]]) -> None:
        """(client id, plan review due date) for the list's "Plan review due" alert."""
        self._db.executemany("UPDATE clients SET plan_review_due = ? WHERE id = ?",
                             [(due.isoformat() if due else None, client_id)
                              for client_id, due in rows])

    def update_draft(self, plan: PlanVersion, actor_id: str | None) -> None:
        self._db.execute(
            "UPDATE plan_versions SET data = ?, updated_at = ?, updated_by = ?, "
            "revision = revision + 1 WHERE id = ?",
            (encode(plan), to_text(now_utc()), actor_id, plan.id))

    def acknowledge(self, version_id: str, ack: PlanAcknowledgement,
                    actor_id: str | None) -> None:
        data = json.dumps({"how": ack.how.value, "on": ack.on.isoformat(),
                           "interpreter_attested": ack.interpreter_attested,
                           "copy": ack.copy.value})
        self._db.execute(
            "UPDATE plan_versions SET acknowledgement = ?, status = 'active', updated_at = ?, "
            "updated_by = ?, revision = revision + 1 WHERE id = ?",
            (data, to_text(now_utc()), actor_id, version_id))

    def set_status(self, version_id: str, status: PlanStatus, actor_id: str | None) -> None:
        self._db.execute(
            "UPDATE plan_versions SET status = ?, updated_at = ?, updated_by = ?, "
            "revision = revision + 1 WHERE id = ?",
            (status.value, to_text(now_utc()), actor_id, version_id))

    def versions(self, client_id: str) -> list[PlanVersion]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM plan_versions WHERE client_id = ? ORDER BY version",
            (client_id,)).fetchall()
        return [_decode(row) for row in rows]

    def get(self, version_id: str) -> PlanVersion | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM plan_versions WHERE id = ?",
                               (version_id,)).fetchone()
        return None if row is None else _decode(row)
