"""New clients created in bulk (an import, demo data): the record, its rules, its errors.

A client created without the intake form must still satisfy what the form enforces (required
first-contact answers, an interpreter record when one was used, complete dependants), so the
import and the demo generator share these checks with the service that saves them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from shelter_desktop import i18n
from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.intake import check_answers, check_text, missing_required
from shelter_desktop.domain.intake_schema import (
    DEPENDANT,
    DEPENDANT_FIELDS,
    FIRST_CONTACT,
    INTERPRETER,
    INTERPRETER_FIELDS,
    RESTRICTED_FIELDS,
)
from shelter_desktop.errors import ShelterError, ValidationError
from shelter_desktop.i18n import N_

# How often (in rows) long loops report progress and look for a cancel request.
PROGRESS_EVERY = 200

ProgressCallback = Callable[[int, int], None]
CancelCallback = Callable[[], bool]


class ImportCancelledError(ShelterError):
    message = N_("The import was cancelled. Nothing was imported.")
    event_code = "import.cancelled"


class ImportRejectedError(ShelterError):
    """Some rows are not valid; ``problems`` says where. Nothing was imported."""

    message = N_("Nothing was imported. Problems found: {count}.")
    event_code = "import.rejected"

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(count=len(problems))
        self.problems = problems


class VaultNotEmptyError(ShelterError):
    """Demo clients are never mixed into a vault that holds (possibly real) clients."""

    message = N_("This vault already holds client records. Demo clients are only added to an "
                 "empty vault.")
    event_code = "demo.vault_not_empty"


@dataclass(frozen=True)
class NewClient:
    """One client to create, with what a first contact and a closed file would record."""

    answers: Answers
    entry_date: dt.date
    interpreter: Answers | None = None
    dependants: tuple[Answers, ...] = ()
    exit_date: dt.date | None = None
    exit_reason: str = ""


@dataclass(frozen=True)
class ImportProblem:
    """A problem in one cell (or row, when ``column`` is empty); ``message`` is untranslated."""

    row: int
    column: str
    message: str
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self) -> str:
        """The message in the current interface language."""
        translated = i18n.gettext(self.message)
        return translated.format(**self.values) if self.values else translated


def check_new_client(client: NewClient) -> NewClient:
    """The first-contact rules of the intake form, for a client created without it.

    Raises ValidationError naming the field; the service checks permissions separately.
    """
    answers = check_answers(client.answers)
    name = answers.get("name_to_use", Answer()).value
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(N_("Please enter a name to use."), "name_to_use")
    missing = missing_required(answers, FIRST_CONTACT)
    if missing:
        raise ValidationError(N_("This question needs an answer."), missing[0])
    if answers["interpreter_used"].value == "yes" and client.interpreter is None:
        raise ValidationError(N_("Please fill in the interpreter record."), "interpreter_used")
    interpreter = None
    if client.interpreter is not None:
        interpreter = check_answers(client.interpreter, INTERPRETER_FIELDS)
        missing = missing_required(interpreter, INTERPRETER)
        if missing:
            raise ValidationError(N_("This question needs an answer."), missing[0])
    dependants = []
    for dependant in client.dependants:
        checked = check_answers(dependant, DEPENDANT_FIELDS)
        missing = missing_required(checked, DEPENDANT)
        if missing:
            raise ValidationError(N_("This question needs an answer."), missing[0])
        dependants.append(checked)
    reason = check_text(client.exit_reason, field="exit_reason", max_length=500)
    if client.exit_date is not None:
        if client.exit_date < client.entry_date:
            raise ValidationError(N_("The exit date is before the entry date."), "exit_date")
        if not reason.strip():
            raise ValidationError(N_("Please give a reason for closing the record."),
                                  "exit_reason")
    return replace(client, answers=answers, interpreter=interpreter,
                   dependants=tuple(dependants), exit_reason=reason)


def has_restricted(client: NewClient) -> bool:
    return any(client.answers[key].is_settled for key in RESTRICTED_FIELDS
               if key in client.answers)
