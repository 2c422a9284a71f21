"""Decrypt every page of a vault file ourselves, free pages included, to look for leftovers.

SQLCipher 4 defaults with a raw key: AES-256-CBC over each 4096-byte page, less the 80-byte
reserve (IV 16 + HMAC 64) at its end; page 1 keeps its first 16 bytes (the salt) in clear.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_BYTES = 4096
RESERVE_BYTES = 80
SALT_BYTES = 16


def decrypted_image(path: Path, data_key: bytes) -> bytes:
    """The plaintext of every page in the file, in order (live, free and unused pages alike)."""
    data = path.read_bytes()
    image = bytearray()
    for start in range(0, len(data) - PAGE_BYTES + 1, PAGE_BYTES):
        page = data[start:start + PAGE_BYTES]
        skip = SALT_BYTES if start == 0 else 0
        iv = page[PAGE_BYTES - RESERVE_BYTES:PAGE_BYTES - RESERVE_BYTES + 16]
        decryptor = Cipher(algorithms.AES(data_key), modes.CBC(iv)).decryptor()
        image += decryptor.update(page[skip:PAGE_BYTES - RESERVE_BYTES]) + decryptor.finalize()
    return bytes(image)
