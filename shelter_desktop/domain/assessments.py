"""Needs assessments over time: immutable once completed, corrected only by a new one.

Rules (domain.md §3): assess within 30 days of entry, at each plan review and at exit; review
every 30 days while the client is stabilising (the first 90 days), then every 90 days.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from shelter_desktop.domain.clients import ASSESSMENT_WARNING_DAYS, FIRST_ASSESSMENT_DAYS
from shelter_desktop.domain.instrument import INSTRUMENTS, NOT_APPLICABLE, SCORES, Instrument
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_

INTAKE_DUE_DAYS = FIRST_ASSESSMENT_DAYS
STABILISING_DAYS = 90
STABILISING_REVIEW_DAYS = 30
REVIEW_DAYS = 90
DUE_SOON_DAYS = ASSESSMENT_WARNING_DAYS
NOTE_MAX = 2000


class AssessmentKind(enum.StrEnum):
    INTAKE = "intake"
    REVIEW = "review"
    EXIT = "exit"


KIND_LABELS = {
    AssessmentKind.INTAKE: N_("Intake assessment"),
    AssessmentKind.REVIEW: N_("Review"),
    AssessmentKind.EXIT: N_("Exit assessment"),
}


class ScoreStatus(enum.StrEnum):
    SCORED = "scored"  # 1–5, or 0 = not applicable where the domain allows it
    NOT_ASSESSED = "not_assessed"
    DECLINED = "declined"


STATUS_LABELS = {
    ScoreStatus.NOT_ASSESSED: N_("Not assessed"),
    ScoreStatus.DECLINED: N_("Prefers not to answer"),
}


@dataclass(frozen=True)
class DomainScore:
    status: ScoreStatus = ScoreStatus.NOT_ASSESSED
    score: int | None = None
    note: str = ""

    @classmethod
    def of(cls, score: int, note: str = "") -> DomainScore:
        return cls(ScoreStatus.SCORED, score, note)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"status": self.status.value}
        if self.status is ScoreStatus.SCORED:
            data["score"] = self.score
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_json(cls, data: object) -> DomainScore:
        if not isinstance(data, dict):
            return cls()
        status = ScoreStatus(data.get("status", ScoreStatus.NOT_ASSESSED))
        score = data.get("score") if status is ScoreStatus.SCORED else None
        return cls(status, int(score) if score is not None else None, str(data.get("note", "")))


@dataclass(frozen=True)
class Assessment:
    id: str
    client_id: str
    instrument_key: str
    kind: AssessmentKind
    assessed_on: dt.date
    scores: dict[str, DomainScore]
    completed_at: dt.datetime
    completed_by: str
    corrects_id: str | None = None
    correction_reason: str = ""

    @property
    def instrument(self) -> Instrument:
        return INSTRUMENTS[self.instrument_key]

    def score(self, domain_key: str) -> int | None:
        entry = self.scores.get(domain_key)
        return entry.score if entry and entry.status is ScoreStatus.SCORED else None


@dataclass(frozen=True)
class NextAssessment:
    kind: AssessmentKind
    due_on: dt.date

    def is_overdue(self, today: dt.date) -> bool:
        return today > self.due_on

    def is_due_soon(self, today: dt.date) -> bool:
        return today >= self.due_on - dt.timedelta(days=DUE_SOON_DAYS)


def check_scores(instrument: Instrument, scores: dict[str, DomainScore]) -> dict[str, DomainScore]:
    """Every domain dealt with (a score, or not assessed / declined); notes stored exactly."""
    from shelter_desktop.domain.intake import check_text

    unknown = set(scores) - {domain.key for domain in instrument.domains}
    if unknown:
        raise ValidationError(N_("Unknown domain: {key}."), "scores", key=sorted(unknown)[0])
    checked: dict[str, DomainScore] = {}
    for domain in instrument.domains:
        entry = scores.get(domain.key, DomainScore())
        note = check_text(entry.note, field=domain.key, max_length=NOTE_MAX, multiline=True)
        score = None
        if entry.status is ScoreStatus.SCORED:
            allowed = set(SCORES) | ({NOT_APPLICABLE} if domain.allows_not_applicable else set())
            # A whole number only: True == 1 and 3.0 == 3 would pass a plain membership test.
            if type(entry.score) is not int or entry.score not in allowed:
                raise ValidationError(N_("Choose a score from 1 to 5 for this domain."),
                                      domain.key)
            score = entry.score
        checked[domain.key] = DomainScore(entry.status, score, note)
    return checked


def effective(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Assessments that are not superseded by a correction, oldest first."""
    items = list(assessments)
    corrected = {a.corrects_id for a in items if a.corrects_id}
    return sorted((a for a in items if a.id not in corrected),
                  key=lambda a: (a.assessed_on, a.completed_at))


def next_assessment(entry_date: dt.date, assessments: Sequence[Assessment], *,
                    closed_on: dt.date | None = None) -> NextAssessment | None:
    """What is due next: intake within 30 days of entry, then reviews, and exit on closing."""
    current = effective(assessments)
    if closed_on is not None:
        if any(a.kind is AssessmentKind.EXIT for a in current):
            return None
        return NextAssessment(AssessmentKind.EXIT, closed_on)
    if not current:
        return NextAssessment(AssessmentKind.INTAKE,
                              entry_date + dt.timedelta(days=INTAKE_DUE_DAYS))
    last = current[-1].assessed_on
    stabilising = (last - entry_date).days < STABILISING_DAYS
    interval = STABILISING_REVIEW_DAYS if stabilising else REVIEW_DAYS
    return NextAssessment(AssessmentKind.REVIEW, last + dt.timedelta(days=interval))


@dataclass(frozen=True)
class DomainChange:
    """Across clients: how one domain moved between each client's first and latest score."""

    domain: str
    clients: int
    mean_first: float
    mean_latest: float
    improved: int
    unchanged: int
    worsened: int


@dataclass
class _Tally:
    firsts: list[int] = field(default_factory=list)
    latests: list[int] = field(default_factory=list)


def domain_changes(instrument: Instrument,
                   per_client: Iterable[Sequence[Assessment]]) -> list[DomainChange]:
    """Aggregates for funders: counts and means only, no ids, names or dates."""
    tallies = {domain.key: _Tally() for domain in instrument.domains}
    for assessments in per_client:
        current = [a for a in effective(assessments) if a.instrument_key == instrument.key]
        for domain in instrument.domains:
            scored = [s for s in (a.score(domain.key) for a in current)
                      if s is not None and s != NOT_APPLICABLE]
            if len(scored) >= 2:
                tallies[domain.key].firsts.append(scored[0])
                tallies[domain.key].latests.append(scored[-1])
    result = []
    for domain in instrument.domains:
        tally = tallies[domain.key]
        count = len(tally.firsts)
        pairs = list(zip(tally.firsts, tally.latests, strict=True))
        result.append(DomainChange(
            domain=domain.key, clients=count,
            mean_first=round(sum(tally.firsts) / count, 2) if count else 0.0,
            mean_latest=round(sum(tally.latests) / count, 2) if count else 0.0,
            improved=sum(1 for a, b in pairs if b > a),
            unchanged=sum(1 for a, b in pairs if b == a),
            worsened=sum(1 for a, b in pairs if b < a)))
    return result
