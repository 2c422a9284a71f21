"""Backups restore, even when taken under load, and an interrupted backup leaves the previous one
intact (security.md "Backups restore").

Under load: a child process (``backup_child.py load``) saves records on one session while its
administrator session takes backups, as the app does on a worker thread; the data-folder lock
keeps any other process out (checked: ``shelter-admin backup`` is refused meanwhile). Every backup
restores with the recovery code on an empty folder, both integrity checks clean and the audit
chain valid, and holds exactly a prefix of the saves in commit order that includes every save
committed before it began. After the load stops, a last backup restores identical to the live
vault, table by table, and the audit log up to the backup's own entry.

Interrupted: a child process (``backup_child.py backup``) takes a backup of a vault of a
thousand demo clients into a folder that already holds a good one, copying in small steps
like a slow USB stick, and is killed with SIGKILL at a random moment. The previous backup is
byte-identical and restores; a half-written ``*.sdbk.partial`` may be left but is never listed nor
restorable; every ``*.sdbk`` there is complete; the next ``shelter-admin backup`` succeeds.

``make test`` runs a few backups and kills; ``make soak`` the full campaigns. Set
``SHELTER_KILL_SEED`` to replay a run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from shelter_desktop import admin, logs
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.text_rules import username_key
from shelter_desktop.errors import BackupDamagedError, NotABackupError
from shelter_desktop.services import vault_service
from shelter_desktop.services.backup import restore_backup
from shelter_desktop.services.demo_data import DemoDataService
from shelter_desktop.storage import backup_file
from shelter_desktop.storage.clients_repo import ClientRepository
from shelter_desktop.storage.database import Connection
from shelter_desktop.storage.layout import VaultState, vault_state
from shelter_desktop.storage.plans_repo import PlanRepository
from shelter_desktop.storage.vault import Vault
from tests.conftest import (
    ADMIN_PASSPHRASE,
    ADMIN_USER,
    ORGANISATION,
    VaultFixture,
    campaign_size,
    full_size,
)
from tests.security.backup_child import safe_times_for
from tests.security.kill_child import run_and_kill
from tests.services.test_restore_scale import (
    assert_restored_identically,
    audit_seq_of_last,
    open_restored,
)

CHILD = Path(__file__).with_name("backup_child.py")
CASEWORKER = "casey"
CASEWORKER_PASSPHRASE = "violet kettles hum at dawn"

DEFAULT_BACKUPS, SOAK_BACKUPS = 3, 50
DEFAULT_KILLS, SOAK_KILLS = 5, 100
# About 14 MB of vault: with the slow copy below, a backup takes about a tenth of a second.
DEMO_CLIENTS = 1000
# The killed child copies in 1 MiB steps with a short pause after each (a slow stick), so a
# kill lands mid-copy often; the parent's own backups run at full speed.
CHILD_CHUNK_BYTES = 1 << 20
CHILD_PAUSE_SECONDS = 0.004


def campaign_seed() -> int:
    return int(os.environ.get("SHELTER_KILL_SEED") or random.randrange(2**32))


@pytest.fixture(autouse=True)
def _no_log_file_left_open() -> Iterator[None]:
    """``shelter-admin`` logs into the data folder; do not leave that handler to later tests."""
    yield
    for handler in list(logs.logger.handlers):
        if isinstance(handler, logging.FileHandler):
            logs.logger.removeHandler(handler)
            handler.close()


def shelter_admin_backup(folder: Path, usb: Path) -> tuple[int, str, str]:
    """``shelter-admin backup`` in this process: exit code, what it printed, its error text."""
    out, err = io.StringIO(), io.StringIO()
    code = admin.run(["backup", "--data-dir", str(folder), "--user", ADMIN_USER,
                      "--passphrase-stdin", "--to", str(usb)],
                     stdin=io.StringIO(ADMIN_PASSPHRASE + "\n"), out=out, err=err)
    return code, out.getvalue().strip(), err.getvalue()


def restores(backup: Path, laptop: Path, recovery_code: str) -> Vault:
    """Restore with the recovery code on an empty folder; opened, both checks and chain clean."""
    assert not laptop.exists()
    restore_backup(backup, laptop, recovery_code=recovery_code)
    return open_restored(laptop)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- backups under load -------------------------------------------------------------------------


@dataclass(frozen=True)
class Save:
    serial: int
    kind: str  # client, update, assessment, goal, action
    client_id: str
    item: str


@dataclass
class LoadRun:
    saves: list[Save] = field(default_factory=list)
    started_after: dict[str, int] = field(default_factory=dict)  # backup → saves before it
    paths: dict[str, Path] = field(default_factory=dict)


def parse_load(lines: list[str]) -> LoadRun:
    run = LoadRun()
    for line in lines:
        word, *rest = line.split()
        if word == "DONE":
            serial, kind, client_id, item = rest
            assert int(serial) == len(run.saves) + 1, line
            run.saves.append(Save(int(serial), kind, client_id, item))
        elif word == "BACKUP_START":
            run.started_after[rest[0]] = int(rest[1])
        elif word == "BACKUP_DONE":
            run.paths[rest[0]] = Path(rest[1])
        else:
            assert word == "READY", line
    return run


@dataclass(frozen=True)
class Held:
    """What a vault holds of the things the child saved."""

    created: frozenset[str]  # client, assessment, goal and action ids
    safe_times: dict[str, str]


def held(connection: Connection, run: LoadRun) -> Held:
    clients = ClientRepository(connection)
    plans = PlanRepository(connection)
    client_ids = {str(row[0]) for row in connection.execute("SELECT id FROM clients")}
    created = set(client_ids)
    created |= {str(row[0]) for row in connection.execute("SELECT id FROM assessments")}
    safe_times = {}
    for client_id in client_ids:
        for version in plans.versions(client_id):
            for goal in version.goals:
                created.add(goal.id)
                created |= {action.id for action in goal.actions}
        answer = clients.answers(client_id, include_restricted=False)[0].get("safe_times")
        if answer is not None:
            safe_times[client_id] = str(answer.value)
    return Held(frozenset(created), safe_times)


def assert_prefix(stored: Held, run: LoadRun, name: str) -> int:
    """The backup holds saves 1..m and nothing else, m at least what was committed before it
    began; returns m."""
    saves, before = run.saves, run.started_after[name]
    creations = [save for save in saves if save.kind != "update"]
    known = {save.client_id if save.kind == "client" else save.item for save in creations}
    assert stored.created <= known, f"backup {name} holds something never reported as saved"
    present = [s.serial for s in creations
               if (s.client_id if s.kind == "client" else s.item) in stored.created]
    absent = [s.serial for s in creations
              if (s.client_id if s.kind == "client" else s.item) not in stored.created]
    low, high = max(present, default=0), min(absent, default=len(saves) + 1) - 1
    assert low <= high, (f"backup {name} is not a prefix: save {min(absent)} is missing but "
                         f"save {max(present)} is there")
    assert high >= before, (f"backup {name} lacks save {min(absent)}, committed before the "
                            f"backup began (after save {before})")
    # Answer changes decide where in [low, high] the backup was taken: one m must fit them all.
    expected: dict[str, str] = {}
    for save in saves[:max(low, before)]:
        if save.kind == "update":
            expected[save.client_id] = safe_times_for(save.serial)
    for m in range(max(low, before), high + 1):
        if m > max(low, before) and saves[m - 1].kind == "update":
            expected[saves[m - 1].client_id] = safe_times_for(m)
        if stored.safe_times == expected:
            return m
    raise AssertionError(f"backup {name}: the answer changes it holds fit no prefix "
                         f"{max(low, before)}..{high}")


def run_child_under_load(vault: VaultFixture, usb_root: Path, backups: int, seed: int
                         ) -> tuple[list[str], tuple[int, str]]:
    """Run the load child to its end; also try ``shelter-admin backup`` while it holds the vault."""
    env = {**os.environ, "SHELTER_DESKTOP_KDF": "fast"}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "load", str(vault.folder), str(usb_root), str(backups),
         str(seed), CASEWORKER, CASEWORKER_PASSPHRASE, ADMIN_USER, ADMIN_PASSPHRASE],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    lines: list[str] = []
    refused: tuple[int, str] | None = None
    try:
        assert child.stdout is not None
        for raw in child.stdout:
            line = raw.decode().strip()
            lines.append(line)
            if refused is None and line.startswith("BACKUP_START "):
                code, _printed, error = shelter_admin_backup(vault.folder, usb_root / "other")
                refused = (code, error)
        errors = child.stderr.read().decode(errors="replace") if child.stderr else ""
        child.wait(timeout=600)
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            child.wait()
    assert child.returncode == 0, errors[-3000:]
    assert refused is not None
    return lines, refused


def run_load_campaign(vault: VaultFixture, tmp_path: Path, backups: int) -> str:
    seed = campaign_seed()
    vault.add_staff(CASEWORKER, Role.CASEWORKER, CASEWORKER_PASSPHRASE)
    started = time.monotonic()
    lines, (refused_code, refused_error) = run_child_under_load(vault, tmp_path / "usb",
                                                                backups, seed)
    # A second process never gets the folder while the app has it: that is why the load and
    # the backups share one process, as in the app.
    assert refused_code != 0 and "already open" in refused_error, refused_error
    assert not (tmp_path / "usb" / "other").exists()
    run = parse_load(lines)
    assert sorted(run.paths) == sorted(run.started_after)
    assert len(run.paths) == backups + 1, f"the child stopped early (seed {seed})"
    kinds = {save.kind for save in run.saves}
    assert kinds == {"client", "update", "assessment", "goal", "action"}, kinds
    loaded = time.monotonic()
    prefixes = []
    for number, name in enumerate(sorted(run.paths)):
        laptop = tmp_path / f"laptop-{number}"
        restored = restores(run.paths[name], laptop, vault.recovery_code)
        try:
            prefixes.append(assert_prefix(held(restored.connection, run), run, name))
        except AssertionError as exc:
            raise AssertionError(f"{exc} (SHELTER_KILL_SEED={seed})") from exc
        finally:
            restored.close()
        if name != "final":
            shutil.rmtree(laptop)
    # Nothing is written after the load stops: the last backup holds every save, and is the
    # live vault table by table.
    assert prefixes[-1] == len(run.saves)
    live = Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    restored = open_restored(tmp_path / f"laptop-{len(run.paths) - 1}")
    try:
        compared = assert_restored_identically(
            live.connection, restored.connection,
            audit_seq_of_last(live.connection, AuditAction.BACKUP_CREATED.value))
    finally:
        restored.close()
        live.close()
    under_load = sum(1 for before, m in zip(
        [run.started_after[n] for n in sorted(run.paths)], prefixes, strict=True) if m > before)
    return (f"backups under load: {backups} backups + 1 final, {len(run.saves)} saves "
            f"({sum(prefixes)} save checks over all backups; {under_load} backups also held "
            f"saves committed while they were taken), final backup: {compared.rows} rows in "
            f"{compared.tables} tables identical; child {loaded - started:.1f} s, checks "
            f"{time.monotonic() - loaded:.1f} s, SHELTER_KILL_SEED={seed}")


def test_backups_taken_under_load_restore_as_a_prefix(vault: VaultFixture,
                                                      tmp_path: Path) -> None:
    print("\n" + run_load_campaign(vault, tmp_path, campaign_size(DEFAULT_BACKUPS,
                                                                  SOAK_BACKUPS)))


@full_size
def test_backups_under_load_full_campaign(vault: VaultFixture, tmp_path: Path) -> None:
    print("\n" + run_load_campaign(vault, tmp_path, SOAK_BACKUPS))


# -- interrupted backups ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> VaultFixture:
    """A closed vault of a thousand demo clients, made once for the module."""
    folder = tmp_path_factory.mktemp("demo-vault") / "data"
    session, code = vault_service.set_up_vault(
        folder, ORGANISATION, vault_service.NewAdministrator(ADMIN_USER, "Director",
                                                             ADMIN_PASSPHRASE))
    try:
        DemoDataService(session).add_clients(DEMO_CLIENTS, seed=42)
    finally:
        session.lock()
    return VaultFixture(folder, code)


@pytest.fixture
def big_vault(demo_vault: VaultFixture, tmp_path: Path) -> VaultFixture:
    """This test's own copy of the demo vault."""
    folder = tmp_path / "data"
    shutil.copytree(demo_vault.folder, folder)
    return VaultFixture(folder, demo_vault.recovery_code)


