"""Numbered schema migrations, tracked in ``PRAGMA user_version``.

Append a new entry for every change; never edit a released one. Every row carries a random id,
UTC timestamps, the account that changed it and a revision, so several laptops can sync later.
"""

from __future__ import annotations

from collections.abc import Iterator

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('administrator', 'caseworker', 'intake_worker')),
        active INTEGER NOT NULL DEFAULT 1,
        must_change_passphrase INTEGER NOT NULL DEFAULT 0,
        language TEXT NOT NULL DEFAULT 'en',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        revision INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT
    );
    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT,
        action TEXT NOT NULL,
        record_id TEXT,
        detail TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE INDEX audit_log_at ON audit_log(at);
    CREATE INDEX audit_log_record ON audit_log(record_id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    """,
}

LATEST_VERSION = max(MIGRATIONS)


def pending(current: int) -> Iterator[tuple[int, str]]:
    for version in sorted(MIGRATIONS):
        if version > current:
            yield version, MIGRATIONS[version]


def statements(script: str) -> list[str]:
    """Split a migration into statements; triggers keep their inner ``;`` (between BEGIN/END)."""
    result: list[str] = []
    buffer: list[str] = []
    depth = 0
    for line in script.strip().splitlines():
        buffer.append(line)
        words = line.upper().replace(";", " ; ").split()
        depth += words.count("BEGIN") - words.count("END")
        if line.rstrip().endswith(";") and depth <= 0:
            result.append("\n".join(buffer).strip())
            buffer = []
            depth = 0
    if "".join(buffer).strip():
        result.append("\n".join(buffer).strip())
    return result
