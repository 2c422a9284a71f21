"""The vault: one SQLCipher database keyed by a random data key, and the slots that wrap it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from shelter_desktop.errors import (
    AuthenticationError,
    BackupDamagedError,
    NotAVaultError,
    RecoveryCodeError,
    RestoreTargetError,
    VaultDamagedError,
    VaultExistsError,
    VaultLockedError,
    VaultMissingError,
)
from shelter_desktop.storage import backup_file, database, recovery_code
from shelter_desktop.storage.accounts_repo import AccountRepository
from shelter_desktop.storage.audit_repo import AuditRepository
from shelter_desktop.storage.database import Connection
from shelter_desktop.storage.files import check_writable, ensure_private_dir, fsync_dir
from shelter_desktop.storage.keyslots import (
    DATA_KEY_BYTES,
    RECOVERY_SLOT_ID,
    KdfParams,
    KeySlotFile,
    KeySlotStore,
    derive_key,
    make_slot,
    open_slot,
    wipe,
)
from shelter_desktop.storage.layout import (
    DATABASE_NAME,
    PREVIOUS_SLOTS_NAME,
    SETUP_MARKER,
    SLOTS_NAME,
    VaultState,
    vault_state,
)
from shelter_desktop.storage.settings_repo import SettingsRepository

__all__ = ["Vault", "VaultState", "vault_state"]

# Files a half-finished set-up may leave; only these are ever removed when set-up starts again.
_SETUP_FILES = (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", SLOTS_NAME,
                PREVIOUS_SLOTS_NAME)


def _remove_setup_files(folder: Path) -> None:
    for name in _SETUP_FILES:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()


def undo_restore(folder: Path) -> None:
    """Remove a just-restored vault that was refused after opening (wrong role, bad audit)."""
    (folder / SETUP_MARKER).touch(mode=0o600)
    _remove_setup_files(folder)
    (folder / SETUP_MARKER).unlink()
    fsync_dir(folder)


def move_vault_aside(folder: Path) -> Path:
    """Move an existing vault's files into a dated sub-folder, kept, so a restore can go here."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    aside = folder / f"moved-aside-{stamp}"
    aside.mkdir(mode=0o700)
    for path in list(folder.iterdir()):
        if path.name in _SETUP_FILES or path.name == SETUP_MARKER or (
                path.name.startswith(DATABASE_NAME) and path.name.endswith(".bak")):
            path.rename(aside / path.name)
    fsync_dir(folder)
    return aside


def _secret(text: str) -> bytes:
    # "surrogatepass": typed text holding a lone surrogate (which no valid passphrase has) must be
    # a wrong passphrase, not a crash; every other string encodes exactly as strict UTF-8.
    return text.encode("utf-8", errors="surrogatepass")


def unwrap_with_passphrase(username_key: str, passphrase: str
                           ) -> Callable[[KeySlotFile], bytearray]:
    """Opens the data key from a slot file with a staff passphrase, or AuthenticationError."""

    def unwrap(slot_file: KeySlotFile) -> bytearray:
        slot = slot_file.slots.get(slot_file.user_slot_id(username_key))
        if slot is None:
            # Spend the same time as a real attempt, so timing does not reveal who has an account.
            wipe(derive_key(_secret(passphrase), secrets.token_bytes(16), KdfParams.default()))
            raise AuthenticationError()
        data_key = open_slot(slot, _secret(passphrase))
        if data_key is None:
            raise AuthenticationError()
        return data_key

    return unwrap


def unwrap_with_recovery_code(code: str) -> Callable[[KeySlotFile], bytearray]:
    """Opens the data key with the recovery code, or RecoveryCodeError."""

    def unwrap(slot_file: KeySlotFile) -> bytearray:
        slot = slot_file.slots.get(RECOVERY_SLOT_ID)
        if slot is None:
            raise VaultDamagedError()
        data_key = None
        if recovery_code.is_well_formed(code):
            data_key = open_slot(slot, _secret(recovery_code.normalise(code)))
        if data_key is None:
            raise RecoveryCodeError()
        return data_key

    return unwrap


