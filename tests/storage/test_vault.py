"""The vault on disk: encryption really on, wrong input changes nothing, damage is reported.

Every test works on a real SQLCipher vault in ``tmp_path`` (the ``vault`` fixture or its own).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.text_rules import username_key
from shelter_desktop.errors import (
    AccountError,
    AuthenticationError,
    FolderNotWritableError,
    NewerVaultError,
    NotAVaultError,
    RecoveryCodeError,
    UnlockDelayError,
    ValidationError,
    VaultDamagedError,
    VaultInUseError,
)
from shelter_desktop.logs import logger, setup_logging
from shelter_desktop.services import vault_service
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.session import Session
from shelter_desktop.services.throttle import ATTEMPTS_NAME
from shelter_desktop.storage import recovery_code
from shelter_desktop.storage.files import ensure_private_dir
from shelter_desktop.storage.keyslots import SLOTS_NAME
from shelter_desktop.storage.layout import PLAINTEXT_HEADER
from shelter_desktop.storage.lockfile import DataFolderLock
from shelter_desktop.storage.vault import Vault, VaultState, vault_state
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture

CANARY_ORG = "CANARY-ORG-Ω-7731"
CANARY_DISPLAY = "CANARY-STAFF-Ж-4410"
CANARY_USER = "canary-ŋ-5512"
CANARIES = (CANARY_ORG, CANARY_DISPLAY, CANARY_USER)
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- helpers -------------------------------------------------------------------------------------


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def snapshot(folder: Path, *, ignore: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name → bytes), except the names in ``ignore``."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in files_under(folder)
        if path.name not in ignore and "logs" not in path.relative_to(folder).parts
    }


def encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_holding(folder: Path, texts: tuple[str, ...]) -> list[str]:
    """Names of files that contain any of ``texts`` in UTF-8 or UTF-16 (either byte order)."""
    needles = [needle for text in texts for needle in encodings(text)]
    return [str(path) for path in files_under(folder)
            if any(needle in path.read_bytes() for needle in needles)]


def admin_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHELTER_DESKTOP_KDF": "fast"}
    return subprocess.run([sys.executable, "-m", "shelter_desktop.admin", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=60)


def damaged_copy(source: Path, target: Path, offset: int, length: int = 16) -> Path:
    shutil.copytree(source, target)
    path = target / "vault.db"
    data = bytearray(path.read_bytes())
    for index in range(offset, min(offset + length, len(data))):
        data[index] ^= 0x5A
    path.write_bytes(bytes(data))
    return target


@pytest.fixture
def file_log(data_dir: Path):
    """Send the app's log to the data folder for the test, so it can be searched too."""
    setup_logging(data_dir)
    yield data_dir / "logs"
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler):
            logger.removeHandler(handler)
            handler.close()


# -- encryption is really on ---------------------------------------------------------------------


def test_file_header_is_never_plaintext(vault: VaultFixture) -> None:
    db = vault.folder / "vault.db"
    assert db.read_bytes()[:16] != PLAINTEXT_HEADER
    session = vault.unlock()
    try:
        for index in range(5):
            AccountService(session).add_account(f"worker{index}", f"Worker {index}",
                                                Role.CASEWORKER)
        assert db.read_bytes()[:16] != PLAINTEXT_HEADER
        assert (vault.folder / "vault.db-wal").exists()
        session.vault.checkpoint()
        assert db.read_bytes()[:16] != PLAINTEXT_HEADER
        assert session.vault.connection.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        session.lock()
    assert db.read_bytes()[:16] != PLAINTEXT_HEADER


def test_canaries_appear_in_no_file(data_dir: Path, file_log: Path) -> None:
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    session, _code = vault_service.set_up_vault(data_dir, CANARY_ORG, admin)
    try:
        added = AccountService(session).add_account(CANARY_USER, CANARY_DISPLAY, Role.CASEWORKER)
        assert vault_service.organisation_name(session) == CANARY_ORG
        assert added.account.display_name == CANARY_DISPLAY
        # Uncheckpointed: the new rows are in the WAL only.
        assert (data_dir / "vault.db-wal").stat().st_size > 0
        assert files_holding(data_dir, CANARIES) == []
    finally:
        session.lock()
    # A staff unlock, a failed unlock and a second lock put more pages through the WAL and log.
    with pytest.raises(AuthenticationError):
        vault_service.unlock(data_dir, CANARY_USER, "not the right passphrase at all")
    staff = vault_service.unlock(data_dir, CANARY_USER, added.passphrase)
    staff.lock()
    assert files_holding(data_dir, CANARIES) == []
    assert any(path.name == "vault.db" for path in files_under(data_dir))
    assert list(file_log.iterdir()), "the log should exist and be searched as well"


