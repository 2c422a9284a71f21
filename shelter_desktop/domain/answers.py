"""Declinable answers: a value, or one of the three valid non-answers (domain.md §1.3).

Following HMIS, every question the system does not fill in itself accepts "client doesn't know",
"client prefers not to answer" and "not asked yet"; a missing answer never blocks a save.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from shelter_desktop.i18n import N_


class AnswerStatus(enum.StrEnum):
    ANSWERED = "answered"
    DOESNT_KNOW = "doesnt_know"
    PREFERS_NOT = "prefers_not"
    NOT_ASKED = "not_asked"


STATUS_LABELS = {
    AnswerStatus.ANSWERED: N_("Answered"),
    AnswerStatus.DOESNT_KNOW: N_("Doesn't know"),
    AnswerStatus.PREFERS_NOT: N_("Prefers not to answer"),
    AnswerStatus.NOT_ASKED: N_("Not asked yet"),
}


@dataclass(frozen=True)
class Answer:
    """One answer. ``value`` is set only when ``status`` is ANSWERED."""

    status: AnswerStatus = AnswerStatus.NOT_ASKED
    value: Any = None

    @classmethod
    def of(cls, value: Any) -> Answer:
        return cls(AnswerStatus.ANSWERED, value)

    @classmethod
    def declined(cls) -> Answer:
        return cls(AnswerStatus.PREFERS_NOT)

    @classmethod
    def unknown(cls) -> Answer:
        return cls(AnswerStatus.DOESNT_KNOW)

    @property
    def is_answered(self) -> bool:
        return self.status is AnswerStatus.ANSWERED

    @property
    def is_settled(self) -> bool:
        """Answered, or a deliberate non-answer: the question was dealt with."""
        return self.status is not AnswerStatus.NOT_ASKED

    def to_json(self) -> dict[str, Any]:
        if self.is_answered:
            return {"status": self.status.value, "value": self.value}
        return {"status": self.status.value}

    @classmethod
    def from_json(cls, data: Any) -> Answer:
        if not isinstance(data, dict):
            return cls()
        try:
            status = AnswerStatus(data.get("status", AnswerStatus.NOT_ASKED))
        except ValueError:
            return cls()
        return cls(status, data.get("value") if status is AnswerStatus.ANSWERED else None)


Answers = dict[str, Answer]


def answers_to_json(answers: Answers) -> dict[str, Any]:
    return {key: answer.to_json() for key, answer in sorted(answers.items())
            if answer.status is not AnswerStatus.NOT_ASKED}


def answers_from_json(data: Any) -> Answers:
    if not isinstance(data, dict):
        return {}
    return {str(key): Answer.from_json(value) for key, value in data.items()}
