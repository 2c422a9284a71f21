"""Clients for GUI tests, made through the real ClientService on the real vault."""

from __future__ import annotations

import datetime as dt

from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.session import Session


def first_contact(name: str, **extra: object) -> Answers:
    """A valid first contact: the required answers, plus any ``extra`` answered ones."""
    answers: Answers = {
        "name_to_use": Answer.of(name),
        "name_quality": Answer.of("partial"),
        "spoken_languages": Answer.of("English"),
        "reading_language": Answer.of("en"),
        "interpreter_used": Answer.of("no"),
        "contact_channels": Answer.of([]),
        "may_name_organisation": Answer.of("no"),
        "consent_collect": Answer.of("given"),
        "confidentiality_explained": Answer.of("yes"),
    }
    for key, value in extra.items():
        answers[key] = value if isinstance(value, Answer) else Answer.of(value)
    return answers


def add_client(session: Session, name: str, *, today: dt.date | None = None,
               **extra: object) -> str:
    return ClientService(session).create_from_first_contact(first_contact(name, **extra),
                                                            today=today)