def test_canary_search_finds_plaintext(tmp_path: Path) -> None:
    """The search above can fail: a plain SQLite file with the canary is found."""
    connection = sqlite3.connect(tmp_path / "plain.db")
    connection.execute("CREATE TABLE t (name TEXT)")
    connection.execute("INSERT INTO t VALUES (?)", (CANARY_ORG,))
    connection.commit()
    connection.close()
    (tmp_path / "utf16.txt").write_bytes(CANARY_DISPLAY.encode("utf-16-le"))
    found = files_holding(tmp_path, CANARIES)
    assert sorted(Path(name).name for name in found) == ["plain.db", "utf16.txt"]


# -- wrong input changes nothing ------------------------------------------------------------------


# Many wrong attempts, with the growing delay: tests/security/test_wrong_passphrase_campaign.py.


def test_failures_bring_a_growing_delay_and_change_nothing(vault: VaultFixture) -> None:
    before = snapshot(vault.folder, ignore=(ATTEMPTS_NAME,))
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            vault.unlock(ADMIN_USER, "five free wrong attempts")
    with pytest.raises(UnlockDelayError) as delayed:
        vault.unlock(ADMIN_USER, ADMIN_PASSPHRASE)  # even the right one waits
    assert "1 seconds" in delayed.value.user_message()
    assert snapshot(vault.folder, ignore=(ATTEMPTS_NAME,)) == before


def test_unknown_user_and_wrong_passphrase_look_the_same(vault: VaultFixture) -> None:
    with pytest.raises(AuthenticationError) as unknown:
        vault.unlock("no-such-person", ADMIN_PASSPHRASE)
    with pytest.raises(AuthenticationError) as wrong:
        vault.unlock(ADMIN_USER, "a passphrase that is wrong")
    assert type(unknown.value) is type(wrong.value) is AuthenticationError
    assert unknown.value.user_message() == wrong.value.user_message()
    assert str(unknown.value) == str(wrong.value)
    assert unknown.value.exit_code == wrong.value.exit_code == 2


@pytest.mark.parametrize(("username", "passphrase"), [
    (ADMIN_USER, "\ud800 lone surrogate passphrase"),
    ("\udfff", ADMIN_PASSPHRASE),
    (ADMIN_USER, "nul \x00 inside a passphrase"),
    ("x" * 1_000_000, ADMIN_PASSPHRASE),
], ids=["surrogate-passphrase", "surrogate-user", "nul-passphrase", "megabyte-user"])
def test_unlock_with_unencodable_or_huge_input_is_an_authentication_error(
        vault: VaultFixture, username: str, passphrase: str) -> None:
    with pytest.raises(AuthenticationError):
        vault.unlock(username, passphrase)


# -- recovery code ---------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["as shown", "lower case with spaces"])
def test_recovery_code_sets_a_new_admin_passphrase(vault: VaultFixture, form: str) -> None:
    code = vault.recovery_code
    if form != "as shown":
        code = " ".join(code.lower().split("-"))
    new_passphrase = "a brand new passphrase after recovery"
    session = vault_service.recover_administrator(vault.folder, code, ADMIN_USER, new_passphrase)
    try:
        assert session.account.username == ADMIN_USER
        assert session.vault.integrity_problems() == []
    finally:
        session.lock()
    with pytest.raises(AuthenticationError):
        vault.unlock(ADMIN_USER, ADMIN_PASSPHRASE)
    vault.unlock(ADMIN_USER, new_passphrase).lock()


def test_wrong_recovery_code_is_refused_and_changes_nothing(vault: VaultFixture) -> None:
    before = snapshot(vault.folder, ignore=(ATTEMPTS_NAME,))
    compact = recovery_code.normalise(vault.recovery_code)
    wrong_char = "A" if compact[0] != "A" else "B"
    wrong = wrong_char + compact[1:]
    for code in (wrong, "not a code", "", "\ud800" * 30):
        (vault.folder / ATTEMPTS_NAME).unlink(missing_ok=True)
        with pytest.raises(RecoveryCodeError):
            vault_service.recover_administrator(vault.folder, code, ADMIN_USER,
                                                "a brand new passphrase after recovery")
    assert snapshot(vault.folder, ignore=(ATTEMPTS_NAME,)) == before
    (vault.folder / ATTEMPTS_NAME).unlink(missing_ok=True)
    vault.unlock().lock()


