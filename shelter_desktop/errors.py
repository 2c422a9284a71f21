"""The known error conditions, each with a message a worker can act on.

Messages are marked with ``N_`` and translated when shown, so the same exception can be displayed
in whichever language is current at that moment. A message never holds client data or secrets:
only the condition, what was kept and what to do next.
"""

from __future__ import annotations

from shelter_desktop.i18n import N_, gettext


class ShelterError(Exception):
    """A known condition with a translatable message and an admin-command exit code."""

    message: str = N_("Something went wrong. Nothing you typed was lost.")
    exit_code: int = 4
    event_code: str = "error"

    def __init__(self, message: str | None = None, **values: object) -> None:
        if message is not None:
            self.message = message
        self.values = values
        super().__init__(self.event_code)

    def user_message(self) -> str:
        """The message in the current interface language, with its named values filled in."""
        text = gettext(self.message)
        return text.format(**self.values) if self.values else text


class AuthenticationError(ShelterError):
    """Unknown user and wrong passphrase share this one message on purpose."""

    message = N_("The user name or passphrase is not right. Please try again.")
    exit_code = 2
    event_code = "auth.failed"


class UnlockDelayError(ShelterError):
    message = N_("Too many attempts. Please wait {seconds} seconds before trying again.")
    exit_code = 2
    event_code = "auth.delayed"


class RecoveryCodeError(ShelterError):
    message = N_("That recovery code is not right. Check each group of letters and try again.")
    exit_code = 2
    event_code = "auth.recovery_failed"


class VaultDamagedError(ShelterError):
    message = N_(
        "The vault file is damaged or has been changed outside Shelter Desktop. It was not "
        "changed further. Restore it from a backup or ask your administrator."
    )
    exit_code = 3
    event_code = "vault.damaged"


class AuditChainBrokenError(VaultDamagedError):
    message = N_(
        "The audit log has been changed outside Shelter Desktop (entry {seq} does not match). "
        "Keep this laptop as it is and tell your administrator."
    )
    event_code = "audit.chain_broken"


class NewerVaultError(ShelterError):
    message = N_(
        "This vault was made by a newer version of Shelter Desktop. It was not changed. "
        "Please install the newer version to open it."
    )
    event_code = "vault.newer"


class NotAVaultError(ShelterError):
    message = N_(
        "The data folder holds a file that is not a Shelter Desktop vault. It was not changed. "
        "Choose another data folder or move that file away."
    )
    event_code = "vault.not_a_vault"


class FolderNotWritableError(ShelterError):
    message = N_(
        "Shelter Desktop cannot write to its data folder. Nothing was changed. Ask your "
        "administrator to check the folder's permissions or free some disk space."
    )
    event_code = "folder.not_writable"


class VaultInUseError(ShelterError):
    message = N_(
        "The vault is already open in another window. Switch to that window, or close it first."
    )
    event_code = "vault.in_use"


class VaultMissingError(ShelterError):
    message = N_("There is no vault in this data folder yet. Set one up first.")
    event_code = "vault.missing"


class VaultExistsError(ShelterError):
    message = N_("A vault already exists in this data folder. It was not changed.")
    event_code = "vault.exists"


class VaultLockedError(ShelterError):
    message = N_("The vault is locked. Unlock it to continue; your draft was kept.")
    event_code = "vault.locked"


class PermissionDeniedError(ShelterError):
    message = N_("Your account is not allowed to do this. Ask an administrator if you need it.")
    event_code = "permission.denied"


class ValidationError(ShelterError):
    """Bad input; ``field`` names the input so the UI can show the message beside it."""

    exit_code = 1
    event_code = "input.invalid"

    def __init__(self, message: str, field: str = "", **values: object) -> None:
        super().__init__(message, **values)
        self.field = field


class AccountError(ShelterError):
    event_code = "account.error"


class NotABackupError(ShelterError):
    message = N_("This file is not a Shelter Desktop backup. Nothing was changed.")
    event_code = "backup.not_a_backup"


class BackupDamagedError(ShelterError):
    message = N_(
        "This backup file is incomplete or damaged. Nothing was changed. Try an older backup, "
        "or a copy of this one from another drive."
    )
    busy_message = N_(
        "The vault was busy for too long to take a backup. Nothing was changed. Please try "
        "again in a moment."
    )
    exit_code = 3
    event_code = "backup.damaged"


class BackupFolderError(ShelterError):
    message = N_(
        "Shelter Desktop cannot write a backup to that folder. Check that the drive is plugged "
        "in, has free space and is not read-only, or choose another folder."
    )
    event_code = "backup.folder"


class RestoreTargetError(ShelterError):
    message = N_(
        "This data folder already holds a vault, so the backup was not restored and nothing was "
        "changed. To replace it, move the existing vault aside first (this keeps it)."
    )
    event_code = "restore.target_not_empty"
