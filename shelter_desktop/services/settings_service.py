"""Vault-wide settings (idle lock…), changed by administrators and audited.

Also this computer's region for dates and numbers, which anyone signed in may change: it is
kept beside the vault (``device.json``) and holds no client data.
"""

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
from shelter_desktop.i18n import N_, is_region
from shelter_desktop.services.preferences import DevicePreferences
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

    # -- this computer ----------------------------------------------------------------------

    def region(self) -> str:
        """The region for dates and numbers on this computer (``CA`` unless changed)."""
        return DevicePreferences(self.session.vault.folder).region

    def set_region(self, region: str) -> None:
        """Remember the region for this computer; the caller applies it (``i18n.set_language``)."""
        if not is_region(region):
            raise ValidationError(N_("Choose a region from the list."), "region")
        DevicePreferences(self.session.vault.folder).set_region(region)
