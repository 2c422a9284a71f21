"""Child process for test_passphrase_change_kill: changes one passphrase over and over.

Usage: ``python passphrase_change_child.py DATA_DIR USER START``. Unlocks with passphrase number
START, prints ``READY``, then for n = START+1, START+2, … prints ``BEGIN n`` before changing the
passphrase to number n and ``DONE n`` once the change is committed (each line flushed), locking
and unlocking again every third change. It runs until it is killed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SHELTER_DESKTOP_KDF", "fast")

from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.accounts import AccountService  # noqa: E402
from shelter_desktop.storage.lockfile import DataFolderLock  # noqa: E402


def passphrase(number: int) -> str:
    return f"kill trial passphrase {number:06d}"


def main(folder: Path, user: str, start: int) -> None:
    lock = DataFolderLock(folder)
    lock.acquire()  # as the app and shelter-admin do: the parent must not hold the vault open
    number = start
    session = vault_service.unlock(folder, user, passphrase(number))
    print("READY", flush=True)
    while True:
        print(f"BEGIN {number + 1}", flush=True)
        AccountService(session).change_own_passphrase(passphrase(number), passphrase(number + 1))
        number += 1
        print(f"DONE {number}", flush=True)
        if number % 3 == 0:
            session.lock()
            session = vault_service.unlock(folder, user, passphrase(number))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
