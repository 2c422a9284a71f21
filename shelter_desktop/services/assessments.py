"""Needs assessments: complete (immutable), correct by a new one, history, due dates, reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.assessments import (
    Assessment,
    AssessmentKind,
    DomainChange,
    DomainScore,
    NextAssessment,
    check_scores,
    domain_changes,
    effective,
    next_assessment,
)
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.clients import ClientStatus
from shelter_desktop.domain.instrument import INSTRUMENTS, SELF_SUFFICIENCY, Instrument
from shelter_desktop.domain.intake import check_text
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_
from shelter_desktop.services.session import Session
from shelter_desktop.storage.assessments_repo import AssessmentRepository
from shelter_desktop.storage.clients_repo import ClientRepository

ASSESSMENT_DRAFT = "assessment"
CORRECTION_REASON_MAX = 500


@dataclass(frozen=True)
class GoalSeed:
    """What "add a goal" carries from a domain into the client's service plan."""

    client_id: str
    domain: str
    baseline_score: int | None
    assessment_id: str | None
    assessed_on: dt.date | None


class AssessmentService:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _repo(self) -> AssessmentRepository:
        return AssessmentRepository(self.session.vault.connection)

    @property
    def _clients(self) -> ClientRepository:
        return ClientRepository(self.session.vault.connection)

    def _client(self, client_id: str) -> tuple[dt.date, dt.date | None]:
        client = self._clients.get(client_id, include_restricted=False)
        if client is None:
            raise ValidationError(N_("This client record no longer exists."), "client")
        closed = client.exit_date if client.status is ClientStatus.CLOSED else None
        return client.entry_date, closed

    def history(self, client_id: str) -> list[Assessment]:
        """Every completed assessment, corrected ones included, oldest first; audited."""
        self.session.require(Permission.ASSESS)
        self._client(client_id)
        items = self._repo.for_client(client_id)
        self.session.audit_now(AuditAction.ASSESSMENTS_VIEWED, client_id)
        return items

    def next_due(self, client_id: str) -> NextAssessment | None:
        self.session.require(Permission.VIEW_CLIENT)
        entry, closed = self._client(client_id)
        return next_assessment(entry, self._repo.for_client(client_id), closed_on=closed)

    def complete(self, client_id: str, kind: AssessmentKind, assessed_on: dt.date,
                 scores: dict[str, DomainScore], *, instrument: Instrument = SELF_SUFFICIENCY,
                 corrects_id: str | None = None, correction_reason: str = "",
                 today: dt.date | None = None) -> Assessment:
        """Store a completed assessment. It can never change; a correction is a new one."""
        self.session.require(Permission.ASSESS)
        entry, _closed = self._client(client_id)
        checked = check_scores(instrument, scores)
        if not any(s.status.value == "scored" for s in checked.values()):
            raise ValidationError(N_("Score at least one domain, or save this as a draft."),
                                  "scores")
        if assessed_on > (today or dt.date.today()):
            raise ValidationError(N_("The assessment date cannot be in the future."),
                                  "assessed_on")
        if assessed_on < entry:
            raise ValidationError(N_("The assessment date is before the client's entry."),
                                  "assessed_on")
        reason = ""
        if corrects_id is not None:
            corrected = self._repo.get(corrects_id)
            if corrected is None or corrected.client_id != client_id:
                raise ValidationError(N_("The assessment to correct was not found."),
                                      "corrects_id")
            if any(a.corrects_id == corrects_id for a in self._repo.for_client(client_id)):
                raise ValidationError(N_("This assessment was already corrected; correct the "
                                         "correction instead."), "corrects_id")
            reason = check_text(correction_reason.strip(), field="correction_reason",
                                max_length=CORRECTION_REASON_MAX)
            if not reason:
                raise ValidationError(N_("Please say why this assessment is being corrected."),
                                      "correction_reason")
        account = self.session.account
        with self.session.write():
            repo = self._repo
            assessment_id = repo.insert(
                client_id=client_id, instrument=instrument.key, kind=kind,
                assessed_on=assessed_on, scores=checked, corrects_id=corrects_id,
                correction_reason=reason, actor_id=account.id, actor_name=account.username)
            # The column feeds the list alert, which only active records show: store what is
            # due while active (the next review), so a record reopened after its exit
            # assessment alerts on the date next_due gives, not 30 days after entry.
            following = next_assessment(entry, repo.for_client(client_id))
            repo.set_client_due(client_id, following.due_on if following else None)
            self.session.audit(AuditAction.ASSESSMENT_COMPLETED, client_id,
                               f"assessment={assessment_id}")
        stored = self._repo.get(assessment_id)
        assert stored is not None
        return stored

    def goal_seed(self, client_id: str, domain_key: str) -> GoalSeed:
        """The domain and its latest score, to start a plan goal from (the plan builds on it)."""
        self.session.require(Permission.EDIT_PLAN)
        if domain_key not in {domain.key for domain in SELF_SUFFICIENCY.domains}:
            raise ValidationError(N_("Unknown domain: {key}."), "domain", key=domain_key)
        self._client(client_id)
        latest = None
        for assessment in reversed(effective(self._repo.for_client(client_id))):
            if assessment.score(domain_key) is not None:
                latest = assessment
                break
        return GoalSeed(client_id, domain_key,
                        latest.score(domain_key) if latest else None,
                        latest.id if latest else None,
                        latest.assessed_on if latest else None)

    def domain_changes(self, instrument_key: str = SELF_SUFFICIENCY.key) -> list[DomainChange]:
        """Per domain, first → latest score across clients; counts and means only."""
        self.session.require(Permission.VIEW_REPORTS)
        instrument = INSTRUMENTS[instrument_key]
        result = domain_changes(instrument, self._repo.by_client())
        self.session.audit_now(AuditAction.REPORT_VIEWED, detail="domain_changes")
        return result
