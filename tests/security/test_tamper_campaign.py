"""Tampering is detected (security.md, "Tampering is detected").

Random byte flips (1 to 8 bytes at random offsets: anywhere, in page 1, in the last page) in
copies of a vault full of data, and in copies of its key-slot file (anywhere, inside the base64
values, in the JSON around them), each copy opened the way the app opens it. Every copy must end
in one of these, and nothing else:

* unlocking refuses it with a clear ShelterError (damaged, not a vault, or the passphrase no
  longer opens it);
* it opens, and reading its records through the services raises VaultDamagedError, or
  ``integrity_problems()`` (``PRAGMA integrity_check`` and ``cipher_integrity_check``) reports
  the damage;
* only for the slot file: it opens and everything in it reads back identical to the original
  (the flip hit another person's slot, or the intact previous copy of the file was used).

Never an unhandled exception, never changed content accepted. That cipher_integrity_check sees
a flip in *every* page, unused (free) pages included, is checked page by page as well. Editing
the audit log (triggers dropped, in a copy) breaks its hash chain, and AuditService.verify says
so. ``make test`` runs a few dozen flips; ``make soak`` the full campaign. Set
``SHELTER_TAMPER_SEED`` to replay a failing run.
"""

from __future__ import annotations

import base64
import collections
import json
import os
import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shelter_desktop.domain.text_rules import username_key
from shelter_desktop.errors import (
    AuditChainBrokenError,
    AuthenticationError,
    NotAVaultError,
    ShelterError,
    VaultDamagedError,
)
from shelter_desktop.services import vault_service
from shelter_desktop.services.audit_service import AuditService
from shelter_desktop.storage.database import DatabaseError
from shelter_desktop.storage.keyslots import PREVIOUS_SLOTS_NAME, SLOTS_NAME
from shelter_desktop.storage.vault import Vault
from tests.conftest import (
    ADMIN_PASSPHRASE,
    ADMIN_USER,
    VaultFixture,
    campaign_size,
    full_size,
)
from tests.security.vault_content import fill, read_everything

DEFAULT_FLIPS = 40
SOAK_FLIPS = 2000
DEFAULT_AUDIT_EDITS = 12
SOAK_AUDIT_EDITS = 200
DATABASE = "vault.db"
# Clear refusals at unlock. Anything else raised is a failure of the campaign.
REFUSALS = (VaultDamagedError, NotAVaultError, AuthenticationError)


@dataclass
class Original:
    """The untouched vault: its folder, what it reads back as, and its audit length."""

    folder: Path
    content: dict[str, Any]
    audit_entries: int
    page_size: int
    pages: int


