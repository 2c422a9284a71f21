"""Service plans: start, edit the draft, agree with the client, revise into a new version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.intake import check_text
from shelter_desktop.domain.plans import (
    Action,
    Goal,
    Objective,
    PlanAcknowledgement,
    PlanStatus,
    PlanVersion,
    PrintOptions,
    Responsible,
    Review,
    plan_review_due,
)
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_
from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.session import Session
from shelter_desktop.storage.clients_repo import ClientRepository
from shelter_desktop.storage.plans_repo import PlanRepository

TEXT_MAX = 2000


@dataclass(frozen=True)
class PlanProblem:
    """Why a goal (or one of its actions or objectives) cannot be stored or agreed yet.

    ``item_id`` is the action's or objective's id, or None for the goal's own words; ``blank``
    marks something not written yet, which a draft may hold but an agreed plan may not.
    """

    goal_id: str
    item_id: str | None
    error: ValidationError
    blank: bool = False


def _goal_problems(goal: Goal, *, finished: bool) -> list[PlanProblem]:
    problems: list[PlanProblem] = []

    def check(item_id: str | None, text: str, field: str, max_length: int, multiline: bool,
              blank_message: str | None) -> None:
        # Words that must be written are checked without their surrounding blanks (and stored
        # so); other text exactly as typed.
        try:
            if blank_message:  # a control character is refused at the edges too, not dropped
                check_text(text, field=field, max_length=len(text), multiline=multiline)
            kept = check_text(text.strip() if blank_message else text, field=field,
                              max_length=max_length, multiline=multiline)
        except ValidationError as error:
            problems.append(PlanProblem(goal.id, item_id, error))
            return
        if not kept.strip() and blank_message is not None and finished:
            problems.append(PlanProblem(goal.id, item_id, ValidationError(blank_message, field),
                                        blank=True))

    check(None, goal.in_client_words, "in_client_words", TEXT_MAX, True,
          N_("Write the goal in the client's own words."))
    for objective in goal.objectives:
        check(objective.id, objective.statement, "statement", TEXT_MAX, True, None)
    for action in goal.actions:
        check(action.id, action.what, "what", TEXT_MAX, True, N_("Say what will be done."))
        check(action.id, action.partner_description, "partner_description", 200, False, None)
    return problems


def plan_problems(plan: PlanVersion, *, finished: bool = True) -> list[PlanProblem]:
    """Every problem of every goal, in order; ``finished=False`` lets blank words through.

    The editor uses this to show each message beside its own field; the service refuses to
    store (or to agree) a plan that has any.
    """
    return [problem for goal in plan.goals
            for problem in _goal_problems(goal, finished=finished)]


def _check_goal(goal: Goal, *, finished: bool = True) -> Goal:
    problems = _goal_problems(goal, finished=finished)
    if problems:
        raise problems[0].error
    return dataclasses.replace(goal, in_client_words=goal.in_client_words.strip())


def blank_goal(seed: GoalSeed, priority: int) -> Goal:
    """A new goal from an assessment domain and its latest score, words still to be written."""
    return Goal(id=str(uuid.uuid4()), domain=seed.domain, baseline_score=seed.baseline_score,
                in_client_words="", priority=priority)


def blank_objective() -> Objective:
    return Objective(id=str(uuid.uuid4()), statement="")


def blank_action() -> Action:
    return Action(id=str(uuid.uuid4()), what="", who=Responsible.CLIENT)


class PlanService:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _repo(self) -> PlanRepository:
        return PlanRepository(self.session.vault.connection)

    def _require_client(self, client_id: str) -> dt.date:
        client = ClientRepository(self.session.vault.connection).get(
            client_id, include_restricted=False)
        if client is None:
            raise ValidationError(N_("This client record no longer exists."), "client")
        return client.entry_date

    def versions(self, client_id: str, *, audit: bool = True) -> list[PlanVersion]:
        """Every version, oldest first; viewing is audited.

        ``audit=False`` is for reading them again right after one's own change (agreeing,
        revising), which the log already records; opening the plan is always audited.
        """
        self.session.require(Permission.EDIT_PLAN)
        self._require_client(client_id)
        items = self._repo.versions(client_id)
        if audit:
            self.session.audit_now(AuditAction.PLAN_VIEWED, client_id)
        return items

    def latest(self, client_id: str) -> PlanVersion | None:
        self.session.require(Permission.EDIT_PLAN)
        items = self._repo.versions(client_id)
        return items[-1] if items else None

    def start(self, client_id: str, caseworker_first_name: str) -> PlanVersion:
        self.session.require(Permission.EDIT_PLAN)
        self._require_client(client_id)
        if self._repo.versions(client_id):
            raise ValidationError(N_("This client already has a plan; revise it instead."),
                                  "plan")
        name = check_text(caseworker_first_name.strip(), field="caseworker_first_name",
                          max_length=100)
        plan = PlanVersion(id=str(uuid.uuid4()), plan_id=str(uuid.uuid4()),
                           client_id=client_id, version=1, status=PlanStatus.DRAFT, goals=(),
                           next_meeting=None, caseworker_first_name=name)
        with self.session.write():
            self._repo.insert(plan, self.session.account.id, self.session.account.username)
            self._keep_review_due(client_id)
            self.session.audit(AuditAction.PLAN_CREATED, client_id, f"version={plan.version}")
        return self._stored(plan.id)

    def _keep_review_due(self, client_id: str) -> None:
        """Store when the next review is due, for the list's alert (inside the write)."""
        entry = self._require_client(client_id)
        due = plan_review_due(entry, self._repo.versions(client_id))
        self._repo.set_review_due([(client_id, due)])

    def _stored(self, version_id: str) -> PlanVersion:
        stored = self._repo.get(version_id)
        assert stored is not None
        return stored

    def save_draft(self, plan: PlanVersion, *, audit: bool = True,
                   unfinished: bool = False) -> PlanVersion:
        """Change a draft version; an agreed version is never changed (revise it instead).

        ``unfinished`` lets a draft keep goals whose words, or actions whose "what", are not
        written yet (the editor saves as the person types); agreeing still needs them.
        ``audit=False`` leaves no "plan changed" entry: an editor saving every few seconds
        audits its first save of a version in a session, not every pause in typing.
        """
        self.session.require(Permission.EDIT_PLAN)
        current = self._repo.get(plan.id)
        if current is None or not current.is_editable:
            raise ValidationError(N_("This version was agreed with the client and cannot "
                                     "change. Start a new version to change it."), "plan")
        goals = tuple(_check_goal(g, finished=not unfinished) for g in plan.goals)
        checked = dataclasses.replace(current, goals=goals,
                                      next_meeting=plan.next_meeting, reviews=plan.reviews,
                                      print_languages=plan.print_languages)
        with self.session.write():
            self._repo.update_draft(checked, self.session.account.id)
            if checked.reviews != current.reviews:
                self._keep_review_due(plan.client_id)
            if audit:
                self.session.audit(AuditAction.PLAN_CHANGED, plan.client_id,
                                   f"version={plan.version}")
        return self._stored(plan.id)

    def revise(self, client_id: str, reason: str) -> PlanVersion:
        """A new draft version from the latest one; the reason says what changed and why."""
        self.session.require(Permission.EDIT_PLAN)
        latest = self.latest(client_id)
        if latest is None:
            raise ValidationError(N_("This client has no plan yet."), "plan")
        if latest.is_editable:
            return latest
        why = check_text(reason.strip(), field="change_reason", max_length=500)
        if not why:
            raise ValidationError(N_("Please say what changes and why."), "change_reason")
        draft = dataclasses.replace(latest, id=str(uuid.uuid4()), version=latest.version + 1,
                                    status=PlanStatus.DRAFT, acknowledgement=None,
                                    change_reason=why)
        with self.session.write():
            self._repo.insert(draft, self.session.account.id, self.session.account.username)
            self.session.audit(AuditAction.PLAN_CHANGED, client_id, f"version={draft.version}")
        return self._stored(draft.id)

    def add_goal(self, client_id: str, seed: GoalSeed, in_client_words: str) -> PlanVersion:
        """"Add a goal from this domain": the domain and its baseline score go into the plan."""
        plan = self.latest(client_id) or self.start(client_id, self.session.account.display_name)
        if not plan.is_editable:
            plan = self.revise(client_id, N_("New goal"))
        goal = Goal(id=str(uuid.uuid4()), domain=seed.domain, baseline_score=seed.baseline_score,
                    in_client_words=in_client_words, priority=len(plan.goals) + 1)
        return self.save_draft(dataclasses.replace(plan, goals=(*plan.goals, goal)))

    def acknowledge(self, version_id: str, acknowledgement: PlanAcknowledgement) -> PlanVersion:
        """The client agreed (signature, mark or verbal); the previous version is superseded."""
        self.session.require(Permission.EDIT_PLAN)
        plan = self._repo.get(version_id)
        if plan is None or not plan.is_editable:
            raise ValidationError(N_("Only a draft can be agreed."), "plan")
        if not plan.goals:
            raise ValidationError(N_("Add at least one goal first."), "goals")
        problems = plan_problems(plan)  # a draft saved unfinished must be finished first
        if problems:
            raise problems[0].error
        with self.session.write():
            for older in self._repo.versions(plan.client_id):
                if older.status is PlanStatus.ACTIVE:
                    self._repo.set_status(older.id, PlanStatus.SUPERSEDED,
                                          self.session.account.id)
            self._repo.acknowledge(version_id, acknowledgement, self.session.account.id)
            self.session.audit(AuditAction.PLAN_ACKNOWLEDGED, plan.client_id,
                               f"version={plan.version}")
        return self._stored(version_id)

    def add_review(self, client_id: str, review: Review) -> PlanVersion:
        """Record a review: on an agreed plan this starts a new version."""
        plan = self.latest(client_id)
        if plan is None:
            raise ValidationError(N_("This client has no plan yet."), "plan")
        for text in (review.attendees, review.progress, review.changes):
            check_text(text, field="review", max_length=TEXT_MAX, multiline=True)
        if not plan.is_editable:
            plan = self.revise(client_id, review.changes or N_("Review"))
        return self.save_draft(dataclasses.replace(plan, reviews=(*plan.reviews, review)))

    def review_due(self, client_id: str) -> dt.date | None:
        self.session.require(Permission.EDIT_PLAN)
        entry = self._require_client(client_id)
        return plan_review_due(entry, self._repo.versions(client_id))


