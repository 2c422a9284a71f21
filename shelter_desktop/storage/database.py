"""Opening the SQLCipher database safely: key first, then proof that encryption is really on.

``PRAGMA key`` must be the first statement on a connection, or SQLCipher silently creates a
plaintext database (stack-notes.md); every pragma we rely on is read back, and the file header is
checked, before anything else runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from shelter_desktop.errors import NewerVaultError, NotAVaultError, VaultDamagedError
from shelter_desktop.storage import migrations
from shelter_desktop.storage.files import PRIVATE_FILE_MODE, fsync_dir
from shelter_desktop.storage.layout import has_plaintext_header

# Enough pages (negative = KiB) that a scan of 100k clients never decrypts a page twice.
CACHE_SIZE_KIB = 65536

if TYPE_CHECKING:
    # sqlcipher3 ships no type information; its API is the standard library's, so type with that.
    from sqlite3 import Connection as Connection
    from sqlite3 import DatabaseError as DatabaseError
else:
    Connection = sqlcipher3.Connection
    DatabaseError = sqlcipher3.DatabaseError


def _silence_sqlcipher_logging() -> None:
    """SQLCipher writes errors to stderr by default; that could reach a console log."""
    connection = sqlcipher3.connect(":memory:")
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
    finally:
        connection.close()


_silence_sqlcipher_logging()


def key_pragma(data_key: bytearray) -> str:
    # Built only from bytes we generated; never from typed text.
    return f"PRAGMA key = \"x'{bytes(data_key).hex()}'\""


def _read_back(connection: Connection, pragma: str) -> str:
    row = connection.execute(f"PRAGMA {pragma}").fetchone()
    return "" if row is None else str(row[0]).lower()


def connect(path: Path, data_key: bytearray, *, create: bool = False) -> Connection:
    """An open, verified, migrated connection; raises a ShelterError when the file is not right."""
    if not create and not path.exists():
        raise VaultDamagedError()
    if has_plaintext_header(path):
        raise NotAVaultError()
    if create:
        path.touch(mode=PRIVATE_FILE_MODE, exist_ok=False)
    # Opened on a worker thread during unlock (key derivation is slow), then handed to the GUI
    # thread: one thread at a time uses it, never two at once.
    connection: Connection = sqlcipher3.connect(str(path), isolation_level=None,
                                                check_same_thread=False)
    try:
        connection.execute(key_pragma(data_key))
        if not _read_back(connection, "cipher_version"):
            raise RuntimeError("SQLCipher is not active; refusing to run without encryption")
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            raise VaultDamagedError() from exc
        if not create and schema_version(connection) == 0:
            # An emptied (truncated) vault file: never turn it into a new, empty vault.
            raise VaultDamagedError()
        _configure(connection)
        migrate(connection, path)
    except BaseException:
        connection.close()
        raise
    if has_plaintext_header(path):
        connection.close()
        raise RuntimeError("the vault was written without encryption")
    return connection


def _configure(connection: Connection) -> None:
    settings = {
        "cipher_log_level": ("NONE", "none"),
        "journal_mode": ("WAL", "wal"),
        "synchronous": ("FULL", "2"),
        "secure_delete": ("ON", "1"),
        "temp_store": ("MEMORY", "2"),
        "foreign_keys": ("ON", "1"),
        "cache_size": (str(-CACHE_SIZE_KIB), str(-CACHE_SIZE_KIB)),
    }
    for pragma, (value, expected) in settings.items():
        connection.execute(f"PRAGMA {pragma} = {value}").fetchall()
        if pragma == "cipher_log_level":
            continue  # process-wide; not readable per connection in every build
        if _read_back(connection, pragma) != expected:
            raise RuntimeError(f"PRAGMA {pragma} did not take")


def schema_version(connection: Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: Connection, path: Path) -> None:
    """Bring the schema up to date; refuse a newer file; copy the vault before changing it."""
    current = schema_version(connection)
    latest = migrations.LATEST_VERSION
    if current > latest:
        raise NewerVaultError()
    if current == latest:
        return
    if current > 0:
        _copy_before_migrating(connection, path, current)
    for version, script in migrations.pending(current):
        with transaction(connection):
            for statement in migrations.statements(script):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version}")


def _copy_before_migrating(connection: Connection, path: Path, version: int) -> None:
    """An encrypted copy (same key) of the file as it was, in case an upgrade goes wrong."""
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.before-v{version + 1}-{stamp}.bak")
    shutil.copyfile(path, target)
    target.chmod(PRIVATE_FILE_MODE)
    fsync_dir(path.parent)


@contextlib.contextmanager
def transaction(connection: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (the connection is in autocommit)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def integrity_problems(connection: Connection) -> list[str]:
    """Both checks of security.md; an empty list means clean."""
    problems: list[str] = []
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    problems += [str(row[0]) for row in rows if str(row[0]).lower() != "ok"]
    problems += [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
    return problems