@dataclass
class KillStats:
    kills: int = 0
    before_copy: int = 0
    mid_copy: int = 0
    after_copy: int = 0  # copied, not yet renamed into place (or just renamed)
    completed: int = 0  # the child's backup was whole before the kill
    partials_left: int = 0  # half-written: refused
    whole_partials: int = 0  # complete but never renamed into place
    restores: int = 0
    bytes_restored: int = 0


def stage_of(lines: list[str]) -> str:
    if any(line.startswith("DONE ") for line in lines):
        return "completed"
    copied = [line for line in lines if line.startswith("COPIED ")]
    if not copied:
        return "before_copy"
    done, total = (int(part) for part in copied[-1].split()[1:])
    return "after_copy" if done == total else "mid_copy"


def take_next_backup(folder: Path, usb: Path) -> Path:
    code, printed, error = shelter_admin_backup(folder, usb)
    assert code == 0, f"the next backup failed: {error.strip()}"
    return Path(printed.splitlines()[-1])


def check_after_kill(usb: Path, previous: Path, previous_sha: str, seen_partials: set[Path],
                     laptop: Path, recovery_code: str, stats: KillStats) -> list[Path]:
    """The previous backup is whole and restores; leftovers are never taken for a backup.

    Returns the complete backups the folder lists.
    """
    assert previous.exists() and sha256(previous) == previous_sha, "the previous backup changed"
    listed = [path for path, _header in backup_file.list_backups(usb)]
    assert previous in listed
    # Nothing half-written under a backup's own name: every *.sdbk there is whole.
    assert sorted(usb.glob(f"*{backup_file.SUFFIX}")) == sorted(listed)
    for partial in sorted(set(usb.glob(f"*{backup_file.PARTIAL_SUFFIX}")) - seen_partials):
        assert partial not in listed
        seen_partials.add(partial)
        target = laptop.with_name(laptop.name + "-partial")
        try:
            backup_file.read_header(partial)
        except (NotABackupError, BackupDamagedError):
            stats.partials_left += 1
            with pytest.raises((NotABackupError, BackupDamagedError)):
                restore_backup(partial, target, recovery_code=recovery_code)
            assert vault_state(target) is VaultState.EMPTY
        else:
            # Killed after the copy was written, synced and checked but before its rename: the
            # file is a whole backup under a name nothing lists. Restored on purpose (by path)
            # it must then be right, fully checked.
            stats.whole_partials += 1
            restores(partial, target, recovery_code).close()
        shutil.rmtree(target, ignore_errors=True)
    newest = listed[-1]
    restored = restores(newest, laptop, recovery_code)
    restored.close()
    stats.restores += 1
    stats.bytes_restored += newest.stat().st_size
    shutil.rmtree(laptop)
    return listed


