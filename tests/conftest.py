"""Shared fixtures: a real encrypted vault in tmp_path, offscreen Qt, fast key derivation."""

from __future__ import annotations

import os

# Before anything imports Qt or derives a key.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SHELTER_DESKTOP_KDF"] = "fast"

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from shelter_desktop import i18n  # noqa: E402
from shelter_desktop.domain.accounts import Role  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.accounts import AccountService  # noqa: E402
from shelter_desktop.services.session import Session  # noqa: E402

ADMIN_USER = "director"
ADMIN_PASSPHRASE = "quiet river behind the old mill"
ORGANISATION = "Maison Refuge Canari"


@dataclass
class VaultFixture:
    folder: Path
    recovery_code: str
    admin_user: str = ADMIN_USER
    admin_passphrase: str = ADMIN_PASSPHRASE
    organisation: str = ORGANISATION

    def unlock(self, user: str = ADMIN_USER, passphrase: str = ADMIN_PASSPHRASE) -> Session:
        return vault_service.unlock(self.folder, user, passphrase)

    def add_staff(self, username: str, role: Role, passphrase: str) -> None:
        """Add an account and give it its own passphrase, as a first unlock would."""
        session = self.unlock()
        try:
            one_time = AccountService(session).add_account(username, username.title(), role)
        finally:
            session.lock()
        staff = vault_service.unlock(self.folder, username, one_time.passphrase)
        try:
            AccountService(staff).change_own_passphrase(one_time.passphrase, passphrase)
        finally:
            staff.lock()


@pytest.fixture(autouse=True)
def _english_interface() -> Iterator[None]:
    i18n.set_language("en", i18n.DEFAULT_REGION)
    yield
    i18n.set_language("en", i18n.DEFAULT_REGION)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def vault(data_dir: Path) -> VaultFixture:
    """A real encrypted vault with one administrator, closed (locked) and ready to unlock."""
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    session, code = vault_service.set_up_vault(data_dir, ORGANISATION, admin)
    session.lock()
    return VaultFixture(data_dir, code)


@pytest.fixture
def admin_session(vault: VaultFixture) -> Iterator[Session]:
    session = vault.unlock()
    yield session
    session.lock()
