"""One backup file: the encrypted database as it is on disk, and the key slots that open it.

Layout (all of it already encrypted or harmless in clear)::

    the SQLCipher database file, byte for byte (``db_size`` bytes)
    | header (JSON, ASCII) | header length (4 bytes, big-endian)
    | MAGIC (8 bytes) | SHA-256 of the header (32 bytes)

The database comes first, at the same offset as in its own file: the kernel copies (and flushes)
a file range about a third faster when source and target offsets match (bench: backup). The
file is recognised by its trailer; one cut short has none and is refused.

The database pages are never decrypted to make a backup: they are copied as they are (with
``copy_file_range`` where the system has it), so a backup costs about a file copy. SQLCipher
authenticates every page with an HMAC, so a restore that passes ``cipher_integrity_check`` has
every page as written. The header holds the key-slot file (wrapped keys only), the creation
time, the schema version and a random vault id used to rotate only this vault's backups.

The copy is taken from a stable file: a second connection checkpoints the WAL and then holds a
read transaction that began on the database file alone (read mark 0). While it is held SQLite
cannot checkpoint into the file, so staff keep saving (into the WAL) and the copied bytes are one
consistent moment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import sqlcipher3

from shelter_desktop.errors import BackupDamagedError, NotABackupError
from shelter_desktop.storage.database import Connection, DatabaseError
from shelter_desktop.storage.files import PRIVATE_FILE_MODE, fsync_dir

MAGIC = b"SDBACKUP"
# Header length (4) + MAGIC (8) + SHA-256 of the header (32).
TRAILER_BYTES = 4 + 8 + 32
FORMAT_VERSION = 1
SUFFIX = ".sdbk"
PARTIAL_SUFFIX = ".partial"
NAME_PATTERN = re.compile(r"^backup-\d{8}-\d{6}(-\d+)?\.sdbk$")
MAX_HEADER_BYTES = 1 << 20
CHUNK_BYTES = 32 << 20
PAGE_BYTES = 4096
# Pages compared between the source and the written copy before it is renamed into place.
SAMPLED_PAGES = 256

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupHeader:
    created_at: dt.datetime
    schema_version: int
    db_size: int
    vault_id: str
    slots: bytes  # the key-slot file, exactly as stored beside the vault

    def to_bytes(self) -> bytes:
        document = {"format": FORMAT_VERSION, "created_at": self.created_at.isoformat(),
                    "schema_version": self.schema_version, "db_size": self.db_size,
                    "vault_id": self.vault_id, "slots": self.slots.decode("ascii")}
        return json.dumps(document, sort_keys=True).encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> BackupHeader:
        try:
            document: dict[str, Any] = json.loads(data.decode("ascii"))
            if document.get("format") != FORMAT_VERSION:
                raise BackupDamagedError()
            created = dt.datetime.fromisoformat(str(document["created_at"]))
            return cls(created, int(document["schema_version"]), int(document["db_size"]),
                       str(document["vault_id"]), str(document["slots"]).encode("ascii"))
        except (ValueError, KeyError, TypeError, UnicodeError, AttributeError) as exc:
            raise BackupDamagedError() from exc

    db_offset = 0  # the database leads the file (see the module doc)

    @functools.cached_property
    def total_size(self) -> int:
        return self.db_size + len(self.to_bytes()) + TRAILER_BYTES


def new_vault_id() -> str:
    return secrets.token_hex(16)


def backup_name(created_at: dt.datetime, attempt: int = 0) -> str:
    # A neutral name: nothing on a USB stick should say what the file is about.
    stamp = created_at.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return f"backup-{stamp}{'' if attempt == 0 else f'-{attempt}'}{SUFFIX}"


# -- a stable copy of the database file ---------------------------------------------------------


@contextlib.contextmanager
def stable_database(db_path: Path, key_pragma: str, *, attempts: int = 500
                    ) -> Iterator[tuple[int, int]]:
    """Yield (size, schema version) of ``db_path`` while nothing may write into it.

    See the module doc; raises BackupDamagedError (busy) if staff saved without pause for
    ``attempts`` tries (about five seconds).
    """
    connection: Connection = sqlcipher3.connect(str(db_path), isolation_level=None,
                                                check_same_thread=False)
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        connection.execute(key_pragma)
        connection.execute("PRAGMA cipher_log_level = NONE").fetchall()
        for _ in range(attempts):
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy is not None and int(busy[0]) == 0:
                connection.execute("BEGIN")
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                version = int(connection.execute("PRAGMA user_version").fetchone()[0])
                # An empty WAL now means none existed when the read began: the snapshot is the
                # database file alone, and it holds read mark 0 until we end it.
                if not wal.exists() or wal.stat().st_size == 0:
                    try:
                        yield db_path.stat().st_size, version
                    finally:
                        connection.execute("ROLLBACK")
                    return
                connection.execute("ROLLBACK")
            time.sleep(0.01)  # someone is saving right now; try again in a moment
        raise BackupDamagedError(BackupDamagedError.busy_message)
    except DatabaseError as exc:
        raise BackupDamagedError() from exc
    finally:
        connection.close()


# -- writing ------------------------------------------------------------------------------------


def _copy_range(source_fd: int, source_offset: int, target_fd: int, target_offset: int,
                size: int, progress: Progress | None) -> None:
    """Copy ``size`` bytes between two open files at the given offsets."""
    done = 0
    fast = hasattr(os, "copy_file_range")
    while done < size:
        want = min(CHUNK_BYTES, size - done)
        copied = 0
        if fast:
            try:
                copied = os.copy_file_range(source_fd, target_fd, want, source_offset + done,
                                            target_offset + done)
            except OSError:
                fast = False  # another file system or an old kernel: plain reads and writes
        if not fast:
            data = os.pread(source_fd, want, source_offset + done)
            view = memoryview(data)
            written = 0
            while written < len(view):
                written += os.pwrite(target_fd, view[written:], target_offset + done + written)
            copied = len(data)
        if copied <= 0:
            raise BackupDamagedError()  # the source ended early: never write half a file
        done += copied
        if progress is not None:
            progress(done, size)


def write_backup(db_path: Path, header: BackupHeader, target: Path,
                 progress: Progress | None = None) -> None:
    """Write ``target`` through a temporary name; it appears only complete and checked.

    The caller holds :func:`stable_database` so the source cannot change while it is read.
    """
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    header_bytes = header.to_bytes()
    if len(header_bytes) > MAX_HEADER_BYTES:
        raise BackupDamagedError()
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "r+b") as out, db_path.open("rb") as source:
            _copy_range(source.fileno(), 0, out.fileno(), 0, header.db_size, progress)
            out.seek(header.db_size)
            out.write(header_bytes + len(header_bytes).to_bytes(4, "big") + MAGIC
                      + hashlib.sha256(header_bytes).digest())
            out.flush()
            os.fsync(out.fileno())
            _check_written(out, source, header)
        os.replace(partial, target)
        fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def _sample_offsets(size: int) -> list[int]:
    pages = max(1, size // PAGE_BYTES)
    step = max(1, pages // SAMPLED_PAGES)
    offsets = {0, (pages - 1) * PAGE_BYTES}
    offsets.update(index * PAGE_BYTES for index in range(0, pages, step))
    return sorted(offset for offset in offsets if offset < size)


def _check_written(out: BinaryIO, source: BinaryIO, header: BackupHeader) -> None:
    """Read the file back: structure, length, header, and a sample of pages against the source.

    A full check of every page (decrypting each) is what a restore does; here we make sure the
    copy is whole and in the right place without doubling the time a backup takes.
    """
    out.seek(0, os.SEEK_END)
    if out.tell() != header.total_size:
        raise BackupDamagedError()
    read = _read_header(out)
    if read.to_bytes() != header.to_bytes():
        raise BackupDamagedError()
    for offset in _sample_offsets(header.db_size):
        source.seek(offset)
        out.seek(offset)
        if source.read(PAGE_BYTES) != out.read(PAGE_BYTES):
            raise BackupDamagedError()


# -- reading ------------------------------------------------------------------------------------


def _read_header(handle: BinaryIO, *, named_as_backup: bool = False) -> BackupHeader:
    """The header, read from the trailer.

    A file without a trailer is not a backup or, when it is named as one, a backup cut short.
    """
    missing: type[Exception] = BackupDamagedError if named_as_backup else NotABackupError
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    if size < TRAILER_BYTES:
        raise missing()
    handle.seek(size - TRAILER_BYTES)
    trailer = handle.read(TRAILER_BYTES)
    length = int.from_bytes(trailer[:4], "big")
    if trailer[4:12] != MAGIC:
        raise missing()
    if not 0 < length <= min(MAX_HEADER_BYTES, size - TRAILER_BYTES):
        raise BackupDamagedError()
    handle.seek(size - TRAILER_BYTES - length)
    header_bytes = handle.read(length)
    if hashlib.sha256(header_bytes).digest() != trailer[12:]:
        raise BackupDamagedError()
    header = BackupHeader.from_bytes(header_bytes)
    if header.to_bytes() != header_bytes or header.total_size != size:
        raise BackupDamagedError()  # something appended, removed or rewritten
    return header


def read_header(path: Path) -> BackupHeader:
    """The header of a backup file; NotABackupError or BackupDamagedError when it is not right."""
    named = path.name.endswith((SUFFIX, SUFFIX + PARTIAL_SUFFIX))
    try:
        with path.open("rb") as handle:
            return _read_header(handle, named_as_backup=named)
    except OSError as exc:
        raise BackupDamagedError() from exc


def extract_database(path: Path, header: BackupHeader, target: Path,
                     progress: Progress | None = None) -> None:
    """Write the (still encrypted) database of a backup to ``target``, durably."""
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "r+b") as out, path.open("rb") as backup:
        _copy_range(backup.fileno(), header.db_offset, out.fileno(), 0, header.db_size,
                    progress)
        os.fsync(out.fileno())


def list_backups(folder: Path) -> list[tuple[Path, BackupHeader]]:
    """This folder's complete backup files with their headers, oldest first; others ignored."""
    found: list[tuple[Path, BackupHeader]] = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if not NAME_PATTERN.match(path.name):
                continue
            try:
                found.append((path, read_header(path)))
            except (NotABackupError, BackupDamagedError):
                continue
    return sorted(found, key=lambda item: item[1].created_at)
