"""``shelter-admin report``: the needs-assessment aggregate on a real vault. Administrators only,
audited by the service, and nothing in it that could name a client."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore, domain_changes
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.errors import PermissionDeniedError
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.clients import ClientService
from shelter_desktop.storage.assessments_repo import AssessmentRepository
from tests.admin.test_cli import _close_file_logs, auth, cli, cli_process, one_line  # noqa: F401
from tests.conftest import ADMIN_USER, VaultFixture
from tests.services.test_clients import first_contact

PASS = "quiet river behind the old mill\n"
STAFF = "violet kettles hum at dawn"
KEYS = ["domain", "clients", "mean_first", "mean_latest", "improved", "unchanged", "worsened"]
NOTE = "Sleeps at her cousin's on Rue Ontario"
NAME = "Ngozi Adébáyọ̀-Okonkwo"


def report_json(vault: VaultFixture, user: str = ADMIN_USER, stdin: str = PASS
                ) -> list[dict[str, object]]:
    result = cli("report", *auth(vault.folder, user), "--json", stdin=stdin)
    assert (result.code, result.err) == (0, ""), result.err
    rows = json.loads(result.out)
    assert isinstance(rows, list)
    return rows


def viewed(vault: VaultFixture) -> list[tuple[str | None, str | None, str]]:
    session = vault.unlock()
    try:
        return [(e.actor_name, e.record_id, e.detail) for e in reversed(
            session.vault.audit.entries(action=AuditAction.REPORT_VIEWED))]
    finally:
        session.lock()


def everything_personal(vault: VaultFixture) -> list[str]:
    """Client ids, names, assessment ids, dates and notes held in the vault."""
    session = vault.unlock()
    try:
        connection = session.vault.connection
        values = [str(v) for row in connection.execute(
            "SELECT id, name_to_use, entry_date FROM clients") for v in row]
        for group in AssessmentRepository(connection).by_client():
            for a in group:
                values += [a.id, a.assessed_on.isoformat(), a.correction_reason]
                values += [s.note for s in a.scores.values() if s.note]
    finally:
        session.lock()
    return [v for v in values if v]


def add_client_with_assessments(vault: VaultFixture) -> str:
    session = vault.unlock()
    try:
        client_id = ClientService(session).create_from_first_contact(
            first_contact(NAME), today=dt.date(2025, 1, 6))
        service = AssessmentService(session)
        today = dt.date(2025, 9, 1)
        service.complete(client_id, AssessmentKind.INTAKE, dt.date(2025, 1, 9),
                         {"safety": DomainScore.of(1, NOTE), "income": DomainScore.of(1)},
                         today=today)
        service.complete(client_id, AssessmentKind.REVIEW, dt.date(2025, 2, 9),
                         {"safety": DomainScore.of(3, NOTE), "income": DomainScore.of(2)},
                         today=today)
    finally:
        session.lock()
    return client_id


def test_the_report_as_json_matches_the_stored_assessments(vault: VaultFixture) -> None:
    result = cli("demo-data", *auth(vault.folder), "--clients", "150", "--seed", "3", stdin=PASS)
    assert result.code == 0, result.err
    add_client_with_assessments(vault)
    rows = report_json(vault)
    assert [row["domain"] for row in rows] == [d.key for d in SELF_SUFFICIENCY.domains]
    assert all(list(row) == KEYS for row in rows)
    session = vault.unlock()
    try:
        expected = domain_changes(SELF_SUFFICIENCY,
                                  AssessmentRepository(session.vault.connection).by_client())
    finally:
        session.lock()
    assert rows == [{key: getattr(change, key) for key in KEYS} for change in expected]
    counted = [[int(str(row[key])) for key in KEYS[4:]] + [int(str(row["clients"]))]
               for row in rows]
    assert all(improved + same + worse == clients for improved, same, worse, clients in counted)
    assert sum(clients for *_changes, clients in counted) > 500
    assert viewed(vault) == [(ADMIN_USER, None, "domain_changes")]


def test_nothing_personal_is_printed(vault: VaultFixture) -> None:
    cli("demo-data", *auth(vault.folder), "--clients", "60", "--seed", "8", stdin=PASS)
    client_id = add_client_with_assessments(vault)
    personal = everything_personal(vault)
    assert client_id in personal and NAME in personal and NOTE in personal
    assert len(personal) > 300
    for flag in ([], ["--json"]):
        result = cli("report", *auth(vault.folder), *flag, stdin=PASS)
        assert (result.code, result.err) == (0, "")
        leaked = [value for value in personal if value in result.out]
        assert leaked == []
        assert "Rue Ontario" not in result.out and "Ngozi" not in result.out
    log = (vault.folder / "logs" / "shelter-desktop.log").read_text(encoding="utf-8")
    assert "admin.command" in log and NOTE not in log and NAME not in log


def test_the_text_report_is_a_note_a_header_and_one_line_per_domain(vault: VaultFixture) -> None:
    add_client_with_assessments(vault)
    result = cli("report", *auth(vault.folder), stdin=PASS)
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == ("# Needs assessment: Adapted from the Self-Sufficiency Matrix. "
                        "Not validated.")
    assert lines[1].split("\t") == KEYS
    body = [line.split("\t") for line in lines[2:]]
    assert [cells[0] for cells in body] == [d.key for d in SELF_SUFFICIENCY.domains]
    assert all(len(cells) == 7 for cells in body)
    by_domain = {cells[0]: cells[1:] for cells in body}
    assert by_domain["safety"] == ["1", "1.00", "3.00", "1", "0", "0"]
    assert by_domain["income"] == ["1", "1.00", "2.00", "1", "0", "0"]
    assert by_domain["housing"] == ["0", "0.00", "0.00", "0", "0", "0"]


def test_the_note_is_translated_with_lang(vault: VaultFixture) -> None:
    result = cli("--lang", "fr", "report", *auth(vault.folder), stdin=PASS)
    assert result.code == 0, result.err
    french = i18n.translator_for("fr")
    assert result.out.splitlines()[0] == (f"# {french.gettext(SELF_SUFFICIENCY.name)}: "
                                          f"{french.gettext(SELF_SUFFICIENCY.note)}")
    assert result.out.startswith("# Évaluation des besoins: ")
    assert result.out.splitlines()[1].split("\t") == KEYS  # machine-readable columns stay


def test_an_empty_vault_reports_zeros(vault: VaultFixture) -> None:
    rows = report_json(vault)
    assert len(rows) == 13
    assert all(row["clients"] == 0 and row["mean_first"] == 0.0 for row in rows)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.INTAKE_WORKER])
def test_only_administrators_may_run_the_report(vault: VaultFixture, role: Role) -> None:
    add_client_with_assessments(vault)
    vault.add_staff("staffer", role, STAFF)
    for flag in ([], ["--json"]):
        result = cli("report", *auth(vault.folder, "staffer"), *flag, stdin=STAFF + "\n")
        assert result.code == 4
        assert result.out == ""
        assert one_line(result.err) == f"shelter-admin: {PermissionDeniedError().user_message()}"
    assert viewed(vault) == []


def test_usage_and_authentication_errors(vault: VaultFixture) -> None:
    missing_user = cli("report", "--data-dir", str(vault.folder), stdin=PASS)
    assert missing_user.code == 1 and "--user" in one_line(missing_user.err)
    wrong = cli("report", *auth(vault.folder), stdin="not it at all\n")
    assert wrong.code == 2 and wrong.out == ""
    assert viewed(vault) == []


def test_report_in_a_real_process(vault: VaultFixture, tmp_path: Path) -> None:
    add_client_with_assessments(vault)
    result = cli_process("report", *auth(vault.folder), "--json", stdin=PASS)
    assert (result.code, result.err) == (0, ""), result.err
    rows = {row["domain"]: row for row in json.loads(result.out)}
    assert rows["safety"] == {"domain": "safety", "clients": 1, "mean_first": 1.0,
                              "mean_latest": 3.0, "improved": 1, "unchanged": 0, "worsened": 0}
    assert viewed(vault) == [(ADMIN_USER, None, "domain_changes")]
