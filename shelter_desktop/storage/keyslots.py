"""The key-slot file: the vault's random data key, wrapped once per account and once for recovery.

Design after LUKS and Tella: nobody types the data key. Each slot holds the data key encrypted
with AES-256-GCM under a key derived from one passphrase with Argon2id. Slots are found by an
HMAC of the normalised user name under a random per-vault salt, so the file does not list staff
names. Every write is atomic and the previous file is kept as ``keyslots.prev.json``, so a crash
in the middle of a passphrase change never locks anyone out.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shelter_desktop.errors import VaultDamagedError
from shelter_desktop.storage.files import write_atomic
from shelter_desktop.storage.layout import PREVIOUS_SLOTS_NAME, SLOTS_NAME

FORMAT_VERSION = 1
DATA_KEY_BYTES = 32
RECOVERY_SLOT_ID = "recovery"

# Test suites set SHELTER_DESKTOP_KDF=fast so each of hundreds of vaults does not cost half a
# second; a vault made that way says so in its slots, and the app logs a warning on unlock.
FAST_KDF_ENV = "SHELTER_DESKTOP_KDF"
# Far above anything calibrate() or the defaults produce (64 MiB, t <= 20, p = 2).
_MAX_MEMORY_KIB = 4 * 1024 * 1024
_MAX_TIME_COST = 100
_MAX_PARALLELISM = 64


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored in each slot so a later change of defaults never breaks unlocking."""

    memory_kib: int = 65536
    time_cost: int = 3
    parallelism: int = 2

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        return cls(memory_kib=8192, time_cost=1, parallelism=1)

    @classmethod
    def default(cls) -> KdfParams:
        if os.environ.get(FAST_KDF_ENV) == "fast":
            return cls.fast_for_tests()
        return cls()

    def to_json(self) -> dict[str, Any]:
        return {"name": "argon2id", "memory_kib": self.memory_kib, "time_cost": self.time_cost,
                "parallelism": self.parallelism}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        if data.get("name") != "argon2id":
            raise VaultDamagedError()
        values = [data["memory_kib"], data["time_cost"], data["parallelism"]]
        if not all(type(value) is int for value in values):
            raise VaultDamagedError()
        params = cls(*values)
        # A slot outside what this app ever writes was damaged or altered: say so, rather than
        # let Argon2 fail with its own error or run for hours.
        if not (1 <= params.parallelism <= _MAX_PARALLELISM
                and 1 <= params.time_cost <= _MAX_TIME_COST
                and max(8192, 8 * params.parallelism) <= params.memory_kib <= _MAX_MEMORY_KIB):
            raise VaultDamagedError()
        return params


def calibrate(target_seconds: float = 0.5, base: KdfParams | None = None) -> KdfParams:
    """Raise the time cost until one derivation takes about ``target_seconds`` on this laptop."""
    params = base or KdfParams.default()
    if os.environ.get(FAST_KDF_ENV) == "fast":
        return params
    salt = secrets.token_bytes(16)
    started = time.perf_counter()
    derive_key(b"calibration", salt, params)
    elapsed = max(time.perf_counter() - started, 1e-3)
    time_cost = max(params.time_cost, min(20, round(params.time_cost * target_seconds / elapsed)))
    return KdfParams(params.memory_kib, time_cost, params.parallelism)


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytearray:
    raw = hash_secret_raw(secret, salt, time_cost=params.time_cost, memory_cost=params.memory_kib,
                          parallelism=params.parallelism, hash_len=32, type=Type.ID)
    return bytearray(raw)


