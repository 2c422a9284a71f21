"""The audit log: what is recorded, what is never recorded, and tampering that verify catches."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.audit import AuditAction, AuditEntry
from shelter_desktop.errors import (
    AuditChainBrokenError,
    AuthenticationError,
    PermissionDeniedError,
    ValidationError,
)
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.audit_service import AuditService, verify_vault
from shelter_desktop.services.session import Session
from shelter_desktop.services.settings_service import SettingsService
from shelter_desktop.services.throttle import ATTEMPTS_NAME
from shelter_desktop.storage.database import DatabaseError
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture


def entries(session: Session) -> list[AuditEntry]:
    """Oldest first, read straight from the repository (reading through the service audits)."""
    return list(reversed(session.vault.audit.entries()))


def actions(session: Session) -> list[str]:
    return [entry.action for entry in entries(session)]


def entry_text(entry: AuditEntry) -> str:
    return " ".join(str(value) for value in dataclasses.astuple(entry))


def admin_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHELTER_DESKTOP_KDF": "fast"}
    return subprocess.run([sys.executable, "-m", "shelter_desktop.admin", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=60)


def test_set_up_unlock_and_lock_are_recorded(vault: VaultFixture) -> None:
    session = vault.unlock()
    try:
        recorded = entries(session)
        assert [e.action for e in recorded] == [AuditAction.VAULT_CREATED,
                                                AuditAction.ACCOUNT_CREATED,
                                                AuditAction.LOCK, AuditAction.UNLOCK]
        assert {e.actor_name for e in recorded} == {ADMIN_USER}
        assert [e.seq for e in recorded] == [1, 2, 3, 4]
    finally:
        session.lock()
    session = vault.unlock()
    try:
        assert actions(session)[-2:] == [AuditAction.LOCK, AuditAction.UNLOCK]
        assert session.vault.audit.verify_chain() == 6
    finally:
        session.lock()


def test_failed_unlocks_are_recorded_at_the_next_unlock_without_typed_text(
        vault: VaultFixture) -> None:
    typed = [(ADMIN_USER, "hunter2 secret guess ÆØÅ"), ("mallory-the-guesser", ADMIN_PASSPHRASE),
             ("victim-name-Zoë", "another typed secret")]
    for user, passphrase in typed:
        with pytest.raises(AuthenticationError):
            vault.unlock(user, passphrase)
    attempts_file = (vault.folder / ATTEMPTS_NAME).read_text(encoding="ascii")
    assert all(word not in attempts_file for pair in typed for word in pair)
    session = vault.unlock()
    try:
        recorded = entries(session)
        failures = [e for e in recorded if e.action == AuditAction.UNLOCK_FAILED]
        assert len(failures) == 3
        assert recorded[-1].action == AuditAction.UNLOCK
        assert recorded[-4:-1] == failures  # written just before this unlock
        for entry in failures:
            assert entry.actor_id is None and entry.actor_name is None
            assert entry.record_id is None
            assert entry.detail.startswith("at=")
            text = entry_text(entry)
            for user, passphrase in typed:
                assert passphrase not in text
                if user != ADMIN_USER:
                    assert user not in text
        session.vault.audit.verify_chain()
    finally:
        session.lock()
    assert not (vault.folder / ATTEMPTS_NAME).exists()


def test_account_creation_is_recorded(admin_session: Session) -> None:
    added = AccountService(admin_session).add_account("casey", "Casey", Role.CASEWORKER)
    last = entries(admin_session)[-1]
    assert last.action == AuditAction.ACCOUNT_CREATED
    assert last.record_id == added.account.id
    assert last.actor_id == admin_session.account.id
    assert last.detail == "caseworker"
    assert added.passphrase not in entry_text(last)


def test_setting_changes_are_checked_and_recorded(admin_session: Session) -> None:
    service = SettingsService(admin_session)
    assert service.current().idle_lock_minutes == 5
    count = admin_session.vault.audit.count()
    for bad in (0, -1, 16, 60):
        with pytest.raises(ValidationError) as info:
            service.set_idle_lock_minutes(bad)
        assert info.value.field == "idle_lock_minutes"
        assert info.value.user_message() == "Choose between 1 and 15 minutes."
    assert admin_session.vault.audit.count() == count
    for good in (1, 15, 7):
        service.set_idle_lock_minutes(good)
    assert service.current().idle_lock_minutes == 7
    changes = [e for e in entries(admin_session) if e.action == AuditAction.SETTING_CHANGED]
    assert [e.detail for e in changes] == ["idle_lock_minutes=1", "idle_lock_minutes=15",
                                           "idle_lock_minutes=7"]
    admin_session.vault.audit.verify_chain()


def test_staff_cannot_change_settings_or_read_the_log(vault: VaultFixture) -> None:
    vault.add_staff("casey", Role.CASEWORKER, "violet kettles hum at dawn")
    session = vault.unlock("casey", "violet kettles hum at dawn")
    try:
        with pytest.raises(PermissionDeniedError):
            SettingsService(session).set_idle_lock_minutes(10)
        with pytest.raises(PermissionDeniedError):
            AuditService(session).entries()
        with pytest.raises(PermissionDeniedError):
            AuditService(session).verify()
        assert SettingsService(session).current().idle_lock_minutes == 5
    finally:
        session.lock()


def test_reading_and_verifying_the_log_is_itself_recorded(admin_session: Session) -> None:
    service = AuditService(admin_session)
    newest_first = service.entries()
    assert newest_first[0].action == AuditAction.AUDIT_VIEWED
    count = service.verify()
    assert entries(admin_session)[-1].action == AuditAction.AUDIT_VERIFIED
    assert entries(admin_session)[-1].detail == f"entries={count}"
    assert verify_vault(admin_session) == []


def test_the_log_refuses_update_and_delete(admin_session: Session) -> None:
    connection = admin_session.vault.connection
    before = entries(admin_session)
    with pytest.raises(DatabaseError, match="append-only"):
        connection.execute("UPDATE audit_log SET detail = 'edited' WHERE seq = 1")
    with pytest.raises(DatabaseError, match="append-only"):
        connection.execute("DELETE FROM audit_log WHERE seq = 2")
    with pytest.raises(DatabaseError, match="append-only"):
        connection.execute("DELETE FROM audit_log")
    assert entries(admin_session) == before


@pytest.mark.parametrize("edit", ["update detail", "delete row", "update actor", "forge last"])
def test_editing_the_log_behind_the_apps_back_breaks_the_chain(vault: VaultFixture,
                                                               edit: str) -> None:
    session = vault.unlock()
    try:
        AccountService(session).add_account("casey", "Casey", Role.CASEWORKER)
        connection = session.vault.connection
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("DROP TRIGGER audit_log_no_delete")
        if edit == "update detail":
            connection.execute("UPDATE audit_log SET detail = 'intake_worker' WHERE seq = 5")
        elif edit == "delete row":
            connection.execute("DELETE FROM audit_log WHERE seq = 3")
        elif edit == "update actor":
            connection.execute("UPDATE audit_log SET actor_name = 'someone' WHERE seq = 1")
        else:
            last = connection.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
            connection.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", ("f" * 64, last))
        with pytest.raises(AuditChainBrokenError) as broken:
            session.vault.audit.verify_chain()
        assert "audit log" in broken.value.user_message()
        assert broken.value.exit_code == 3
        with pytest.raises(AuditChainBrokenError):
            AuditService(session).verify()
    finally:
        session.lock()


def test_verify_command_reports_an_edited_log(vault: VaultFixture) -> None:
    session = vault.unlock()
    try:
        connection = session.vault.connection
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET detail = 'intake_worker' WHERE seq = 2")
    finally:
        session.lock()
    result = admin_cli("verify", "--data-dir", str(vault.folder), "--user", ADMIN_USER,
                       "--passphrase-stdin", stdin=ADMIN_PASSPHRASE + "\n")
    assert result.returncode == 3, result.stderr
    assert "entry 2 does not match" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ok" not in result.stdout