def run_until_waiting(args: list[str]) -> list[str]:
    """A child left to finish its backup, killed once it waits: its lines after READY."""
    env = {**os.environ, "SHELTER_DESKTOP_KDF": "fast"}
    child = subprocess.Popen([sys.executable, str(CHILD), "backup", *args],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    lines: list[str] = []
    try:
        assert child.stdout is not None
        for raw in child.stdout:
            lines.append(raw.decode().strip())
            if lines[-1] == "LOCKED":
                break
    finally:
        child.send_signal(signal.SIGKILL)
        _rest, errors = child.communicate(timeout=30)
    assert lines[-1:] == ["LOCKED"], errors.decode(errors="replace")[-3000:]
    return lines[1:]


def run_kill_campaign(vault: VaultFixture, tmp_path: Path, kills: int) -> tuple[KillStats, str]:
    seed = campaign_seed()
    rng = random.Random(seed)
    usb = tmp_path / "usb"
    started = time.monotonic()
    previous = take_next_backup(vault.folder, usb)
    previous_sha = sha256(previous)
    seen_partials: set[Path] = set()
    stats = KillStats()
    args = [str(vault.folder), str(usb), ADMIN_USER, ADMIN_PASSPHRASE, str(CHILD_CHUNK_BYTES),
            str(CHILD_PAUSE_SECONDS)]
    # Trial 0 lets the child finish: how long a slow backup takes sets where kills may land.
    window = 0.0
    for trial in range(kills + 1):
        try:
            if trial == 0:
                lines = run_until_waiting(args)
                window = float(lines[-2].split()[2]) * 1.15
            else:
                lines = run_and_kill(CHILD, ["backup", *args], rng.uniform(0, window))
                stats.kills += 1
            stage = stage_of(lines)
            setattr(stats, stage, getattr(stats, stage) + 1)
            listed = check_after_kill(usb, previous, previous_sha, seen_partials,
                                      tmp_path / "laptop", vault.recovery_code, stats)
            done = [line for line in lines if line.startswith("DONE ")]
            if done:  # the child's backup was whole before the kill: listed, and restored
                assert Path(done[0].split()[1]) == listed[-1]
            previous = take_next_backup(vault.folder, usb)
            previous_sha = sha256(previous)
        except AssertionError as exc:
            raise AssertionError(f"trial {trial} (SHELTER_KILL_SEED={seed}): {exc}") from exc
    assert stats.mid_copy + stats.after_copy > 0, (
        f"no kill landed while the file was being written (SHELTER_KILL_SEED={seed})")
    size = previous.stat().st_size
    return stats, (
        f"interrupted backups: {stats.kills} kills of a {size / 1e6:.1f} MB backup "
        f"({stats.before_copy} before the copy, {stats.mid_copy} mid-copy, {stats.after_copy} "
        f"after the copy before it was in place, {stats.completed} after it was complete "
        f"incl. the calibration run), {stats.partials_left} half-written files left and "
        f"refused, {stats.whole_partials} left whole but not renamed (they restore), "
        f"{stats.restores} restores of the previous generation "
        f"({stats.bytes_restored / 1e6:.0f} MB), {kills + 2} next backups taken; "
        f"kill window {window:.2f} s; {time.monotonic() - started:.1f} s, "
        f"SHELTER_KILL_SEED={seed}")


def test_a_killed_backup_leaves_the_previous_one_intact(big_vault: VaultFixture,
                                                        tmp_path: Path) -> None:
    _stats, summary = run_kill_campaign(big_vault, tmp_path,
                                        campaign_size(DEFAULT_KILLS, SOAK_KILLS))
    print("\n" + summary)


@full_size
def test_killed_backups_full_campaign(big_vault: VaultFixture, tmp_path: Path) -> None:
    _stats, summary = run_kill_campaign(big_vault, tmp_path, SOAK_KILLS)
    print("\n" + summary)


def test_a_half_written_file_from_the_same_second_does_not_block_the_next_backup(
        vault: VaultFixture, tmp_path: Path) -> None:
    """A backup killed a moment ago left ``backup-<this second>.sdbk.partial``: retrying at once
    (the campaign above does, within the same second) must still write a backup."""
    usb = tmp_path / "usb"
    usb.mkdir()
    now = dt.datetime.now(dt.UTC)
    for seconds in range(5):  # whatever second the retry lands in
        name = backup_file.backup_name(now + dt.timedelta(seconds=seconds))
        (usb / (name + backup_file.PARTIAL_SUFFIX)).write_bytes(b"SDBACKUP half")
    path = take_next_backup(vault.folder, usb)
    assert [p for p, _header in backup_file.list_backups(usb)] == [path]
