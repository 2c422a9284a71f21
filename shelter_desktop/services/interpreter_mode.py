"""Recording interpreter mode in the audit log: on, off, for which client, in which language.

The mode shows a client's language on screen beside the staff's, so when it was on, and for
whose record, belongs in the log like any other view of client work. The entry holds the
language code only (never the interpreter's or the client's name), and the client's id as the
record when a record was open.
"""

from __future__ import annotations

from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_, SOURCE_LANGUAGE, available_languages
from shelter_desktop.services.session import Session


class InterpreterModeService:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def check_language(code: str) -> str:
        """A language the interface has a catalog for: it is all the entry may say."""
        if code != SOURCE_LANGUAGE and code not in available_languages():
            raise ValidationError(N_("This language is not available."), "language")
        return code

    def turned_on(self, language: str, client_id: str | None = None) -> None:
        self.session.audit_now(AuditAction.INTERPRETER_MODE_ON, client_id,
                               self.check_language(language))

    def turned_off(self, language: str, client_id: str | None = None) -> None:
        self.session.audit_now(AuditAction.INTERPRETER_MODE_OFF, client_id,
                               self.check_language(language))
