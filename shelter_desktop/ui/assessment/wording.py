"""How scores and due dates are said, in one place, so the form, table, chart and header agree.

Every phrase is a whole sentence per case (not "{kind} due"), because translations need to
inflect the kind and the verb together. Texts are translated when called, never at import.
"""

from __future__ import annotations

import datetime as dt

from shelter_desktop.domain.assessments import (
    KIND_LABELS,
    STATUS_LABELS,
    AssessmentKind,
    DomainScore,
    NextAssessment,
    ScoreStatus,
)
from shelter_desktop.domain.instrument import CRISIS, NOT_APPLICABLE, Domain, Instrument
from shelter_desktop.i18n import N_, _
from shelter_desktop.ui.clients.formatting import format_day

# Keys stay Latin letters in every language (they are named, not translated).
NOT_ASSESSED_KEY, DECLINED_KEY = "N", "D"

_DUE = {
    AssessmentKind.INTAKE: N_("Next: intake assessment due {date}"),
    AssessmentKind.REVIEW: N_("Next: review due {date}"),
    AssessmentKind.EXIT: N_("Next: exit assessment due {date}"),
}
_OVERDUE = {
    AssessmentKind.INTAKE: N_("Intake assessment overdue since {date}"),
    AssessmentKind.REVIEW: N_("Review overdue since {date}"),
    AssessmentKind.EXIT: N_("Exit assessment overdue since {date}"),
}
_DUE_SOON = {
    AssessmentKind.INTAKE: N_("Intake assessment due {date}"),
    AssessmentKind.REVIEW: N_("Review due {date}"),
    AssessmentKind.EXIT: N_("Exit assessment due {date}"),
}


def kind_label(kind: AssessmentKind) -> str:
    return _(KIND_LABELS[kind])


def level_text(instrument: Instrument, score: int) -> str:
    """"3 · Safe": the number staff say and the level's name, together."""
    return _("{score} · {level}").format(score=score, level=_(instrument.level_names[score - 1]))


def is_crisis(entry: DomainScore | None) -> bool:
    return (entry is not None and entry.status is ScoreStatus.SCORED
            and entry.score == CRISIS)


def score_text(instrument: Instrument, domain: Domain, entry: DomainScore | None,
               *, short: bool = False) -> str:
    """A domain's result as words: "3 · Safe", "No children", "Not assessed", "Declined".

    ``short`` is for table cells: the number alone ("3"), "N/A" and "—", with the crisis level
    still named, so it stands out in words and not only by colour.
    """
    if entry is None or entry.status is ScoreStatus.NOT_ASSESSED:
        return "—" if short else _(STATUS_LABELS[ScoreStatus.NOT_ASSESSED])
    if entry.status is ScoreStatus.DECLINED:
        return _(STATUS_LABELS[ScoreStatus.DECLINED])
    if entry.score == NOT_APPLICABLE or entry.score is None:
        return _("N/A") if short else _(domain.not_applicable_label)
    if short and entry.score != CRISIS:
        return str(entry.score)
    return level_text(instrument, entry.score)


def due_text(next_due: NextAssessment | None, today: dt.date | None = None) -> str:
    """"Next: review due 3 Mar 2025" or "Review overdue since 3 Mar 2025"; "" if none is due."""
    if next_due is None:
        return ""
    today = today or dt.date.today()
    date = format_day(next_due.due_on)
    table = _OVERDUE if next_due.is_overdue(today) else _DUE
    return _(table[next_due.kind]).format(date=date)


def due_alert_text(next_due: NextAssessment | None, today: dt.date | None = None) -> str:
    """The header's marker: only when the assessment is due soon or overdue, else ""."""
    if next_due is None:
        return ""
    today = today or dt.date.today()
    date = format_day(next_due.due_on)
    if next_due.is_overdue(today):
        return _(_OVERDUE[next_due.kind]).format(date=date)
    if next_due.is_due_soon(today):
        return _(_DUE_SOON[next_due.kind]).format(date=date)
    return ""
