"""Where data lives: the platform's per-user application data folder, or ``--data-dir``.

Matches Qt's ``QStandardPaths.AppDataLocation`` for our application name (a test checks it), so
the admin command line finds the same folder without importing Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from shelter_desktop import APP_NAME

ORGANISATION_DIR = "ShelterDesktop"


def default_data_dir() -> Path:
    if sys.platform == "win32":  # pragma: no cover
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":  # pragma: no cover
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANISATION_DIR / APP_NAME


def resolve_data_dir(argument: str | None) -> Path:
    return Path(argument).expanduser().resolve() if argument else default_data_dir()
