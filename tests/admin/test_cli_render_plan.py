"""``shelter-admin render-plan``: the latest plan version as PDF, audited; no plan, exit 4."""

from __future__ import annotations

from pathlib import Path

from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.plans import PlanService
from tests.admin.test_cli import _close_file_logs, auth, cli, one_line  # noqa: F401
from tests.conftest import VaultFixture
from tests.ui.client_factory import add_client

PASS = "quiet river behind the old mill\n"


def test_a_client_without_a_plan_gets_a_clear_message_and_exit_4(vault: VaultFixture,
                                                                  tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        client_id = add_client(session, "Mila")
    finally:
        session.lock()
    out = tmp_path / "plan.pdf"
    result = cli("render-plan", *auth(vault.folder), "--client", client_id, "--lang", "en",
                 "--out", str(out), stdin=PASS)
    assert result.code == 4
    assert "no service plan" in one_line(result.err)
    assert not out.exists()


def test_the_latest_plan_is_written_as_pdf_and_audited(vault: VaultFixture,
                                                       tmp_path: Path) -> None:
    session = vault.unlock()
    try:
        client_id = add_client(session, "Amina")
        PlanService(session).add_goal(client_id, GoalSeed(client_id, "housing", 1, None, None),
                                      "غرفة آمنة لي وحدي")
    finally:
        session.lock()
    out = tmp_path / "plan.pdf"
    result = cli("render-plan", *auth(vault.folder), "--client", client_id, "--lang", "ar",
                 "--second-lang", "en", "--out", str(out), stdin=PASS)
    assert (result.code, result.err) == (0, ""), result.err
    assert out.read_bytes().startswith(b"%PDF")
    session = vault.unlock()
    try:
        printed = [e for e in session.vault.audit.entries() if e.action == "plan.printed"]
        assert len(printed) == 1 and printed[0].record_id == client_id
        assert "غرفة" not in printed[0].detail
    finally:
        session.lock()


def test_an_unknown_document_language_is_a_usage_error(vault: VaultFixture,
                                                       tmp_path: Path) -> None:
    result = cli("render-plan", *auth(vault.folder), "--client", "x", "--lang", "xx",
                 "--out", str(tmp_path / "p.pdf"), stdin=PASS)
    assert result.code == 1
