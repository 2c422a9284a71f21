"""Demo data looks like a shelter's caseload: the shares below are what the generator promises,
for the clients, their needs assessments (domain.md §3) and their service plans (§4)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
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
from shelter_desktop.domain.intake import check_text
from shelter_desktop.domain.new_clients import NewClient, VaultNotEmptyError, check_new_client
from shelter_desktop.domain.plans import (
    ActionStatus,
    PlanStatus,
    PlanVersion,
    PrintOptions,
    Responsible,
    next_review,
)
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
from shelter_desktop.services.demo_plans import CHANGE_REASONS, REVIEW_CHANGES, generate_plans
from shelter_desktop.services.plans import PlanPrinting, PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.storage.assessments_repo import AssessmentRepository
from shelter_desktop.storage.clients_repo import ClientRepository
from shelter_desktop.storage.database import DatabaseError
from shelter_desktop.storage.plans_repo import PlanRepository
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


@pytest.fixture(scope="module")
def plans(sample: list[NewClient], planned: list[tuple[PlannedAssessment, ...]]
          ) -> list[list[tuple[PlanVersion, dt.datetime]]]:
    return list(generate_plans(sample, planned, seed=5, today=TODAY, now=NOW))


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
    assert connection.execute("SELECT count(*) FROM plan_versions").fetchone()[0] == 0


def test_two_thousand_clients_with_assessments_take_seconds(admin_session: Session) -> None:
    started = time.perf_counter()
    DemoDataService(admin_session).add_clients(2_000, seed=6, today=TODAY)
    elapsed = time.perf_counter() - started
    count = admin_session.vault.connection.execute("SELECT count(*) FROM assessments")
    assert count.fetchone()[0] > 5_000
    assert connection_count(admin_session, "plan_versions") > 2_500
    assert elapsed < 10, elapsed  # about 1.6 s here; 10k take about 8 s


def connection_count(session: Session, table: str) -> int:
    return int(session.vault.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# -- service plans ----------------------------------------------------------------------------

AGREED = (PlanStatus.ACTIVE, PlanStatus.SUPERSEDED, PlanStatus.CLOSED)
OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def stored_text(text: str) -> bool:
    """What PlanService accepts and stores unchanged (no control characters, not too long)."""
    return bool(text.strip()) and check_text(text, field="x", max_length=2000,
                                             multiline=True) == text


def check_versions(client: NewClient, intake: PlannedAssessment,
                   versions: list[PlanVersion], now: dt.datetime = NOW) -> None:
    """One client's plan as PlanService would leave it (domain.md §4.1, §4.2)."""
    last_day = client.exit_date - dt.timedelta(days=1) if client.exit_date else TODAY
    first = versions[0]
    assert 1 <= len(versions) <= 2
    assert [v.version for v in versions] == list(range(1, len(versions) + 1))
    assert len({v.plan_id for v in versions}) == 1 and len({v.id for v in versions}) == 2 or (
        len(versions) == 1)
    assert first.created_at is not None
    created = first.created_at.date()
    assert intake.assessed_on <= created <= last_day and first.created_at <= now
    assert first.change_reason == "" and first.reviews == ()
    # Agreed versions carry their acknowledgement; a draft has none; at most one is agreed
    # and current; a closed one only when the file is closed.
    for version in versions:
        assert (version.acknowledgement is None) is (version.status is PlanStatus.DRAFT)
        assert version.is_editable is (version is versions[-1] and
                                       version.status is PlanStatus.DRAFT)
        if version.acknowledgement is not None:
            assert version.created_at is not None
            assert version.created_at.date() <= version.acknowledgement.on <= last_day
            assert version.acknowledgement.interpreter_attested is (client.interpreter
                                                                    is not None)
    assert sum(v.status in (PlanStatus.ACTIVE, PlanStatus.CLOSED) for v in versions) <= 1
    if any(v.status is PlanStatus.CLOSED for v in versions):
        assert client.exit_date is not None
    if len(versions) == 2:
        second = versions[1]
        assert second.change_reason in {text for text, _ in (*REVIEW_CHANGES, *CHANGE_REASONS)}
        assert second.created_at is not None and second.created_at >= first.created_at
        assert first.status is (PlanStatus.SUPERSEDED if second.acknowledgement else
                                PlanStatus.CLOSED if client.exit_date else PlanStatus.ACTIVE)
        check_reviews(client, created, first, second)
        # Version 2 starts from version 1: the same goals (ids, words, baselines), more at most.
        before = {g.id: g for g in first.goals}
        after = {g.id: g for g in second.goals}
        assert before.keys() <= after.keys()
        for goal_id, goal in before.items():
            assert (after[goal_id].in_client_words, after[goal_id].baseline_score) == (
                goal.in_client_words, goal.baseline_score)
            moved = {a.id: a for a in after[goal_id].actions}
            for action in goal.actions:  # statuses only move on
                if action.status not in OPEN:
                    assert moved[action.id] == action
                if action.status is ActionStatus.IN_PROGRESS:
                    assert moved[action.id].status is not ActionStatus.NOT_STARTED
    check_goals(client, intake, created, first)
    for version in versions:
        for goal in version.goals:
            for action in goal.actions:
                assert (action.completed_on is not None) is (action.status is ActionStatus.DONE)
                if action.completed_on is not None:
                    assert created <= action.completed_on <= last_day