class Vault:
    """An unlocked vault. ``close()`` drops the connection and overwrites the data key."""

    def __init__(self, folder: Path, connection: Connection, data_key: bytearray) -> None:
        self.folder = folder
        self._connection: Connection | None = connection
        self._data_key = data_key
        self.slots = KeySlotStore(folder)

    # -- creating and opening ---------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, kdf: KdfParams | None = None) -> tuple[Vault, str]:
        """A new, empty vault and its recovery code (shown once, never stored in clear)."""
        ensure_private_dir(folder)
        check_writable(folder)
        state = vault_state(folder)
        if state is VaultState.NOT_A_VAULT:
            raise NotAVaultError()
        if state is not VaultState.EMPTY:
            raise VaultExistsError()
        marker = folder / SETUP_MARKER
        marker.touch(mode=0o600)
        _remove_setup_files(folder)
        data_key = bytearray(secrets.token_bytes(DATA_KEY_BYTES))
        code = recovery_code.generate()
        slot_file = KeySlotFile.new()
        slot_file.slots[RECOVERY_SLOT_ID] = make_slot(
            RECOVERY_SLOT_ID, _secret(recovery_code.normalise(code)), data_key,
            kdf or KdfParams.default())
        KeySlotStore(folder).save(slot_file)
        connection = database.connect(folder / DATABASE_NAME, data_key, create=True)
        return cls(folder, connection, data_key), code

    def finish_setup(self) -> None:
        """Called once the first administrator exists: the vault is now a real vault."""
        self.checkpoint()
        with contextlib.suppress(FileNotFoundError):
            (self.folder / SETUP_MARKER).unlink()
        fsync_dir(self.folder)

    @classmethod
    def _open(cls, folder: Path, data_key: bytearray) -> Vault:
        try:
            connection = database.connect(folder / DATABASE_NAME, data_key)
        except BaseException:
            wipe(data_key)
            raise
        return cls(folder, connection, data_key)

    @classmethod
    def _require_vault(cls, folder: Path) -> KeySlotFile:
        state = vault_state(folder)
        if state is VaultState.EMPTY:
            raise VaultMissingError()
        if state is VaultState.NOT_A_VAULT:
            raise NotAVaultError()
        if state is VaultState.DAMAGED:
            raise VaultDamagedError()
        return KeySlotStore(folder).load()

    @classmethod
    def open_with_passphrase(cls, folder: Path, username_key: str, passphrase: str) -> Vault:
        """Unlock with a staff passphrase; unknown user and wrong passphrase look the same."""
        slot_file = cls._require_vault(folder)
        return cls._open(folder, unwrap_with_passphrase(username_key, passphrase)(slot_file))

    @classmethod
    def open_with_recovery_code(cls, folder: Path, code: str) -> Vault:
        slot_file = cls._require_vault(folder)
        return cls._open(folder, unwrap_with_recovery_code(code)(slot_file))

    # -- slots ------------------------------------------------------------------------------

    def set_user_slot(self, username_key: str, passphrase: str, kdf: KdfParams | None = None
                      ) -> None:
        """Add or replace one account's slot; the other slots are left exactly as they were."""
        slot_file = self.slots.load()
        slot_id = slot_file.user_slot_id(username_key)
        slot_file.slots[slot_id] = make_slot(slot_id, _secret(passphrase), self._key(),
                                             kdf or KdfParams.default())
        self.slots.save(slot_file)

    def remove_user_slot(self, username_key: str) -> None:
        slot_file = self.slots.load()
        slot_file.slots.pop(slot_file.user_slot_id(username_key), None)
        self.slots.save(slot_file)

    def has_user_slot(self, username_key: str) -> bool:
        slot_file = self.slots.load()
        return slot_file.user_slot_id(username_key) in slot_file.slots

    def _key(self) -> bytearray:
        if self._connection is None:
            raise VaultLockedError()
        return self._data_key

    # -- the database -----------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise VaultLockedError()
        return self._connection

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    @property
    def accounts(self) -> AccountRepository:
        return AccountRepository(self.connection)

    @property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.connection)

    @property
    def settings(self) -> SettingsRepository:
        return SettingsRepository(self.connection)

    def transaction(self) -> contextlib.AbstractContextManager[Connection]:
        return database.transaction(self.connection)

    def integrity_problems(self) -> list[str]:
        try:
            return database.integrity_problems(self.connection)
        except database.DatabaseError as exc:
            return [type(exc).__name__]

    def checkpoint(self) -> None:
        self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    # -- backup and restore -------------------------------------------------------------------

    def write_backup(self, target: Path, vault_id: str,
                     progress: backup_file.Progress | None = None) -> backup_file.BackupHeader:
        """Write one backup file at ``target`` (see ``backup_file``); safe while others save.

        Uses its own connection, so it may run on a worker thread while the app keeps working.
        """
        slots = self.slots.load().to_bytes()
        db_path = self.folder / DATABASE_NAME
        with backup_file.stable_database(db_path, database.key_pragma(self._key())) as (
                size, version):
            header = backup_file.BackupHeader(
                created_at=dt.datetime.now(dt.UTC),
                schema_version=version, db_size=size, vault_id=vault_id, slots=slots)
            backup_file.write_backup(db_path, header, target, progress)
        return header

    @classmethod
    def restore(cls, folder: Path, backup: Path,
                unwrap: Callable[[KeySlotFile], bytearray],
                progress: backup_file.Progress | None = None,
                make_room: Callable[[], object] | None = None) -> Vault:
        """Restore ``backup`` into an empty ``folder`` and open it, fully checked.

        ``unwrap`` opens the data key from the backup's slots (a passphrase or the recovery
        code) or raises; ``make_room`` (moving an existing vault aside) runs only after that.
        Nothing is written before the backup and the secret are known good; a failure part-way
        leaves the folder empty again (the set-up marker makes it so even after a crash).
        """
        header = backup_file.read_header(backup)
        try:
            slot_file = KeySlotFile.from_bytes(header.slots)
        except VaultDamagedError as exc:
            raise BackupDamagedError() from exc
        data_key = unwrap(slot_file)
        try:
            ensure_private_dir(folder)
            check_writable(folder)
            if make_room is not None:
                make_room()  # only now that the backup and the secret are known good
            if vault_state(folder) is not VaultState.EMPTY:
                raise RestoreTargetError()
            marker = folder / SETUP_MARKER
            marker.touch(mode=0o600)
            _remove_setup_files(folder)
            try:
                backup_file.extract_database(backup, header, folder / DATABASE_NAME, progress)
                KeySlotStore(folder).save(slot_file)
                connection = database.connect(folder / DATABASE_NAME, data_key)
            except VaultDamagedError as exc:
                _remove_setup_files(folder)
                raise BackupDamagedError() from exc
            except BaseException:
                _remove_setup_files(folder)
                raise
            vault = cls(folder, connection, data_key)
            if vault.integrity_problems():
                vault.close()
                _remove_setup_files(folder)
                raise BackupDamagedError()
            marker.unlink()
            fsync_dir(folder)
            return vault
        except BaseException:
            wipe(data_key)
            raise

    def close(self) -> None:
        """Close the connection and overwrite the data key; safe to call twice."""
        if self._connection is not None:
            with contextlib.suppress(database.DatabaseError):
                self.checkpoint()
            self._connection.close()
            self._connection = None
        wipe(self._data_key)

    def __del__(self) -> None:
        if os is not None and getattr(self, "_data_key", None) is not None:
            wipe(self._data_key)
