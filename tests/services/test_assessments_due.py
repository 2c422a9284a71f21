"""When the next needs assessment is due (domain.md §3), as AssessmentService.next_due says and as
the client list's "Assessment due" alert shows it: 30 days after entry, reviews every 30 days in
the first 90 days then every 90, the exit on closing, and local calendar days throughout."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest

from shelter_desktop.domain.assessments import AssessmentKind, DomainScore, NextAssessment
from shelter_desktop.domain.clients import Alert
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.clients import ClientService, ListFilter
from shelter_desktop.storage.clients_repo import ClientRepository
from tests.conftest import VaultFixture
from tests.services.test_clients import Desk, create, open_desk

INTAKE, REVIEW, EXIT = AssessmentKind.INTAKE, AssessmentKind.REVIEW, AssessmentKind.EXIT
ALERTING = ListFilter(with_alerts=True)
EVERYONE = ListFilter(status=None, with_alerts=True)


@pytest.fixture
def desk(vault: VaultFixture) -> Iterator[Desk]:
    opened = open_desk(vault)
    yield opened
    opened.close()


def service(desk: Desk) -> AssessmentService:
    return AssessmentService(desk.session)


def complete(desk: Desk, client_id: str, on: dt.date, kind: AssessmentKind = REVIEW) -> None:
    service(desk).complete(client_id, kind, on, {"safety": DomainScore.of(2)}, today=on)


def alerted(desk: Desk, client_id: str, today: dt.date) -> bool:
    """The "Assessment due" alert on the client's list row, and the alerts filter, on ``today``."""
    repo = ClientRepository(desk.session.vault.connection)
    row = repo.summaries([client_id], include_legal=True, today=today)[0]
    listed = client_id in repo.list_ids(list_filter=EVERYONE, today=today)
    assert listed is (row.alerts != frozenset())
    return Alert.ASSESSMENT_DUE in row.alerts


def stored_due(desk: Desk, client_id: str) -> str | None:
    row = desk.session.vault.connection.execute(
        "SELECT assessment_due FROM clients WHERE id = ?", (client_id,)).fetchone()
    return None if row is None else row[0]


# -- next_due -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("entry", "due"), [
    (dt.date(2025, 1, 31), dt.date(2025, 3, 2)),
    (dt.date(2024, 1, 31), dt.date(2024, 3, 1)),
    (dt.date(2023, 12, 31), dt.date(2024, 1, 30)),
])
def test_the_intake_is_due_30_days_after_entry(desk: Desk, entry: dt.date, due: dt.date) -> None:
    client_id = create(desk, today=entry)
    assert service(desk).next_due(client_id) == NextAssessment(INTAKE, due)
    assert stored_due(desk, client_id) is None  # the list works it out from the entry date
    assert not alerted(desk, client_id, due - dt.timedelta(days=8))
    assert alerted(desk, client_id, due - dt.timedelta(days=7))


def test_each_completed_assessment_moves_the_due_date_by_the_rules(desk: Desk) -> None:
    entry = dt.date(2025, 1, 31)
    client_id = create(desk, today=entry)
    steps = [
        (dt.date(2025, 2, 28), INTAKE, dt.date(2025, 3, 30)),  # stabilising: 30 days
        (dt.date(2025, 3, 31), REVIEW, dt.date(2025, 4, 30)),
        (dt.date(2025, 4, 30), REVIEW, dt.date(2025, 5, 30)),  # day 89: still 30 days
        (dt.date(2025, 5, 1), REVIEW, dt.date(2025, 7, 30)),  # day 90: now 90 days
        (dt.date(2025, 11, 30), REVIEW, dt.date(2026, 2, 28)),
    ]
    for on, kind, due in steps:
        complete(desk, client_id, on, kind)
        assert service(desk).next_due(client_id) == NextAssessment(REVIEW, due), on
        assert stored_due(desk, client_id) == due.isoformat()


def test_the_exit_is_due_on_closing_and_nothing_after_it(desk: Desk) -> None:
    entry, closing = dt.date(2025, 1, 31), dt.date(2025, 6, 15)
    client_id = create(desk, today=entry)
    complete(desk, client_id, dt.date(2025, 2, 10), INTAKE)
    ClientService(desk.session).close(client_id, closing, "Moved to permanent housing")
    assert service(desk).next_due(client_id) == NextAssessment(EXIT, closing)
    complete(desk, client_id, dt.date(2025, 6, 1), REVIEW)  # a late review is not the exit
    assert service(desk).next_due(client_id) == NextAssessment(EXIT, closing)
    complete(desk, client_id, closing, EXIT)
    assert service(desk).next_due(client_id) is None
    # A closed record never shows the alert, whatever is due.
    assert not alerted(desk, client_id, closing + dt.timedelta(days=400))


