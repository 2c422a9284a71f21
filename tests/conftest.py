"""Shared fixtures: a real encrypted vault in tmp_path, offscreen Qt, fast key derivation."""

from __future__ import annotations

import os

# Before anything imports Qt or derives a key.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SHELTER_DESKTOP_KDF"] = "fast"

from collections.abc import Callable, Iterator  # noqa: E402
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

# `make soak` sets SHELTER_SOAK=1 and runs only the tests marked `slow`: the full-size campaigns.
SOAK = bool(os.environ.get("SHELTER_SOAK"))


def campaign_size(small: int, full: int) -> int:
    """How big a campaign runs: ``small`` in ``make test``, ``full`` with SHELTER_SOAK set."""
    return full if SOAK else small


def full_size(test: Callable[..., None]) -> Callable[..., None]:
    """Mark the full-size variant of a campaign: ``slow``, and run only by ``make soak``."""
    skip = pytest.mark.skipif(not SOAK, reason="full-size campaign: set SHELTER_SOAK=1 "
                                                "(make soak)")
    return pytest.mark.slow(skip(test))


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
