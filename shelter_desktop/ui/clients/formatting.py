"""Showing stored values in the current language: partial dates, languages, statuses.

Dates of birth may be approximate (a year, or a year and month, domain.md §2.2), so they are not
always a ``date``; each precision gets the locale's own pattern instead of an ISO string.
"""

from __future__ import annotations

import datetime as dt

from shelter_desktop import i18n
from shelter_desktop.domain.answers import STATUS_LABELS, Answer
from shelter_desktop.domain.clients import ClientStatus
from shelter_desktop.domain.intake_schema import FIELDS, FieldKind
from shelter_desktop.i18n import N_, _

STATUS_NAMES = {ClientStatus.ACTIVE: N_("Active"), ClientStatus.CLOSED: N_("Closed")}


def format_partial_date(text: str | None) -> str:
    """"1990", "May 1990" or "12 May 1990", in the current locale; "" for nothing."""
    if not text:
        return ""
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            return i18n.current().format_date(dt.date(*numbers), "medium")
        if len(numbers) == 2:
            from babel import dates

            return str(dates.format_skeleton("yMMM", dt.date(numbers[0], numbers[1], 1),
                                             locale=i18n.current().locale))
    except ValueError:
        return text
    return text


def format_day(value: dt.date | None) -> str:
    return i18n.current().format_date(value, "medium") if value else ""


def language_name(code: str | None) -> str:
    """A language by its own name ("Українська"), as the client would recognise it."""
    if not code:
        return ""
    try:
        return i18n.display_name(code)
    except Exception:  # noqa: BLE001 - an unusual stored code must not break the list
        return code


def status_name(status: ClientStatus) -> str:
    return _(STATUS_NAMES[status])


def field_label(key: str) -> str:
    spec = FIELDS.get(key)
    return _(spec.label) if spec else key


def answer_text(key: str, answer: Answer) -> str:
    """An answer as a person reads it; a declined answer shows its status ("Doesn't know")."""
    if not answer.is_answered:
        return _(STATUS_LABELS[answer.status])
    value = answer.value
    spec = FIELDS.get(key)
    if spec is None:
        return str(value)
    labels = dict(spec.choices)
    if spec.kind is FieldKind.CHOICE:
        return _(labels[value]) if value in labels else str(value)
    if spec.kind is FieldKind.MULTI:
        if not value:
            return _("None chosen")
        return ", ".join(_(labels[v]) if v in labels else str(v) for v in value)
    if spec.kind is FieldKind.DATE:
        return format_partial_date(str(value))
    if spec.kind is FieldKind.LANGUAGE:
        return language_name(str(value))
    return str(value)
