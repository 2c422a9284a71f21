"""``shelter-admin``: exit codes, one-line errors, and each command on a real vault.

A few cases run in a real subprocess (the exit codes and streams a script sees); the rest call
``admin.run`` in-process with string streams, which is the same code without the start-up cost.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from shelter_desktop import admin
from shelter_desktop.domain.accounts import Role
from shelter_desktop.errors import AuthenticationError
from shelter_desktop.logs import logger
from shelter_desktop.services import vault_service
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, ORGANISATION, VaultFixture

CODE_LINE = re.compile(r"^Recovery code: [0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){5}$")


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli(*args: str, stdin: str = "") -> Result:
    """In-process run, exactly as ``main`` would, with string streams."""
    out, err = io.StringIO(), io.StringIO()
    code = admin.run(list(args), stdin=io.StringIO(stdin), out=out, err=err)
    return Result(code, out.getvalue(), err.getvalue())


def cli_process(*args: str, stdin: str = "") -> Result:
    env = {**os.environ, "SHELTER_DESKTOP_KDF": "fast"}
    done = subprocess.run([sys.executable, "-m", "shelter_desktop.admin", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=60)
    return Result(done.returncode, done.stdout, done.stderr)


def auth(folder: Path, user: str = ADMIN_USER) -> list[str]:
    return ["--data-dir", str(folder), "--user", user, "--passphrase-stdin"]


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("shelter-admin: ")
    return lines[0]


@pytest.fixture(autouse=True)
def _close_file_logs() -> Iterator[None]:
    """``run`` logs to the data folder; do not leave that handler behind for other tests."""
    yield
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler):
            logger.removeHandler(handler)
            handler.close()


# -- in a real process ----------------------------------------------------------------------------


def test_init_then_verify_in_real_processes(data_dir: Path) -> None:
    init = cli_process("init", *auth(data_dir), "--org", ORGANISATION, "--display-name", "Dir",
                       stdin=ADMIN_PASSPHRASE + "\n")
    assert init.code == 0, init.err
    assert init.err == ""
    assert any(CODE_LINE.match(line) for line in init.out.splitlines()), init.out
    verify = cli_process("verify", *auth(data_dir), stdin=ADMIN_PASSPHRASE + "\n")
    assert (verify.code, verify.out, verify.err) == (0, "ok\n", "")


def test_wrong_passphrase_in_a_real_process(vault: VaultFixture) -> None:
    result = cli_process("verify", *auth(vault.folder), stdin="not the passphrase at all\n")
    assert result.code == 2
    assert one_line(result.err) == f"shelter-admin: {AuthenticationError().user_message()}"
    assert "not the passphrase" not in result.err + result.out
    log = (vault.folder / "logs" / "shelter-desktop.log").read_text(encoding="utf-8")
    assert "admin.failed" in log
    assert "not the passphrase" not in log and ADMIN_USER not in log


def test_usage_error_in_a_real_process(vault: VaultFixture) -> None:
    result = cli_process("verify", "--data-dir", str(vault.folder))  # no --user
    assert result.code == 1
    assert "--user" in one_line(result.err)
    assert result.out == ""


# -- in-process -----------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    [],
    ["frobnicate"],
    ["verify"],
    ["add-user", "--user", ADMIN_USER, "--new-user", "x", "--role", "superuser"],
    ["audit", "--user", ADMIN_USER, "--since", "yesterday", "--passphrase-stdin"],
], ids=["nothing", "unknown-command", "missing-user", "bad-role", "bad-date"])
def test_usage_errors_exit_1_with_one_line(vault: VaultFixture, argv: list[str]) -> None:
    if argv and argv[0] == "audit":
        argv = [*argv, "--data-dir", str(vault.folder)]
    result = cli(*argv, stdin=ADMIN_PASSPHRASE + "\n")
    assert result.code == 1
    one_line(result.err)
    assert result.out == ""


def test_verify_ok_and_recorded(vault: VaultFixture) -> None:
    result = cli("verify", *auth(vault.folder), stdin=ADMIN_PASSPHRASE + "\n")
    assert (result.code, result.out, result.err) == (0, "ok\n", "")
    session = vault.unlock()
    try:
        assert "audit.verified" in [e.action for e in session.vault.audit.entries()]
    finally:
        session.lock()


def test_init_refuses_an_existing_vault_and_a_weak_passphrase(vault: VaultFixture,
                                                              tmp_path: Path) -> None:
    again = cli("init", *auth(vault.folder), "--org", "Second Shelter",
                stdin="another good passphrase\n")
    assert again.code == 4
    assert "already exists" in one_line(again.err)
    weak = cli("init", *auth(tmp_path / "new"), "--org", "Org", stdin="password1234\n")
    assert weak.code == 1
    assert "attackers try first" in one_line(weak.err)
    assert not (tmp_path / "new" / "vault.db").exists()


def test_commands_on_a_missing_folder_exit_4(tmp_path: Path) -> None:
    result = cli("verify", *auth(tmp_path / "nowhere"), stdin=ADMIN_PASSPHRASE + "\n")
    assert result.code == 4
    assert "no vault" in one_line(result.err)
    assert not (tmp_path / "nowhere").exists()


def test_add_user_prints_a_one_time_passphrase(vault: VaultFixture) -> None:
    result = cli("add-user", *auth(vault.folder), "--new-user", "alice", "--display-name",
                 "Alice", "--role", "caseworker", stdin=ADMIN_PASSPHRASE + "\n")
    assert result.code == 0, result.err
    match = re.search(r"One-time passphrase for alice: (.+)$", result.out, re.MULTILINE)
    assert match, result.out
    staff = vault.unlock("alice", match.group(1))
    try:
        assert staff.account.role is Role.CASEWORKER
        assert staff.account.must_change_passphrase
    finally:
        staff.lock()


def test_add_user_refusals_keep_their_exit_codes(vault: VaultFixture) -> None:
    vault.add_staff("casey", Role.CASEWORKER, "violet kettles hum at dawn")
    by_staff = cli("add-user", *auth(vault.folder, "casey"), "--new-user", "eve", "--role",
                   "administrator", stdin="violet kettles hum at dawn\n")
    assert by_staff.code == 4
    assert "not allowed" in one_line(by_staff.err)
    bad_name = cli("add-user", *auth(vault.folder), "--new-user", "eve\u202e", "--role",
                   "caseworker", stdin=ADMIN_PASSPHRASE + "\n")
    assert bad_name.code == 1
    assert "text-direction" in one_line(bad_name.err)


def test_change_passphrase_reads_current_then_new(vault: VaultFixture) -> None:
    new = "a completely different passphrase"
    result = cli("change-passphrase", *auth(vault.folder), stdin=f"{ADMIN_PASSPHRASE}\n{new}\n")
    assert (result.code, result.err) == (0, "")
    assert "Passphrase changed." in result.out
    assert cli("verify", *auth(vault.folder), stdin=ADMIN_PASSPHRASE + "\n").code == 2
    assert cli("verify", *auth(vault.folder), stdin=new + "\n").code == 0


def test_change_passphrase_with_too_little_input(vault: VaultFixture) -> None:
    only_current = cli("change-passphrase", *auth(vault.folder), stdin=ADMIN_PASSPHRASE)
    assert only_current.code == 1
    one_line(only_current.err)
    empty_new = cli("change-passphrase", *auth(vault.folder), stdin=f"{ADMIN_PASSPHRASE}\n\n")
    assert empty_new.code == 1
    assert "at least 12" in one_line(empty_new.err)
    vault.unlock().lock()


def test_audit_json_lists_every_entry_since_a_date(vault: VaultFixture) -> None:
    result = cli("audit", *auth(vault.folder), "--since", "2000-01-01", "--json",
                 stdin=ADMIN_PASSPHRASE + "\n")
    assert (result.code, result.err) == (0, "")
    rows = json.loads(result.out)
    assert isinstance(rows, list)
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    assert [row["action"] for row in rows][:2] == ["vault.created", "account.created"]
    assert rows[-1]["action"] == "audit.viewed"
    assert set(rows[0]) == {"seq", "at", "user", "action", "record_id", "detail"}
    future = cli("audit", *auth(vault.folder), "--since", "2999-01-01", "--json",
                 stdin=ADMIN_PASSPHRASE + "\n")
    assert json.loads(future.out) == []


def test_audit_as_text_is_one_tab_separated_line_per_entry(vault: VaultFixture) -> None:
    result = cli("audit", *auth(vault.folder), stdin=ADMIN_PASSPHRASE + "\n")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines and all(len(line.split("\t")) == 6 for line in lines)
    assert lines[0].split("\t")[3] == "vault.created"


def test_lang_option_still_works(vault: VaultFixture) -> None:
    ok = cli("--lang", "fr", "verify", *auth(vault.folder), stdin=ADMIN_PASSPHRASE + "\n")
    assert ok.code == 0
    wrong = cli("--lang", "fr", "verify", *auth(vault.folder), stdin="wrong wrong wrong\n")
    assert wrong.code == 2
    one_line(wrong.err)


def test_log_holds_no_names_or_secrets(vault: VaultFixture) -> None:
    cli("verify", *auth(vault.folder), stdin="a wrong passphrase here\n")
    cli("add-user", *auth(vault.folder), "--new-user", "zoë-secret-name", "--role",
        "caseworker", stdin=ADMIN_PASSPHRASE + "\n")
    log = (vault.folder / "logs" / "shelter-desktop.log").read_text(encoding="utf-8")
    assert "admin.command" in log
    for secret in (ADMIN_PASSPHRASE, "a wrong passphrase here", "zoë-secret-name", ADMIN_USER,
                   ORGANISATION):
        assert secret not in log
    assert vault_service.state_of(vault.folder).value == "vault"
