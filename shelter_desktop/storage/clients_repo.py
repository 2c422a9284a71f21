"""Clients and what hangs off them (dependants, interpreter records, consents, history, drafts).

Answers are stored as JSON inside the encrypted database; restricted answers (legal name, police
involvement, the narrative note) in their own column, so code that lists or searches clients
never even loads them unless the caller's role allows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from shelter_desktop.domain.answers import Answer, Answers, answers_from_json, answers_to_json
from shelter_desktop.domain.clients import (
    ASSESSMENT_WARNING_DAYS,
    EXPIRY_WARNING_DAYS,
    FIRST_ASSESSMENT_DAYS,
    Alert,
    Client,
    ClientStatus,
    ClientSummary,
    Consent,
    ConsentKind,
    Dependant,
    HistoryEntry,
    IntakeDraft,
    InterpreterRecord,
    split_aliases,
)
from shelter_desktop.storage.clock import from_text, now_utc, to_text
from shelter_desktop.storage.database import Connection
from shelter_desktop.storage.search_index import SearchIndex


@dataclass(frozen=True)
class ClientColumns:
    """The columns the list, search and alerts read, derived from the answers by the service."""

    name_to_use: str
    sort_key: str
    aliases: tuple[str, ...]
    date_of_birth: str | None
    reading_language: str | None
    is_minor: bool  # "Under 18?" answered yes with no birth date
    adult_on: str | None  # the day a known birth date makes them 18
    dependant_count: int
    trp_expiry: str | None
    legal_name: str | None


@dataclass(frozen=True)
class ListFilter:
    status: ClientStatus | None = ClientStatus.ACTIVE
    with_dependants: bool = False
    with_alerts: bool = False


@dataclass(frozen=True)
class ClientInsert:
    """Everything one new client brings, for :meth:`ClientRepository.insert_many`."""

    answers: Answers
    restricted: Answers
    columns: ClientColumns
    entry_date: dt.date
    consent: Consent
    status: ClientStatus = ClientStatus.ACTIVE
    exit_date: dt.date | None = None
    exit_reason: str = ""
    interpreter: tuple[dt.date, Answers] | None = None
    dependants: tuple[Answers, ...] = ()


SORT_COLUMNS = {"name": "c.sort_key", "updated": "c.updated_at", "entry": "c.entry_date"}
# Up to this many matches, list_head sorts all of them rather than walk the list in name order
# (measured at 100k: sorting 1,000 matches costs about what walking to the 100th does).
_FEW_MATCHES = 1000


def _order_sql(sort: str, descending: bool) -> str:
    return f"{SORT_COLUMNS.get(sort, 'c.sort_key')} {'DESC' if descending else 'ASC'}, c.rowid"


# Under 18 today: by the "Under 18?" answer, or until the day a known birth date makes them 18.
_MINOR_SQL = "(c.is_minor = 1 OR (c.adult_on IS NOT NULL AND c.adult_on > ?))"
# An active client's next needs assessment is due by the bound date (with none yet: 30 days after
# entry; the assessment service keeps assessment_due current afterwards).
_ASSESSMENT_DUE_SQL = (
    "(c.status = 'active' AND coalesce(c.assessment_due, "
    f"date(c.entry_date, '+{FIRST_ASSESSMENT_DAYS} days')) <= ?)")
# An active client's plan review is due by the bound date (PlanService keeps plan_review_due).
_PLAN_REVIEW_DUE_SQL = "(c.status = 'active' AND c.plan_review_due <= ?)"
# A consent that is given, not revoked, and ends on or before the warning date (a bound parameter).
_CONSENT_EXPIRING_SQL = (
    "EXISTS (SELECT 1 FROM consents k WHERE k.client_id = c.id AND k.deleted = 0 AND "
    "k.given = 1 AND k.revoked_on IS NULL AND k.expiry_date IS NOT NULL AND k.expiry_date <= ?)")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class ClientRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self.index = SearchIndex(connection)

    # -- clients ----------------------------------------------------------------------------

    def insert(self, *, answers: Answers, restricted: Answers, columns: ClientColumns,
               entry_date: dt.date, actor_id: str | None) -> str:
        client_id = str(uuid.uuid4())
        stamp = to_text(now_utc())
        cursor = self._db.execute(
            "INSERT INTO clients (id, name_to_use, sort_key, aliases, date_of_birth, "
            "reading_language, status, entry_date, is_minor, adult_on, dependant_count, "
            "trp_expiry, answers, restricted_answers, created_at, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (client_id, columns.name_to_use, columns.sort_key, _json(list(columns.aliases)),
             columns.date_of_birth, columns.reading_language, entry_date.isoformat(),
             int(columns.is_minor), columns.adult_on, columns.dependant_count, columns.trp_expiry,
             _json(answers_to_json(answers)), _json(answers_to_json(restricted)), stamp, stamp,
             actor_id))
        rowid = int(cursor.lastrowid or 0)
        self.index.put(rowid, columns.name_to_use, columns.aliases, columns.legal_name)
        return client_id

    def update(self, client_id: str, *, answers: Answers, restricted: Answers,
               columns: ClientColumns, actor_id: str | None) -> None:
        self._db.execute(
            "UPDATE clients SET name_to_use = ?, sort_key = ?, aliases = ?, date_of_birth = ?, "
            "reading_language = ?, is_minor = ?, adult_on = ?, dependant_count = ?, "
            "trp_expiry = ?, "
            "answers = ?, restricted_answers = ?, updated_at = ?, updated_by = ?, "
            "revision = revision + 1 WHERE id = ?",
            (columns.name_to_use, columns.sort_key, _json(list(columns.aliases)),
             columns.date_of_birth, columns.reading_language, int(columns.is_minor),
             columns.adult_on, columns.dependant_count, columns.trp_expiry,
             _json(answers_to_json(answers)), _json(answers_to_json(restricted)),
             to_text(now_utc()), actor_id, client_id))
        self.index.put(self.rowid(client_id), columns.name_to_use, columns.aliases,
                       columns.legal_name)

    def rowid(self, client_id: str) -> int:
        row = self._db.execute("SELECT rowid FROM clients WHERE id = ?", (client_id,)).fetchone()
        if row is None:
            raise KeyError(client_id)
        return int(row[0])

    def exists(self, client_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM clients WHERE id = ? AND deleted = 0",
                                (client_id,)).fetchone() is not None

    def set_status(self, client_id: str, status: ClientStatus, exit_date: dt.date | None,
                   exit_reason: str, actor_id: str | None) -> None:
        self._db.execute(
            "UPDATE clients SET status = ?, exit_date = ?, exit_reason = ?, updated_at = ?, "
            "updated_by = ?, revision = revision + 1 WHERE id = ?",
            (status.value, exit_date.isoformat() if exit_date else None, exit_reason,
             to_text(now_utc()), actor_id, client_id))

    def answers(self, client_id: str, *, include_restricted: bool) -> tuple[Answers, Answers]:
        row = self._db.execute(
            "SELECT answers, CASE WHEN ? THEN restricted_answers ELSE '{}' END FROM clients "
            "WHERE id = ? AND deleted = 0", (int(include_restricted), client_id)).fetchone()
        if row is None:
            raise KeyError(client_id)
        return answers_from_json(json.loads(row[0])), answers_from_json(json.loads(row[1]))

    def get(self, client_id: str, *, include_restricted: bool) -> Client | None:
        row = self._db.execute(
            "SELECT id, answers, CASE WHEN ? THEN restricted_answers ELSE '{}' END, status, "
            "entry_date, exit_date, exit_reason, created_at, updated_at, revision "
            "FROM clients WHERE id = ? AND deleted = 0",
            (int(include_restricted), client_id)).fetchone()
        if row is None:
            return None
        answers = answers_from_json(json.loads(row[1]))
        answers.update(answers_from_json(json.loads(row[2])))
        return Client(
            id=row[0], answers=answers, status=ClientStatus(row[3]),
            entry_date=dt.date.fromisoformat(row[4]), exit_date=_date(row[5]),
            exit_reason=row[6], created_at=from_text(row[7]), updated_at=from_text(row[8]),
            revision=row[9], dependants=tuple(self.dependants(client_id)),
            interpreter_records=tuple(self.interpreter_records(client_id)),
            consents=tuple(self.consents(client_id)), restricted_visible=include_restricted)

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM clients WHERE deleted = 0").fetchone()[0])

    # -- listing and search -----------------------------------------------------------------

    def _alert_sql(self, today: dt.date) -> tuple[str, list[object]]:
        soon = (today + dt.timedelta(days=EXPIRY_WARNING_DAYS)).isoformat()
        due = (today + dt.timedelta(days=ASSESSMENT_WARNING_DAYS)).isoformat()
        sql = (f"({_MINOR_SQL} OR (c.trp_expiry IS NOT NULL AND c.trp_expiry <= ?) OR "
               f"{_CONSENT_EXPIRING_SQL} OR {_ASSESSMENT_DUE_SQL} OR {_PLAN_REVIEW_DUE_SQL})")
        return sql, [today.isoformat(), soon, soon, due, due]

    def _list_where(self, query: str, include_legal: bool, list_filter: ListFilter,
                    today: dt.date | None) -> tuple[str, list[object], bool]:
        """The WHERE of the list, its parameters, and whether a name search narrows it."""
        clauses = ["c.deleted = 0"]
        params: list[object] = []
        if list_filter.status is not None:
            clauses.append("c.status = ?")
            params.append(list_filter.status.value)
        if list_filter.with_dependants:
            clauses.append("c.dependant_count > 0")
        if list_filter.with_alerts:
            alert_sql, alert_params = self._alert_sql(today or dt.date.today())
            clauses.append(alert_sql)
            params += alert_params
        searched = False
        if query.strip():
            match = self.index.match_sql(query, include_legal)
            if match is not None:  # a query of punctuation alone filters nothing
                sql, match_params = match
                clauses.append(f"c.rowid IN ({sql})")
                params += match_params
                searched = True
        return " AND ".join(clauses), params, searched

    def list_ids(self, *, query: str = "", include_legal: bool = False,
                 list_filter: ListFilter | None = None, sort: str = "name",
                 descending: bool = False, today: dt.date | None = None) -> list[str]:
        """Matching client ids in display order; the list model loads rows for them lazily."""
        where, params, _searched = self._list_where(query, include_legal,
                                                    list_filter or ListFilter(), today)
        rows = self._db.execute(
            f"SELECT c.id FROM clients c WHERE {where} "
            f"ORDER BY {_order_sql(sort, descending)}", params).fetchall()
        return [row[0] for row in rows]

    def list_head(self, *, limit: int, query: str = "", include_legal: bool = False,
                  list_filter: ListFilter | None = None, sort: str = "name",
                  descending: bool = False, today: dt.date | None = None
                  ) -> tuple[int, list[str]]:
        """How many clients match, and the first ``limit`` ids in display order (all when few).

        What the list needs for each keystroke of a search: its count and its first screen. A
        one-letter search of 100,000 clients matches over 10,000; listing them all took longer
        than a frame, and the rest is only read if the person scrolls (``list_ids``).
        """
        list_filter = list_filter or ListFilter()
        where, params, searched = self._list_where(query, include_legal, list_filter, today)
        order = _order_sql(sort, descending)
        if searched and sort == "name" and not (list_filter.with_dependants
                                                 or list_filter.with_alerts):
            # Start from the matches (the index that begins with rowid holds every column this
            # needs) rather than walk the whole list in name order looking for them: the cost
            # follows the number of matches, not the number of clients.
            by_match = f"clients c INDEXED BY clients_by_rowid WHERE {where}"
            total = int(self._db.execute(f"SELECT count(*) FROM {by_match}",
                                         params).fetchone()[0])
            if total <= _FEW_MATCHES:
                rows = self._db.execute(f"SELECT c.id FROM {by_match} ORDER BY {order}",
                                        params).fetchall()
                return total, [row[0] for row in rows]
        else:
            total = int(self._db.execute(f"SELECT count(*) FROM clients c WHERE {where}",
                                         params).fetchone()[0])
        # Many matches: walking the list in name order finds the first screen of them soon.
        rows = self._db.execute(f"SELECT c.id FROM clients c WHERE {where} ORDER BY {order} "
                                "LIMIT ?", [*params, limit]).fetchall()
        return total, [row[0] for row in rows]

    def summaries(self, client_ids: Sequence[str], *, include_legal: bool,
                  today: dt.date | None = None) -> list[ClientSummary]:
        """Rows for ``client_ids``, in that order (ids no longer present are skipped)."""
        if not client_ids:
            return []
        today = today or dt.date.today()
        soon = (today + dt.timedelta(days=EXPIRY_WARNING_DAYS)).isoformat()
        due = (today + dt.timedelta(days=ASSESSMENT_WARNING_DAYS)).isoformat()
        marks = ",".join("?" * len(client_ids))
        rows = self._db.execute(
            "SELECT c.id, c.name_to_use, c.aliases, c.status, c.date_of_birth, "
            f"c.reading_language, c.dependant_count, c.updated_at, {_MINOR_SQL}, "
            "(c.trp_expiry IS NOT NULL AND c.trp_expiry <= ?), "
            f"{_CONSENT_EXPIRING_SQL}, "
            "CASE WHEN ? THEN json_extract(c.restricted_answers, '$.legal_name.value') END, "
            f"{_ASSESSMENT_DUE_SQL}, {_PLAN_REVIEW_DUE_SQL} "
            f"FROM clients c WHERE c.id IN ({marks})",
            [today.isoformat(), soon, soon, int(include_legal), due, due,
             *client_ids]).fetchall()
        by_id: dict[str, ClientSummary] = {}
        for row in rows:
            alerts = set()
            if row[8]:
                alerts.add(Alert.MINOR)
            if row[9]:
                alerts.add(Alert.TRP_EXPIRING)
            if row[10]:
                alerts.add(Alert.CONSENT_EXPIRING)
            if row[12]:
                alerts.add(Alert.ASSESSMENT_DUE)
            if row[13]:
                alerts.add(Alert.PLAN_REVIEW_DUE)
            by_id[row[0]] = ClientSummary(
                id=row[0], name_to_use=row[1], aliases=split_aliases(json.loads(row[2])),
                status=ClientStatus(row[3]), date_of_birth=row[4], reading_language=row[5],
                has_dependants=row[6] > 0, alerts=frozenset(alerts),
                updated_at=from_text(row[7]), legal_name=row[11])
        return [by_id[client_id] for client_id in client_ids if client_id in by_id]

    # -- dependants, interpreter records, consents ------------------------------------------

    def dependants(self, client_id: str) -> list[Dependant]:
        rows = self._db.execute(
            "SELECT id, answers FROM dependants WHERE client_id = ? AND deleted = 0 "
            "ORDER BY created_at", (client_id,)).fetchall()
        return [Dependant(row[0], answers_from_json(json.loads(row[1]))) for row in rows]

    def save_dependant(self, client_id: str, dependant_id: str | None, answers: Answers,
                       actor_id: str | None) -> str:
        stamp = to_text(now_utc())
        if dependant_id is None:
            dependant_id = str(uuid.uuid4())
            self._db.execute(
                "INSERT INTO dependants (id, client_id, answers, created_at, updated_at, "
                "updated_by) VALUES (?, ?, ?, ?, ?, ?)",
                (dependant_id, client_id, _json(answers_to_json(answers)), stamp, stamp,
                 actor_id))
        else:
            self._db.execute(
                "UPDATE dependants SET answers = ?, updated_at = ?, updated_by = ?, "
                "revision = revision + 1 WHERE id = ? AND client_id = ?",
                (_json(answers_to_json(answers)), stamp, actor_id, dependant_id, client_id))
        return dependant_id

    def remove_dependant(self, client_id: str, dependant_id: str, actor_id: str | None) -> None:
        self._db.execute(
            "UPDATE dependants SET deleted = 1, updated_at = ?, updated_by = ?, "
            "revision = revision + 1 WHERE id = ? AND client_id = ?",
            (to_text(now_utc()), actor_id, dependant_id, client_id))

    def interpreter_records(self, client_id: str) -> list[InterpreterRecord]:
        rows = self._db.execute(
            "SELECT id, at, answers FROM interpreter_records WHERE client_id = ? AND deleted = 0 "
            "ORDER BY at", (client_id,)).fetchall()
        return [InterpreterRecord(row[0], dt.date.fromisoformat(row[1]),
                                  answers_from_json(json.loads(row[2]))) for row in rows]

    def add_interpreter_record(self, client_id: str, at: dt.date, answers: Answers,
                               actor_id: str | None) -> str:
        record_id = str(uuid.uuid4())
        stamp = to_text(now_utc())
        self._db.execute(
            "INSERT INTO interpreter_records (id, client_id, at, answers, created_at, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record_id, client_id, at.isoformat(), _json(answers_to_json(answers)), stamp,
             stamp, actor_id))
        return record_id

    def consents(self, client_id: str) -> list[Consent]:
        rows = self._db.execute(
            "SELECT id, kind, given, start_date, expiry_date, recipient, purpose, method, "
            "language, revoked_on FROM consents WHERE client_id = ? AND deleted = 0 "
            "ORDER BY start_date", (client_id,)).fetchall()
        return [Consent(row[0], ConsentKind(row[1]), bool(row[2]),
                        dt.date.fromisoformat(row[3]), _date(row[4]), row[5], row[6], row[7],
                        row[8], _date(row[9])) for row in rows]

    def add_consent(self, client_id: str, consent: Consent, actor_id: str | None) -> str:
        stamp = to_text(now_utc())
        self._db.execute(
            "INSERT INTO consents (id, client_id, kind, given, start_date, expiry_date, "
            "recipient, purpose, method, language, revoked_on, created_at, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (consent.id, client_id, consent.kind.value, int(consent.given),
             consent.start_date.isoformat(),
             consent.expiry_date.isoformat() if consent.expiry_date else None,
             consent.recipient, consent.purpose, consent.method, consent.language,
             consent.revoked_on.isoformat() if consent.revoked_on else None, stamp, stamp,
             actor_id))
        return consent.id

    # -- history ----------------------------------------------------------------------------

    def add_history(self, client_id: str, changes: Iterable[tuple[str, Answer, Answer]],
                    actor_id: str | None, actor_name: str | None) -> None:
        stamp = to_text(now_utc())
        self._db.executemany(
            "INSERT INTO client_history (id, client_id, at, actor_id, actor_name, field, "
            "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(str(uuid.uuid4()), client_id, stamp, actor_id, actor_name, key,
              _json(old.to_json()), _json(new.to_json())) for key, old, new in changes])

    def history(self, client_id: str, *, include_restricted: bool,
                restricted_fields: frozenset[str]) -> list[HistoryEntry]:
        rows = self._db.execute(
            "SELECT at, actor_name, field, old_value, new_value FROM client_history "
            "WHERE client_id = ? ORDER BY at DESC, rowid DESC", (client_id,)).fetchall()
        return [HistoryEntry(from_text(row[0]), row[1] or "", row[2],
                             Answer.from_json(json.loads(row[3])),
                             Answer.from_json(json.loads(row[4])))
                for row in rows if include_restricted or row[2] not in restricted_fields]

    # -- drafts -----------------------------------------------------------------------------

    def save_draft(self, draft: IntakeDraft, owner_id: str) -> None:
        self._db.execute(
            "INSERT INTO drafts (id, owner_id, kind, client_id, data, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, "
            "client_id = excluded.client_id, updated_at = excluded.updated_at",
            (draft.id, owner_id, draft.kind, draft.client_id, _json(draft.data),
             to_text(now_utc())))

    def drafts(self, owner_id: str, kind: str | None = None) -> list[IntakeDraft]:
        sql = "SELECT id, kind, client_id, data, updated_at FROM drafts WHERE owner_id = ?"
        params: list[Any] = [owner_id]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        rows = self._db.execute(sql + " ORDER BY updated_at DESC", params).fetchall()
        return [IntakeDraft(row[0], row[1], row[2], json.loads(row[3]), from_text(row[4]))
                for row in rows]

    def draft(self, draft_id: str) -> IntakeDraft | None:
        row = self._db.execute("SELECT id, kind, client_id, data, updated_at FROM drafts "
                               "WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            return None
        return IntakeDraft(row[0], row[1], row[2], json.loads(row[3]), from_text(row[4]))

    def delete_draft(self, draft_id: str) -> None:
        self._db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    # -- many new clients at once ----------------------------------------------------------

    def insert_many(self, records: Sequence[ClientInsert], actor_id: str | None
                    ) -> list[str]:
        """One ``executemany`` per table; call inside the caller's transaction.

        Row ids are given explicitly (after the current largest), so the search index can be filled
        without asking SQLite for each new row's id: that round trip per client would dominate an
        import of 100,000.
        """
        db = self._db
        stamp = to_text(now_utc())
        base = int(db.execute("SELECT coalesce(max(rowid), 0) FROM clients").fetchone()[0])
        ids = [str(uuid.uuid4()) for _ in records]
        db.executemany(
            "INSERT INTO clients (rowid, id, name_to_use, sort_key, aliases, date_of_birth, "
            "reading_language, status, entry_date, exit_date, exit_reason, is_minor, adult_on, "
            "dependant_count, trp_expiry, answers, restricted_answers, created_at, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(base + offset + 1, client_id, r.columns.name_to_use, r.columns.sort_key,
              _json(list(r.columns.aliases)), r.columns.date_of_birth, r.columns.reading_language,
              r.status.value, r.entry_date.isoformat(),
              r.exit_date.isoformat() if r.exit_date else None, r.exit_reason,
              int(r.columns.is_minor), r.columns.adult_on, r.columns.dependant_count,
              r.columns.trp_expiry,
              _json(answers_to_json(r.answers)), _json(answers_to_json(r.restricted)), stamp, stamp,
              actor_id)
             for offset, (client_id, r) in enumerate(zip(ids, records, strict=True))])
        for offset, r in enumerate(records):
            self.index.put(base + offset + 1, r.columns.name_to_use, r.columns.aliases,
                           r.columns.legal_name)
        db.executemany(
            "INSERT INTO consents (id, client_id, kind, given, start_date, expiry_date, language, "
            "created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.consent.id, client_id, r.consent.kind.value, int(r.consent.given),
              r.consent.start_date.isoformat(),
              r.consent.expiry_date.isoformat() if r.consent.expiry_date else None,
              r.consent.language, stamp, stamp, actor_id)
             for client_id, r in zip(ids, records, strict=True)])
        db.executemany(
            "INSERT INTO interpreter_records (id, client_id, at, answers, created_at, updated_at, "
            "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(str(uuid.uuid4()), client_id, r.interpreter[0].isoformat(),
              _json(answers_to_json(r.interpreter[1])), stamp, stamp, actor_id)
             for client_id, r in zip(ids, records, strict=True) if r.interpreter is not None])
        db.executemany(
            "INSERT INTO dependants (id, client_id, answers, created_at, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(str(uuid.uuid4()), client_id, _json(answers_to_json(dependant)), stamp, stamp,
              actor_id)
             for client_id, r in zip(ids, records, strict=True) for dependant in r.dependants])
        return ids