def check_reviews(client: NewClient, created: dt.date, first: PlanVersion,
                  second: PlanVersion) -> None:
    """Reviews on the cadence (30 days while stabilising, then 90), a few days early or late."""
    assert first.acknowledgement is not None
    previous: dt.date | None = None
    for review in second.reviews:
        due = next_review(client.entry_date, previous, created)
        assert -5 <= (review.on - due).days <= 10, (review.on, due)
        assert first.acknowledgement.on < review.on <= (client.exit_date or TODAY)
        assert stored_text(review.attendees) and stored_text(review.progress)
        previous = review.on
    if second.reviews:
        assert second.created_at is not None
        assert second.created_at.date() == second.reviews[0].on
        assert second.change_reason == second.reviews[0].changes
        if second.acknowledgement is not None:
            assert second.acknowledgement.on == second.reviews[-1].on
            assert second.reviews[-1].client_present


def check_goals(client: NewClient, intake: PlannedAssessment, created: dt.date,
                first: PlanVersion) -> None:
    """1–3 goals from the domains the intake scored worst, in the client's own words."""
    scored = {key: s.score for key, s in intake.scores.items()
              if s.status is ScoreStatus.SCORED and s.score}
    assert 1 <= len(first.goals) <= 3
    assert [g.priority for g in first.goals] == list(range(1, len(first.goals) + 1))
    baselines = [g.baseline_score for g in first.goals]
    for goal in first.goals:
        assert goal.baseline_score == scored[goal.domain]
    others = [score for key, score in scored.items()
              if key not in {g.domain for g in first.goals}]
    assert not others or max(b or 0 for b in baselines) <= min(others)
    for goal in first.goals:
        assert stored_text(goal.in_client_words)
        assert 1 <= len(goal.objectives) <= 2 and 2 <= len(goal.actions) <= 4
        for objective in goal.objectives:
            assert stored_text(objective.statement)
            assert objective.target_on is not None and objective.target_on > created
        for action in goal.actions:
            assert stored_text(action.what)
            assert action.due_on is None or action.due_on > created
            # A partner is always a neutral kind of appointment, nobody else has one.
            assert bool(action.partner_description) is (action.who is Responsible.PARTNER)
            assert action.status in OPEN  # nothing was due yet on the day it was written
    assert first.print_languages[0] == client.answers["reading_language"].value


def test_plans_keep_the_rules_of_plan_service(
        sample: list[NewClient], planned: list[tuple[PlannedAssessment, ...]],
        plans: list[list[tuple[PlanVersion, dt.datetime]]]) -> None:
    for client, assessments, versions in zip(sample, planned, plans, strict=True):
        if not versions:
            continue
        intake = [a for a in assessments if a.kind is INTAKE][-1]
        check_versions(client, intake, [v for v, _changed in versions])
        for version, changed in versions:
            assert version.created_at is not None
            assert version.created_at <= changed <= NOW


def test_plans_look_like_a_caseload(
        sample: list[NewClient], plans: list[list[tuple[PlanVersion, dt.datetime]]]) -> None:
    with_plan = [versions for versions in plans if versions]
    assert 0.75 < len(with_plan) / len(sample) < 0.92  # most clients
    count = sum(len(versions) for versions in plans)
    assert 1.2 < count / len(sample) < 1.8  # docs/performance.md: 1–2 versions on average
    statuses = Counter(tuple(v.status for v, _ in versions) for versions in with_plan)
    assert statuses[(PlanStatus.SUPERSEDED, PlanStatus.ACTIVE)] > len(with_plan) / 3
    assert statuses[(PlanStatus.ACTIVE, PlanStatus.DRAFT)] > 0
    assert statuses[(PlanStatus.DRAFT,)] > 0 and statuses[(PlanStatus.ACTIVE,)] > 0
    assert sum(n for key, n in statuses.items() if PlanStatus.CLOSED in key) > 0
    latest = [versions[-1][0] for versions in with_plan]
    actions = [a for v in latest for g in v.goals for a in g.actions]
    done = sum(a.status is ActionStatus.DONE for a in actions)
    overdue = sum(a.is_overdue(TODAY) for a in actions)
    assert 0.3 < done / len(actions) < 0.8 and 0.05 < overdue / len(actions) < 0.35
    kinds = Counter(a.status for a in actions)
    assert kinds[ActionStatus.DEFERRED] and kinds[ActionStatus.CANCELLED]
    assert kinds[ActionStatus.IN_PROGRESS] and kinds[ActionStatus.NOT_STARTED]
    who = Counter(a.who for a in actions)
    assert all(who[r] > len(actions) / 10 for r in Responsible)
    reviews = Counter(len(v.reviews) for v in latest)
    assert reviews[0] and reviews[1] and reviews[4]
    ways = Counter(v.acknowledgement.how for v in latest if v.acknowledgement)
    copies = Counter(v.acknowledgement.copy for v in latest if v.acknowledgement)
    assert len(ways) == 3 and len(copies) == 3
    # Goals in the client's own language: every reading language, some printed in two.
    languages = Counter(v.print_languages for v in latest)
    assert {codes[0] for codes in languages} == {
        "en", "fr", "es", "fil", "zh_Hans", "ko", "uk", "ar", "fa", "pa"}
    assert any(len(codes) == 2 for codes in languages)
    goal_scripts = {v.print_languages[0]: v.goals[0].in_client_words for v in latest}
    assert any("\u0600" <= ch <= "\u06ff" for ch in goal_scripts["ar"])
    assert any("\u0a00" <= ch <= "\u0a7f" for ch in goal_scripts["pa"])
    assert any("\uac00" <= ch <= "\ud7af" for ch in goal_scripts["ko"])


