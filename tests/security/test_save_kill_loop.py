"""Nothing committed is lost when the process is killed while saving client records (security.md,
"Nothing committed is lost").

A child process (plain Python, no Qt) creates and updates client records through ClientService,
with answers in many scripts and narratives of several pages, and prints each record's id and a
digest of everything it holds once the save has returned. The parent kills it with SIGKILL at a
random moment, opens the vault and checks that every reported record is there and identical (the
save in flight at the kill may be there or not, but whole, never half), that no record appeared
that was not being saved, that both ``PRAGMA integrity_check`` and ``cipher_integrity_check`` are
clean and that the audit chain verifies. Then the next trial starts on the same vault, so records
of earlier trials are updated too. ``make test`` runs a few trials; ``make soak`` runs the full
campaign. Set ``SHELTER_KILL_SEED`` to replay a failing run.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from shelter_desktop.domain.text_rules import username_key
from shelter_desktop.services.clients import ListFilter
from shelter_desktop.storage.clients_repo import ClientRepository
from shelter_desktop.storage.vault import Vault
from tests.conftest import (
    ADMIN_PASSPHRASE,
    ADMIN_USER,
    VaultFixture,
    campaign_size,
    full_size,
)
from tests.security.client_save_child import record_digest
from tests.security.kill_child import run_and_kill

CHILD = Path(__file__).with_name("client_save_child.py")
DEFAULT_TRIALS = 15
SOAK_TRIALS = 300
# One save costs a few milliseconds (synchronous=FULL); kill within the first few dozen.
MAX_DELAY_SECONDS = 0.15


@dataclass
class Ledger:
    """What the child reported as committed: record id → digest of its whole content."""

    records: dict[str, str] = field(default_factory=dict)
    saves_reported: int = 0
    records_checked: int = 0
    in_flight_kept: int = 0
    kills_mid_save: int = 0


def stored_digests(folder: Path) -> dict[str, str]:
    """Every record in the vault and its digest; checks both integrity checks and the audit."""
    vault = Vault.open_with_passphrase(folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    try:
        assert vault.integrity_problems() == []
        assert vault.audit.verify_chain() > 0
        repo = ClientRepository(vault.connection)
        digests = {}
        for client_id in repo.list_ids(list_filter=ListFilter(status=None)):
            open_part, restricted = repo.answers(client_id, include_restricted=True)
            digests[client_id] = record_digest({**open_part, **restricted})
        assert len(digests) == repo.count()
        return digests
    finally:
        vault.close()


def check_trial(ledger: Ledger, lines: list[str], stored: dict[str, str]) -> None:
    """Apply what the child reported to the ledger, then hold the stored vault to it."""
    pending: tuple[str, str] | None = None
    for line in lines:
        word, client_id, digest = line.split()
        if word == "BEGIN":
            pending = (client_id, digest)
        else:
            assert word == "DONE" and pending is not None, line
            assert pending[0] in ("new", client_id) and pending[1] == digest, (pending, line)
            ledger.records[client_id] = digest
            ledger.saves_reported += 1
            pending = None
    if pending is not None:
        ledger.kills_mid_save += 1
        target, digest = pending
        # The save cut short may have committed without being reported: then it is whole.
        if target == "new":
            extra = set(stored) - set(ledger.records)
            assert len(extra) <= 1, f"{len(extra)} records appeared from one save"
            if extra:
                (client_id,) = extra
                assert stored[client_id] == digest, "a half-saved new record"
                ledger.records[client_id] = digest
                ledger.in_flight_kept += 1
        elif stored.get(target) == digest and ledger.records.get(target) != digest:
            ledger.records[target] = digest
            ledger.in_flight_kept += 1
    missing = set(ledger.records) - set(stored)
    assert not missing, f"{len(missing)} reported records are gone"
    assert set(stored) == set(ledger.records), "a record appeared that nobody saved"
    changed = [i for i, digest in ledger.records.items() if stored[i] != digest]
    assert not changed, f"{len(changed)} reported records differ from what was saved"
    ledger.records_checked += len(stored)


def run_campaign(vault: VaultFixture, trials: int) -> Ledger:
    seed = int(os.environ.get("SHELTER_KILL_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    ledger = Ledger()
    started = time.monotonic()
    for trial in range(trials):
        try:
            lines = run_and_kill(CHILD, [str(vault.folder), ADMIN_USER, ADMIN_PASSPHRASE,
                                         str(rng.randrange(2**31))],
                                 rng.uniform(0, MAX_DELAY_SECONDS))
            check_trial(ledger, lines, stored_digests(vault.folder))
        except AssertionError as exc:
            raise AssertionError(f"trial {trial} (SHELTER_KILL_SEED={seed}): {exc}") from exc
    print(f"\ncrash loop: {trials} trials, {ledger.saves_reported} saves reported, "
          f"{len(ledger.records)} records, {ledger.records_checked} record checks, "
          f"{ledger.kills_mid_save} kills mid-save ({ledger.in_flight_kept} of those saves "
          f"committed), {time.monotonic() - started:.1f} s, SHELTER_KILL_SEED={seed}")
    # The kills landed while saves were going on, updates of earlier records included.
    assert ledger.saves_reported > trials and ledger.kills_mid_save > 0, (
        f"too few saves happened (SHELTER_KILL_SEED={seed})")
    return ledger


def test_killed_client_saves_lose_nothing_committed(vault: VaultFixture) -> None:
    run_campaign(vault, campaign_size(DEFAULT_TRIALS, SOAK_TRIALS))


@full_size
def test_killed_client_saves_full_campaign(vault: VaultFixture) -> None:
    run_campaign(vault, SOAK_TRIALS)
