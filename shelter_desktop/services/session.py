"""The signed-in person and their open vault: every service works through one of these."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from shelter_desktop.domain.accounts import Account, Permission
from shelter_desktop.domain.audit import AuditAction, AuditEntry
from shelter_desktop.errors import (
    PermissionDeniedError,
    ShelterError,
    VaultDamagedError,
    VaultLockedError,
)
from shelter_desktop.logs import log_event
from shelter_desktop.storage.database import Connection, DatabaseError
from shelter_desktop.storage.vault import Vault


class Session:
    def __init__(self, vault: Vault, account: Account) -> None:
        self._vault: Vault | None = vault
        self._account = account

    @property
    def vault(self) -> Vault:
        if self._vault is None or not self._vault.is_open:
            raise VaultLockedError()
        return self._vault

    @property
    def account(self) -> Account:
        return self._account

    @property
    def is_open(self) -> bool:
        return self._vault is not None and self._vault.is_open

    def refresh_account(self) -> Account:
        account = self.vault.accounts.get(self._account.id)
        if account is None:
            raise VaultDamagedError()
        self._account = account
        return account

    def can(self, permission: Permission) -> bool:
        return self._account.can(permission)

    def require(self, permission: Permission) -> None:
        """The permission check; a hidden button is never enough on its own."""
        if not self.can(permission):
            log_event("permission.denied", permission=permission.value)
            raise PermissionDeniedError()

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One durable transaction; a damaged file becomes a clear error, not a crash."""
        try:
            with self.vault.transaction() as connection:
                yield connection
        except DatabaseError as exc:
            raise VaultDamagedError() from exc

    def audit(self, action: AuditAction | str, record_id: str | None = None,
              detail: str = "") -> AuditEntry:
        """Append to the audit log; inside a ``write()`` block when it records a change."""
        return self.vault.audit.append(action=str(action), actor_id=self._account.id,
                                       actor_name=self._account.username, record_id=record_id,
                                       detail=detail)

    def audit_now(self, action: AuditAction | str, record_id: str | None = None,
                  detail: str = "") -> AuditEntry:
        with self.write():
            return self.audit(action, record_id, detail)

    def lock(self) -> None:
        """Audit the lock, close the connection, overwrite the key. Safe to call twice."""
        if self._vault is None:
            return
        if self._vault.is_open:
            with contextlib.suppress(Exception):
                self.audit_now(AuditAction.LOCK)
        self._vault.close()
        self._vault = None
        log_event("session.locked")


def known_error(error: BaseException) -> ShelterError | None:
    """What an unexpected error means to a worker, when it is one we can name.

    Reads go straight to the repositories; a page damaged on disk (SQLCipher's HMAC refuses it)
    surfaces there as the driver's own error. It is the same condition as ``VaultDamagedError``
    and gets its message, not a crash report.
    """
    if isinstance(error, ShelterError):
        return error
    if isinstance(error, DatabaseError):
        return VaultDamagedError()
    return None
