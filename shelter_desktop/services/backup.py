"""Backups for administrators: take one, keep the last few, remind when one is due, restore.

A backup is one encrypted file (``storage/backup_file.py``) that opens with any staff passphrase
or the recovery code that was valid when it was taken. Backups keep purged records until they
are rotated out; the README says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shelter_desktop.domain import passphrases, text_rules
from shelter_desktop.domain.accounts import Permission, Role
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.errors import (
    AuthenticationError,
    BackupDamagedError,
    BackupFolderError,
    FolderNotWritableError,
    ValidationError,
)
from shelter_desktop.i18n import N_
from shelter_desktop.logs import log_event
from shelter_desktop.services.session import Session
from shelter_desktop.storage import backup_file
from shelter_desktop.storage.database import DatabaseError
from shelter_desktop.storage.files import check_writable
from shelter_desktop.storage.layout import VaultState, vault_state
from shelter_desktop.storage.vault import (
    Vault,
    move_vault_aside,
    undo_restore,
    unwrap_with_passphrase,
    unwrap_with_recovery_code,
)

# For the UI, which does not reach into storage.
BackupHeader = backup_file.BackupHeader
BACKUP_SUFFIX = backup_file.SUFFIX

KEEP_KEY = "backup_keep"
REMIND_KEY = "backup_remind_days"
LAST_KEY = "backup_last_at"
FOLDER_KEY = "backup_folder"
VAULT_ID_KEY = "vault_id"

KEEP_DEFAULT, KEEP_MIN, KEEP_MAX = 5, 1, 50
REMIND_DEFAULT, REMIND_MIN, REMIND_MAX = 7, 1, 90
STALE_PARTIAL_SECONDS = 3600


@dataclass(frozen=True)
class BackupSettings:
    keep: int = KEEP_DEFAULT
    remind_after_days: int = REMIND_DEFAULT
    folder: str = ""


@dataclass(frozen=True)
class BackupStatus:
    last_at: dt.datetime | None
    days_since: int | None  # None: never backed up
    due: bool


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    removed: tuple[Path, ...]  # older generations rotated out


class BackupService:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- settings --------------------------------------------------------------------------

    def settings(self) -> BackupSettings:
        values = self.session.vault.settings
        return BackupSettings(keep=int(values.get(KEEP_KEY, KEEP_DEFAULT)),
                              remind_after_days=int(values.get(REMIND_KEY, REMIND_DEFAULT)),
                              folder=str(values.get(FOLDER_KEY, "")))

    def change_settings(self, keep: int, remind_after_days: int) -> None:
        self.session.require(Permission.CHANGE_SETTINGS)
        if not KEEP_MIN <= keep <= KEEP_MAX:
            raise ValidationError(N_("Keep between {minimum} and {maximum} backups."),
                                  "backup_keep", minimum=KEEP_MIN, maximum=KEEP_MAX)
        if not REMIND_MIN <= remind_after_days <= REMIND_MAX:
            raise ValidationError(N_("Choose between {minimum} and {maximum} days."),
                                  "backup_remind_days", minimum=REMIND_MIN, maximum=REMIND_MAX)
        with self.session.write():
            actor = self.session.account.id
            self.session.vault.settings.set(KEEP_KEY, keep, actor)
            self.session.vault.settings.set(REMIND_KEY, remind_after_days, actor)
            self.session.audit(AuditAction.SETTING_CHANGED,
                               detail=f"{KEEP_KEY}={keep} {REMIND_KEY}={remind_after_days}")

    def status(self, now: dt.datetime | None = None) -> BackupStatus:
        """When the last backup was taken, and whether the reminder should show."""
        now = now or dt.datetime.now(dt.UTC)
        text = self.session.vault.settings.get(LAST_KEY)
        remind = self.settings().remind_after_days
        if not text:
            return BackupStatus(None, None, True)
        last = dt.datetime.fromisoformat(str(text))
        days = max(0, (now - last).days)
        return BackupStatus(last, days, days >= remind)

    # -- taking a backup -------------------------------------------------------------------

    def vault_id(self) -> str:
        """This vault's random id (made on first use), to rotate only its own backups.

        Call it on the thread that owns the session before ``write`` runs on a worker.
        """
        settings = self.session.vault.settings
        vault_id = settings.get_meta(VAULT_ID_KEY)
        if not vault_id:
            vault_id = backup_file.new_vault_id()
            with self.session.write():
                settings.set_meta(VAULT_ID_KEY, vault_id)
        return vault_id

    def back_up(self, folder: Path,
                progress: backup_file.Progress | None = None) -> BackupResult:
        """Write a new backup into ``folder`` and rotate older ones; returns its path.

        Reads the vault through its own connection: it may run on a worker thread while staff
        keep working. Only the settings and audit writes at the end use the session's
        connection, so call ``finish`` on the main thread when running it elsewhere.
        """
        path, header = self.write(folder, progress)
        return self.finish(folder, path, header)

    def write(self, folder: Path, progress: backup_file.Progress | None = None, *,
              vault_id: str | None = None) -> tuple[Path, backup_file.BackupHeader]:
        """The part that may run on a worker thread: the file itself.

        On a worker, pass ``vault_id`` (read on the session's thread first), so the worker never
        touches the session's connection.
        """
        self.session.require(Permission.BACKUP)
        vault = self.session.vault
        vault_id = vault_id or self.vault_id()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            check_writable(folder)
        except (OSError, FolderNotWritableError) as exc:
            raise BackupFolderError() from exc
        _remove_stale_partials(folder)
        created = dt.datetime.now(dt.UTC)
        for attempt in range(100):
            target = folder / backup_file.backup_name(created, attempt)
            partial = target.with_name(target.name + backup_file.PARTIAL_SUFFIX)
            # A backup killed within this same second may have left its half-written file.
            if not target.exists() and not partial.exists():
                break
        try:
            header = vault.write_backup(target, vault_id, progress)
        except OSError as exc:
            raise BackupFolderError() from exc
        return target, header

    def finish(self, folder: Path, path: Path,
               header: backup_file.BackupHeader) -> BackupResult:
        """Record the backup (time, folder, audit) and rotate old generations."""
        removed = self._rotate(folder, header.vault_id, keep_path=path)
        with self.session.write():
            actor = self.session.account.id
            self.session.vault.settings.set(LAST_KEY, header.created_at.isoformat(), actor)
            self.session.vault.settings.set(FOLDER_KEY, str(folder), actor)
            self.session.audit(AuditAction.BACKUP_CREATED,
                               detail=f"size={header.total_size} rotated={len(removed)}")
        log_event("backup.created", size=header.total_size, rotated=len(removed))
        return BackupResult(path, header.total_size, tuple(removed))

    def _rotate(self, folder: Path, vault_id: str, keep_path: Path) -> list[Path]:
        """Remove this vault's oldest backups beyond the number to keep; never other files."""
        keep = self.settings().keep
        ours = [path for path, header in backup_file.list_backups(folder)
                if header.vault_id == vault_id]
        removed: list[Path] = []
        for path in ours[:max(0, len(ours) - keep)]:
            if path == keep_path:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
        return removed


def _remove_stale_partials(folder: Path) -> None:
    """Remove half-written files of backups killed (power cut, drive pulled) an hour ago or more.

    They hold only ciphertext, but they are useless and take space on the drive.
    """
    cutoff = dt.datetime.now().timestamp() - STALE_PARTIAL_SECONDS
    for path in folder.glob(f"backup-*{backup_file.SUFFIX}{backup_file.PARTIAL_SUFFIX}"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


# -- restoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    created_at: dt.datetime
    moved_aside: Path | None


def restore_backup(backup: Path, folder: Path, *, recovery_code: str | None = None,
                   username: str | None = None, passphrase: str | None = None,
                   move_existing_aside: bool = False,
                   progress: backup_file.Progress | None = None) -> RestoreResult:
    """Restore a backup into ``folder`` (a new laptop).

    Opens with the recovery code or an administrator's passphrase; refuses a folder that holds a
    vault unless asked to move it aside. The restored vault is fully checked (both integrity
    checks, audit chain) before it is left in place, and the restore is written to its audit
    log.
    """
    header = backup_file.read_header(backup)  # a bad file is refused before anything changes
    if recovery_code is not None:
        unwrap = unwrap_with_recovery_code(recovery_code)
    elif username is not None and passphrase is not None:
        unwrap = unwrap_with_passphrase(text_rules.username_key(username),
                                        passphrases.normalise(passphrase))
    else:
        raise AuthenticationError()
    moved: list[Path] = []

    def make_room() -> None:
        if move_existing_aside and vault_state(folder) is not VaultState.EMPTY:
            moved.append(move_vault_aside(folder))

    vault = Vault.restore(folder, backup, unwrap, progress, make_room)
    try:
        account_id: str | None = None
        actor: str | None = None
        if username is not None:
            account = vault.accounts.by_username_key(text_rules.username_key(username))
            if account is None or not account.active or account.role is not Role.ADMINISTRATOR:
                # Only an administrator restores; the same message as a wrong passphrase.
                raise AuthenticationError()
            account_id, actor = account.id, account.username
        try:
            vault.audit.verify_chain()
        except DatabaseError as exc:
            raise BackupDamagedError() from exc
        with vault.transaction():
            vault.audit.append(action=AuditAction.BACKUP_RESTORED, actor_id=account_id,
                               actor_name=actor,
                               detail=f"created={header.created_at.isoformat()}")
    except BaseException:
        vault.close()
        undo_restore(folder)
        raise
    vault.close()
    log_event("backup.restored")
    return RestoreResult(header.created_at, moved[0] if moved else None)
