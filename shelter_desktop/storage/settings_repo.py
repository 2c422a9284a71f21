"""Key-value settings and vault facts (organisation name…), inside the encrypted database."""

from __future__ import annotations

import json
from typing import Any

from shelter_desktop.storage.clock import now_utc, to_text
from shelter_desktop.storage.database import Connection


class SettingsRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, key: str, default: Any = None) -> Any:
        row = self._connection.execute("SELECT value FROM settings WHERE key = ?",
                                       (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set(self, key: str, value: Any, actor_id: str | None) -> None:
        self._connection.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (key, json.dumps(value), to_text(now_utc()), actor_id),
        )

    def get_meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
