"""Run a child script, let it work for a moment, SIGKILL it, and return what it reported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def run_and_kill(script: Path, args: list[str], delay: float) -> list[str]:
    """Start ``script``; after its ``READY`` line wait ``delay`` seconds, then kill it.

    Returns the whole lines it printed after READY (a kill can cut the last line short, so a
    partial line is dropped). The child uses the fast key derivation of the test suite.
    """
    env = {**os.environ, "SHELTER_DESKTOP_KDF": "fast"}
    child = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        bufsize=0,  # unbuffered: readline takes no more than one line from the pipe
    )
    try:
        ready = child.stdout.readline() if child.stdout else b""
        if ready.strip() == b"READY":
            time.sleep(delay)
    finally:
        child.send_signal(signal.SIGKILL)
        rest, errors = child.communicate(timeout=30)
    assert ready.strip() == b"READY", errors.decode(errors="replace")
    assert child.returncode == -signal.SIGKILL, errors.decode(errors="replace")
    return [line.decode() for line in rest.split(b"\n")[:-1] if line.strip()]