@pytest.mark.parametrize(("username", "error"), [
    ("\ud800", ValidationError),
    ("nobody-here", AccountError),
], ids=["surrogate", "unknown"])
def test_recovery_for_a_bad_user_name_is_refused_cleanly(vault: VaultFixture, username: str,
                                                         error: type[Exception]) -> None:
    before = snapshot(vault.folder, ignore=(ATTEMPTS_NAME,))
    with pytest.raises(error):
        vault_service.recover_administrator(vault.folder, vault.recovery_code, username,
                                            "a brand new passphrase after recovery")
    assert snapshot(vault.folder, ignore=(ATTEMPTS_NAME,)) == before
    vault.unlock().lock()


# -- what the data folder holds ------------------------------------------------------------------


def test_empty_folder_is_empty(tmp_path: Path) -> None:
    assert vault_state(tmp_path / "missing") is VaultState.EMPTY
    (tmp_path / "empty").mkdir()
    assert vault_state(tmp_path / "empty") is VaultState.EMPTY


def test_plaintext_sqlite_file_is_not_a_vault_and_is_left_alone(data_dir: Path) -> None:
    data_dir.mkdir()
    plain = data_dir / "vault.db"
    connection = sqlite3.connect(plain)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.execute("INSERT INTO notes VALUES ('someone else''s data')")
    connection.commit()
    connection.close()
    before = snapshot(data_dir)
    assert vault_state(data_dir) is VaultState.NOT_A_VAULT
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    with pytest.raises(NotAVaultError):
        vault_service.set_up_vault(data_dir, "Org", admin)
    assert snapshot(data_dir) == before
    with pytest.raises(NotAVaultError):
        vault_service.unlock(data_dir, ADMIN_USER, ADMIN_PASSPHRASE)


def test_plaintext_file_in_place_of_an_existing_vault_is_refused(vault: VaultFixture) -> None:
    db = vault.folder / "vault.db"
    db.unlink()
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE accounts (id TEXT)")
    connection.commit()
    connection.close()
    before = db.read_bytes()
    assert vault_state(vault.folder) is VaultState.NOT_A_VAULT
    with pytest.raises(NotAVaultError):
        vault.unlock()
    assert db.read_bytes() == before


def test_random_bytes_without_slots_is_not_a_vault(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "vault.db").write_bytes(os.urandom(8192))
    before = snapshot(data_dir)
    assert vault_state(data_dir) is VaultState.NOT_A_VAULT
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    with pytest.raises(NotAVaultError):
        vault_service.set_up_vault(data_dir, "Org", admin)
    assert snapshot(data_dir) == before


def test_newer_vault_is_refused_and_not_changed(vault: VaultFixture) -> None:
    opened = Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    opened.connection.execute("PRAGMA user_version = 99")
    opened.close()
    before = (vault.folder / "vault.db").read_bytes()
    with pytest.raises(NewerVaultError):
        vault.unlock()
    with pytest.raises(NewerVaultError):
        Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    assert (vault.folder / "vault.db").read_bytes() == before


# -- damage ---------------------------------------------------------------------------------------


def _open_or_report(folder: Path) -> list[str]:
    """Problems seen by unlock and verify; raises only ShelterErrors (or fails the test)."""
    session = vault_service.unlock(folder, ADMIN_USER, ADMIN_PASSPHRASE)
    try:
        problems = session.vault.integrity_problems()
        return problems
    finally:
        session.lock()