def page_geometry(folder: Path) -> tuple[int, int, int]:
    """(page size, page count, free pages) of a closed vault, read at storage level."""
    vault = Vault.open_with_passphrase(folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    try:
        read = vault.connection.execute
        page_size = int(read("PRAGMA page_size").fetchone()[0])
        free = int(read("PRAGMA freelist_count").fetchone()[0])
    finally:
        vault.close()
    size = (folder / DATABASE).stat().st_size
    assert size % page_size == 0 and not (folder / f"{DATABASE}-wal").exists()
    return page_size, size // page_size, free


def audit_length(folder: Path) -> int:
    vault = Vault.open_with_passphrase(folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    try:
        return vault.audit.count()
    finally:
        vault.close()


@pytest.fixture
def original(vault: VaultFixture, tmp_path: Path) -> Original:
    session = vault.unlock()
    try:
        fill(session)
    finally:
        session.lock()
    page_size, pages, free = page_geometry(vault.folder)
    assert pages >= 40 and free >= 5, (pages, free)  # many pages, some of them unused
    entries = audit_length(vault.folder)
    # What a copy must read back as: read from a copy of its own, since reading is audited.
    reference = shutil.copytree(vault.folder, tmp_path / "reference")
    session = vault_service.unlock(reference, ADMIN_USER, ADMIN_PASSPHRASE)
    try:
        content = read_everything(session, entries)
    finally:
        session.lock()
    return Original(vault.folder, content, entries, page_size, pages)


# -- choosing the flips ---------------------------------------------------------------------------


def database_offsets(rng: random.Random, original: Original) -> tuple[str, list[int]]:
    size = original.page_size * original.pages
    where = rng.choice(["anywhere", "page 1", "last page", "page 1 and last", "one page"])
    count = rng.randint(1, 8)
    if where == "page 1":
        span = [range(0, original.page_size)]
    elif where == "last page":
        span = [range(size - original.page_size, size)]
    elif where == "page 1 and last":
        span = [range(0, original.page_size), range(size - original.page_size, size)]
    elif where == "one page":
        page = rng.randrange(original.pages)
        span = [range(page * original.page_size, (page + 1) * original.page_size)]
    else:
        span = [range(0, size)]
    offsets = {rng.choice(rng.choice(span)) for _ in range(count)}
    return where, sorted(offsets)


def slot_offsets(rng: random.Random, data: bytes) -> tuple[str, list[int]]:
    """Offsets in the slot file: anywhere, inside base64 values, or in the JSON around them."""
    text = data.decode("ascii")
    base64_spans = [range(m.start(1), m.end(1)) for m in re.finditer(r'"([A-Za-z0-9+/=]{16,})"',
                                                                      text)]
    inside = {i for span in base64_spans for i in span}
    around = [i for i in range(len(text)) if i not in inside]
    where = rng.choice(["anywhere", "base64", "json"])
    pool = {"anywhere": range(len(text)), "base64": sorted(inside), "json": around}[where]
    return where, sorted({rng.choice(pool) for _ in range(rng.randint(1, 8))})


def flip(path: Path, offsets: list[int], rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    for offset in offsets:
        data[offset] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))


# -- opening a copy the way the app does -----------------------------------------------------------


def open_and_judge(copy: Path, original: Original) -> str:
    """What became of one damaged copy; fails the test on a crash or on accepted changes."""
    try:
        session = vault_service.unlock(copy, ADMIN_USER, ADMIN_PASSPHRASE)
    except REFUSALS as refused:
        assert refused.user_message()
        return f"refused at unlock: {type(refused).__name__}"
    try:
        if session.vault.integrity_problems():
            return "damage reported by the integrity checks"
        try:
            content = read_everything(session, original.audit_entries)
        except VaultDamagedError:
            return "damage reported when read"
        try:
            AuditService(session).verify()
        except AuditChainBrokenError:
            return "damage reported by the audit chain"
        assert content == original.content, "changed content was accepted as sound"
        return "opened, content identical"
    finally:
        session.lock()


@dataclass
class Tally:
    outcomes: collections.Counter[str]
    started: float

    def line(self, name: str, count: int) -> str:
        rows = ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.outcomes.items()))
        return f"\n{name}: {count} in {time.monotonic() - self.started:.1f} s: {rows}"


