"""Service plans (domain.md §4): goals in the client's own words, actions, reviews, versions.

A plan is versioned: any change after the client acknowledged it makes a new version, and older
versions stay read-only with who changed what and why. What may be printed is decided here too
(§4.3, §4.4): the printed plan is safe if the wrong person finds it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from shelter_desktop.i18n import N_

# Review every 30 days while the client is stabilising (the first 90 days), then every 90.
STABILISING_DAYS = 90
STABILISING_REVIEW_DAYS = 30
REVIEW_DAYS = 90


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    SUPERSEDED = "superseded"
    CLOSED = "closed"


class Responsible(enum.StrEnum):
    CLIENT = "client"
    CASEWORKER = "caseworker"
    PARTNER = "partner"


RESPONSIBLE_LABELS = {
    Responsible.CLIENT: N_("Me"),
    Responsible.CASEWORKER: N_("My worker"),
    Responsible.PARTNER: N_("A partner service"),
}


class ActionStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DEFERRED = "deferred"
    CANCELLED = "cancelled"


ACTION_STATUS_LABELS = {
    ActionStatus.NOT_STARTED: N_("Not started"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.DEFERRED: N_("Deferred"),
    ActionStatus.CANCELLED: N_("Cancelled"),
}


class Acknowledgement(enum.StrEnum):
    SIGNATURE = "signature"
    MARK = "mark"
    VERBAL = "verbal"


class CopyDecision(enum.StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    KEPT_AT_SHELTER = "kept_at_shelter"


@dataclass(frozen=True)
class Action:
    id: str
    what: str
    who: Responsible
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    completed_on: dt.date | None = None
    # For a partner, a neutral description ("legal appointment"), never the partner's name.
    partner_description: str = ""

    def is_overdue(self, today: dt.date) -> bool:
        open_ = self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
        return open_ and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class Objective:
    id: str
    statement: str
    target_on: dt.date | None = None


@dataclass(frozen=True)
class Goal:
    id: str
    domain: str  # an instrument domain key
    baseline_score: int | None
    in_client_words: str
    priority: int = 1
    objectives: tuple[Objective, ...] = ()
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Review:
    id: str
    on: dt.date
    client_present: bool
    attendees: str
    progress: str
    changes: str


@dataclass(frozen=True)
class PlanAcknowledgement:
    how: Acknowledgement
    on: dt.date
    interpreter_attested: bool
    copy: CopyDecision


@dataclass(frozen=True)
class PlanVersion:
    """One version of a client's plan. Only the latest draft can change."""

    id: str
    plan_id: str
    client_id: str
    version: int
    status: PlanStatus
    goals: tuple[Goal, ...]
    next_meeting: dt.datetime | None
    caseworker_first_name: str
    reviews: tuple[Review, ...] = ()
    acknowledgement: PlanAcknowledgement | None = None
    change_reason: str = ""
    created_at: dt.datetime | None = None
    created_by: str = ""
    print_languages: tuple[str, ...] = ()

    @property
    def is_editable(self) -> bool:
        return self.status is PlanStatus.DRAFT and self.acknowledgement is None


@dataclass(frozen=True)
class PrintOptions:
    """Choices made for one print. Discreet is on unless staff turn it off for this print."""

    language: str
    second_language: str | None = None
    discreet: bool = True
    organisation_name: str = ""  # printed only when not discreet
    include: frozenset[str] = field(default_factory=frozenset)  # named §4.4 items asked for


# Items of §4.4 that are never printed unless staff include them by name for one print.
INCLUDABLE_ITEMS = {
    "immigration_status": N_("Immigration status"),
    "legal_name": N_("Legal name"),
}


def next_review(entry: dt.date, last_review: dt.date | None, created: dt.date) -> dt.date:
    """The review cadence of §4.2, from the latest review (or the plan's creation)."""
    since = last_review or created
    stabilising = (since - entry).days < STABILISING_DAYS
    return since + dt.timedelta(days=STABILISING_REVIEW_DAYS if stabilising else REVIEW_DAYS)


def plan_review_due(entry: dt.date, versions: Sequence[PlanVersion]) -> dt.date | None:
    """When the plan's next review is due (§4.2), from all its versions.

    None without a plan, or once it is closed.
    """
    if not versions or versions[-1].status is PlanStatus.CLOSED:
        return None
    reviews = [review.on for version in versions for review in version.reviews]
    created = versions[0].created_at
    start = created.date() if created else entry
    return next_review(entry, max(reviews) if reviews else None, start)
