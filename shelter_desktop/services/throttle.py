"""Growing delay after failed unlocks, kept outside the vault so failures change no vault file.

The attempts file holds times only: no user name, no typed text. Failures are written to the
audit log (inside the vault) at the next successful unlock.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from shelter_desktop.errors import UnlockDelayError
from shelter_desktop.storage.files import write_atomic

ATTEMPTS_NAME = "unlock-attempts.json"
FREE_ATTEMPTS = 5
MAX_DELAY_SECONDS = 300


def delay_after(failures: int) -> int:
    """Seconds to wait: none for the first five failures, then 1, 2, 4 … up to five minutes."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS)))


class UnlockThrottle:
    def __init__(self, folder: Path, clock: object = time.time) -> None:
        self.path = folder / ATTEMPTS_NAME
        self._clock = clock

    def _now(self) -> float:
        return float(self._clock())  # type: ignore[operator]

    def failures(self) -> list[float]:
        try:
            data = json.loads(self.path.read_text(encoding="ascii"))
            return [float(t) for t in data.get("failures", [])]
        except (OSError, ValueError, TypeError, AttributeError):
            return []

    def seconds_to_wait(self) -> int:
        failures = self.failures()
        if not failures:
            return 0
        remaining = failures[-1] + delay_after(len(failures)) - self._now()
        return max(0, int(remaining + 0.999))

    def check(self) -> None:
        seconds = self.seconds_to_wait()
        if seconds > 0:
            raise UnlockDelayError(seconds=seconds)

    def record_failure(self) -> None:
        failures = self.failures()[-999:] + [self._now()]
        try:
            write_atomic(self.path, json.dumps({"failures": failures}).encode("ascii"))
        except OSError:
            pass  # a read-only folder must not turn a wrong passphrase into a crash

    def clear(self) -> list[float]:
        """Forget the failures after a successful unlock and return them for the audit log."""
        failures = self.failures()
        if failures:
            try:
                self.path.unlink()
            except OSError:
                pass
        return failures
