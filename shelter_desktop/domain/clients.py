"""Clients, their dependants, interpreter records and consents (domain.md §2, §6)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.i18n import N_


class ClientStatus(enum.StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class Alert(enum.StrEnum):
    MINOR = "minor"
    CONSENT_EXPIRING = "consent_expiring"
    TRP_EXPIRING = "trp_expiring"
    ASSESSMENT_DUE = "assessment_due"
    PLAN_REVIEW_DUE = "plan_review_due"


ALERT_LABELS = {
    Alert.MINOR: N_("Under 18"),
    Alert.CONSENT_EXPIRING: N_("Consent expiring"),
    Alert.TRP_EXPIRING: N_("Permit expiring"),
    Alert.ASSESSMENT_DUE: N_("Assessment due"),
    Alert.PLAN_REVIEW_DUE: N_("Plan review due"),
}

# How far ahead an expiry date raises an alert.
EXPIRY_WARNING_DAYS = 30
# How far ahead a needs assessment's due date raises an alert.
ASSESSMENT_WARNING_DAYS = 7
# With no assessment yet, the intake assessment is due this many days after entry.
FIRST_ASSESSMENT_DAYS = 30


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list: only what the list and search may show."""

    id: str
    name_to_use: str
    aliases: tuple[str, ...]
    status: ClientStatus
    date_of_birth: str | None
    reading_language: str | None
    has_dependants: bool
    alerts: frozenset[Alert]
    updated_at: dt.datetime
    legal_name: str | None = None  # only for roles that may see restricted fields


@dataclass(frozen=True)
class Dependant:
    id: str
    answers: Answers


@dataclass(frozen=True)
class InterpreterRecord:
    id: str
    at: dt.date
    answers: Answers


class ConsentKind(enum.StrEnum):
    COLLECT = "collect"
    SHARE = "share"


@dataclass(frozen=True)
class Consent:
    id: str
    kind: ConsentKind
    given: bool
    start_date: dt.date
    expiry_date: dt.date | None
    recipient: str = ""
    purpose: str = ""
    method: str = ""
    language: str = ""
    revoked_on: dt.date | None = None

    def is_active(self, today: dt.date) -> bool:
        if not self.given or self.revoked_on is not None:
            return False
        return self.expiry_date is None or today <= self.expiry_date


@dataclass(frozen=True)
class Client:
    id: str
    answers: Answers
    status: ClientStatus
    entry_date: dt.date
    exit_date: dt.date | None
    exit_reason: str
    created_at: dt.datetime
    updated_at: dt.datetime
    revision: int
    dependants: tuple[Dependant, ...] = ()
    interpreter_records: tuple[InterpreterRecord, ...] = ()
    consents: tuple[Consent, ...] = ()
    restricted_visible: bool = False

    def answer(self, key: str) -> Answer:
        return self.answers.get(key, Answer())

    @property
    def name_to_use(self) -> str:
        value = self.answer("name_to_use").value
        return str(value) if value else ""

    @property
    def aliases(self) -> tuple[str, ...]:
        return split_aliases(self.answer("aliases").value)


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor_name: str
    field: str
    old: Answer
    new: Answer


@dataclass
class IntakeDraft:
    """A form in progress, autosaved inside the vault; ``client_id`` is None before creation."""

    id: str
    kind: str
    client_id: str | None
    data: dict[str, object] = field(default_factory=dict)
    updated_at: dt.datetime | None = None


def split_aliases(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    parts = value if isinstance(value, list | tuple) else str(value).split(";")
    return tuple(p.strip() for p in (str(x) for x in parts) if p.strip())