def wipe(buffer: bytearray) -> None:
    """Overwrite key bytes we own. Python may hold other copies; this is the part we control."""
    for index in range(len(buffer)):
        buffer[index] = 0


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class Slot:
    slot_id: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes

    def to_json(self) -> dict[str, Any]:
        return {"id": self.slot_id, "kdf": self.kdf.to_json(), "salt": _b64(self.salt),
                "nonce": _b64(self.nonce), "wrapped_key": _b64(self.wrapped_key)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Slot:
        return cls(str(data["id"]), KdfParams.from_json(data["kdf"]), _unb64(data["salt"]),
                   _unb64(data["nonce"]), _unb64(data["wrapped_key"]))


def _aad(slot_id: str) -> bytes:
    return f"shelter-desktop/keyslot/v{FORMAT_VERSION}/{slot_id}".encode()


def make_slot(slot_id: str, secret: bytes, data_key: bytearray, params: KdfParams) -> Slot:
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    wrapping_key = derive_key(secret, salt, params)
    try:
        wrapped = AESGCM(bytes(wrapping_key)).encrypt(nonce, bytes(data_key), _aad(slot_id))
    finally:
        wipe(wrapping_key)
    return Slot(slot_id, params, salt, nonce, wrapped)


def open_slot(slot: Slot, secret: bytes) -> bytearray | None:
    """The data key, or None when the secret is wrong (or the slot was altered)."""
    wrapping_key = derive_key(secret, slot.salt, slot.kdf)
    try:
        return bytearray(AESGCM(bytes(wrapping_key)).decrypt(slot.nonce, slot.wrapped_key,
                                                             _aad(slot.slot_id)))
    except InvalidTag:
        return None
    finally:
        wipe(wrapping_key)


@dataclass
class KeySlotFile:
    lookup_salt: bytes
    slots: dict[str, Slot] = field(default_factory=dict)

    @classmethod
    def new(cls) -> KeySlotFile:
        return cls(lookup_salt=secrets.token_bytes(32))

    def user_slot_id(self, username_key: str) -> str:
        # "surrogatepass": a typed name with a lone surrogate is an unknown user, not a crash.
        name = username_key.encode("utf-8", errors="surrogatepass")
        return hmac.new(self.lookup_salt, name, hashlib.sha256).hexdigest()

    def to_bytes(self) -> bytes:
        document = {"format": FORMAT_VERSION, "lookup_salt": _b64(self.lookup_salt),
                    "slots": [slot.to_json() for slot in self.slots.values()]}
        return json.dumps(document, indent=1, sort_keys=True).encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeySlotFile:
        try:
            document = json.loads(data.decode("ascii"))
            if document.get("format") != FORMAT_VERSION:
                raise VaultDamagedError()
            slots = [Slot.from_json(item) for item in document["slots"]]
            return cls(_unb64(document["lookup_salt"]), {slot.slot_id: slot for slot in slots})
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError) as exc:
            raise VaultDamagedError() from exc


class KeySlotStore:
    """Reads and writes the slot file beside the database.

    ``keyslots.prev.json`` holds the last verified version while a new one is being written, and a
    mirror of the current one afterwards. It is read only when the current file is missing or
    unreadable, so a changed passphrase or a removed account never keeps working through it.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / SLOTS_NAME
        self.previous_path = folder / PREVIOUS_SLOTS_NAME

    def exists(self) -> bool:
        return self.path.exists() or self.previous_path.exists()

    def load(self) -> KeySlotFile:
        for path in (self.path, self.previous_path):
            try:
                return KeySlotFile.from_bytes(path.read_bytes())
            except (OSError, VaultDamagedError):
                continue
        raise VaultDamagedError()

    def save(self, slots: KeySlotFile) -> None:
        """Replace the file so that a kill at any moment leaves a readable old or new version."""
        if self.path.exists():
            current = self.path.read_bytes()
            try:
                KeySlotFile.from_bytes(current)
                write_atomic(self.previous_path, current)
            except VaultDamagedError:
                pass  # never let a damaged file overwrite the good previous copy
        data = slots.to_bytes()
        write_atomic(self.path, data)
        if self.path.read_bytes() != data:
            raise VaultDamagedError()
        write_atomic(self.previous_path, data)
        # A write killed halfway leaves its temp file, holding the old slots: remove such files so
        # a changed passphrase or removed account does not keep working through them.
        for target in (self.path, self.previous_path):
            for stale in target.parent.glob(f".{target.name}.tmp-*"):
                with contextlib.suppress(OSError):
                    stale.unlink()
