"""Device preferences read before anyone unlocks (the unlock window's language, the region).

Kept in a small file beside the vault; it never holds client data or staff names, only
choices the unlock window needs while everything else is still encrypted.
"""

from __future__ import annotations

import json
from pathlib import Path

from shelter_desktop.i18n import DEFAULT_REGION, is_region_code
from shelter_desktop.storage.files import write_atomic

PREFERENCES_NAME = "device.json"


class DevicePreferences:
    def __init__(self, folder: Path) -> None:
        self.path = folder / PREFERENCES_NAME

    def _read(self) -> dict[str, object]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _set(self, key: str, value: str) -> None:
        data = self._read()
        if data.get(key) == value or not self.path.parent.exists():
            return
        data[key] = value
        try:
            write_atomic(self.path, json.dumps(data).encode("utf-8"))
        except OSError:
            pass  # a read-only folder only costs the remembered choice

    @property
    def language(self) -> str | None:
        value = self._read().get("language")
        return value if isinstance(value, str) else None

    def set_language(self, code: str) -> None:
        self._set("language", code)

    @property
    def region(self) -> str:
        """The region for dates and numbers on this computer (Canada until someone changes it)."""
        value = self._read().get("region")
        return value if isinstance(value, str) and is_region_code(value) else DEFAULT_REGION

    def set_region(self, region: str) -> None:
        if not is_region_code(region):
            raise ValueError(f"not a region code: {region!r}")
        self._set("region", region)
