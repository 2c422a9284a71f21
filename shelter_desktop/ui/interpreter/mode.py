"""Interpreter mode's state: on or off, the client's language, the client it was turned on for.

The controller owns one ``InterpreterMode`` (built at start-up, so its services are imported
only when it is first turned on). Turning it on or off is audited, makes it the
process-wide second language (``ui.interpreter``) and re-translates every window the way a
language switch does, so each form shows or drops the client's lines in place. The mode never
outlives the session that turned it on: the controller turns it off before locking or quitting,
while the vault is still open to record that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication

from shelter_desktop.errors import ShelterError
from shelter_desktop.logs import log_event
from shelter_desktop.ui import interpreter

if TYPE_CHECKING:
    from shelter_desktop.services.session import Session


def retranslate_all() -> None:
    """Every window re-reads its texts, as after a language switch (nothing is rebuilt)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for widget in app.topLevelWidgets():
        QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))


class InterpreterMode(QObject):
    """On or off, in which language, for which client; ``changed`` after every change."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client_language: str | None = None
        self.client_id: str | None = None
        self._session: Session | None = None

    @property
    def active(self) -> bool:
        return self.client_language is not None

    def turn_on(self, session: Session, client_language: str,
                client_id: str | None = None) -> None:
        """Show ``client_language`` beside the interface's; audited (for ``client_id``).

        Turning on again with another language first turns the old one off, so the log pairs
        every "on" with an "off".
        """
        from shelter_desktop.services.interpreter_mode import InterpreterModeService

        InterpreterModeService.check_language(client_language)
        if self.active:
            self.turn_off()
        self._audit(session, on=True, language=client_language, client_id=client_id)
        self._session = session
        self.client_language = client_language
        self.client_id = client_id
        interpreter.set_active_mode(self)
        retranslate_all()
        self.changed.emit()

    def link_client(self, client_id: str) -> None:
        """The interpreter was recorded on ``client_id`` after the mode went on."""
        if self.active and self.client_id is None:
            self.client_id = client_id
            self.changed.emit()

    def turn_off(self) -> None:
        """Back to one language; audited while the session is open. Safe to call when off."""
        if not self.active:
            return
        language, client_id, session = self.client_language, self.client_id, self._session
        self.client_language = self.client_id = None
        self._session = None
        if interpreter.active_mode() is self:
            interpreter.set_active_mode(None)
        if session is not None and language is not None:
            self._audit(session, on=False, language=language, client_id=client_id)
        retranslate_all()
        self.changed.emit()

    @staticmethod
    def _audit(session: Session, *, on: bool, language: str, client_id: str | None) -> None:
        if not session.is_open:
            return
        from shelter_desktop.services.interpreter_mode import InterpreterModeService

        service = InterpreterModeService(session)
        try:
            if on:
                service.turned_on(language, client_id)
            else:
                service.turned_off(language, client_id)
        except ShelterError as error:
            # The mode follows the person's choice even if the log could not be written; the
            # technical log says so (without the language or the client).
            log_event("interpreter.audit_failed", error=error.event_code)
