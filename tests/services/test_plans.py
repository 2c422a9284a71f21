"""Service plans: drafts change, agreed versions never do, revisions keep every version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.plans import (
    Acknowledgement,
    Action,
    CopyDecision,
    PlanAcknowledgement,
    PlanStatus,
    Responsible,
    Review,
)
from shelter_desktop.errors import PermissionDeniedError, ValidationError
from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.storage.database import DatabaseError
from tests.conftest import VaultFixture
from tests.ui.client_factory import add_client

AGREED = PlanAcknowledgement(Acknowledgement.VERBAL, dt.date(2026, 11, 1), True,
                             CopyDecision.KEPT_AT_SHELTER)


def seed(client_id: str, domain: str = "housing", score: int | None = 1) -> GoalSeed:
    return GoalSeed(client_id, domain, score, None, None)


def audit_actions(session: Session) -> list[str]:
    return [entry.action for entry in session.vault.audit.entries()]


def test_a_goal_from_an_assessment_domain_starts_the_plan(admin_session: Session) -> None:
    client_id = add_client(admin_session, "Zoë Ivanenko")
    plan = PlanService(admin_session).add_goal(client_id, seed(client_id), "Мати свій дім")
    assert plan.version == 1 and plan.status is PlanStatus.DRAFT
    assert [(g.domain, g.baseline_score, g.in_client_words) for g in plan.goals] == [
        ("housing", 1, "Мати свій дім")]
    assert "plan.created" in audit_actions(admin_session)


def test_an_agreed_version_never_changes_and_a_revision_keeps_both(
        admin_session: Session) -> None:
    service = PlanService(admin_session)
    client_id = add_client(admin_session, "Amina")
    plan = service.add_goal(client_id, seed(client_id), "A safe room of my own")
    action = Action(str(uuid.uuid4()), "Visit the housing office", Responsible.CASEWORKER,
                    dt.date(2026, 12, 1))
    goal = dataclasses.replace(plan.goals[0], actions=(action,))
    plan = service.save_draft(dataclasses.replace(plan, goals=(goal,)))
    agreed = service.acknowledge(plan.id, AGREED)
    assert agreed.status is PlanStatus.ACTIVE and not agreed.is_editable

    with pytest.raises(ValidationError):
        service.save_draft(dataclasses.replace(agreed, goals=()))
    with pytest.raises(DatabaseError, match="cannot be changed"):
        admin_session.vault.connection.execute(
            "UPDATE plan_versions SET data = '{}' WHERE id = ?", (agreed.id,))
    with pytest.raises(ValidationError):
        service.revise(client_id, "   ")

    second = service.revise(client_id, "The client wants to study first")
    assert second.version == 2 and second.is_editable
    assert second.change_reason == "The client wants to study first"
    service.acknowledge(second.id, AGREED)
    versions = service.versions(client_id)
    assert [(v.version, v.status) for v in versions] == [(1, PlanStatus.SUPERSEDED),
                                                        (2, PlanStatus.ACTIVE)]
    assert versions[0].goals == agreed.goals


def test_a_review_on_an_agreed_plan_starts_a_new_version(admin_session: Session) -> None:
    service = PlanService(admin_session)
    client_id = add_client(admin_session, "王芳")
    plan = service.acknowledge(
        service.add_goal(client_id, seed(client_id, "income", 2), "有自己的银行账户").id, AGREED)
    review = Review(str(uuid.uuid4()), dt.date.today(), True, "client, caseworker",
                    "Account opened", "Next: a job search")
    reviewed = service.add_review(client_id, review)
    assert reviewed.version == plan.version + 1 and reviewed.reviews == (review,)
    due = service.review_due(client_id)
    assert due is not None and due > review.on


def test_goal_text_is_stored_exactly_or_refused(admin_session: Session) -> None:
    service = PlanService(admin_session)
    client_id = add_client(admin_session, "Harpreet")
    words = "ਆਪਣਾ ਘਰ \u200d‏ (my home)"
    assert service.add_goal(client_id, seed(client_id), words).goals[0].in_client_words == words
    with pytest.raises(ValidationError):
        service.add_goal(client_id, seed(client_id), "bad\x00text")
    with pytest.raises(ValidationError):
        service.add_goal(client_id, seed(client_id), "   ")


def test_intake_workers_cannot_see_or_change_plans(vault: VaultFixture) -> None:
    vault.add_staff("intake", Role.INTAKE_WORKER, "a long staff passphrase here")
    admin = vault.unlock()
    try:
        client_id = add_client(admin, "Mila")
    finally:
        admin.lock()
    session = vault.unlock("intake", "a long staff passphrase here")
    try:
        service = PlanService(session)
        with pytest.raises(PermissionDeniedError):
            service.versions(client_id)
        with pytest.raises(PermissionDeniedError):
            service.add_goal(client_id, seed(client_id), "x")
    finally:
        session.lock()


def _pdf_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_printing_is_audited_and_restricted_items_only_when_named(
        admin_session: Session) -> None:
    from shelter_desktop.domain.answers import Answer
    from shelter_desktop.domain.plans import PrintOptions
    from shelter_desktop.services.clients import ClientService
    from shelter_desktop.services.plans import PlanPrinting

    client_id = add_client(admin_session, "Lucía M.")
    ClientService(admin_session).update_answers(client_id, {
        "legal_name": Answer.of("Lucía Hernández Legal"),
        "immigration_status": Answer.of("refugee_claimant")})
    PlanService(admin_session).add_goal(client_id, seed(client_id), "Tener papeles")
    printing = PlanPrinting(admin_session)
    plain = _pdf_text(printing.render(client_id, PrintOptions(language="es")))
    assert "Tener papeles" in plain and "Hernández Legal" not in plain
    named = _pdf_text(printing.render(client_id, PrintOptions(
        language="en", include=frozenset({"legal_name", "immigration_status"}))))
    assert "Lucía Hernández Legal" in named and "Refugee claimant" in named
    printed = [e for e in admin_session.vault.audit.entries() if e.action == "plan.printed"]
    assert len(printed) == 2


def test_an_unfinished_draft_is_kept_but_not_agreed_and_audits_when_asked(
        admin_session: Session) -> None:
    from shelter_desktop.services.plans import blank_action, blank_goal

    service = PlanService(admin_session)
    client_id = add_client(admin_session, "Nour")
    plan = service.start(client_id, "Nadia")
    goal = blank_goal(seed(client_id, "income", 2), 1)
    plan = service.save_draft(dataclasses.replace(plan, goals=(goal,)), unfinished=True)
    assert [(g.domain, g.baseline_score, g.in_client_words) for g in plan.goals] == [
        ("income", 2, "")]
    action = blank_action()
    goal = dataclasses.replace(plan.goals[0], in_client_words="حساب بنكي خاص بي",
                               actions=(action,))
    plan = service.save_draft(dataclasses.replace(plan, goals=(goal,)), unfinished=True,
                              audit=False)
    assert plan.goals[0].in_client_words == "حساب بنكي خاص بي"
    assert plan.goals[0].actions[0].what == ""
    assert audit_actions(admin_session).count("plan.changed") == 1

    with pytest.raises(ValidationError) as refused:  # an unfinished action is not agreed
        service.acknowledge(plan.id, AGREED)
    assert refused.value.field == "what"
    with pytest.raises(ValidationError):  # nor saved as finished
        service.save_draft(plan)
    with pytest.raises(ValidationError):  # text that cannot be stored is refused even unfinished
        service.save_draft(dataclasses.replace(plan, goals=(
            dataclasses.replace(goal, in_client_words="bad\x00"),)), unfinished=True)

    done = dataclasses.replace(action, what="Open the account")
    plan = service.save_draft(dataclasses.replace(plan, goals=(
        dataclasses.replace(plan.goals[0], actions=(done,)),)), unfinished=True, audit=False)
    assert audit_actions(admin_session).count("plan.changed") == 1
    agreed = service.acknowledge(plan.id, AGREED)
    assert agreed.goals[0].actions[0].what == "Open the account"


def test_plan_problems_point_at_the_goal_and_item(admin_session: Session) -> None:
    from shelter_desktop.services.plans import blank_action, blank_goal, plan_problems

    service = PlanService(admin_session)
    client_id = add_client(admin_session, "Ana")
    plan = service.start(client_id, "Nadia")
    written = dataclasses.replace(blank_goal(seed(client_id), 1), in_client_words="Casa")
    action = dataclasses.replace(blank_action(), partner_description="x" * 201)
    empty = dataclasses.replace(blank_goal(seed(client_id, "legal"), 2), actions=(action,))
    plan = dataclasses.replace(plan, goals=(written, empty))
    problems = plan_problems(plan)
    assert [(p.goal_id, p.item_id, p.error.field, p.blank) for p in problems] == [
        (empty.id, None, "in_client_words", True),
        (empty.id, action.id, "what", True),
        (empty.id, action.id, "partner_description", False)]
    assert [p.error.field for p in plan_problems(plan, finished=False)] == [
        "partner_description"]


def test_reading_versions_again_after_ones_own_change_is_not_a_new_view(
        admin_session: Session) -> None:
    service = PlanService(admin_session)
    client_id = add_client(admin_session, "Mila")
    service.add_goal(client_id, seed(client_id), "Learn French")
    service.versions(client_id)
    service.versions(client_id, audit=False)
    assert audit_actions(admin_session).count("plan.viewed") == 1


def test_intake_workers_cannot_save_an_unfinished_plan(vault: VaultFixture) -> None:
    vault.add_staff("intake", Role.INTAKE_WORKER, "a long staff passphrase here")
    admin = vault.unlock()
    try:
        client_id = add_client(admin, "Mila")
        plan = PlanService(admin).add_goal(client_id, seed(client_id), "A job")
    finally:
        admin.lock()
    session = vault.unlock("intake", "a long staff passphrase here")
    try:
        with pytest.raises(PermissionDeniedError):
            PlanService(session).save_draft(plan, unfinished=True, audit=False)
        with pytest.raises(PermissionDeniedError):
            PlanService(session).versions(client_id, audit=False)
    finally:
        session.lock()


def test_the_list_says_when_a_plan_review_is_due(admin_session: Session) -> None:
    from shelter_desktop.domain.clients import Alert
    from shelter_desktop.domain.plans import Review
    from shelter_desktop.services.clients import ClientService

    today = dt.date.today()
    client_id = add_client(admin_session, "Review Person", today=today - dt.timedelta(days=120))
    plans = PlanService(admin_session)
    plans.add_goal(client_id, seed(client_id), "A room of my own")
    clients = ClientService(admin_session)
    # A new plan is reviewed 30 days on while the client is stabilising: not due yet.
    assert Alert.PLAN_REVIEW_DUE not in clients.summaries([client_id])[0].alerts
    last = today - dt.timedelta(days=100)  # 20 days after entry: the next was due 70 days ago
    plans.add_review(client_id, Review(str(uuid.uuid4()), last, True, "", "", ""))
    assert plans.review_due(client_id) == last + dt.timedelta(days=30)
    assert Alert.PLAN_REVIEW_DUE in clients.summaries([client_id])[0].alerts
    ClientService(admin_session).close(client_id, today, "moved on")
    assert Alert.PLAN_REVIEW_DUE not in clients.summaries([client_id])[0].alerts
