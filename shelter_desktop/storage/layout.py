"""What a data folder holds, read from file names and headers alone.

Kept free of sqlcipher3 and the crypto libraries so the unlock window can decide what to show
without paying for their import at start-up.
"""

from __future__ import annotations

import enum
from pathlib import Path

DATABASE_NAME = "vault.db"
SLOTS_NAME = "keyslots.json"
PREVIOUS_SLOTS_NAME = "keyslots.prev.json"
SETUP_MARKER = "setup.incomplete"
PLAINTEXT_HEADER = b"SQLite format 3\x00"


class VaultState(enum.Enum):
    EMPTY = "empty"
    VAULT = "vault"
    NOT_A_VAULT = "not_a_vault"
    DAMAGED = "damaged"


def has_plaintext_header(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER
    except OSError:
        return False


def vault_state(folder: Path) -> VaultState:
    """What the data folder holds, read without opening or changing anything."""
    db_path = folder / DATABASE_NAME
    slots_exist = (folder / SLOTS_NAME).exists() or (folder / PREVIOUS_SLOTS_NAME).exists()
    if (folder / SETUP_MARKER).exists():
        return VaultState.EMPTY
    if db_path.exists():
        if has_plaintext_header(db_path) or not slots_exist:
            return VaultState.NOT_A_VAULT
        return VaultState.VAULT
    if slots_exist:
        return VaultState.DAMAGED
    return VaultState.EMPTY
