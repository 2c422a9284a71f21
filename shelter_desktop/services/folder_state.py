"""What the data folder holds, cheaply: the unlock window needs it before anything heavy loads."""

from __future__ import annotations

from pathlib import Path

from shelter_desktop.storage.layout import VaultState, vault_state

__all__ = ["VaultState", "state_of"]


def state_of(folder: Path) -> VaultState:
    return vault_state(folder)
