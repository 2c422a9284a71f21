"""Careful file writes: private permissions from the first byte, atomic replacement, fsync."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from shelter_desktop.errors import FolderNotWritableError

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (0700) if needed; refuse a folder we cannot write to."""
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        with contextlib.suppress(PermissionError):
            # Take away group/other access; never add any (a read-only folder stays read-only).
            os.chmod(path, stat.S_IMODE(path.stat().st_mode) & PRIVATE_DIR_MODE)
    except OSError as exc:
        raise FolderNotWritableError() from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise FolderNotWritableError()


def check_writable(path: Path) -> None:
    """Prove the folder is writable (permissions, read-only mounts, full disk) before we need it."""
    probe = path / f".write-test-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        try:
            os.write(fd, b"0")
        finally:
            os.close(fd)
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink()
        raise FolderNotWritableError() from exc


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write temp → fsync → rename → fsync the folder; readers see the old or the new file."""
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE) if hasattr(os, "fchmod") else None
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    fsync_dir(path.parent)
