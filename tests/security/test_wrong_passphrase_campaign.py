"""A wrong passphrase changes nothing (security.md, "A wrong passphrase changes nothing").

Many wrong attempts through the real unlock path (``vault_service.unlock`` and its throttle):
near misses of the right passphrase, other people's names, every script, very long text. After
them the database and both slot files are byte-identical, every other file of the vault too (the
attempts file aside, which holds times only), and no attempted text is in any file the app wrote,
its log included. From the sixth failure on, the throttle's delay doubles from one second up to
its cap; the test reads the delay the throttle computes and moves the recorded failure times back
by that much instead of sleeping. ``make test`` runs 50 attempts; ``make soak`` runs 1,000. Set
``SHELTER_GUESS_SEED`` to replay a failing run.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.errors import AuthenticationError, UnlockDelayError
from shelter_desktop.logs import logger, setup_logging
from shelter_desktop.services import vault_service
from shelter_desktop.services.throttle import (
    ATTEMPTS_NAME,
    FREE_ATTEMPTS,
    MAX_DELAY_SECONDS,
    UnlockThrottle,
    delay_after,
)
from tests.conftest import (
    ADMIN_PASSPHRASE,
    ADMIN_USER,
    VaultFixture,
    campaign_size,
    full_size,
)
from tests.storage.test_vault import files_holding, snapshot

DEFAULT_ATTEMPTS = 50
SOAK_ATTEMPTS = 1000
SCRIPTS = ("Зоя", "王芳", "فاطمة", "ਹਰਪ੍ਰੀਤ", "김민준", "Zoë", "ᓀᐦᐃᔭᐍᐏᐣ", "👩🏽\u200d⚕️", "\u202e",
           "'; DROP TABLE accounts;--", "%s%n", "\u3000", "ß", "İ")


@pytest.fixture
def file_log(data_dir: Path) -> Iterator[Path]:
    """The app's log goes to the data folder during the test, so it is searched as well."""
    setup_logging(data_dir)
    yield data_dir / "logs"
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler):
            logger.removeHandler(handler)
            handler.close()


def wrong_guess(rng: random.Random, number: int) -> tuple[str, str]:
    """(user name, passphrase) of one wrong attempt; each passphrase unique, so searchable."""
    kind = rng.choice(["near miss", "words", "long", "other user", "case"])
    tag = f"g{number:04d}"
    if kind == "near miss":  # the right passphrase with one character changed or added
        index = rng.randrange(len(ADMIN_PASSPHRASE))
        guess = f"{ADMIN_PASSPHRASE[:index]}{rng.choice(SCRIPTS)}{ADMIN_PASSPHRASE[index:]}{tag}"
    elif kind == "words":
        guess = " ".join(rng.choice(SCRIPTS) for _ in range(rng.randint(1, 8))) + tag
    elif kind == "long":
        guess = tag + "".join(rng.choice(SCRIPTS) for _ in range(rng.randint(500, 3000)))
    elif kind == "case":
        guess = ADMIN_PASSPHRASE.upper() + tag
    else:
        return f"nobody-{tag}-{rng.choice(SCRIPTS)}", ADMIN_PASSPHRASE
    return ADMIN_USER, guess


def wait_out(folder: Path, seconds: int) -> None:
    """Move the recorded failure times back by ``seconds``, as if that long had passed."""
    path = folder / ATTEMPTS_NAME
    failures = json.loads(path.read_text(encoding="ascii"))["failures"]
    path.write_text(json.dumps({"failures": [t - seconds for t in failures]}), encoding="ascii")


def run_campaign(vault: VaultFixture, attempts: int) -> None:
    folder = vault.folder
    seed = int(os.environ.get("SHELTER_GUESS_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    before = snapshot(folder, ignore=(ATTEMPTS_NAME,))
    throttle = UnlockThrottle(folder)
    tried: list[str] = []
    delays: list[int] = []
    started = time.monotonic()
    for number in range(attempts):
        failures = len(throttle.failures())
        assert failures == min(number, 1000)
        delay = throttle.seconds_to_wait()
        assert delay == delay_after(failures), (failures, delay)
        if delay:
            delays.append(delay)
            # Nothing is tried during the delay, not even the right passphrase.
            if number % 7 == 0:
                with pytest.raises(UnlockDelayError) as waiting:
                    vault.unlock()
                assert f"{delay} seconds" in waiting.value.user_message()
            wait_out(folder, delay)
        user, guess = wrong_guess(rng, number)
        tried += [guess] if user == ADMIN_USER else [user]
        with pytest.raises(AuthenticationError) as refused:
            vault_service.unlock(folder, user, guess)
        assert refused.value.user_message() == AuthenticationError().user_message()
    elapsed = time.monotonic() - started
    # The delay: none for the first five failures, then 1, 2, 4 … seconds up to the cap.
    expected = [delay_after(n) for n in range(FREE_ATTEMPTS, attempts)]
    assert delays == expected
    assert expected[:4] == [1, 2, 4, 8] and max(expected) == min(
        MAX_DELAY_SECONDS, 2 ** (attempts - 1 - FREE_ATTEMPTS))
    # Nothing of the vault changed, and no attempted text was written anywhere.
    assert snapshot(folder, ignore=(ATTEMPTS_NAME,)) == before
    assert set(json.loads((folder / ATTEMPTS_NAME).read_text(encoding="ascii"))) == {"failures"}
    assert files_holding(folder, tuple(tried)) == []
    assert any((folder / "logs").iterdir())
    # The right passphrase still works once the delay is over, and the failures are audited.
    wait_out(folder, throttle.seconds_to_wait())
    session = vault.unlock()
    try:
        failed = session.vault.audit.entries(action=AuditAction.UNLOCK_FAILED)
        assert len(failed) == min(attempts, 1000)
        assert not any(text in entry.detail for entry in failed for text in tried)
    finally:
        session.lock()
    assert not (folder / ATTEMPTS_NAME).exists()
    print(f"\nwrong passphrase: {attempts} attempts in {elapsed:.1f} s, delays "
          f"{delays[:3]}…{delays[-1:]} s, no file changed, no attempt written down "
          f"(SHELTER_GUESS_SEED={seed})")


def test_wrong_passphrases_change_no_file_and_bring_a_growing_delay(
        vault: VaultFixture, file_log: Path) -> None:
    run_campaign(vault, campaign_size(DEFAULT_ATTEMPTS, SOAK_ATTEMPTS))


@full_size
def test_wrong_passphrases_full_campaign(vault: VaultFixture, file_log: Path) -> None:
    run_campaign(vault, SOAK_ATTEMPTS)