def test_the_same_seed_gives_the_same_plans(
        sample: list[NewClient], planned: list[tuple[PlannedAssessment, ...]],
        plans: list[list[tuple[PlanVersion, dt.datetime]]]) -> None:
    def content(versions: list[tuple[PlanVersion, dt.datetime]]) -> list[object]:
        """Everything but the random ids."""
        return [(v.version, v.status, v.created_at, v.acknowledgement, v.change_reason,
                 v.next_meeting, v.print_languages, changed,
                 [(g.domain, g.baseline_score, g.in_client_words,
                   [(o.statement, o.target_on) for o in g.objectives],
                   [(a.what, a.who, a.due_on, a.status, a.completed_on) for a in g.actions])
                  for g in v.goals], [(r.on, r.progress, r.changes) for r in v.reviews])
                for v, changed in versions]

    again = generate_plans(sample[:200], planned[:200], seed=5, today=TODAY, now=NOW)
    other = generate_plans(sample[:200], planned[:200], seed=6, today=TODAY, now=NOW)
    assert [content(v) for v in again] == [content(v) for v in plans[:200]]
    assert [content(v) for v in other] != [content(v) for v in plans[:200]]


def test_stored_plans_read_back_are_read_only_and_print(admin_session: Session) -> None:
    DemoDataService(admin_session).add_clients(300, seed=4, today=TODAY)
    clients = list(generate(300, seed=4, today=TODAY))
    assessments = list(generate_assessments(clients, seed=4, today=TODAY, now=NOW))
    expected = list(generate_plans(clients, assessments, seed=4, today=TODAY, now=NOW))
    connection = admin_session.vault.connection
    by_rowid = [row[0] for row in connection.execute("SELECT id FROM clients ORDER BY rowid")]
    repo = PlanRepository(connection)
    service = PlanService(admin_session)
    printing: dict[tuple[str, ...], str] = {}
    for client_id, client, made, planned in zip(by_rowid, clients, expected, assessments,
                                                strict=True):
        stored = repo.versions(client_id)
        # As generated (the generator's "now" differs by seconds: compare what it decides).
        assert [(v.version, v.status, len(v.goals), len(v.reviews)) for v in stored] == [
            (v.version, v.status, len(v.goals), len(v.reviews)) for v, _ in made]
        if not stored:
            assert service.review_due(client_id) is None
            continue
        assert {v.client_id for v in stored} == {client_id}
        intake = [a for a in planned if a.kind is INTAKE][-1]
        check_versions(client, intake, stored, now=dt.datetime.now(dt.UTC))
        reviews = [r.on for v in stored for r in v.reviews]
        assert stored[0].created_at is not None
        expected = None if stored[-1].status is PlanStatus.CLOSED else next_review(
            client.entry_date, max(reviews) if reviews else None, stored[0].created_at.date())
        assert service.review_due(client_id) == expected
        # … and the list's alert reads the same date, kept with the client row.
        kept = connection.execute(
            "SELECT plan_review_due FROM clients WHERE id = ?", (client_id,)).fetchone()[0]
        assert kept == (expected.isoformat() if expected else None)
        printing.setdefault(stored[-1].print_languages, client_id)
    agreed = next(v for client_id in by_rowid for v in repo.versions(client_id)
                  if v.acknowledgement is not None)
    with pytest.raises(DatabaseError, match="cannot be changed"):
        connection.execute("UPDATE plan_versions SET data = '{}' WHERE id = ?", (agreed.id,))
    # Printable, each in its client's language(s), as staff would print it.
    wanted = [codes for codes in printing if codes[0] in ("ar", "pa", "zh_Hans", "fa", "fr")]
    wanted += [codes for codes in printing if len(codes) == 2][:1]
    assert len(wanted) >= 5, sorted(printing)
    for codes in wanted:
        options = PrintOptions(language=codes[0],
                               second_language=codes[1] if len(codes) > 1 else None)
        pdf = PlanPrinting(admin_session).render(printing[codes], options, today=TODAY)
        assert len(pypdfium2.PdfDocument(pdf)) >= 1
