"""Demo data looks like a shelter's caseload: the shares below are what the generator promises,
for the clients and for their needs assessments (domain.md §3)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from shelter_desktop.domain.answers import AnswerStatus
from shelter_desktop.domain.assessments import (
    Assessment,
    AssessmentKind,
    ScoreStatus,
    check_scores,
    domain_changes,
    effective,
    next_assessment,
)
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.clients import Alert
from shelter_desktop.domain.instrument import NOT_APPLICABLE, SELF_SUFFICIENCY
from shelter_desktop.domain.new_clients import NewClient, VaultNotEmptyError, check_new_client
from shelter_desktop.errors import ValidationError
from shelter_desktop.services import vault_service
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.clients import ClientService, ListFilter
from shelter_desktop.services.demo_data import (
    CORRECTION_REASONS,
    DemoDataService,
    PlannedAssessment,
    generate,
    generate_assessments,
    romanize_korean,
    romanize_ukrainian,
)
from shelter_desktop.services.session import Session
from shelter_desktop.storage.assessments_repo import AssessmentRepository
from shelter_desktop.storage.clients_repo import ClientRepository
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER

TODAY = dt.date(2025, 6, 1)
NOW = dt.datetime(2025, 6, 1, 16, 30, tzinfo=dt.UTC)
INTAKE, REVIEW, EXIT = AssessmentKind.INTAKE, AssessmentKind.REVIEW, AssessmentKind.EXIT


@pytest.fixture(scope="module")
def sample() -> list[NewClient]:
    return list(generate(2_000, seed=5, today=TODAY))


@pytest.fixture(scope="module")
def planned(sample: list[NewClient]) -> list[tuple[PlannedAssessment, ...]]:
    return list(generate_assessments(sample, seed=5, today=TODAY, now=NOW))


def as_assessments(client_id: str, plans: tuple[PlannedAssessment, ...]) -> list[Assessment]:
    ids = [f"{client_id}/{index}" for index in range(len(plans))]
    return [Assessment(ids[i], client_id, SELF_SUFFICIENCY.key, p.kind, p.assessed_on, p.scores,
                       p.completed_at, "demo", None if p.corrects is None else ids[p.corrects],
                       p.correction_reason) for i, p in enumerate(plans)]


def share(count: int, total: int) -> float:
    return count / total


def test_every_generated_client_passes_the_intake_rules(sample: list[NewClient]) -> None:
    for client in sample:
        check_new_client(client)


def test_the_same_seed_gives_the_same_clients() -> None:
    first = [c.answers for c in generate(50, seed=9, today=TODAY)]
    again = [c.answers for c in generate(50, seed=9, today=TODAY)]
    other = [c.answers for c in generate(50, seed=10, today=TODAY)]
    assert first == again
    assert first != other


def test_shares_of_a_realistic_caseload(sample: list[NewClient]) -> None:
    total = len(sample)
    readings = Counter(c.answers["reading_language"].value for c in sample)
    assert set(readings) == {"en", "fr", "es", "fil", "zh_Hans", "ko", "uk", "ar", "fa", "pa"}
    closed = [c for c in sample if c.exit_date]
    assert 0.15 < share(len(closed), total) < 0.25
    assert all(c.entry_date <= c.exit_date <= TODAY and c.exit_reason for c in closed
               if c.exit_date)
    with_dependants = [c for c in sample if c.dependants]
    assert 0.2 < share(len(with_dependants), total) < 0.35
    assert max(len(c.dependants) for c in sample) == 3
    interpreted = [c for c in sample if c.interpreter]
    assert all(c.answers["reading_language"].value not in ("en", "fr") for c in interpreted)
    assert all(c.interpreter for c in sample
               if c.answers["reading_language"].value not in ("en", "fr"))
    minors = [c for c in sample if c.answers.get("under_18") is not None]
    assert 0.01 < share(len(minors), total) < 0.08
    code_named = [c for c in sample if "legal_name" in c.answers]
    assert 0.05 < share(len(code_named), total) < 0.15
    assert all("aliases" not in c.answers for c in code_named)  # the real name stays restricted
    entries = sorted(c.entry_date for c in sample)
    assert entries[0] >= TODAY - dt.timedelta(days=3 * 365) and entries[-1] <= TODAY
    assert (entries[-1] - entries[0]).days > 2 * 365


def test_declined_and_unknown_answers_appear(sample: list[NewClient]) -> None:
    statuses = Counter(answer.status for c in sample for answer in c.answers.values())
    answered = statuses[AnswerStatus.ANSWERED]
    assert 0.02 < share(statuses[AnswerStatus.PREFERS_NOT], answered) < 0.15
    assert 0.01 < share(statuses[AnswerStatus.DOESNT_KNOW], answered) < 0.1


def test_aliases_spell_names_in_another_script() -> None:
    assert romanize_ukrainian("Юлія Щербак") == "Yuliia Shcherbak"
    assert romanize_ukrainian("Єва Їжакевич") == "Yeva Yizhakevych"
    assert romanize_korean("서현") == "Seo-hyeon"
    assert romanize_korean("미정") == "Mi-jeong"


def test_added_to_an_empty_vault_in_one_audited_step(admin_session: Session) -> None:
    calls: list[tuple[int, int]] = []
    count = DemoDataService(admin_session).add_clients(
        600, seed=2, progress=lambda done, total: calls.append((done, total)))
    assert count == 600
    assert calls[0] == (0, 600) and calls[-1] == (600, 600)
    service = ClientService(admin_session)
    everyone = service.summaries(service.list_ids(list_filter=ListFilter(status=None)))
    assert len(everyone) == 600
    alerts = Counter(alert for row in everyone for alert in row.alerts)
    assert alerts[Alert.MINOR] > 0 and alerts[Alert.TRP_EXPIRING] > 0
    entries = admin_session.vault.audit.entries(action=AuditAction.DEMO_DATA)
    assert [e.detail for e in entries] == ["clients=600"]
    with pytest.raises(VaultNotEmptyError):
        DemoDataService(admin_session).add_clients(5, seed=3)
    assert service.count() == 600


# -- needs assessments ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_assessments(sample: list[NewClient]) -> None:
    first = list(generate_assessments(sample[:100], seed=9, today=TODAY, now=NOW))
    again = list(generate_assessments(sample[:100], seed=9, today=TODAY, now=NOW))
    other = list(generate_assessments(sample[:100], seed=10, today=TODAY, now=NOW))
    assert first == again
    assert first != other
    # The clients a seed gives do not depend on their assessments being made.
    clients = list(generate(100, seed=5, today=TODAY))
    assert [c.answers for c in clients] == [c.answers for c in sample[:100]]


def test_every_generated_assessment_keeps_the_rules(
        sample: list[NewClient], planned: list[tuple[PlannedAssessment, ...]]) -> None:
    na_domains = {d.key for d in SELF_SUFFICIENCY.domains if d.allows_not_applicable}
    for client, plans in zip(sample, planned, strict=True):
        end = client.exit_date or TODAY
        assert plans and plans[0].kind is INTAKE
        # Intake within 30 days of entry (and before the file was closed).
        assert client.entry_date <= plans[0].assessed_on <= client.entry_date + dt.timedelta(30)
        for index, plan in enumerate(plans):
            assert client.entry_date <= plan.assessed_on <= end
            assert plan.completed_at <= NOW
            assert plan.completed_at.date() >= plan.assessed_on or plan.completed_at == NOW
            # What AssessmentService.complete would accept, and in its complete stored form.
            assert check_scores(SELF_SUFFICIENCY, plan.scores) == plan.scores
            assert any(s.status is ScoreStatus.SCORED for s in plan.scores.values())
            assert {k for k, v in plan.scores.items() if v.score == NOT_APPLICABLE} <= na_domains
            if plan.corrects is not None:
                original = plans[plan.corrects]
                assert plan.corrects < index and original.corrects is None
                assert (plan.kind, plan.assessed_on) == (original.kind, original.assessed_on)
                assert plan.correction_reason in CORRECTION_REASONS
                assert plan.completed_at >= original.completed_at
                assert plan.scores != original.scores
            else:
                assert plan.correction_reason == ""
        corrected = [p.corrects for p in plans if p.corrects is not None]
        assert len(corrected) == len(set(corrected))  # never the same one twice
        current = effective(as_assessments("c", plans))
        assert [a.assessed_on for a in current] == sorted(a.assessed_on for a in current)
        assert len({a.assessed_on for a in current}) == len(current)  # one a day
        reviews = [a for a in current if a.kind is REVIEW]
        assert 0 <= len(reviews) <= 4
        exits = [a for a in current if a.kind is EXIT]
        if client.exit_date:
            assert len(exits) == 1 and current[-1] is exits[0]
            assert next_assessment(client.entry_date, current, closed_on=client.exit_date) is None
        else:
            assert exits == []
        if not client.dependants:
            assert all(a.scores["children"].score in (NOT_APPLICABLE, None) for a in current)
        else:
            assert all(a.scores["children"].score != NOT_APPLICABLE for a in current)


def test_assessments_look_like_a_caseload(
        sample: list[NewClient], planned: list[tuple[PlannedAssessment, ...]]) -> None:
    total = sum(len(p) for p in planned)
    assert 2.7 < total / len(sample) < 3.6  # about three per client
    corrections = sum(1 for p in planned for a in p if a.corrects is not None)
    assert 0.01 < corrections / total < 0.05
    statuses = Counter("na" if s.score == NOT_APPLICABLE else s.status.value
                       for p in planned for a in p for s in a.scores.values())
    entries = sum(statuses.values())
    assert 0.02 < statuses[ScoreStatus.NOT_ASSESSED.value] / entries < 0.1
    assert 0.003 < statuses[ScoreStatus.DECLINED.value] / entries < 0.05
    assert 0.04 < statuses["na"] / entries < 0.15
    notes = [s.note for p in planned for a in p for s in a.scores.values() if s.note]
    assert 0.01 < len(notes) / entries < 0.1
    kinds = Counter(a.kind for p in planned for a in p if a.corrects is None)
    assert kinds[INTAKE] == len(sample)
    assert kinds[EXIT] == sum(1 for c in sample if c.exit_date)
    left = [p[-1] for c, p in zip(sample, planned, strict=True)
            if c.exit_reason == "Left without notice"]
    assert left and all(sum(s.status is ScoreStatus.NOT_ASSESSED for s in a.scores.values()) >= 10
                        for a in left)
    substance_na = sum(1 for p in planned if p[0].scores["substance_use"].score == NOT_APPLICABLE)
    assert 0.3 < substance_na / len(sample) < 0.6
    # Trajectories: in every domain more clients improve than get worse, and some get worse.
    changes = domain_changes(SELF_SUFFICIENCY, [as_assessments(str(i), p)
                                                for i, p in enumerate(planned)])
    for change in changes:
        assert change.clients > 100, change
        assert change.improved > 2 * change.worsened > 0, change
        assert change.mean_latest > change.mean_first, change
    starts = Counter(p[0].scores["safety"].score for p in planned)
    assert starts[1] + starts[2] > starts[4] + starts[5]  # most arrive in crisis or vulnerable


def test_added_with_their_assessments_and_due_dates(admin_session: Session) -> None:
    count = DemoDataService(admin_session).add_clients(300, seed=4, today=TODAY)
    assert count == 300
    clients = list(generate(300, seed=4, today=TODAY))
    plans = list(generate_assessments(clients, seed=4, today=TODAY, now=NOW))
    connection = admin_session.vault.connection
    repo = ClientRepository(connection)
    ids = repo.list_ids(list_filter=ListFilter(status=None), sort="entry")
    assert len(ids) == 300
    stored = {group[0].client_id: group for group in AssessmentRepository(connection).by_client()}
    assert set(stored) == set(ids)
    assert sum(len(g) for g in stored.values()) == sum(len(p) for p in plans)
    # Stored as generated, in generation order (row ids follow the generator).
    by_rowid = [row[0] for row in connection.execute("SELECT id FROM clients ORDER BY rowid")]
    service = AssessmentService(admin_session)
    due_alerts = 0
    for client_id, client, plan in zip(by_rowid, clients, plans, strict=True):
        history = stored[client_id]
        assert sorted((a.assessed_on, a.kind, a.completed_by) for a in history) == sorted(
            (p.assessed_on, p.kind, ADMIN_USER) for p in plan)
        for a in history:
            assert a.completed_at <= dt.datetime.now(dt.UTC)
            if a.corrects_id is not None:
                original = next(o for o in history if o.id == a.corrects_id)
                assert (original.client_id, original.assessed_on) == (client_id, a.assessed_on)
        due = service.next_due(client_id)
        expected = next_assessment(client.entry_date, history, closed_on=client.exit_date)
        assert due == expected
        row = repo.summaries([client_id], include_legal=True, today=TODAY)[0]
        shown = Alert.ASSESSMENT_DUE in row.alerts
        assert shown is (due is not None and client.exit_date is None
                         and due.is_due_soon(TODAY)), client_id
        due_alerts += shown
    active = sum(1 for c in clients if c.exit_date is None)
    assert 0.05 * active < due_alerts < 0.5 * active
    # One audit entry for all of it, as before; no assessment or client detail in it.
    entries = admin_session.vault.audit.entries(action=AuditAction.DEMO_DATA)
    assert [e.detail for e in entries] == ["clients=300"]
    assert admin_session.vault.audit.entries(action=AuditAction.ASSESSMENT_COMPLETED) == []


def test_the_same_seed_stores_the_same_assessments(tmp_path: Path) -> None:
    contents = []
    for index in range(2):
        admin = vault_service.NewAdministrator("director", "Director", ADMIN_PASSPHRASE)
        session, _code = vault_service.set_up_vault(tmp_path / f"v{index}", "Org", admin)
        try:
            DemoDataService(session).add_clients(80, seed=11, today=TODAY)
            rows = session.vault.connection.execute(
                "SELECT c.name_to_use, a.kind, a.assessed_on, a.scores, a.correction_reason, "
                "a.corrects_id IS NULL FROM assessments a JOIN clients c ON c.id = a.client_id "
                "ORDER BY c.rowid, a.rowid").fetchall()
        finally:
            session.lock()
        contents.append([tuple(row) for row in rows])
    assert contents[0] == contents[1]
    assert len(contents[0]) > 150


def test_a_bad_row_leaves_no_clients_and_no_assessments(admin_session: Session,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from shelter_desktop.services import demo_data

    real = demo_data.generate

    def with_a_bad_row(count: int, seed: int, today: dt.date | None = None
                       ) -> Iterator[NewClient]:
        for index, client in enumerate(real(count, seed, today)):
            yield client if index != 250 else NewClient(answers={}, entry_date=TODAY)

    monkeypatch.setattr(demo_data, "generate", with_a_bad_row)
    with pytest.raises(ValidationError):
        DemoDataService(admin_session).add_clients(300, seed=4, today=TODAY)
    connection = admin_session.vault.connection
    assert connection.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0


def test_two_thousand_clients_with_assessments_take_seconds(admin_session: Session) -> None:
    started = time.perf_counter()
    DemoDataService(admin_session).add_clients(2_000, seed=6, today=TODAY)
    elapsed = time.perf_counter() - started
    count = admin_session.vault.connection.execute("SELECT count(*) FROM assessments")
    assert count.fetchone()[0] > 5_000
    assert elapsed < 10, elapsed  # about 1.2 s here; 10k take about 6 s