class PlanPrinting:
    """The printed plan as PDF bytes, in memory; every preview, print and save is audited."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def render(self, client_id: str, options: PrintOptions, *, purpose: str = "print",
               today: dt.date | None = None) -> bytes:
        """The latest version in the chosen language(s). ``purpose``: preview, print or save."""
        from shelter_desktop.reports.service_plan import render_plan

        self.session.require(Permission.PRINT_CLIENT)
        versions = PlanRepository(self.session.vault.connection).versions(client_id)
        if not versions:
            raise NoPlanError()
        client = ClientRepository(self.session.vault.connection).get(
            client_id, include_restricted=False)
        if client is None:
            raise ValidationError(N_("This client record no longer exists."), "client")
        restricted: dict[str, str] = {}
        if options.include:
            # Named items of domain.md §4.4, printed only because staff asked for them this once.
            self.session.require(Permission.REVEAL_RESTRICTED)
            restricted = self._included_values(client_id, options)
        pdf = render_plan(versions[-1], client.name_to_use, options,
                          today=today or dt.date.today(), restricted=restricted)
        self.session.audit_now(AuditAction.PLAN_PRINTED, client_id,
                               f"version={versions[-1].version} purpose={purpose} "
                               f"lang={options.language}")
        return pdf


    def _included_values(self, client_id: str, options: PrintOptions) -> dict[str, str]:
        from shelter_desktop.domain.intake_schema import FIELDS
        from shelter_desktop.i18n import translator_for

        answers, restricted = ClientRepository(self.session.vault.connection).answers(
            client_id, include_restricted=True)
        document = translator_for(options.language)
        values: dict[str, str] = {}
        legal = restricted.get("legal_name")
        if "legal_name" in options.include and legal is not None and legal.is_answered:
            values["legal_name"] = str(legal.value)
        status = answers.get("immigration_status")
        if "immigration_status" in options.include and status is not None and status.is_answered:
            labels = dict(FIELDS["immigration_status"].choices)
            values["immigration_status"] = document.gettext(labels.get(status.value,
                                                                       str(status.value)))
        return values


class NoPlanError(ValidationError):
    """Exit code 4 on the command line: a clear message, nothing printed."""

    exit_code = 4

    def __init__(self) -> None:
        super().__init__(N_("This client has no service plan yet."), "plan")
