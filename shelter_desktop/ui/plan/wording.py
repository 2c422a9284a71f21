"""How a plan's state is said, in one place: version status, review due, goal headings.

Every phrase is a whole sentence per case, so translations can inflect it; texts are translated
when called, never at import.
"""

from __future__ import annotations

import datetime as dt

from shelter_desktop.domain.instrument import NOT_APPLICABLE, SELF_SUFFICIENCY
from shelter_desktop.domain.plans import PlanStatus, PlanVersion
from shelter_desktop.i18n import _
from shelter_desktop.ui.assessment.wording import level_text
from shelter_desktop.ui.clients.formatting import format_day

INSTRUMENT = SELF_SUFFICIENCY
SEPARATOR = " · "
# A sign beside the word, never instead of it (ux.md: not by colour or symbol alone).
WARNING_SIGN = "⚠"


def domain_label(key: str) -> str:
    """The instrument's translated name of a domain; the key itself if it is not known."""
    try:
        return _(INSTRUMENT.domain(key).name)
    except KeyError:
        return key


def baseline_text(key: str, score: int | None) -> str:
    """"Score at the start: 2 · Vulnerable", or that there was no score."""
    if score is None:
        return _("No score at the start")
    if score == NOT_APPLICABLE:
        try:
            label = _(INSTRUMENT.domain(key).not_applicable_label)
        except KeyError:
            label = _("Not applicable")
        return _("Score at the start: {level}").format(level=label)
    if 1 <= score <= 5:
        return _("Score at the start: {level}").format(level=level_text(INSTRUMENT, score))
    return _("Score at the start: {level}").format(level=score)


def status_text(version: PlanVersion) -> str:
    """"Version 2 · Draft, not agreed yet" / "Version 1 · Agreed on 3 Nov 2026"."""
    number = version.version
    agreed = version.acknowledgement.on if version.acknowledgement is not None else None
    if version.status is PlanStatus.DRAFT:
        return _("Version {number} · Draft, not agreed with the client yet").format(
            number=number)
    if version.status is PlanStatus.ACTIVE and agreed is not None:
        return _("Version {number} · Agreed with the client on {date}").format(
            number=number, date=format_day(agreed))
    if version.status is PlanStatus.SUPERSEDED:
        return _("Version {number} · Superseded by a newer version").format(number=number)
    if version.status is PlanStatus.CLOSED:
        return _("Version {number} · Closed").format(number=number)
    return _("Version {number} · Agreed with the client").format(number=number)


def short_status(version: PlanVersion) -> str:
    if version.status is PlanStatus.DRAFT:
        return _("Draft")
    if version.status is PlanStatus.SUPERSEDED:
        return _("Superseded")
    if version.status is PlanStatus.CLOSED:
        return _("Closed")
    if version.acknowledgement is not None:
        return _("Agreed on {date}").format(date=format_day(version.acknowledgement.on))
    return _("Agreed")


def version_item_text(version: PlanVersion) -> str:
    """One line of the versions list: "Version 2 · Draft · nadia, 3 Nov 2026"."""
    made = version.created_at.astimezone().date() if version.created_at is not None else None
    if made is None:
        return _("Version {number} · {status} · {name}").format(
            number=version.version, status=short_status(version), name=version.created_by)
    return _("Version {number} · {status} · {name}, {date}").format(
        number=version.version, status=short_status(version), name=version.created_by,
        date=format_day(made))


def version_details(version: PlanVersion) -> str:
    """Who made this version, when, and (after the first) what changed and why."""
    when = version.created_at.astimezone().date() if version.created_at is not None else None
    made = (_("Made by {name} on {date}.").format(name=version.created_by, date=format_day(when))
            if when is not None else _("Made by {name}.").format(name=version.created_by))
    if version.change_reason:
        return made + " " + _("What changed and why: {reason}").format(
            reason=version.change_reason)
    return made


def review_due_text(due: dt.date | None, today: dt.date) -> str:
    """"Next plan review by 3 Dec 2026" or "Plan review overdue since 3 Dec 2026"."""
    if due is None:
        return ""
    if due < today:
        return f"{WARNING_SIGN} " + _("Plan review overdue since {date}").format(
            date=format_day(due))
    return _("Next plan review by {date}").format(date=format_day(due))


def is_review_overdue(due: dt.date | None, today: dt.date) -> bool:
    return due is not None and due < today
