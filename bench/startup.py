"""Figure: process start → unlock window shown, against a bare PySide6 window.

Both processes print ``first-window-shown <time.time()>`` once their first window is up and
then quit; the parent takes time.time() just before Popen, so the figure includes interpreter
start, imports and the first paint, as a user double-clicking the app would wait for them.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.registry import Figure, HarnessError, Options, Target, interleaved, register

ROOT = Path(__file__).resolve().parent.parent
PROBE_PREFIX = "first-window-shown "
CHILD_TIMEOUT_S = 120.0
NAME = "Process start → unlock window shown"


@dataclass(frozen=True)
class Spawned:
    shown_s: float
    exited_s: float


def spawn_until_shown(command: Sequence[str], env: dict[str, str]) -> Spawned:
    """Run one child; the seconds until it reported its window, and until it exited."""
    started = time.time()
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=CHILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"{command[1]} did not exit within {CHILD_TIMEOUT_S:g} s") from exc
    exited = time.time()
    if result.returncode != 0:
        raise HarnessError(f"{command[1]} exited {result.returncode}: {result.stderr[-2000:]}")
    for line in result.stdout.splitlines():
        if line.startswith(PROBE_PREFIX):
            return Spawned(float(line[len(PROBE_PREFIX):]) - started, exited - started)
    raise HarnessError(f"{command[1]} never printed {PROBE_PREFIX.strip()!r}: "
                       f"{result.stdout[-500:]} {result.stderr[-2000:]}")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


def make_vault(folder: Path) -> None:
    """A locked vault, so the app opens on its unlock window (not the set-up wizard)."""
    result = subprocess.run([sys.executable, "-m", "bench.vault_fixture", str(folder)], cwd=ROOT,
                            env=child_env(SHELTER_DESKTOP_KDF="fast"), capture_output=True,
                            text=True, timeout=CHILD_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise HarnessError(f"could not create the bench vault: {result.stderr[-2000:]}")


@register("startup", default_repeat=11)
def startup(options: Options) -> Figure:
    temp = Path(tempfile.mkdtemp(prefix="shelter-bench-"))
    try:
        data_dir = temp / "data"
        make_vault(data_dir)
        app_cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)]
        app_env = child_env(SHELTER_DESKTOP_STARTUP_PROBE="1")
        bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
        bare_env = child_env()
        app_runs: list[Spawned] = []
        bare_runs: list[Spawned] = []

        def subject() -> float:
            app_runs.append(spawn_until_shown(app_cmd, app_env))
            return app_runs[-1].shown_s

        def floor() -> float:
            bare_runs.append(spawn_until_shown(bare_cmd, bare_env))
            return bare_runs[-1].shown_s

        samples, floor_samples = interleaved(subject, floor, options.repeat)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    # Drop the warm-up runs so exit figures cover the same runs as the samples.
    return Figure(NAME, samples, floor_samples, Target.ratio(1.5), extra={
        "exit_median_s": statistics.median(run.exited_s for run in app_runs[-options.repeat:]),
        "floor_exit_median_s": statistics.median(
            run.exited_s for run in bare_runs[-options.repeat:]),
    })
