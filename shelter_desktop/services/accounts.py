"""Staff accounts: adding, deactivating, resetting and changing passphrases."""

from __future__ import annotations

from dataclasses import dataclass

from shelter_desktop.domain import passphrases, text_rules
from shelter_desktop.domain.accounts import Account, Permission, Role
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.errors import AccountError, AuthenticationError, ValidationError
from shelter_desktop.i18n import N_, available_languages
from shelter_desktop.services.session import Session
from shelter_desktop.services.vault_service import organisation_name
from shelter_desktop.storage.vault import Vault

ONE_TIME_PASSPHRASE_WORDS = 5


@dataclass(frozen=True)
class OneTimePassphrase:
    """Shown once to the administrator, who hands it over; it must be changed at first unlock."""

    account: Account
    passphrase: str


class AccountService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list_accounts(self) -> list[Account]:
        self.session.require(Permission.MANAGE_ACCOUNTS)
        return self.session.vault.accounts.all()

    def add_account(self, username: str, display_name: str, role: Role,
                    language: str = "en") -> OneTimePassphrase:
        self.session.require(Permission.MANAGE_ACCOUNTS)
        vault = self.session.vault
        username = text_rules.clean_username(username)
        display_name = text_rules.clean_display_name(display_name or username)
        key = text_rules.username_key(username)
        if vault.accounts.by_username_key(key) is not None or vault.has_user_slot(key):
            raise ValidationError(N_("This user name is already taken."), "username")
        one_time = passphrases.generate_passphrase(ONE_TIME_PASSPHRASE_WORDS)
        vault.set_user_slot(key, one_time)
        with self.session.write():
            account = vault.accounts.insert(
                username=username, username_key=key, display_name=display_name, role=role,
                language=language, must_change_passphrase=True, actor_id=self.session.account.id)
            self.session.audit(AuditAction.ACCOUNT_CREATED, account.id, role.value)
        return OneTimePassphrase(account, one_time)

    def _target(self, account_id: str) -> Account:
        account = self.session.vault.accounts.get(account_id)
        if account is None:
            raise AccountError(N_("This account no longer exists."))
        return account

    def deactivate(self, account_id: str) -> None:
        """Remove the account's key slot, so its passphrase no longer opens the vault."""
        self.session.require(Permission.MANAGE_ACCOUNTS)
        account = self._target(account_id)
        if account.id == self.session.account.id:
            raise AccountError(N_("You cannot deactivate your own account."))
        vault = self.session.vault
        if account.role is Role.ADMINISTRATOR and vault.accounts.count_active_administrators() <= 1:
            raise AccountError(N_("The last administrator cannot be deactivated."))
        vault.remove_user_slot(text_rules.username_key(account.username))
        with self.session.write():
            vault.accounts.update(account.id, self.session.account.id, active=False)
            self.session.audit(AuditAction.ACCOUNT_DEACTIVATED, account.id)

    def reactivate(self, account_id: str) -> OneTimePassphrase:
        self.session.require(Permission.MANAGE_ACCOUNTS)
        account = self._target(account_id)
        one_time = self._reset(account)
        with self.session.write():
            self.session.vault.accounts.update(account.id, self.session.account.id, active=True,
                                               must_change_passphrase=True)
            self.session.audit(AuditAction.ACCOUNT_REACTIVATED, account.id)
        return OneTimePassphrase(self._target(account_id), one_time)

    def _reset(self, account: Account) -> str:
        one_time = passphrases.generate_passphrase(ONE_TIME_PASSPHRASE_WORDS)
        self.session.vault.set_user_slot(text_rules.username_key(account.username), one_time)
        return one_time

    def reset_passphrase(self, account_id: str) -> OneTimePassphrase:
        """A one-time passphrase that the person must change at their next unlock."""
        self.session.require(Permission.MANAGE_ACCOUNTS)
        account = self._target(account_id)
        if not account.active:
            raise AccountError(N_("Reactivate this account first."))
        one_time = self._reset(account)
        with self.session.write():
            self.session.vault.accounts.update(account.id, self.session.account.id,
                                               must_change_passphrase=True)
            self.session.audit(AuditAction.PASSPHRASE_RESET, account.id)
        return OneTimePassphrase(self._target(account_id), one_time)

    def change_own_passphrase(self, current: str, new: str) -> None:
        """Every user may do this. The current passphrase is checked against the slot itself."""
        session = self.session
        account = session.refresh_account()
        key = text_rules.username_key(account.username)
        try:
            probe = Vault.open_with_passphrase(session.vault.folder, key,
                                               passphrases.normalise(current))
        except AuthenticationError as exc:
            raise ValidationError(N_("Your current passphrase is not right."),
                                  "current_passphrase") from exc
        probe.close()
        value = passphrases.check_passphrase(new, username=account.username,
                                             organisation=organisation_name(session))
        if value == passphrases.normalise(current):
            raise ValidationError(N_("The new passphrase must be different from the current one."),
                                  "passphrase")
        session.vault.set_user_slot(key, value)
        with session.write():
            session.vault.accounts.update(account.id, account.id, must_change_passphrase=False)
            session.audit(AuditAction.PASSPHRASE_CHANGED, account.id)
        session.refresh_account()

    def set_own_language(self, language: str) -> None:
        """Remember the interface language for this person."""
        if language not in available_languages():
            raise ValidationError(N_("This language is not available."), "language")
        account = self.session.refresh_account()
        if account.language == language:
            return
        with self.session.write():
            self.session.vault.accounts.update(account.id, account.id, language=language)
            self.session.audit(AuditAction.LANGUAGE_CHANGED, account.id, language)
        self.session.refresh_account()
