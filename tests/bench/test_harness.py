"""Smoke test for ``python -m bench``: it runs, prints its table, writes its JSON.

Never asserts a timing: a busy machine must not fail the suite (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.registry import Figure, HarnessError, Target

ROOT = Path(__file__).resolve().parents[2]
METADATA_KEYS = {"date", "python", "pyside6", "qt", "sqlcipher", "sqlite", "cpu_count",
                 "platform"}


def test_startup_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--repeat", "2", "--only", "startup", "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0]
    for column in ("figure", "median", "floor", "ratio", "target", "result"):
        assert column in header
    assert "Process start → unlock window shown" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert METADATA_KEYS <= data["metadata"].keys()
    assert data["metadata"]["sqlcipher"]
    (row,) = data["figures"]
    for key in ("median_s", "floor_s", "ratio"):
        assert isinstance(row[key], float)
    assert len(row["samples_s"]) == len(row["floor_samples_s"]) == 2
    assert isinstance(row["passed"], bool)


def test_ratio_and_absolute_targets() -> None:
    figure = Figure("x", [0.3, 0.2, 0.4], [0.1, 0.2, 0.2], Target.ratio(1.5))
    assert figure.median == 0.3 and figure.floor == 0.2
    assert figure.ratio == pytest.approx(1.5) and figure.passed
    assert not Figure("y", [0.031], None, Target.ms(30)).passed
    assert Figure("y", [0.029], None, Target.ms(30)).ratio is None


def test_ratio_target_needs_a_floor() -> None:
    with pytest.raises(HarnessError):
        Figure("z", [0.1], None, Target.ratio(1.5))