def test_a_closed_record_without_an_exit_assessment_has_no_list_alert(desk: Desk) -> None:
    entry = dt.date(2025, 1, 31)
    client_id = create(desk, today=entry)
    ClientService(desk.session).close(client_id, dt.date(2025, 2, 5), "Left without notice")
    assert service(desk).next_due(client_id) == NextAssessment(EXIT, dt.date(2025, 2, 5))
    assert not alerted(desk, client_id, dt.date(2025, 9, 1))


def test_a_reopened_record_shows_the_alert_next_due_gives(desk: Desk) -> None:
    entry, closing = dt.date(2025, 1, 31), dt.date(2025, 6, 1)
    client_id = create(desk, today=entry)
    complete(desk, client_id, dt.date(2025, 2, 10), INTAKE)
    ClientService(desk.session).close(client_id, closing, "Moved to another province")
    complete(desk, client_id, closing, EXIT)
    ClientService(desk.session).reopen(client_id)
    # Back after an exit on day 121: the next review is 90 days after the exit.
    due = dt.date(2025, 8, 30)
    assert service(desk).next_due(client_id) == NextAssessment(REVIEW, due)
    assert not alerted(desk, client_id, dt.date(2025, 6, 10))
    assert not alerted(desk, client_id, due - dt.timedelta(days=8))
    assert alerted(desk, client_id, due - dt.timedelta(days=7))


# -- the list alert -------------------------------------------------------------------------------


def test_the_alert_starts_seven_days_before_stays_overdue_and_ends_with_an_assessment(
        desk: Desk) -> None:
    entry = dt.date(2025, 1, 31)
    client_id = create(desk, today=entry)
    due = dt.date(2025, 3, 2)
    assert [alerted(desk, client_id, due - dt.timedelta(days=d)) for d in (30, 8, 7, 1, 0)] == [
        False, False, True, True, True]
    assert all(alerted(desk, client_id, due + dt.timedelta(days=d)) for d in (1, 30, 365))
    done = dt.date(2025, 3, 20)  # 18 days late
    complete(desk, client_id, done, INTAKE)
    next_due = dt.date(2025, 4, 19)
    assert service(desk).next_due(client_id) == NextAssessment(REVIEW, next_due)
    assert [alerted(desk, client_id, day) for day in (
        done, next_due - dt.timedelta(days=8), next_due - dt.timedelta(days=7), next_due,
        next_due + dt.timedelta(days=100))] == [False, False, True, True, True]


def test_the_alert_through_the_client_service_today(desk: Desk) -> None:
    today = dt.date.today()
    soon = create(desk, "Due In Seven Days", today=today - dt.timedelta(days=23))
    later = create(desk, "Due In Eight Days", today=today - dt.timedelta(days=22))
    overdue = create(desk, "Long Overdue", today=today - dt.timedelta(days=200))
    clients = ClientService(desk.session)

    def alerts() -> dict[str, bool]:
        rows = clients.summaries(clients.list_ids(list_filter=ListFilter(status=None)))
        flagged = set(clients.list_ids(list_filter=ALERTING))
        for row in rows:
            assert (row.id in flagged) is (Alert.ASSESSMENT_DUE in row.alerts), row.name_to_use
        return {row.id: Alert.ASSESSMENT_DUE in row.alerts for row in rows}

    assert alerts() == {soon: True, later: False, overdue: True}
    complete(desk, soon, today, INTAKE)
    complete(desk, overdue, today - dt.timedelta(days=100), INTAKE)  # a review overdue since
    assert alerts() == {soon: False, later: False, overdue: True}
    complete(desk, overdue, today, REVIEW)
    assert alerts() == {soon: False, later: False, overdue: False}


ZONES = ("America/Vancouver", "America/St_Johns", "Asia/Kolkata")


def test_the_alert_turns_on_at_local_midnight(desk: Desk) -> None:
    """The app asks for the alerts with its local date; the same instant is a different day in
    Vancouver, St. John's and Kolkata, and the alert follows each one's calendar."""
    entry = dt.date(2025, 1, 31)
    client_id = create(desk, today=entry)
    # Due 2 March: the alert starts on 23 February, local time.
    instants = {
        dt.datetime(2025, 2, 23, 2, 0, tzinfo=dt.UTC): {
            "America/Vancouver": False, "America/St_Johns": False, "Asia/Kolkata": True},
        dt.datetime(2025, 2, 23, 3, 45, tzinfo=dt.UTC): {
            "America/Vancouver": False, "America/St_Johns": True, "Asia/Kolkata": True},
        dt.datetime(2025, 2, 23, 8, 0, tzinfo=dt.UTC): {
            "America/Vancouver": True, "America/St_Johns": True, "Asia/Kolkata": True},
    }
    for instant, expected in instants.items():
        seen = {zone: alerted(desk, client_id,
                              instant.astimezone(zoneinfo.ZoneInfo(zone)).date())
                for zone in ZONES}
        assert seen == expected, instant
