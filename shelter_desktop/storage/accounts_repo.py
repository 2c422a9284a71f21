"""Accounts as rows inside the encrypted database."""

from __future__ import annotations

import uuid
from typing import Any

from shelter_desktop.domain.accounts import Account, Role
from shelter_desktop.storage.clock import from_text, now_utc, to_text
from shelter_desktop.storage.database import Connection

_COLUMNS = ("id, username, display_name, role, active, must_change_passphrase, language, "
            "created_at, updated_at, revision")


def _account(row: Any) -> Account:
    return Account(id=row[0], username=row[1], display_name=row[2], role=Role(row[3]),
                   active=bool(row[4]), must_change_passphrase=bool(row[5]), language=row[6],
                   created_at=from_text(row[7]), updated_at=from_text(row[8]), revision=row[9])


class AccountRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def insert(self, *, username: str, username_key: str, display_name: str, role: Role,
               language: str, must_change_passphrase: bool, actor_id: str | None) -> Account:
        stamp = to_text(now_utc())
        account_id = str(uuid.uuid4())
        self._connection.execute(
            "INSERT INTO accounts (id, username, username_key, display_name, role, active, "
            "must_change_passphrase, language, created_at, updated_at, updated_by, revision) "
            "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, 1)",
            (account_id, username, username_key, display_name, role.value,
             int(must_change_passphrase), language, stamp, stamp, actor_id),
        )
        account = self.get(account_id)
        assert account is not None
        return account

    def get(self, account_id: str) -> Account | None:
        row = self._connection.execute(
            f"SELECT {_COLUMNS} FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return None if row is None else _account(row)

    def by_username_key(self, username_key: str) -> Account | None:
        row = self._connection.execute(
            f"SELECT {_COLUMNS} FROM accounts WHERE username_key = ?", (username_key,)).fetchone()
        return None if row is None else _account(row)

    def all(self) -> list[Account]:
        rows = self._connection.execute(
            f"SELECT {_COLUMNS} FROM accounts ORDER BY username_key").fetchall()
        return [_account(row) for row in rows]

    def count_active_administrators(self) -> int:
        row = self._connection.execute(
            "SELECT count(*) FROM accounts WHERE role = 'administrator' AND active = 1").fetchone()
        return int(row[0])

    def update(self, account_id: str, actor_id: str | None, **changes: object) -> None:
        allowed = {"display_name", "role", "active", "must_change_passphrase", "language"}
        if not changes or set(changes) - allowed:
            raise ValueError("unknown account column")
        assignments = ", ".join(f"{column} = ?" for column in changes)
        values = [v.value if isinstance(v, Role) else int(v) if isinstance(v, bool) else v
                  for v in changes.values()]
        self._connection.execute(
            f"UPDATE accounts SET {assignments}, updated_at = ?, updated_by = ?, "
            "revision = revision + 1 WHERE id = ?",
            (*values, to_text(now_utc()), actor_id, account_id),
        )
