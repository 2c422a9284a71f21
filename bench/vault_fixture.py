"""Create a locked vault in a folder: ``python -m bench.vault_fixture DIR``.

A separate process so the harness never imports the app or keeps its key-derivation
setting (SHELTER_DESKTOP_KDF=fast, set by the caller) in its own environment.
"""

from __future__ import annotations

import sys
from pathlib import Path

ORGANISATION = "Bench org"
ADMIN_USER = "bench"
ADMIN_PASSPHRASE = "quiet river behind the old mill"


def create_locked_vault(folder: Path) -> None:
    """Set up a vault with one administrator, lock it, and check it now reads as a vault."""
    from shelter_desktop.services import vault_service
    from shelter_desktop.storage.vault import VaultState

    admin = vault_service.NewAdministrator(ADMIN_USER, "Bench", ADMIN_PASSPHRASE)
    session, _code = vault_service.set_up_vault(folder, ORGANISATION, admin)
    session.lock()
    state = vault_service.state_of(folder)
    if state is not VaultState.VAULT:
        raise SystemExit(f"vault_fixture: {folder} is {state}, not a vault")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m bench.vault_fixture DIR")
    create_locked_vault(Path(sys.argv[1]))
