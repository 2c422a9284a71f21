"""Turning interpreter mode on: the client's language, and the interpreter record (domain.md §2.4).

Every encounter through an interpreter is recorded on the client (who interpreted, how, whether
the client agreed to them privately, conflicts), so when a client record is open the dialog asks
for that record with the intake's own interpreter form and saves it before the mode goes on;
the required answers are checked at their questions and nothing typed is lost on a problem.
With no record open the mode can still go on (an interpreter often arrives before the record is
found); the bar then offers to record the interpreter once a record is open, and this same
dialog, given the language already chosen, asks only for the record.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.intake import missing_required
from shelter_desktop.domain.intake_schema import INTERPRETER
from shelter_desktop.errors import ShelterError, ValidationError
from shelter_desktop.i18n import _
from shelter_desktop.services.clients import ClientService
from shelter_desktop.ui.intake.section_form import SectionForm
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel
from shelter_desktop.ui.widgets.language_menu import language_choice_text

if TYPE_CHECKING:
    from shelter_desktop.domain.clients import Client
    from shelter_desktop.services.session import Session
    from shelter_desktop.ui.interpreter.mode import InterpreterMode


def name_for_staff(code: str) -> str:
    """The language's name in the interface language ("árabe" for Spanish-speaking staff)."""
    try:
        from babel import Locale

        name = Locale.parse(code).get_display_name(i18n.current().locale)
    except (ValueError, LookupError):
        name = None
    return name or i18n.english_name(code)


def client_languages() -> list[str]:
    """Languages with a catalog, except the interface's own (it is on screen already)."""
    return [code for code in i18n.available_languages() if code != i18n.current().code]


class InterpreterDialog(QDialog):
    """The client's language (unless ``language`` is given) and, for ``client``, the record."""

    def __init__(self, session: Session, client: Client | None,
                 parent: QWidget | None = None, *, language: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interpreter_dialog")
        self.session = session
        self.client = client
        self.recording_later = language is not None
        self.record_id: str | None = None
        self._prefilled = ""

        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.intro_label.setObjectName("interpreter_intro")
        self.intro_label.setVisible(not self.recording_later)
        self.language_label = QLabel(self)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("client_language")
        self.language_label.setBuddy(self.language_combo)
        for code in ([language] if language is not None else client_languages()):
            self.language_combo.addItem(language_choice_text(code), code)
        self._preselect(client)
        self.language_combo.setEnabled(not self.recording_later)
        self.record_form: SectionForm | None = None
        if client is not None and session.can(Permission.EDIT_INTAKE):
            self.record_form = SectionForm(INTERPRETER, self, show_restricted=False)
            self.record_form.setFrameShape(QFrame.Shape.StyledPanel)
        self.later_label = InterfaceLabel(self, word_wrap=True)
        self.later_label.setObjectName("record_later")
        self.later_label.setVisible(client is None)
        self.message_label = InterfaceLabel(self, word_wrap=True)
        self.message_label.setObjectName("interpreter_message")
        self.message_label.setVisible(False)
        bold = self.message_label.font()
        bold.setBold(True)
        self.message_label.setFont(bold)
        self._message_source: ShelterError | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        language_row = QHBoxLayout()
        language_row.addWidget(self.language_label)
        language_row.addWidget(self.language_combo, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.intro_label)
        layout.addLayout(language_row)
        if self.record_form is not None:
            layout.addWidget(self.record_form, 1)
        layout.addWidget(self.later_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.language_combo.currentIndexChanged.connect(self._prefill_language)
        self._prefill_language()
        if self.record_form is not None:
            self.resize(720, 700)
        self.retranslate_ui()
        self.language_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _preselect(self, client: Client | None) -> None:
        """The language the open client reads best, when it is one of the choices."""
        reading = client.answer("reading_language").value if client is not None else None
        index = self.language_combo.findData(reading) if isinstance(reading, str) else -1
        self.language_combo.setCurrentIndex(max(index, 0))

    def _prefill_language(self) -> None:
        """Put the language's name into "Language and dialect" until the person types there."""
        field = self.record_form.field("language") if self.record_form is not None else None
        code = self.client_language()
        if field is None or code is None:
            return
        typed = str(field.input_value() or "")
        if typed and typed != self._prefilled:
            return
        self._prefilled = name_for_staff(code)
        field.set_input_value(self._prefilled)

    def client_language(self) -> str | None:
        code = self.language_combo.currentData()
        return code if isinstance(code, str) else None

    @property
    def client_id(self) -> str | None:
        """The client the record was saved on (the mode is linked to them), or None."""
        return self.client.id if self.client is not None and self.record_id else None

    # -- language ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_(INTERPRETER.title) if self.recording_later
                            else _("Interpreter mode"))
        self.intro_label.setText(_(
            "Questions and assessment levels will show the client's language under yours, "
            "until you turn interpreter mode off or the screen locks."))
        self.language_label.setText(_("&Client's language:"))
        self.later_label.setText(_(
            "No client record is open. Once it is, you can record the interpreter from the "
            "interpreter mode bar."))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Save") if self.recording_later else _("Turn on"))
        ok.setEnabled(self.language_combo.count() > 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        if self._message_source is not None:
            self._show_message(self._message_source)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- saving -----------------------------------------------------------------------------

    def _show_message(self, error: ShelterError | None) -> None:
        self._message_source = error
        text = error.user_message() if error is not None else ""
        self.message_label.setText(text)
        self.message_label.setAccessibleName(text)
        self.message_label.setVisible(bool(text))

    def save_record(self) -> bool:
        """Check the interpreter record at its questions, then save it on the client."""
        form, client = self.record_form, self.client
        if form is None or client is None:
            return True
        invalid = form.validate()
        if invalid:
            form.focus_field(invalid[0])
            return False
        answers = form.answers()
        missing = missing_required(answers, INTERPRETER)
        if missing:  # each missing question says so beside itself
            form.show_missing(missing)
            form.focus_field(missing[0])
            return False
        try:
            self.record_id = ClientService(self.session).add_interpreter_record(
                client.id, answers)
        except ValidationError as error:
            if error.field in form.fields:
                form.fields[error.field].validate(require_answer=True)
                form.focus_field(error.field)
            self._show_message(error)
            return False
        except ShelterError as error:
            self._show_message(error)
            return False
        return True

    def accept(self) -> None:
        self._show_message(None)
        if self.client_language() is None or not self.save_record():
            return
        super().accept()

    def message_text(self) -> str:
        return self.message_label.text() if self.message_label.isVisible() else ""


def ask_interpreter(mode: InterpreterMode, session: Session, client: Client | None,
                    parent: QWidget, *, language: str | None = None) -> InterpreterDialog:
    """Open the dialog for ``mode``, modal to the whole application.

    Application-modal because the toggle's shortcut works in every window: a second press from
    another window must not open a second dialog.

    On OK the mode goes on in the chosen language, linked to ``client`` when the record was
    saved; when recording later (``language`` given) the record is linked to the mode instead.
    """
    dialog = InterpreterDialog(session, client, parent, language=language)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(partial(_chosen, mode, session, dialog))
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()  # not exec(): the event loop, the idle lock and locking carry on as usual
    return dialog


def _chosen(mode: InterpreterMode, session: Session, dialog: InterpreterDialog) -> None:
    language = dialog.client_language()
    if language is None or not session.is_open:
        return
    if not dialog.recording_later:
        mode.turn_on(session, language, dialog.client_id)
    elif dialog.client_id is not None:
        mode.link_client(dialog.client_id)
