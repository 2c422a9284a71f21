"""``shelter-admin import``, ``clients`` and ``demo-data`` on a real vault."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.services.clients import ClientService
from tests.admin.test_cli import _close_file_logs, auth, cli, cli_process, one_line  # noqa: F401
from tests.conftest import ADMIN_PASSPHRASE, VaultFixture

PASS = ADMIN_PASSPHRASE + "\n"
GOOD = (
    "name_to_use,aliases,date_of_birth,preferred_language,gender\r\n"
    "Amira,أميرة;Amira H.,1994-03,ar,woman\r\n"
    "李静,Jing Li,1988,zh_Hans,woman\r\n"
    "Олена Коваль,Olena Koval,1990-07-15,uk,\r\n"
)


def write(folder: Path, text: str, name: str = "clients.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def clients_json(vault: VaultFixture, *extra: str) -> list[dict[str, object]]:
    result = cli("clients", *auth(vault.folder), "--json", *extra, stdin=PASS)
    assert (result.code, result.err) == (0, ""), result.err
    rows = json.loads(result.out)
    assert isinstance(rows, list)
    return rows


def audit_details(vault: VaultFixture, action: str) -> list[str]:
    session = vault.unlock()
    try:
        return [e.detail for e in session.vault.audit.entries(action=action)]
    finally:
        session.lock()


# -- import ---------------------------------------------------------------------------------------


def test_import_prints_the_count(vault: VaultFixture, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    result = cli("import", *auth(vault.folder), "--csv", str(path), "--consent-recorded",
                 stdin=PASS)
    assert (result.code, result.out, result.err) == (0, "Imported 3 clients.\n", "")
    assert sorted(row["name"] for row in clients_json(vault)) == sorted(
        ["Amira", "李静", "Олена Коваль"])
    assert audit_details(vault, AuditAction.CLIENTS_IMPORTED) == ["rows=3"]


def test_a_bad_file_lists_each_problem_and_imports_nothing(vault: VaultFixture,
                                                           tmp_path: Path) -> None:
    bad = GOOD.replace("1988", "88").replace("gender\r\n", "gender,favourite\r\n")
    path = write(tmp_path, bad)
    result = cli("import", *auth(vault.folder), "--csv", str(path), "--consent-recorded",
                 stdin=PASS)
    assert result.code == 4
    assert result.out == ""
    assert result.err.splitlines() == [
        "row 1, column favourite: Unknown column. The columns are listed in "
        "docs/import-format.md.",
        "row 3, column date_of_birth: Enter a date as year-month-day, or just the year or year "
        "and month.",
        "shelter-admin: Nothing was imported: 2 problems were found.",
    ]
    assert clients_json(vault) == []
    assert audit_details(vault, AuditAction.CLIENTS_IMPORTED) == []


def test_import_without_consent_is_refused_with_what_to_do(vault: VaultFixture,
                                                            tmp_path: Path) -> None:
    result = cli("import", *auth(vault.folder), "--csv", str(write(tmp_path, GOOD)),
                 stdin=PASS)
    assert result.code == 4
    lines = result.err.splitlines()
    assert lines[0] == ("row 1, column consent_collect: Add this column, or confirm that "
                        "consent to keep their information was recorded for every row.")
    assert lines[-1] == "shelter-admin: Nothing was imported: 2 problems were found."
    assert clients_json(vault) == []


def test_import_of_a_missing_file_or_by_an_intake_worker_exits_4(vault: VaultFixture,
                                                                  tmp_path: Path) -> None:
    missing = cli("import", *auth(vault.folder), "--csv", str(tmp_path / "nope.csv"),
                  "--consent-recorded", stdin=PASS)
    assert missing.code == 4
    assert "cannot be opened" in one_line(missing.err)
    vault.add_staff("ines", Role.INTAKE_WORKER, "violet kettles hum at dawn")
    refused = cli("import", *auth(vault.folder, "ines"), "--csv",
                  str(write(tmp_path, GOOD)), "--consent-recorded",
                  stdin="violet kettles hum at dawn\n")
    assert refused.code == 4
    assert "not allowed" in one_line(refused.err)
    assert cli("import", *auth(vault.folder), stdin=PASS).code == 1  # no --csv


def test_import_in_a_real_process(vault: VaultFixture, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("1988", "88"))
    result = cli_process("import", *auth(vault.folder), "--csv", str(path),
                         "--consent-recorded", stdin=PASS)
    assert result.code == 4
    assert result.err.splitlines()[0].startswith("row 3, column date_of_birth: ")
    log = (vault.folder / "logs" / "shelter-desktop.log").read_text(encoding="utf-8")
    assert "clients.import_refused" in log
    for secret in ("Amira", "李静", "Коваль"):
        assert secret not in log


# -- clients --------------------------------------------------------------------------------------


def test_clients_json_lists_active_clients_searches_and_audits_once(
        vault: VaultFixture, tmp_path: Path) -> None:
    cli("import", *auth(vault.folder), "--csv", str(write(tmp_path, GOOD)),
        "--consent-recorded", stdin=PASS)
    rows = clients_json(vault)
    assert len(rows) == 3
    assert set(rows[0]) >= {"id", "name", "aliases", "status", "date_of_birth", "language"}
    amira = next(row for row in rows if row["name"] == "Amira")
    assert amira["aliases"] == ["أميرة", "Amira H."]
    assert (amira["status"], amira["date_of_birth"], amira["language"]) == (
        "active", "1994-03", "ar")
    assert "legal_name" not in amira
    found = clients_json(vault, "--search", "koval")
    assert [row["name"] for row in found] == ["Олена Коваль"]
    assert [row["name"] for row in clients_json(vault, "--search", "静")] == ["李静"]
    assert clients_json(vault, "--search", "nobody-here") == []

    session = vault.unlock()
    try:
        ClientService(session).close(str(amira["id"]), dt.date.today(), "Moved away")
    finally:
        session.lock()
    assert len(clients_json(vault)) == 2
    everyone = clients_json(vault, "--all")
    assert {row["status"] for row in everyone} == {"active", "closed"}
    details = audit_details(vault, AuditAction.CLIENTS_LISTED)
    assert sorted(details) == sorted(["count=3", "count=1", "count=1", "count=0", "count=2",
                                      "count=3"])
    session = vault.unlock()
    try:
        every_detail = " ".join(e.detail for e in session.vault.audit.entries())
    finally:
        session.lock()
    assert "koval" not in every_detail and "静" not in every_detail


def test_clients_as_text_is_one_tab_separated_line_each(vault: VaultFixture,
                                                        tmp_path: Path) -> None:
    cli("import", *auth(vault.folder), "--csv", str(write(tmp_path, GOOD)),
        "--consent-recorded", stdin=PASS)
    result = cli("clients", *auth(vault.folder), stdin=PASS)
    lines = result.out.splitlines()
    assert len(lines) == 3 and all(len(line.split("\t")) == 5 for line in lines)


# -- demo data ------------------------------------------------------------------------------------


def scripts_of(names: list[str]) -> set[str]:
    return {unicodedata.name(ch).split()[0] for name in names for ch in name if ch.isalpha()}


def test_demo_data_is_the_same_for_a_seed_and_in_many_scripts(tmp_path: Path) -> None:
    from shelter_desktop.services import vault_service

    names: list[list[str]] = []
    for index in range(2):
        folder = tmp_path / f"vault{index}"
        admin = vault_service.NewAdministrator("director", "Director", ADMIN_PASSPHRASE)
        session, code = vault_service.set_up_vault(folder, "Org", admin)
        session.lock()
        vault = VaultFixture(folder, code)
        result = cli("demo-data", *auth(folder), "--clients", "200", "--seed", "1", stdin=PASS)
        assert result.code == 0, result.err
        assert result.out == "Added 200 demo clients.\n"
        assert result.err.splitlines()[-1] == "Added 200 of 200 demo clients…"
        rows = clients_json(vault, "--all")
        assert len(rows) == 200
        names.append(sorted(str(row["name"]) for row in rows))
        assert audit_details(vault, AuditAction.DEMO_DATA) == ["clients=200"]
    assert names[0] == names[1]
    scripts = scripts_of(names[0])
    assert len(scripts) >= 6, scripts
    assert {"LATIN", "ARABIC", "CJK", "HANGUL", "CYRILLIC", "GURMUKHI"} <= scripts


def test_demo_data_refuses_a_vault_with_clients_and_bad_counts(vault: VaultFixture,
                                                               tmp_path: Path) -> None:
    cli("import", *auth(vault.folder), "--csv", str(write(tmp_path, GOOD)),
        "--consent-recorded", stdin=PASS)
    refused = cli("demo-data", *auth(vault.folder), "--clients", "5", stdin=PASS)
    assert refused.code == 4
    assert "already holds client records" in one_line(refused.err)
    assert len(clients_json(vault)) == 3


@pytest.mark.parametrize("count", ["0", "-3", "many", "100000000"])
def test_demo_data_count_must_be_sensible(vault: VaultFixture, count: str) -> None:
    result = cli("demo-data", *auth(vault.folder), "--clients", count, stdin=PASS)
    assert result.code == 1
    assert "--clients" in one_line(result.err)
