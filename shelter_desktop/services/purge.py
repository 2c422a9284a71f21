"""Retention and purge (administrators): how long closed records are kept, and removing them.

Nothing is ever purged on its own: a purge lists what it will remove, an administrator confirms,
and the purge log keeps ids and dates (never contents). Backups keep purged records until they
are rotated out; the README says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.intake_schema import RESTRICTED_FIELDS
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_
from shelter_desktop.logs import log_event
from shelter_desktop.services.session import Session
from shelter_desktop.storage.clients_repo import ClientRepository
from shelter_desktop.storage.purge_repo import PurgeLogEntry as PurgeLogEntry  # for the UI
from shelter_desktop.storage.purge_repo import PurgeRepository

RETENTION_KEY = "retention_years"
RETENTION_DEFAULT, RETENTION_MIN, RETENTION_MAX = 7, 1, 50
RECORD_SCOPE = "record"


@dataclass(frozen=True)
class PurgeCandidate:
    client_id: str
    name_to_use: str
    entry_date: dt.date
    closed_on: dt.date


@dataclass(frozen=True)
class PurgeReport:
    records: int
    fields: int


def retention_cutoff(today: dt.date, years: int) -> dt.date:
    """Records closed on or before this date are past retention."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class PurgeService:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _repo(self) -> PurgeRepository:
        return PurgeRepository(self.session.vault.connection)

    def retention_years(self) -> int:
        return int(self.session.vault.settings.get(RETENTION_KEY, RETENTION_DEFAULT))

    def set_retention_years(self, years: int) -> None:
        self.session.require(Permission.PURGE)
        if not RETENTION_MIN <= years <= RETENTION_MAX:
            raise ValidationError(N_("Choose between {minimum} and {maximum} years."),
                                  "retention_years", minimum=RETENTION_MIN,
                                  maximum=RETENTION_MAX)
        with self.session.write():
            self.session.vault.settings.set(RETENTION_KEY, years, self.session.account.id)
            self.session.audit(AuditAction.SETTING_CHANGED, detail=f"{RETENTION_KEY}={years}")

    def candidates(self, today: dt.date | None = None) -> list[PurgeCandidate]:
        """Closed records kept longer than the retention period: what a purge would remove."""
        self.session.require(Permission.PURGE)
        cutoff = retention_cutoff(today or dt.date.today(), self.retention_years())
        rows = self._repo.closed_before(cutoff)
        self.session.audit_now(AuditAction.PURGE_LISTED, detail=f"records={len(rows)}")
        return [PurgeCandidate(r.client_id, r.name_to_use, r.entry_date, r.closed_on)
                for r in rows]

    def purge_records(self, client_ids: Sequence[str]) -> PurgeReport:
        """Remove whole closed records, confirmed by an administrator; one transaction."""
        self.session.require(Permission.PURGE)
        repo = self._repo
        account = self.session.account
        with self.session.write():
            for client_id in client_ids:
                found = repo.record_dates(client_id)
                if found is None:
                    raise ValidationError(N_("This client record no longer exists."), "client")
                status, entry, closed = found
                if status != "closed":
                    raise ValidationError(
                        N_("Only closed records can be purged. Close the record first."),
                        "client")
                repo.delete_record(client_id)
                repo.log(client_id=client_id, scope=RECORD_SCOPE, entry_date=entry,
                         closed_on=closed, actor_id=account.id, actor_name=account.username)
            self.session.audit(AuditAction.RECORDS_PURGED, detail=f"records={len(client_ids)}")
        repo.settle()
        log_event("purge.records", count=len(client_ids))
        return PurgeReport(len(client_ids), 0)

    def purge_fields(self, client_id: str, fields: Sequence[str]) -> PurgeReport:
        """Remove single restricted answers (and their edit history) from one record."""
        self.session.require(Permission.PURGE)
        unknown = [field for field in fields if field not in RESTRICTED_FIELDS]
        if unknown or not fields:
            raise ValidationError(N_("Only restricted fields can be purged one by one."),
                                  "fields")
        repo = self._repo
        client = ClientRepository(self.session.vault.connection).get(
            client_id, include_restricted=False)
        if client is None:
            raise ValidationError(N_("This client record no longer exists."), "client")
        account = self.session.account
        with self.session.write():
            removed = repo.delete_restricted_fields(
                client_id, fields, (client.name_to_use, list(client.aliases)))
            for field in fields:
                repo.log(client_id=client_id, scope=f"field:{field}",
                         entry_date=client.entry_date, closed_on=client.exit_date,
                         actor_id=account.id, actor_name=account.username)
            self.session.audit(AuditAction.RECORDS_PURGED, client_id,
                               detail=f"fields={','.join(sorted(fields))}")
        repo.settle()
        log_event("purge.fields", count=len(removed))
        return PurgeReport(0, len(removed))

    def log(self) -> list[PurgeLogEntry]:
        self.session.require(Permission.PURGE)
        return self._repo.entries()
