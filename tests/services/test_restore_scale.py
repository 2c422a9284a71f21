"""A backup of a full caseload restores on an empty folder with every row of every table
identical (security.md "Backups restore").

Demo data (clients with intakes, dependants, interpreter records, consents, assessments and
plans), plus edits through the services so the history and drafts tables are not empty, is backed
up and restored with the recovery code on a "new laptop"; then every ordinary table is compared
row by row with the live vault, the audit log up to the backup's own entry. ``make test`` runs
300 clients; ``make soak`` runs 10,000.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.text_rules import username_key
from shelter_desktop.services.backup import FOLDER_KEY, LAST_KEY, BackupService, restore_backup
from shelter_desktop.services.clients import ClientService, ListFilter
from shelter_desktop.services.demo_data import DemoDataService
from shelter_desktop.services.drafts import INTAKE_DRAFT, DraftService
from shelter_desktop.services.session import Session
from shelter_desktop.storage.database import Connection
from shelter_desktop.storage.vault import Vault
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture, full_size

DEFAULT_CLIENTS = 300
SOAK_CLIENTS = 10_000
# The tables security.md names; every other ordinary table is compared too.
REQUIRED_TABLES = ("clients", "dependants", "consents", "interpreter_records", "client_history",
                   "assessments", "plan_versions", "accounts")
# Written after the snapshot by the backup itself (when and where it was taken).
BACKUP_BOOKKEEPING = (LAST_KEY, FOLDER_KEY)


def ordinary_tables(connection: Connection) -> list[str]:
    """Every real table (FTS shadow tables included; the virtual tables read from those)."""
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name").fetchall()
    return [str(name) for name, sql in rows if not str(sql).upper().startswith("CREATE VIRTUAL")]


def table_rows(connection: Connection, table: str) -> list[tuple[Any, ...]]:
    rows = [tuple(row) for row in connection.execute(f'SELECT * FROM "{table}"')]
    return sorted(rows, key=repr)


def audit_rows(connection: Connection) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute("SELECT * FROM audit_log ORDER BY seq")]


def audit_seq_of_last(connection: Connection, action: str) -> int:
    row = connection.execute("SELECT max(seq) FROM audit_log WHERE action = ?",
                             (action,)).fetchone()
    assert row is not None and row[0] is not None, f"no {action} entry"
    return int(row[0])


@dataclass
class Comparison:
    tables: int = 0
    rows: int = 0


def assert_restored_identically(live: Connection, restored: Connection,
                                backup_seq: int) -> Comparison:
    """Every table of ``restored`` equals ``live`` row for row; returns what was compared.

    ``backup_seq`` is the live audit entry of the backup that was restored: the restored log
    holds every entry before it, identical (hash chain included), then the restore's own entry
    in its place. Settings differ only by the backup bookkeeping written after the snapshot.
    """
    compared = Comparison()
    names = ordinary_tables(live)
    assert names == ordinary_tables(restored)
    assert set(REQUIRED_TABLES) <= set(names)
    for table in names:
        if table == "audit_log":
            continue
        mine, theirs = table_rows(live, table), table_rows(restored, table)
        if table == "settings":
            mine = [row for row in mine if row[0] not in BACKUP_BOOKKEEPING]
            theirs = [row for row in theirs if row[0] not in BACKUP_BOOKKEEPING]
        assert len(theirs) == len(mine), f"{table}: {len(theirs)} rows, not {len(mine)}"
        assert theirs == mine, f"{table}: rows differ after the restore"
        compared.tables += 1
        compared.rows += len(mine)
    live_log = [row for row in audit_rows(live) if row[0] < backup_seq]
    restored_log = audit_rows(restored)
    assert restored_log[:-1] == live_log, "the audit log differs before the backup"
    last = restored_log[-1]
    assert last[0] == backup_seq and AuditAction.BACKUP_RESTORED.value in last
    compared.tables += 1
    compared.rows += len(live_log)
    return compared


def open_restored(folder: Path) -> Vault:
    """The restored vault, opened without a session (so reading it adds no audit entry)."""
    vault = Vault.open_with_passphrase(folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    assert vault.integrity_problems() == []
    assert vault.audit.verify_chain() > 0
    return vault


def edit_some(session: Session, every: int) -> None:
    """History rows and a draft: what demo data does not make but staff do."""
    clients = ClientService(session)
    ids = clients.list_ids(list_filter=ListFilter(status=None))
    for index, client_id in enumerate(ids[::every]):
        clients.update_answers(client_id, {"safe_times": Answer.of(f"après 18 h · {index}"),
                                           "code_word": Answer.of(f"Лис {index} 狐")})
    drafts = DraftService(session)
    draft = drafts.new(INTAKE_DRAFT)
    draft.data = {"name_to_use": "Зоя · 王芳 · فاطمة", "note": "not finished yet"}
    drafts.save(draft)


def run_restore(vault: VaultFixture, tmp_path: Path, clients: int) -> str:
    session = vault.unlock()
    try:
        started = time.perf_counter()
        assert DemoDataService(session).add_clients(clients, seed=clients,
                                                    today=dt.date(2026, 6, 1)) == clients
        edit_some(session, every=max(1, clients // 100))
        generated = time.perf_counter()
        result = BackupService(session).back_up(tmp_path / "usb")
        backed_up = time.perf_counter()
        restore_backup(result.path, tmp_path / "new-laptop", recovery_code=vault.recovery_code)
        restored_at = time.perf_counter()
        restored = open_restored(tmp_path / "new-laptop")
        try:
            live = session.vault.connection
            counts = {table: len(table_rows(live, table)) for table in REQUIRED_TABLES}
            assert counts["clients"] == clients
            assert all(counts.values()), f"a table is empty, so compares nothing: {counts}"
            compared = assert_restored_identically(
                live, restored.connection,
                audit_seq_of_last(live, AuditAction.BACKUP_CREATED.value))
        finally:
            restored.close()
        checked = time.perf_counter()
    finally:
        session.lock()
    return (f"restore at scale: {clients} clients ({counts}), generation "
            f"{generated - started:.1f} s, backup {backed_up - generated:.2f} s "
            f"({result.size / 1e6:.1f} MB), restore {restored_at - backed_up:.2f} s, compare "
            f"{checked - restored_at:.1f} s: {compared.rows} rows in {compared.tables} tables "
            "identical")


def test_a_caseload_restores_row_for_row(vault: VaultFixture, tmp_path: Path) -> None:
    print("\n" + run_restore(vault, tmp_path, DEFAULT_CLIENTS))


@full_size
def test_ten_thousand_clients_restore_row_for_row(vault: VaultFixture, tmp_path: Path) -> None:
    print("\n" + run_restore(vault, tmp_path, SOAK_CLIENTS))
