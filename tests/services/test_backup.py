"""Backups: one encrypted file, rotated, restorable on a new laptop, never half-written."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.errors import (
    AuthenticationError,
    BackupDamagedError,
    NotABackupError,
    PermissionDeniedError,
    RecoveryCodeError,
    RestoreTargetError,
)
from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.backup import BackupService, restore_backup
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.storage import backup_file
from shelter_desktop.storage.layout import VaultState, vault_state
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client

CANARY = "Zyxwarblequonk"
WORKER_PASSPHRASE = "amber kettle wanders north slowly"

# Every table of the vault, compared row by row after a restore (the audit log separately: a
# restore adds its own entry).
COMPARED_TABLES = ("clients", "assessments", "plan_versions", "accounts", "settings", "meta")


def dump(session: Session, table: str) -> list[tuple[Any, ...]]:
    rows = session.vault.connection.execute(f"SELECT * FROM {table}").fetchall()
    return sorted(tuple(row) for row in rows)


def fill(session: Session, count: int = 3) -> list[str]:
    ids = [add_client(session, f"{CANARY} {index} Léa بنت") for index in range(count)]
    PlanService(session).add_goal(ids[0], GoalSeed(ids[0], "housing", 2, None, None),
                                  f"{CANARY} a safe room")
    return ids


def restored_session(folder: Path) -> Session:
    from shelter_desktop.services import vault_service

    return vault_service.unlock(folder, ADMIN_USER, ADMIN_PASSPHRASE)


def test_a_backup_restores_identically_on_an_empty_folder(vault: VaultFixture,
                                                          tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        fill(session)
        result = BackupService(session).back_up(tmp_path / "usb")
        before = {table: dump(session, table) for table in COMPARED_TABLES}
        audit_before = session.vault.audit.entries()
    finally:
        session.lock()
    assert result.path.parent == tmp_path / "usb"
    assert backup_file.NAME_PATTERN.match(result.path.name)
    assert CANARY.encode() not in result.path.read_bytes()
    assert not list((tmp_path / "usb").glob("*.partial"))

    laptop = tmp_path / "new-laptop"
    restored = restore_backup(result.path, laptop, recovery_code=vault.recovery_code)
    assert restored.moved_aside is None
    session = restored_session(laptop)
    try:
        after = {table: dump(session, table) for table in COMPARED_TABLES}
        # settings differ only by the backup bookkeeping written after the snapshot
        assert after["clients"] == before["clients"]
        assert after["assessments"] == before["assessments"]
        assert after["plan_versions"] == before["plan_versions"]
        assert after["accounts"] == before["accounts"]
        entries = session.vault.audit.entries()
        actions = [entry.action for entry in reversed(entries)]
        assert "backup.restored" in actions
        # every entry up to the backup is there, in the same order, with the same hashes
        taken = next(entry.seq for entry in audit_before if entry.action == "backup.created")
        old = [(entry.seq, entry.hash) for entry in audit_before if entry.seq < taken]
        new = [(entry.seq, entry.hash) for entry in entries if entry.seq < taken]
        assert old and sorted(new) == sorted(old)
        assert session.vault.integrity_problems() == []
    finally:
        session.lock()


def test_restore_with_an_administrator_passphrase(vault: VaultFixture, tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        fill(session, 1)
        path = BackupService(session).back_up(tmp_path / "usb").path
    finally:
        session.lock()
    restore_backup(path, tmp_path / "laptop", username=ADMIN_USER, passphrase=ADMIN_PASSPHRASE)
    assert vault_state(tmp_path / "laptop") is VaultState.VAULT


def test_only_administrators_restore_and_a_refusal_leaves_the_folder_empty(
        vault: VaultFixture, tmp_path: Path) -> None:
    vault.add_staff("worker", Role.CASEWORKER, WORKER_PASSPHRASE)
    session = vault.unlock()
    try:
        path = BackupService(session).back_up(tmp_path / "usb").path
    finally:
        session.lock()
    laptop = tmp_path / "laptop"
    with pytest.raises(AuthenticationError):
        restore_backup(path, laptop, username="worker",
                       passphrase=WORKER_PASSPHRASE)
    assert vault_state(laptop) is VaultState.EMPTY
    with pytest.raises(AuthenticationError):
        restore_backup(path, laptop, username=ADMIN_USER, passphrase="not the passphrase")
    with pytest.raises(RecoveryCodeError):
        restore_backup(path, laptop, recovery_code="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    assert vault_state(laptop) is VaultState.EMPTY
    assert not [p for p in laptop.iterdir() if p.name.startswith(("vault", "keyslots"))]


def test_caseworkers_cannot_take_backups(vault: VaultFixture, tmp_path: Path) -> None:
    vault.add_staff("worker", Role.CASEWORKER, WORKER_PASSPHRASE)
    session = vault.unlock("worker", WORKER_PASSPHRASE)
    try:
        with pytest.raises(PermissionDeniedError):
            BackupService(session).back_up(tmp_path / "usb")
    finally:
        session.lock()
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())


def test_restoring_over_a_vault_is_refused_unless_it_is_moved_aside(
        vault: VaultFixture, tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        path = BackupService(session).back_up(tmp_path / "usb").path
    finally:
        session.lock()
    original = (vault.folder / "vault.db").read_bytes()
    with pytest.raises(RestoreTargetError):
        restore_backup(path, vault.folder, recovery_code=vault.recovery_code)
    assert (vault.folder / "vault.db").read_bytes() == original
    # A wrong code moves nothing aside: the vault stays where it was.
    with pytest.raises(RecoveryCodeError):
        restore_backup(path, vault.folder, recovery_code="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF",
                       move_existing_aside=True)
    assert (vault.folder / "vault.db").read_bytes() == original
    assert not list(vault.folder.glob("moved-aside-*"))
    result = restore_backup(path, vault.folder, recovery_code=vault.recovery_code,
                            move_existing_aside=True)
    assert result.moved_aside is not None
    assert (result.moved_aside / "vault.db").read_bytes() == original
    restored_session(vault.folder).lock()


@pytest.mark.parametrize("damage", ["truncate", "flip_database", "flip_header", "append"])
def test_a_damaged_backup_is_refused_and_changes_nothing(vault: VaultFixture, tmp_path: Path,
                                                         damage: str) -> None:
    session = vault.unlock()
    try:
        fill(session, 2)
        path = BackupService(session).back_up(tmp_path / "usb").path
    finally:
        session.lock()
    data = bytearray(path.read_bytes())
    header = backup_file.read_header(path)
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip_database":
        data[header.db_offset + header.db_size // 2] ^= 0x40
    elif damage == "flip_header":
        data[20] ^= 0x01
    else:
        data += b"extra"
    path.write_bytes(bytes(data))
    laptop = tmp_path / "laptop"
    with pytest.raises((BackupDamagedError, NotABackupError)):
        restore_backup(path, laptop, recovery_code=vault.recovery_code)
    assert vault_state(laptop) is VaultState.EMPTY


def test_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "holiday.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    with pytest.raises(NotABackupError):
        restore_backup(path, tmp_path / "laptop", recovery_code="x")


def test_old_generations_rotate_and_nothing_else_is_touched(vault: VaultFixture,
                                                            tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "notes.txt").write_text("not ours")
    (usb / "backup-20200101-000000.sdbk").write_bytes(b"someone else's file")
    session = vault.unlock()
    try:
        service = BackupService(session)
        service.change_settings(keep=2, remind_after_days=7)
        paths = [service.back_up(usb).path for _ in range(4)]
    finally:
        session.lock()
    kept = sorted(p.name for p, _ in backup_file.list_backups(usb))
    assert kept == sorted(p.name for p in paths[-2:])
    assert (usb / "notes.txt").exists()
    assert (usb / "backup-20200101-000000.sdbk").exists()


def test_an_interrupted_backup_leaves_the_previous_one_intact(vault: VaultFixture,
                                                              tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    session = vault.unlock()
    try:
        service = BackupService(session)
        first = service.back_up(usb).path
        first_bytes = first.read_bytes()
        fill(session, 2)

        def pull_the_drive(done: int, total: int) -> None:
            raise OSError("the drive went away")

        with pytest.raises(Exception):  # noqa: B017 - any failure, as long as nothing is left
            service.back_up(usb, progress=pull_the_drive)
    finally:
        session.lock()
    assert sorted(p.name for p in usb.iterdir()) == [first.name]
    assert first.read_bytes() == first_bytes
    restore_backup(first, tmp_path / "laptop", recovery_code=vault.recovery_code)


def test_a_backup_taken_while_staff_save_is_a_consistent_moment(vault: VaultFixture,
                                                                tmp_path: Path) -> None:
    """Records saved from another connection meanwhile: the backup holds a prefix of them."""
    from shelter_desktop.services import vault_service

    writer = vault_service.unlock(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)
    reader = vault.unlock()
    committed: list[str] = []
    stop = threading.Event()

    def keep_saving() -> None:
        while not stop.is_set():
            committed.append(add_client(writer, f"Load {len(committed)}"))

    thread = threading.Thread(target=keep_saving)
    thread.start()
    try:
        while len(committed) < 5:
            threading.Event().wait(0.01)
        before_backup = len(committed)
        path = BackupService(reader).back_up(tmp_path / "usb").path
        threading.Event().wait(0.05)
    finally:
        stop.set()
        thread.join()
        writer.lock()
        reader.lock()
    restore_backup(path, tmp_path / "laptop", recovery_code=vault.recovery_code)
    session = restored_session(tmp_path / "laptop")
    try:
        ids = {row[0] for row in session.vault.connection.execute("SELECT id FROM clients")}
        present = [client_id in ids for client_id in committed]
        # every record saved before the backup began is there, and what is there is a prefix
        assert all(present[:before_backup])
        assert present == sorted(present, reverse=True)
        assert session.vault.integrity_problems() == []
    finally:
        session.lock()


def test_the_reminder_counts_days_since_the_last_backup(vault: VaultFixture,
                                                        tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        service = BackupService(session)
        assert service.status().due and service.status().last_at is None
        service.back_up(tmp_path / "usb")
        now = dt.datetime.now(dt.UTC)
        assert not service.status(now).due
        assert service.status(now + dt.timedelta(days=6)).days_since == 6
        assert service.status(now + dt.timedelta(days=8)).due
        service.change_settings(keep=5, remind_after_days=30)
        assert not service.status(now + dt.timedelta(days=8)).due
    finally:
        session.lock()


def test_backup_settings_are_checked(admin_session: Session) -> None:
    from shelter_desktop.errors import ValidationError

    service = BackupService(admin_session)
    with pytest.raises(ValidationError):
        service.change_settings(keep=0, remind_after_days=7)
    with pytest.raises(ValidationError):
        service.change_settings(keep=5, remind_after_days=365)
    assert service.settings().keep == 5


def test_half_written_files_of_killed_backups_are_cleared_later(vault: VaultFixture,
                                                                tmp_path: Path) -> None:
    import os

    usb = tmp_path / "usb"
    usb.mkdir()
    stale = usb / "backup-20260101-000000.sdbk.partial"
    fresh = usb / "backup-20260102-000000.sdbk.partial"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    os.utime(stale, (0, 0))
    session = vault.unlock()
    try:
        BackupService(session).back_up(usb)
    finally:
        session.lock()
    assert not stale.exists() and fresh.exists()
    assert [p for p, _ in backup_file.list_backups(usb)] == list(usb.glob("*.sdbk"))