def run_flips(original: Original, tmp_path: Path, count: int) -> Tally:
    seed = int(os.environ.get("SHELTER_TAMPER_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    tally = Tally(collections.Counter(), time.monotonic())
    slot_bytes = (original.folder / SLOTS_NAME).read_bytes()
    for trial in range(count):
        copy = shutil.copytree(original.folder, tmp_path / f"copy-{trial}")
        if rng.random() < 0.7:
            target, (where, offsets) = "database", database_offsets(rng, original)
            flip(copy / DATABASE, offsets, rng)
        else:
            target, (where, offsets) = "slots", slot_offsets(rng, slot_bytes)
            previous = rng.choice(["kept", "removed", "flipped too"])
            where += f", previous copy {previous}"
            flip_rng_state = rng.getstate()
            flip(copy / SLOTS_NAME, offsets, rng)
            if previous == "removed":
                (copy / PREVIOUS_SLOTS_NAME).unlink()
            elif previous == "flipped too":  # the same damage in both copies
                rng.setstate(flip_rng_state)
                flip(copy / PREVIOUS_SLOTS_NAME, offsets, rng)
        context = f"trial {trial}, {target} {where} at {offsets} (SHELTER_TAMPER_SEED={seed})"
        try:
            outcome = open_and_judge(copy, original)
        except AssertionError as exc:
            raise AssertionError(f"{context}: {exc}") from exc
        except Exception as exc:
            raise AssertionError(f"{context}: unhandled {type(exc).__name__}: {exc}") from exc
        if target == "database":
            # SQLCipher authenticates every page: a flip in the database is always seen.
            assert outcome != "opened, content identical", f"{context}: flip went unnoticed"
        tally.outcomes[f"{target}: {outcome}"] += 1
        shutil.rmtree(copy)
    print(tally.line(f"tamper campaign (SHELTER_TAMPER_SEED={seed}), flips", count))
    return tally


def test_random_flips_are_refused_or_reported(original: Original, tmp_path: Path) -> None:
    tally = run_flips(original, tmp_path, campaign_size(DEFAULT_FLIPS, SOAK_FLIPS))
    assert any(o.startswith("database: refused") for o in tally.outcomes), tally.outcomes


@full_size
def test_random_flips_full_campaign(original: Original, tmp_path: Path) -> None:
    tally = run_flips(original, tmp_path, SOAK_FLIPS)
    # At this size every kind of outcome for the database shows up.
    assert any("refused" in o for o in tally.outcomes)
    assert any("reported" in o for o in tally.outcomes)


@pytest.mark.parametrize(("key", "value"), [
    ("parallelism", 0), ("time_cost", 0), ("memory_kib", 4), ("memory_kib", 2**40),
    ("parallelism", 2**40), ("time_cost", -1), ("time_cost", 10**9), ("memory_kib", 8192.5),
    ("parallelism", True), ("memory_kib", "8192"),
])
def test_key_derivation_settings_a_flip_can_make_are_refused_as_damage(
        vault: VaultFixture, tmp_path: Path, key: str, value: object) -> None:
    """A digit flipped in a slot's Argon2 settings: a clear refusal, not Argon2's own error
    (or, for a huge cost, an unlock that never ends)."""
    for name in (SLOTS_NAME, PREVIOUS_SLOTS_NAME):
        path = vault.folder / name
        document = json.loads(path.read_text(encoding="ascii"))
        for slot in document["slots"]:
            slot["kdf"][key] = value
        path.write_text(json.dumps(document), encoding="ascii")
    with pytest.raises(VaultDamagedError):
        vault.unlock()


# -- every page, free ones included ---------------------------------------------------------------


def raw_checks(folder: Path) -> tuple[bool, bool]:
    """(integrity_check saw damage, cipher_integrity_check saw damage), run one by one."""
    vault = Vault.open_with_passphrase(folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    try:
        read = vault.connection.execute
        try:
            plain_saw = [r[0] for r in read("PRAGMA integrity_check").fetchall()] != ["ok"]
        except Exception:  # noqa: BLE001 - a page that fails to decrypt counts as seen
            plain_saw = True
        cipher_saw = bool(read("PRAGMA cipher_integrity_check").fetchall())
        return plain_saw, cipher_saw
    finally:
        vault.close()


def test_cipher_integrity_check_sees_a_flip_in_every_page_free_ones_included(
        original: Original, tmp_path: Path) -> None:
    """A flip in a page nothing reads (a free page) changes no content: only the HMAC shows it.

    Page 1 is left out: the vault does not open at all without it (the campaign covers that).
    """
    missed_by_integrity_check = []
    for page in range(1, original.pages):
        copy = shutil.copytree(original.folder, tmp_path / f"page-{page}")
        flip(copy / DATABASE, [page * original.page_size + original.page_size // 3],
             random.Random(page))
        try:
            plain_saw, cipher_saw = raw_checks(copy)
        except VaultDamagedError:
            continue  # a page needed to open the vault at all: refused outright
        assert cipher_saw, f"page {page + 1}: cipher_integrity_check missed a flipped byte"
        if not plain_saw:
            missed_by_integrity_check.append(page + 1)
        shutil.rmtree(copy)
    # The free pages: only the cipher check catches them, which is why both checks run.
    assert missed_by_integrity_check, "expected free pages that only the HMAC check covers"


# -- the audit log ------------------------------------------------------------------------------


AUDIT_COLUMNS = ("at", "actor_id", "actor_name", "action", "record_id", "detail", "prev_hash",
                 "hash")


def edit_audit(folder: Path, rng: random.Random, entries: int) -> str:
    """One edit of the log inside a copy, behind the app's back; returns what was done."""
    vault = Vault.open_with_passphrase(folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    try:
        run = vault.connection.execute
        run("DROP TRIGGER audit_log_no_update")
        run("DROP TRIGGER audit_log_no_delete")
        seq = rng.randint(1, entries)
        kind = rng.choice(["column", "column", "column", "delete", "swap"])
        if kind == "delete" and seq < entries:  # dropping the newest entries is another matter
            run("DELETE FROM audit_log WHERE seq = ?", (seq,))
            return f"deleted entry {seq}"
        if kind == "swap" and entries > 2:
            other = rng.choice([s for s in range(1, entries + 1) if s != seq])
            rows = {s: run("SELECT detail, record_id, action FROM audit_log WHERE seq = ?",
                           (s,)).fetchone() for s in (seq, other)}
            if rows[seq] != rows[other]:
                for here, there in ((seq, other), (other, seq)):
                    run("UPDATE audit_log SET detail = ?, record_id = ?, action = ? "
                        "WHERE seq = ?", (*rows[there], here))
                return f"swapped entries {seq} and {other}"
        column = rng.choice(AUDIT_COLUMNS)
        (old,) = run(f"SELECT {column} FROM audit_log WHERE seq = ?", (seq,)).fetchone()
        new = _changed(old, rng)
        try:
            run(f"UPDATE audit_log SET {column} = ? WHERE seq = ?", (new, seq))
        except DatabaseError:  # NOT NULL: the column must keep some text
            new = f"{old}."
            run(f"UPDATE audit_log SET {column} = ? WHERE seq = ?", (new, seq))
        return f"entry {seq} {column} {old!r} -> {new!r}"
    finally:
        vault.close()


def _changed(old: str | None, rng: random.Random) -> str | None:
    if old is None:
        return rng.choice(["", "someone", str(rng.randrange(10))])
    if old and rng.random() < 0.5:  # one character changed: the smallest possible edit
        index = rng.randrange(len(old))
        replacement = chr(ord(old[index]) ^ rng.choice((1, 2, 4, 32)))
        return old[:index] + replacement + old[index + 1:]
    choices: list[Callable[[str], str | None]] = [
        lambda text: text + " ", lambda text: None, lambda text: text.upper() + "x",
        lambda text: base64.b64encode(text.encode()).decode() or "x"]
    new = rng.choice(choices)(old)
    return new if new != old else old + "."


def run_audit_edits(original: Original, tmp_path: Path, count: int) -> None:
    seed = int(os.environ.get("SHELTER_TAMPER_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    started = time.monotonic()
    for trial in range(count):
        copy = shutil.copytree(original.folder, tmp_path / f"audit-{trial}")
        edit = edit_audit(copy, rng, original.audit_entries)
        session = vault_service.unlock(copy, ADMIN_USER, ADMIN_PASSPHRASE)
        try:
            with pytest.raises(AuditChainBrokenError) as broken:
                AuditService(session).verify()
        except BaseException as exc:
            raise AssertionError(f"trial {trial}: {edit} (SHELTER_TAMPER_SEED={seed}): "
                                 f"verify did not see it") from exc
        finally:
            session.lock()
        assert isinstance(broken.value, ShelterError) and "audit log" in (
            broken.value.user_message())
        shutil.rmtree(copy)
    print(f"\naudit edits: {count} in {time.monotonic() - started:.1f} s, every one caught "
          f"(SHELTER_TAMPER_SEED={seed})")


def test_edits_of_the_audit_log_break_its_chain(original: Original, tmp_path: Path) -> None:
    run_audit_edits(original, tmp_path, campaign_size(DEFAULT_AUDIT_EDITS, SOAK_AUDIT_EDITS))


@full_size
def test_edits_of_the_audit_log_full_campaign(original: Original, tmp_path: Path) -> None:
    run_audit_edits(original, tmp_path, SOAK_AUDIT_EDITS)
