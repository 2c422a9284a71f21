"""The table and the JSON: the same rows, plus what machine and libraries produced them.

The JSON keeps raw samples and versions so figures from different days can be compared.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.registry import Figure

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ("figure", "median", "floor", "ratio", "target", "result")


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value * 1000:.1f} ms"


def table_cells(figure: Figure) -> tuple[str, ...]:
    ratio = figure.ratio
    return (figure.name, _value(figure.median, figure.unit), _value(figure.floor, figure.unit),
            "—" if ratio is None else f"{ratio:.2f}×", figure.target_text,
            "pass" if figure.passed else "miss")


def format_table(figures: list[Figure]) -> str:
    rows = [HEADERS, *(table_cells(figure) for figure in figures)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             .rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def json_row(key: str, figure: Figure) -> dict[str, Any]:
    """Keys carry the unit: ``median_s`` … for times, ``median_mb`` … for sizes."""
    suffix = "_mb" if figure.unit == "MB" else "_s"
    return {
        "key": key, "figure": figure.name, "unit": figure.unit,
        f"median{suffix}": figure.median, f"floor{suffix}": figure.floor,
        "ratio": figure.ratio, "target": figure.target_text, "passed": figure.passed,
        f"samples{suffix}": figure.samples, f"floor_samples{suffix}": figure.floor_samples,
        **figure.extra,
    }


def _sqlcipher_versions() -> tuple[str, str]:
    """SQLCipher only answers cipher_version once a key is set, hence the throwaway key."""
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        connection.execute("PRAGMA key = 'bench'")
        cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite = connection.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        connection.close()
    return str(cipher), str(sqlite)


def _git_commit() -> str | None:
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                               text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def metadata() -> dict[str, Any]:
    import PySide6
    from PySide6 import QtCore

    cipher, sqlite = _sqlcipher_versions()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": QtCore.qVersion(),
        "sqlcipher": cipher,
        "sqlite": sqlite,
        "python_sqlite": sqlite3.sqlite_version,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "executable": sys.executable,
        "git_commit": _git_commit(),
    }


def write_json(path: Path, meta: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"metadata": meta, "figures": rows}, indent=2,
                               ensure_ascii=False) + "\n", encoding="utf-8")
