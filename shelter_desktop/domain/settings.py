"""Vault-wide settings with their limits."""

from __future__ import annotations

from dataclasses import dataclass

IDLE_LOCK_DEFAULT_MINUTES = 5
IDLE_LOCK_MIN_MINUTES = 1
IDLE_LOCK_MAX_MINUTES = 15


@dataclass(frozen=True)
class VaultSettings:
    idle_lock_minutes: int = IDLE_LOCK_DEFAULT_MINUTES
