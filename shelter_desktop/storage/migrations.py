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
    2: """
    CREATE TABLE clients (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        name_to_use TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '',
        date_of_birth TEXT,
        reading_language TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        entry_date TEXT NOT NULL,
        exit_date TEXT,
        exit_reason TEXT NOT NULL DEFAULT '',
        is_minor INTEGER NOT NULL DEFAULT 0,
        adult_on TEXT,
        dependant_count INTEGER NOT NULL DEFAULT 0,
        trp_expiry TEXT,
        answers TEXT NOT NULL DEFAULT '{}',
        restricted_answers TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX clients_sort ON clients(deleted, status, sort_key);
    CREATE TABLE client_history (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        at TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT,
        field TEXT NOT NULL,
        old_value TEXT NOT NULL,
        new_value TEXT NOT NULL
    );
    CREATE INDEX client_history_client ON client_history(client_id, at);
    CREATE TABLE dependants (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        answers TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX dependants_client ON dependants(client_id);
    CREATE TABLE interpreter_records (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        at TEXT NOT NULL,
        answers TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX interpreter_records_client ON interpreter_records(client_id);
    CREATE TABLE consents (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id),
        kind TEXT NOT NULL CHECK (kind IN ('collect', 'share')),
        given INTEGER NOT NULL,
        start_date TEXT NOT NULL,
        expiry_date TEXT,
        recipient TEXT NOT NULL DEFAULT '',
        purpose TEXT NOT NULL DEFAULT '',
        method TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        revoked_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX consents_client ON consents(client_id);
    CREATE INDEX consents_expiry ON consents(expiry_date);
    CREATE TABLE drafts (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        client_id TEXT,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX drafts_owner ON drafts(owner_id, kind);
    CREATE VIRTUAL TABLE client_substrings USING fts5(names, legal, tokenize = 'trigram');
    CREATE VIRTUAL TABLE client_words USING fts5(
        names, legal, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2');
    """,
    3: """
    CREATE TABLE assessments (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        client_id TEXT NOT NULL REFERENCES clients(id),
        instrument TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('intake', 'review', 'exit')),
        assessed_on TEXT NOT NULL,
        scores TEXT NOT NULL,
        corrects_id TEXT REFERENCES assessments(id),
        correction_reason TEXT NOT NULL DEFAULT '',
        completed_at TEXT NOT NULL,
        completed_by TEXT,
        completed_by_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        revision INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX assessments_client ON assessments(client_id, assessed_on);
    CREATE TRIGGER assessments_immutable BEFORE UPDATE ON assessments
        BEGIN SELECT RAISE(ABORT, 'a completed assessment cannot be changed'); END;
    ALTER TABLE clients ADD COLUMN assessment_due TEXT;
    """,
    # The client list without reading client rows (each holds the whole intake, a page or more):
    # - clients_list walks it in name order, ids included: the 80,000 ids of a 100k vault in
    #   about 20 ms instead of 600; rowid is a column so ORDER BY sort_key, rowid needs no sort.
    #   It replaces clients_sort, its prefix.
    # - clients_by_rowid goes from a search's matches (FTS rowids) to their status, sort key
    #   and id, so a search costs what its matches cost (ClientRepository.list_head).
    # (bench: unlock → client list usable, search per keystroke.)
    4: """
    CREATE INDEX clients_list ON clients(deleted, status, sort_key, rowid, id);
    CREATE INDEX clients_by_rowid ON clients(rowid, deleted, status, sort_key, id);
    DROP INDEX clients_sort;
    """,
    # INSERT OR REPLACE deletes and re-inserts without firing UPDATE triggers, so an insert that
    # reuses a stored assessment's id or row is refused too; and stored assessments are never
    # deleted (a future purge of a whole record must lift this trigger inside its transaction).
    5: """
    CREATE TRIGGER assessments_no_replace BEFORE INSERT ON assessments
        WHEN EXISTS (SELECT 1 FROM assessments WHERE id = NEW.id OR rowid = NEW.rowid)
        BEGIN SELECT RAISE(ABORT, 'a completed assessment cannot be replaced'); END;
    CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments
        BEGIN SELECT RAISE(ABORT, 'a completed assessment cannot be deleted'); END;
    """,
    # Service plans: one row per version. Once a version is acknowledged its content can no
    # longer change (only its status, when a newer version supersedes it).
    6: """
    CREATE TABLE plan_versions (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        plan_id TEXT NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'superseded', 'closed')),
        data TEXT NOT NULL,
        acknowledgement TEXT,
        change_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT,
        created_by_name TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        updated_by TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        UNIQUE (plan_id, version)
    );
    CREATE INDEX plan_versions_client ON plan_versions(client_id, version);
    CREATE TRIGGER plan_versions_read_only BEFORE UPDATE OF data, acknowledgement, change_reason
        ON plan_versions WHEN OLD.acknowledgement IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'an acknowledged plan version cannot be changed'); END;
    """,
    # Retention: the purge log says what was purged and when, never what it held; it only grows.
    # The name indexes remove a deleted row's terms from their pages at once ("secure-delete"),
    # so a purged name does not linger in an FTS segment until the next merge.
    7: """
    CREATE TABLE purge_log (
        seq INTEGER PRIMARY KEY,
        purged_at TEXT NOT NULL,
        purged_by TEXT,
        purged_by_name TEXT NOT NULL DEFAULT '',
        client_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        entry_date TEXT,
        closed_on TEXT
    );
    CREATE TRIGGER purge_log_no_update BEFORE UPDATE ON purge_log
        BEGIN SELECT RAISE(ABORT, 'the purge log cannot be changed'); END;
    CREATE TRIGGER purge_log_no_delete BEFORE DELETE ON purge_log
        BEGIN SELECT RAISE(ABORT, 'the purge log cannot be changed'); END;
    INSERT INTO client_substrings (client_substrings, rank) VALUES ('secure-delete', 1);
    INSERT INTO client_words (client_words, rank) VALUES ('secure-delete', 1);
    """,
    # When each client's plan review is due (domain.md §4.2), kept by the plan service so the
    # list can raise "Plan review due" without reading plans.
    8: """
    ALTER TABLE clients ADD COLUMN plan_review_due TEXT;
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
