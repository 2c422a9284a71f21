"""Deriving what the list shows (alerts, sort key, minor) from a client's answers."""

from __future__ import annotations

import calendar
import datetime as dt

from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.clients import split_aliases
from shelter_desktop.domain.search_text import fold

ADULT_AGE = 18
# Consent to collect and store lasts two years unless the client or the agency sets another date
# (HIFIS communities use one to two years; domain.md §6.5).
COLLECT_CONSENT_DAYS = 730


def _value(answers: Answers, key: str) -> object:
    answer = answers.get(key, Answer())
    return answer.value if answer.is_answered else None


def age_on(date_of_birth: str, today: dt.date) -> int | None:
    """Whole years; for a year-only or year-month date, the youngest age it could mean."""
    parts = [int(p) for p in date_of_birth.split("-")]
    month = parts[1] if len(parts) > 1 else 12
    # The latest day the date could mean: a person born "2008-02" may be 17 on 28 February 2026.
    day = parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1]
    born = dt.date(parts[0], month, day)
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return max(years, 0)


def is_minor(answers: Answers, today: dt.date) -> bool:
    if _value(answers, "under_18") == "yes":
        return True
    dob = _value(answers, "date_of_birth")
    if isinstance(dob, str):
        age = age_on(dob, today)
        return age is not None and age < ADULT_AGE
    return False


def sort_key(name: str) -> str:
    return fold(name).strip()


def name_to_use(answers: Answers) -> str:
    value = _value(answers, "name_to_use")
    return str(value).strip() if value else ""


def aliases(answers: Answers) -> tuple[str, ...]:
    return split_aliases(_value(answers, "aliases"))


def dependant_count(answers: Answers, rows: int) -> int:
    value = _value(answers, "dependants_count")
    return max(rows, value if isinstance(value, int) else 0)


def optional_text(answers: Answers, key: str) -> str | None:
    value = _value(answers, key)
    return str(value) if value else None
