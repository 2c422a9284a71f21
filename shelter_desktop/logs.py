"""A rotating log of event codes, ids and timings: never names, field contents or secrets.

``log_event`` is the only way the app writes to the log, and it accepts only short codes and
numbers (or ids), so a careless call cannot leak what a worker typed.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

LOGGER_NAME = "shelter_desktop"
LOG_FILE = "shelter-desktop.log"
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.:\-]{0,64}$")

logger = logging.getLogger(LOGGER_NAME)
logger.addHandler(logging.NullHandler())
logger.propagate = False


def setup_logging(folder: Path) -> Path:
    """Log to ``<data folder>/logs`` (0700/0600), rotating at 1 MB, three files kept."""
    log_dir = folder / "logs"
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler):
            logger.removeHandler(handler)
            handler.close()
    from logging.handlers import RotatingFileHandler  # not needed before the first window

    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def _safe(value: object) -> str:
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    return text if _SAFE_VALUE.match(text) else "<redacted>"


def log_event(code: str, level: int = logging.INFO, **values: object) -> None:
    """Log ``code key=value …``; any value that is not a short code or a number is redacted."""
    parts = [_safe(code)] + [f"{key}={_safe(value)}" for key, value in sorted(values.items())]
    logger.log(level, " ".join(parts))
