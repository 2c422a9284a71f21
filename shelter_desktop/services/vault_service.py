"""Setting up a vault, unlocking it, and the recovery-code path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shelter_desktop.domain import passphrases, text_rules
from shelter_desktop.domain.accounts import Account, Role
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.errors import (
    AccountError,
    AuthenticationError,
    RecoveryCodeError,
    VaultDamagedError,
)
from shelter_desktop.i18n import N_
from shelter_desktop.logs import log_event
from shelter_desktop.services.folder_state import state_of
from shelter_desktop.services.session import Session
from shelter_desktop.services.throttle import UnlockThrottle
from shelter_desktop.storage.database import DatabaseError
from shelter_desktop.storage.keyslots import KdfParams, calibrate
from shelter_desktop.storage.vault import Vault

__all__ = ["NewAdministrator", "recover_administrator", "set_up_vault", "state_of", "unlock"]

ORGANISATION_KEY = "organisation_name"


@dataclass(frozen=True)
class NewAdministrator:
    username: str
    display_name: str
    passphrase: str
    language: str = "en"


def set_up_vault(folder: Path, organisation: str, admin: NewAdministrator,
                 kdf: KdfParams | None = None) -> tuple[Session, str]:
    """Create the vault with its first administrator; returns the session and recovery code."""
    organisation = text_rules.clean_organisation_name(organisation)
    username = text_rules.clean_username(admin.username)
    display_name = text_rules.clean_display_name(admin.display_name or admin.username)
    passphrase = passphrases.check_passphrase(admin.passphrase, username=username,
                                              organisation=organisation)
    params = kdf or calibrate()
    vault, code = Vault.create(folder, params)
    try:
        key = text_rules.username_key(username)
        vault.set_user_slot(key, passphrase, params)
        with vault.transaction():
            vault.settings.set_meta(ORGANISATION_KEY, organisation)
            kdf_text = f"{params.memory_kib}:{params.time_cost}:{params.parallelism}"
            vault.settings.set_meta("kdf", kdf_text)
            account = vault.accounts.insert(
                username=username, username_key=key, display_name=display_name,
                role=Role.ADMINISTRATOR, language=admin.language, must_change_passphrase=False,
                actor_id=None)
            vault.audit.append(action=AuditAction.VAULT_CREATED, actor_id=account.id,
                               actor_name=account.username)
            vault.audit.append(action=AuditAction.ACCOUNT_CREATED, actor_id=account.id,
                               actor_name=account.username, record_id=account.id,
                               detail=Role.ADMINISTRATOR.value)
        vault.finish_setup()
    except BaseException:
        vault.close()
        raise
    log_event("vault.created")
    return Session(vault, account), code


def _active_account(vault: Vault, username_key: str) -> Account:
    try:
        account = vault.accounts.by_username_key(username_key)
    except DatabaseError as exc:
        raise VaultDamagedError() from exc
    if account is None or not account.active:
        raise AuthenticationError()
    return account


def _audit_unlock(session: Session, failures: list[float], action: AuditAction) -> None:
    with session.write():
        for failed_at in failures:
            stamp = dt.datetime.fromtimestamp(failed_at, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            session.vault.audit.append(action=AuditAction.UNLOCK_FAILED, actor_id=None,
                                       actor_name=None, detail=f"at={stamp}")
        session.audit(action)


def unlock(folder: Path, username: str, passphrase: str) -> Session:
    """Open the vault for one person. Wrong user and wrong passphrase give the same error."""
    throttle = UnlockThrottle(folder)
    throttle.check()
    key = text_rules.username_key(username)
    try:
        vault = Vault.open_with_passphrase(folder, key, passphrases.normalise(passphrase))
    except AuthenticationError:
        throttle.record_failure()
        log_event("session.unlock_failed")
        raise
    try:
        account = _active_account(vault, key)
    except AuthenticationError:
        vault.close()
        throttle.record_failure()
        raise
    except BaseException:
        vault.close()
        raise
    session = Session(vault, account)
    try:
        _audit_unlock(session, throttle.clear(), AuditAction.UNLOCK)
    except BaseException:
        vault.close()  # a damaged audit page: report it, keep no connection or key open
        raise
    log_event("session.unlocked")
    return session


def recover_administrator(folder: Path, code: str, username: str, new_passphrase: str) -> Session:
    """Recovery path: the code opens the vault and an administrator sets a new passphrase."""
    throttle = UnlockThrottle(folder)
    throttle.check()
    try:
        vault = Vault.open_with_recovery_code(folder, code)
    except RecoveryCodeError:
        throttle.record_failure()
        raise
    try:
        key = text_rules.username_key(text_rules.clean_username(username))
        account = vault.accounts.by_username_key(key)
        if account is None or account.role is not Role.ADMINISTRATOR:
            raise AccountError(N_("There is no administrator with this user name."))
        organisation = vault.settings.get_meta(ORGANISATION_KEY) or ""
        passphrase = passphrases.check_passphrase(new_passphrase, username=account.username,
                                                  organisation=organisation)
        vault.set_user_slot(key, passphrase)
        with vault.transaction():
            vault.accounts.update(account.id, account.id, must_change_passphrase=False,
                                  active=True)
        account = vault.accounts.get(account.id) or account
    except BaseException:
        vault.close()
        raise
    session = Session(vault, account)
    try:
        _audit_unlock(session, throttle.clear(), AuditAction.UNLOCK_RECOVERY)
        session.audit_now(AuditAction.PASSPHRASE_CHANGED, account.id, "recovery")
    except BaseException:
        vault.close()
        raise
    log_event("session.unlocked_recovery")
    return session


def organisation_name(session: Session) -> str:
    return session.vault.settings.get_meta(ORGANISATION_KEY) or ""
