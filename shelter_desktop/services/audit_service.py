"""Reading and verifying the audit log (administrators)."""

from __future__ import annotations

import datetime as dt

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.audit import AuditAction, AuditEntry
from shelter_desktop.errors import VaultDamagedError
from shelter_desktop.services.session import Session
from shelter_desktop.storage.database import DatabaseError


class AuditService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def entries(self, since: dt.datetime | None = None, action: str | None = None,
                limit: int | None = None) -> list[AuditEntry]:
        """Newest first. Viewing the log is itself recorded."""
        self.session.require(Permission.VIEW_AUDIT)
        self.session.audit_now(AuditAction.AUDIT_VIEWED)
        return self.session.vault.audit.entries(since=since, action=action, limit=limit)

    def verify(self) -> int:
        """Check the whole hash chain; returns the number of entries or raises."""
        self.session.require(Permission.VIEW_AUDIT)
        try:
            count = self.session.vault.audit.verify_chain()
        except DatabaseError as exc:
            raise VaultDamagedError() from exc
        self.session.audit_now(AuditAction.AUDIT_VERIFIED, detail=f"entries={count}")
        return count


def verify_vault(session: Session) -> list[str]:
    """Both SQLCipher integrity checks and the audit chain; an empty list means all is well."""
    problems = session.vault.integrity_problems()
    if problems:
        return problems
    session.vault.audit.verify_chain()
    return []