def test_damaged_copies_are_reported_never_accepted_or_crashing(vault: VaultFixture,
                                                                 tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        AccountService(session).add_account("filler", "Filler", Role.CASEWORKER)
        session.vault.checkpoint()
    finally:
        session.lock()
    size = (vault.folder / "vault.db").stat().st_size
    assert size >= 4096 * 4
    outcomes: dict[int, str] = {}
    offsets = sorted({size // 2, size // 3, 2 * size // 3, 100, 4096 + 200, size - 300,
                      *range(1024, size, size // 8)})
    for offset in offsets:
        copy = damaged_copy(vault.folder, tmp_path / f"copy-{offset}", offset)
        try:
            problems = _open_or_report(copy)
        except VaultDamagedError:
            outcomes[offset] = "damaged"
        else:
            assert problems, f"damage at byte {offset} was silently accepted"
            outcomes[offset] = "integrity"
    assert "damaged" in outcomes.values()


def test_damaged_audit_page_closes_the_vault_it_opened(vault: VaultFixture,
                                                       tmp_path: Path) -> None:
    """The accounts page is fine, the audit page is not: unlock fails and keeps nothing open."""
    opened = Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    page_size = int(opened.connection.execute("PRAGMA page_size").fetchone()[0])
    root = opened.connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]
    opened.close()
    copy = damaged_copy(vault.folder, tmp_path / "copy", (root - 1) * page_size + page_size // 2)
    with pytest.raises(VaultDamagedError) as info:
        vault_service.unlock(copy, ADMIN_USER, ADMIN_PASSPHRASE)
    left_open = [
        value for frame, _line in traceback.walk_tb(info.value.__traceback__)
        for value in frame.f_locals.values()
        if isinstance(value, Vault | Session) and value.is_open
    ]
    assert left_open == []


def test_zero_length_database_is_damaged_not_replaced(vault: VaultFixture) -> None:
    db = vault.folder / "vault.db"
    db.write_bytes(b"")
    with pytest.raises(VaultDamagedError):
        vault.unlock()
    assert db.read_bytes() == b""


def test_missing_database_with_slots_is_damaged(vault: VaultFixture) -> None:
    (vault.folder / "vault.db").unlink()
    assert vault_state(vault.folder) is VaultState.DAMAGED
    with pytest.raises(VaultDamagedError):
        vault.unlock()


def test_deleted_slot_file_opens_from_previous_copy(vault: VaultFixture) -> None:
    (vault.folder / SLOTS_NAME).unlink()
    assert vault_state(vault.folder) is VaultState.VAULT
    session = vault.unlock()
    try:
        assert session.vault.integrity_problems() == []
    finally:
        session.lock()


# -- permissions ----------------------------------------------------------------------------------


def test_files_are_private(vault: VaultFixture, file_log: Path) -> None:
    with pytest.raises(AuthenticationError):
        vault.unlock(ADMIN_USER, "wrong passphrase to make an attempts file")
    assert (vault.folder / ATTEMPTS_NAME).exists()
    lock = DataFolderLock(vault.folder)
    lock.acquire()
    opened = Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    try:
        opened.connection.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        assert (vault.folder / "vault.db-wal").exists()
        entries = [vault.folder, *vault.folder.rglob("*")]
        modes = {str(path.relative_to(vault.folder.parent)): stat.S_IMODE(path.stat().st_mode)
                 for path in entries}
    finally:
        opened.close()
        lock.release()
    expected = {name: 0o700 if (vault.folder.parent / name).is_dir() else 0o600
                for name in modes}
    assert modes == expected
    assert {"data/vault.db", "data/keyslots.json", "data/vault.lock",
            f"data/{ATTEMPTS_NAME}", "data/logs"} <= set(modes)


def test_private_dir_tightens_but_never_loosens(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    ensure_private_dir(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    try:
        if IS_ROOT:
            ensure_private_dir(read_only)  # root may write anyway; the bits must stay as set
        else:
            with pytest.raises(FolderNotWritableError):
                ensure_private_dir(read_only)
        assert stat.S_IMODE(read_only.stat().st_mode) == 0o500
    finally:
        read_only.chmod(0o700)


@pytest.mark.skipif(IS_ROOT, reason="permission bits do not stop root from writing")
def test_read_only_data_folder_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    data_dir.chmod(0o500)
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    try:
        with pytest.raises(FolderNotWritableError):
            vault_service.set_up_vault(data_dir, "Org", admin)
        assert list(data_dir.iterdir()) == []
    finally:
        data_dir.chmod(0o700)


def test_data_folder_under_a_regular_file_is_not_writable(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder")
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    with pytest.raises(FolderNotWritableError) as info:
        vault_service.set_up_vault(tmp_path / "afile" / "data", "Org", admin)
    assert "cannot write" in info.value.user_message()
    assert (tmp_path / "afile").read_text() == "not a folder"


def test_folder_without_write_access_is_refused(data_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    with pytest.raises(FolderNotWritableError):
        vault_service.set_up_vault(data_dir, "Org", admin)
    assert not (data_dir / "vault.db").exists()
    assert not (data_dir / SLOTS_NAME).exists()


# -- one process per data folder ------------------------------------------------------------------


def test_second_lock_on_the_same_folder_is_refused(vault: VaultFixture) -> None:
    first = DataFolderLock(vault.folder)
    first.acquire()
    try:
        with pytest.raises(VaultInUseError):
            DataFolderLock(vault.folder).acquire()
    finally:
        first.release()
    with DataFolderLock(vault.folder) as again:
        assert again.held


def test_second_process_is_told_the_vault_is_open(vault: VaultFixture) -> None:
    with DataFolderLock(vault.folder):
        result = admin_cli("verify", "--data-dir", str(vault.folder), "--user", ADMIN_USER,
                           "--passphrase-stdin", stdin=ADMIN_PASSPHRASE + "\n")
    assert result.returncode == 4, result.stderr
    assert "already open in another window" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
