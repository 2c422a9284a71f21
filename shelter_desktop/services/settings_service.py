"""Vault-wide settings (idle lock…), changed by administrators and audited."""

from __future__ import annotations

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.settings import (
    IDLE_LOCK_DEFAULT_MINUTES,
    IDLE_LOCK_MAX_MINUTES,
    IDLE_LOCK_MIN_MINUTES,
    VaultSettings,
)
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_
from shelter_desktop.services.session import Session

IDLE_LOCK_KEY = "idle_lock_minutes"


class SettingsService:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self) -> VaultSettings:
        minutes = self.session.vault.settings.get(IDLE_LOCK_KEY, IDLE_LOCK_DEFAULT_MINUTES)
        return VaultSettings(idle_lock_minutes=int(minutes))

    def set_idle_lock_minutes(self, minutes: int) -> None:
        self.session.require(Permission.CHANGE_SETTINGS)
        if not IDLE_LOCK_MIN_MINUTES <= minutes <= IDLE_LOCK_MAX_MINUTES:
            raise ValidationError(
                N_("Choose between {minimum} and {maximum} minutes."), "idle_lock_minutes",
                minimum=IDLE_LOCK_MIN_MINUTES, maximum=IDLE_LOCK_MAX_MINUTES)
        with self.session.write():
            self.session.vault.settings.set(IDLE_LOCK_KEY, minutes, self.session.account.id)
            self.session.audit(AuditAction.SETTING_CHANGED, detail=f"{IDLE_LOCK_KEY}={minutes}")
