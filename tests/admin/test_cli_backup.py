"""``shelter-admin backup`` and ``restore``: a new laptop from a USB drive, from the shell."""

from __future__ import annotations

from pathlib import Path

from tests.admin.test_cli import _close_file_logs, auth, cli, one_line  # noqa: F401
from tests.conftest import VaultFixture
from tests.ui.client_factory import add_client

PASS = "quiet river behind the old mill\n"


def test_backup_prints_the_file_and_restore_opens_it_on_a_new_laptop(vault: VaultFixture,
                                                                     tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        client_id = add_client(session, "Oksana")
    finally:
        session.lock()
    result = cli("backup", *auth(vault.folder), "--to", str(tmp_path / "usb"), stdin=PASS)
    assert (result.code, result.err) == (0, ""), result.err
    backup = Path(result.out.strip())
    assert backup.parent == tmp_path / "usb" and backup.exists()

    laptop = tmp_path / "laptop"
    result = cli("restore", "--from", str(backup), "--data-dir", str(laptop),
                 "--recovery-code-stdin", stdin=vault.recovery_code + "\n")
    assert (result.code, result.err) == (0, ""), result.err
    assert "Restored" in result.out
    result = cli("clients", *auth(laptop), "--json", stdin=PASS)
    assert result.code == 0 and client_id in result.out


def test_restore_refuses_an_existing_vault_and_a_wrong_code(vault: VaultFixture,
                                                           tmp_path: Path) -> None:
    result = cli("backup", *auth(vault.folder), "--to", str(tmp_path / "usb"), stdin=PASS)
    backup = result.out.strip()
    result = cli("restore", "--from", backup, "--data-dir", str(vault.folder),
                 "--recovery-code-stdin", stdin=vault.recovery_code + "\n")
    assert result.code == 4 and "already holds a vault" in one_line(result.err)
    result = cli("restore", "--from", backup, "--data-dir", str(tmp_path / "laptop"),
                 "--recovery-code-stdin", stdin="WRONG-CODE\n")
    assert result.code == 2
    result = cli("restore", "--from", backup, "--data-dir", str(vault.folder),
                 "--recovery-code-stdin", "--move-existing-aside",
                 stdin=vault.recovery_code + "\n")
    assert result.code == 0, result.err
    assert "moved to" in result.out


def test_backup_needs_an_administrator_passphrase(vault: VaultFixture, tmp_path: Path) -> None:
    result = cli("backup", *auth(vault.folder), "--to", str(tmp_path / "usb"),
                 stdin="wrong passphrase here\n")
    assert result.code == 2
    assert not (tmp_path / "usb").exists()
