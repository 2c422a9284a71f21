"""One process per data folder: an OS lock on ``vault.lock``, released when the process dies."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

from shelter_desktop.errors import VaultInUseError
from shelter_desktop.storage.files import PRIVATE_FILE_MODE

LOCK_NAME = "vault.lock"


class DataFolderLock:
    """Held for as long as the app or an admin command works on the folder.

    An OS-level lock (flock / msvcrt) rather than a PID file, so a crash or a kill never leaves a
    stale lock behind that would keep staff out.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            if os.name == "nt":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise VaultInUseError() from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> DataFolderLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
