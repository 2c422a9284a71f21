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


def adult_on(answers: Answers) -> str | None:
    """The first day the client is surely 18 (from the latest day the birth date could mean).

    Stored with the record so "Under 18" alerts end by themselves on that day, with no need to
    rewrite every record as time passes.
    """
    dob = _value(answers, "date_of_birth")
    if not isinstance(dob, str):
        return None
    parts = [int(p) for p in dob.split("-")]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1]
    year = parts[0] + ADULT_AGE
    if month == 2 and day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1).isoformat()
    return dt.date(year, month, day).isoformat()


def minor_by_answer(answers: Answers) -> bool:
    """"Under 18?" answered yes and no birth date known: a minor until staff say otherwise."""
    return _value(answers, "under_18") == "yes" and adult_on(answers) is None


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
