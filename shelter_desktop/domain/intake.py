"""Rules for intake answers: what is stored exactly, what is refused and why, and completion."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from shelter_desktop.domain.answers import Answer, Answers, AnswerStatus
from shelter_desktop.domain.intake_schema import FIELDS, FieldKind, FieldSpec, SectionSpec
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_

_DATE_PATTERNS = {  # ASCII digits only: "٢٠٢٤" would parse but never sort or compare as a date
    "day": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    "month": re.compile(r"^[0-9]{4}-[0-9]{2}$"),
    "year": re.compile(r"^[0-9]{4}$"),
}
MAX_NUMBER = 99


def check_text(text: str, *, field: str, max_length: int, multiline: bool = False) -> str:
    """Client text is stored exactly as typed; refused (never truncated) when it cannot be.

    Bidi controls and zero-width joiners are kept: names in many scripts need them. Refused: NUL
    and other control characters (line breaks allowed in long text), unpaired surrogates, and
    text over the field's length.
    """
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise ValidationError(N_("This text contains characters that cannot be stored. "
                                 "Please type it again."), field)
    allowed = {"\n", "\t"} if multiline else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise ValidationError(N_("This text contains invisible control characters. "
                                 "Please type it again."), field)
    if len(text) > max_length:
        raise ValidationError(N_("This is too long: at most {limit} characters."), field,
                              limit=max_length)
    return text


def _check_date(spec: FieldSpec, value: Any) -> str:
    text = str(value).strip()
    kinds = ("day", "month", "year") if spec.approximate else ("day",)
    if not any(_DATE_PATTERNS[kind].match(text) for kind in kinds):
        message = (N_("Enter a date as year-month-day, or just the year or year and month.")
                   if spec.approximate else N_("Enter a date as year-month-day."))
        raise ValidationError(message, spec.key)
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValidationError(N_("This date does not exist."), spec.key) from exc
    if not 1900 <= parts[0] <= 2200:
        raise ValidationError(N_("This date does not exist."), spec.key)
    return text


def check_value(spec: FieldSpec, value: Any) -> Any:
    """The value to store for an answered question, or ValidationError."""
    if spec.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        if not isinstance(value, str):
            raise ValidationError(N_("Please type an answer."), spec.key)
        return check_text(value, field=spec.key, max_length=spec.max_length,
                          multiline=spec.kind is FieldKind.LONG_TEXT)
    if spec.kind is FieldKind.CHOICE:
        if not isinstance(value, str) or value not in {choice for choice, _ in spec.choices}:
            raise ValidationError(N_("Please choose one of the answers."), spec.key)
        return value
    if spec.kind is FieldKind.MULTI:
        allowed = [choice for choice, _label in spec.choices]
        if not isinstance(value, list | tuple) or any(v not in allowed for v in value):
            raise ValidationError(N_("Please choose from the answers given."), spec.key)
        return [choice for choice in allowed if choice in value]  # one order, no repeats
    if spec.kind is FieldKind.DATE:
        return _check_date(spec, value)
    if spec.kind is FieldKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_NUMBER:
            raise ValidationError(N_("Enter a whole number from 0 to {maximum}."), spec.key,
                                  maximum=MAX_NUMBER)
        return value
    if spec.kind is FieldKind.LANGUAGE:
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})*",
                                                          value):
            raise ValidationError(N_("Please choose a language."), spec.key)
        return value
    raise ValidationError(N_("Please type an answer."), spec.key)  # pragma: no cover


def check_answer(spec: FieldSpec, answer: Answer) -> Answer:
    if answer.status is AnswerStatus.ANSWERED:
        return Answer.of(check_value(spec, answer.value))
    if not spec.declinable and answer.status is not AnswerStatus.NOT_ASKED:
        raise ValidationError(N_("This question needs an answer."), spec.key)
    return Answer(answer.status)


def check_answers(answers: Answers, fields: dict[str, FieldSpec] | None = None) -> Answers:
    """Every answer checked against its field; unknown keys are refused, not dropped."""
    fields = FIELDS if fields is None else fields
    result: Answers = {}
    for key, answer in answers.items():
        spec = fields.get(key)
        if spec is None:
            raise ValidationError(N_("Unknown question: {key}."), key, key=key)
        result[key] = check_answer(spec, answer)
    return result


def missing_required(answers: Answers, section: SectionSpec) -> list[str]:
    """Required questions of ``section`` still without an answer (a choice may be empty)."""
    missing = []
    for spec in section.fields:
        if spec.requirement.value != "R":
            continue
        answer = answers.get(spec.key, Answer())
        empty_multi = spec.kind is FieldKind.MULTI  # no channel ticked = "do not contact"
        if not answer.is_answered and not empty_multi:
            missing.append(spec.key)
        elif answer.is_answered and isinstance(answer.value, str) and not answer.value.strip():
            missing.append(spec.key)
    return missing


def completion(answers: Answers, section: SectionSpec) -> tuple[int, int]:
    """(questions dealt with, questions to ask) for the required and asked questions."""
    asked = [spec for spec in section.fields if spec.requirement.value in ("R", "A")]
    settled = sum(1 for spec in asked if answers.get(spec.key, Answer()).is_settled)
    return settled, len(asked)
