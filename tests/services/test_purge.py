"""Retention and purge: only closed records, confirmed, logged without contents, really gone."""

from __future__ import annotations

import datetime as dt

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.answers import Answer
from shelter_desktop.errors import PermissionDeniedError, ValidationError
from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.purge import PurgeService, retention_cutoff
from shelter_desktop.services.session import Session
from tests.conftest import VaultFixture
from tests.ui.client_factory import add_client

TODAY = dt.date(2026, 11, 28)


def closed_client(session: Session, name: str, closed_on: dt.date, **extra: object) -> str:
    client_id = add_client(session, name, today=closed_on - dt.timedelta(days=200), **extra)
    PlanService(session).add_goal(client_id, GoalSeed(client_id, "housing", 2, None, None),
                                  f"{name} wants a room")
    ClientService(session).close(client_id, closed_on, "moved on")
    return client_id


def test_candidates_are_closed_records_past_retention(admin_session: Session) -> None:
    service = PurgeService(admin_session)
    service.set_retention_years(3)
    old = closed_client(admin_session, "Old Record", TODAY - dt.timedelta(days=4 * 365))
    closed_client(admin_session, "Recent Record", TODAY - dt.timedelta(days=365))
    add_client(admin_session, "Active Record", today=TODAY - dt.timedelta(days=5000))
    assert [c.client_id for c in service.candidates(TODAY)] == [old]
    assert retention_cutoff(dt.date(2028, 2, 29), 1) == dt.date(2027, 2, 28)


def test_purging_removes_everything_and_logs_ids_and_dates_only(admin_session: Session) -> None:
    closed_on = TODAY - dt.timedelta(days=9 * 365)
    client_id = closed_client(admin_session, "Purgeable Person", closed_on,
                              legal_name="Secret Legal Name")
    keep = closed_client(admin_session, "Kept Person", closed_on)
    report = PurgeService(admin_session).purge_records([client_id])
    assert report.records == 1
    connection = admin_session.vault.connection
    for table in ("clients", "assessments", "plan_versions", "client_history", "drafts"):
        rows = connection.execute(f"SELECT count(*) FROM {table} WHERE "
                                  f"{'id' if table == 'clients' else 'client_id'} = ?",
                                  (client_id,)).fetchone()[0]
        assert rows == 0, table
    assert connection.execute("SELECT count(*) FROM clients WHERE id = ?",
                              (keep,)).fetchone()[0] == 1
    log = PurgeService(admin_session).log()
    assert [(e.client_id, e.scope, e.closed_on) for e in log] == [(client_id, "record",
                                                                    closed_on)]
    assert "Purgeable" not in repr(log)
    actions = [e.action for e in admin_session.vault.audit.entries()]
    assert "records.purged" in actions
    # the assessment guard is back in place after the purge
    assert connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                              "name = 'assessments_no_delete'").fetchone()[0] == 1


def test_open_records_cannot_be_purged(admin_session: Session) -> None:
    client_id = add_client(admin_session, "Still Here")
    with pytest.raises(ValidationError):
        PurgeService(admin_session).purge_records([client_id])
    assert admin_session.vault.connection.execute(
        "SELECT count(*) FROM clients WHERE id = ?", (client_id,)).fetchone()[0] == 1


def test_a_single_restricted_field_and_its_history_can_be_purged(
        admin_session: Session) -> None:
    client_id = add_client(admin_session, "Named Person", legal_name="Vanishing Legalname")
    clients = ClientService(admin_session)
    clients.update_answers(client_id, {"legal_name": Answer.of("Vanishing Legalname Two")})
    PurgeService(admin_session).purge_fields(client_id, ["legal_name"])
    row = admin_session.vault.connection.execute(
        "SELECT restricted_answers, name_to_use FROM clients WHERE id = ?",
        (client_id,)).fetchone()
    assert "Vanishing" not in row[0] and row[1] == "Named Person"
    history = admin_session.vault.connection.execute(
        "SELECT count(*) FROM client_history WHERE client_id = ? AND field = 'legal_name'",
        (client_id,)).fetchone()[0]
    assert history == 0
    assert clients.listing(query="Vanishing", include_closed=True) == []
    assert len(clients.listing(query="Named", include_closed=True)) == 1
    with pytest.raises(ValidationError):
        PurgeService(admin_session).purge_fields(client_id, ["name_to_use"])


def test_only_administrators_purge(vault: VaultFixture) -> None:
    vault.add_staff("worker", Role.CASEWORKER, "amber kettle wanders north slowly")
    session = vault.unlock("worker", "amber kettle wanders north slowly")
    try:
        with pytest.raises(PermissionDeniedError):
            PurgeService(session).candidates(TODAY)
        with pytest.raises(PermissionDeniedError):
            PurgeService(session).purge_records([])
        with pytest.raises(PermissionDeniedError):
            PurgeService(session).set_retention_years(2)
    finally:
        session.lock()
