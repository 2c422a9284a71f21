"""The staged intake of a new client: first contact, first week, their experience, and more.

Intake is a conversation, not a form (domain.md §1): staff move between stages in any order, every
question but a handful can wait or be declined, and nothing typed is ever lost. The window holds
an ``IntakeDraft`` and saves it into the vault every few seconds after a change, on Ctrl+S, when
closed and whenever the controller asks (before locking, on a language switch); reopening the
draft restores every answer, declined state, the stage and the question the person was on.
Completing the first contact creates the record, after offering similar existing records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.clients import IntakeDraft, split_aliases
from shelter_desktop.domain.intake import check_answers, missing_required
from shelter_desktop.domain.intake_schema import (
    DEPENDANT,
    DEPENDANT_FIELDS,
    FIRST_CONTACT,
    FIRST_WEEK,
    INTERPRETER,
    TRAFFICKING,
    SectionSpec,
)
from shelter_desktop.errors import ShelterError, ValidationError
from shelter_desktop.i18n import N_, _, ngettext
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.drafts import INTAKE_DRAFT, DraftService
from shelter_desktop.ui.intake.dependants_page import DependantsPage
from shelter_desktop.ui.intake.duplicates_dialog import DuplicatesDialog
from shelter_desktop.ui.intake.section_form import SectionForm
from shelter_desktop.ui.interpreter.banner import InterpreterBanner
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.declinable_field import DeclinableField
from shelter_desktop.ui.widgets.draft_autosave import DraftAutosave
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine

if TYPE_CHECKING:
    from shelter_desktop.services.session import Session

FIRST_CONTACT_PAGE, FIRST_WEEK_PAGE, EXPERIENCE_PAGE, INTERPRETER_PAGE, DEPENDANTS_PAGE = range(5)
STAGE_TITLES = (FIRST_CONTACT.title, FIRST_WEEK.title, TRAFFICKING.title, INTERPRETER.title,
                N_("Dependants"))
DRAFT_VERSION = 1


class IntakeWindow(DraftAutosave, QWidget):
    """A top-level window for one new client's intake, backed by a draft in the vault."""

    client_created = Signal(str)  # the new record's id; the draft is gone and the window closes
    open_client_requested = Signal(str)  # an existing record; the draft is kept
    draft_saved = Signal()

    def __init__(self, session: Session, draft: IntakeDraft | None = None,
                 parent: QWidget | None = None, *, autosave_ms: int = 3000) -> None:
        super().__init__(parent)
        self.setObjectName("intake_window")
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self.drafts = DraftService(session)
        self.draft = draft if draft is not None else self.drafts.new(INTAKE_DRAFT)
        self.duplicates_dialog: DuplicatesDialog | None = None
        self._dirty = False
        self._finished = False
        self._shown = False
        self._saved_at: dt.datetime | None = None
        self._save_error: BaseException | None = None
        self._saving = False
        show_restricted = session.can(Permission.REVEAL_RESTRICTED)

        self.section_list = QListWidget(self)
        self.section_list.setObjectName("section_list")
        self.section_list.setWordWrap(True)
        self.section_list.setSpacing(3)
        self.section_list.setMinimumWidth(170)
        self.section_list.setMaximumWidth(260)
        for _title in STAGE_TITLES:
            self.section_list.addItem(QListWidgetItem())
        self.forms: dict[str, SectionForm] = {
            spec.key: SectionForm(spec, self, show_restricted=show_restricted)
            for spec in (FIRST_CONTACT, FIRST_WEEK, TRAFFICKING)}
        self.interpreter_form = SectionForm(INTERPRETER, self, show_restricted=show_restricted)
        self.dependants_page = DependantsPage(self, show_restricted=show_restricted)
        self.stack = QStackedWidget(self)
        for page in self.pages():
            self.stack.addWidget(page)
        self.message_label = MessageLine(self, margin=10)
        self.message_label.setObjectName("intake_message")
        self.status_label = InterfaceLabel(self)
        self.status_label.setObjectName("save_status")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close_button")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_button")
        self.complete_button = QPushButton(self)
        self.complete_button.setObjectName("complete_button")

        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.message_label)
        right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.section_list)
        body.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.complete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        self.interpreter_banner = InterpreterBanner(self)  # while the mode is on
        layout.addWidget(self.interpreter_banner)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.save_draft)
        self.section_list.currentRowChanged.connect(self._page_chosen)
        for page in self.pages():
            page.changed.connect(self._changed)  # type: ignore[attr-defined]
        self.close_button.clicked.connect(self.close_keeping_draft)
        self.save_button.clicked.connect(lambda: self.save_draft(force=True))
        self.complete_button.clicked.connect(self.complete_first_contact)
        for keys, slot in ((QKeySequence.StandardKey.Save, lambda: self.save_draft(force=True)),
                           ("Ctrl+Return", self.complete_first_contact),
                           ("Ctrl+Enter", self.complete_first_contact),
                           ("Ctrl+PgDown", self.next_section),
                           ("Ctrl+PgUp", self.previous_section)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        self._initial_page = FIRST_CONTACT_PAGE
        self._initial_focus: str | None = None
        if draft is not None:
            self._restore(draft)
        self._update_stages()
        self.section_list.setCurrentRow(FIRST_CONTACT_PAGE)
        self.resize(1060, 780)
        self.retranslate_ui()

    def pages(self) -> list[QWidget]:
        """The stack's pages, in the order of the stage list."""
        return [*self.forms.values(), self.interpreter_form, self.dependants_page]

    # -- language ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New intake"))
        self.section_list.setAccessibleName(_("Stages of the intake"))
        self.section_list.setToolTip(_("Next stage: Ctrl+Page Down. Previous: Ctrl+Page Up."))
        self.close_button.setText(_("Close"))
        self.close_button.setToolTip(_("The draft is kept; you can go on later."))
        self.save_button.setText(_("Save draft"))
        self.save_button.setToolTip(_("Save now (Ctrl+S). Drafts are also saved every few "
                                      "seconds."))
        self.complete_button.setText(_("Complete first contact"))
        self.complete_button.setToolTip(_("Create the record (Ctrl+Enter)"))
        self._update_stages()
        self._show_save_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- stages -----------------------------------------------------------------------------

    def interpreter_used(self) -> bool:
        answer = self.forms[FIRST_CONTACT.key].fields["interpreter_used"].answer()
        return answer.is_answered and answer.value == "yes"

    def _update_stages(self) -> None:
        self.section_list.item(INTERPRETER_PAGE).setHidden(not self.interpreter_used())
        forms = [*self.forms.values(), self.interpreter_form]
        for row, title in enumerate(STAGE_TITLES):
            if row < len(forms):
                settled, total = forms[row].completion()
                progress = _("{settled} of {total}").format(settled=settled, total=total)
            else:
                count = self.dependants_page.count()
                progress = (ngettext("{count} person", "{count} people", count).format(
                    count=count) if count else _("None added"))
            item = self.section_list.item(row)
            item.setText(f"{_(title)}\n{progress}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{_(title)}: {progress}")

    def current_page(self) -> int:
        return self.stack.currentIndex()

    def go_to_page(self, page: int) -> None:
        item = self.section_list.item(page)
        if item is None or item.isHidden():
            page = FIRST_CONTACT_PAGE
        self.section_list.setCurrentRow(page)

    def _page_chosen(self, page: int) -> None:
        if page >= 0:
            self.stack.setCurrentIndex(page)

    def _step(self, direction: int) -> None:
        page = self.current_page() + direction
        while 0 <= page < self.section_list.count():
            if not self.section_list.item(page).isHidden():
                self.go_to_page(page)
                self.focus_in_page(page)
                return
            page += direction

    def next_section(self) -> None:
        self._step(1)

    def previous_section(self) -> None:
        self._step(-1)

    def _form_of(self, page: int) -> SectionForm:
        pages = self.pages()
        widget = pages[page] if 0 <= page < len(pages) else pages[0]
        return widget.form if isinstance(widget, DependantsPage) else widget  # type: ignore[return-value]

    def focus_in_page(self, page: int, key: str | None = None) -> None:
        """The question ``key`` of a page, or its first one.

        A dependants page with no rows gets the focus on its "Add" button.
        """
        form = self._form_of(page)
        if page == DEPENDANTS_PAGE and self.dependants_page.count() == 0:
            self.dependants_page.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not (key and form.focus_field(key)):
            form.focus_field()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:  # where the person was, or the first question
            self._shown = True
            self.go_to_page(self._initial_page)
            self.focus_in_page(self.current_page(), self._initial_focus)

    # -- drafts -----------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self._dirty and not self._finished

    def _changed(self) -> None:
        self._update_stages()
        if self._finished:
            return
        self._dirty = True
        self._save_error = None
        self._show_save_state()
        if not self.autosave_timer.isActive():
            self.autosave_timer.start()  # at most one interval after the first change

    def draft_data(self) -> dict[str, Any]:
        """What the draft holds: every stage's raw state, the stage and question in use."""
        page = self.current_page()
        return {
            "version": DRAFT_VERSION,
            "sections": {key: form.draft_state() for key, form in self.forms.items()},
            "interpreter": self.interpreter_form.draft_state(),
            "dependants": self.dependants_page.draft_state(),
            "section": page,
            "focus": self._form_of(page).last_focused_key,
        }

    def _restore(self, draft: IntakeDraft) -> None:
        data = draft.data if isinstance(draft.data, dict) else {}
        sections = data.get("sections")
        sections = sections if isinstance(sections, dict) else {}
        for key, form in self.forms.items():
            form.restore_draft_state(sections.get(key))
        self.interpreter_form.restore_draft_state(data.get("interpreter"))
        self.dependants_page.restore_draft_state(data.get("dependants"))
        page, focus = data.get("section"), data.get("focus")
        self._initial_page = page if isinstance(page, int) and 0 <= page < 5 else 0
        self._initial_focus = focus if isinstance(focus, str) else None
        self._resume_saved_time(draft)

    # -- completing -------------------------------------------------------------------------

    def _problem_at(self, page: int, key: str, message: Callable[[], str]) -> None:
        self.go_to_page(page)
        self.focus_in_page(page, key)
        self.message_label.show_message(message)

    def _missing_message(self, spec: SectionSpec, keys: list[str]) -> Callable[[], str]:
        labels = {field.key: field.label for field in spec.fields}

        def message() -> str:
            lines = [_("Please answer these questions first:")]
            lines += [f"• {_(labels[key])}" for key in keys if key in labels]
            return "\n".join(lines)
        return message

    @staticmethod
    def _check_message(field: DeclinableField) -> str:
        return _("Please check the answer to “{question}”: {problem}").format(
            question=_(field.spec.label), problem=field.error_text())

    def _check_stages(self) -> bool:
        """Every answer can be stored and the required ones are there.

        Otherwise the first problem is shown at its question, with the focus there.
        """
        forms = [(FIRST_CONTACT_PAGE, self.forms[FIRST_CONTACT.key]),
                 (FIRST_WEEK_PAGE, self.forms[FIRST_WEEK.key]),
                 (EXPERIENCE_PAGE, self.forms[TRAFFICKING.key])]
        if self.interpreter_used():
            forms.append((INTERPRETER_PAGE, self.interpreter_form))
        for page, form in forms:
            invalid = form.validate()
            if invalid:
                self._problem_at(page, invalid[0],
                                 partial(self._check_message, form.fields[invalid[0]]))
                return False
        for page, form in forms[:1] + forms[3:]:
            missing = missing_required(form.answers(), form.section)
            if missing:
                form.show_missing(missing)
                self._problem_at(page, missing[0], self._missing_message(form.section, missing))
                return False
        return self._check_dependants()

    def _check_dependants(self) -> bool:
        page = self.dependants_page
        for row, dependant in enumerate(page.model.rows):
            if not dependant.answers:
                continue
            try:
                check_answers(dependant.answers, DEPENDANT_FIELDS)
            except ValidationError as error:
                page.select(row)
                invalid = page.form.validate() or [error.field]
                self._problem_at(DEPENDANTS_PAGE, invalid[0],
                                 partial(self._check_message, page.form.fields[invalid[0]]))
                return False
            missing = missing_required(dependant.answers, DEPENDANT)
            if missing:
                page.select(row)
                page.form.show_missing(missing)
                self._problem_at(DEPENDANTS_PAGE, missing[0],
                                 self._missing_message(DEPENDANT, missing))
                return False
        return True

    def all_answers(self) -> Answers:
        """The answers of the three stages together, as the record will hold them."""
        answers: Answers = {}
        for form in self.forms.values():
            answers.update(form.answers())
        return answers

    def complete_first_contact(self) -> None:
        """Check, offer similar records, then create the record."""
        if self._finished or (self.duplicates_dialog is not None
                              and self.duplicates_dialog.isVisible()):
            return
        self.message_label.show_message(None)
        if not self._check_stages():
            return
        answers = self.all_answers()
        name = str(answers.get("name_to_use", Answer()).value or "")
        birth = answers.get("date_of_birth", Answer())
        try:
            matches = ClientService(self.session).possible_duplicates(
                name, split_aliases(answers.get("aliases", Answer()).value),
                str(birth.value) if birth.is_answered else None)
        except ShelterError as error:
            self.message_label.show_message(partial(error_text, error))
            return
        if not matches:
            self.create_record()
            return
        self.duplicates_dialog = DuplicatesDialog(matches, self)
        self.duplicates_dialog.open_requested.connect(self._open_existing)
        self.duplicates_dialog.create_requested.connect(self.create_record)
        self.duplicates_dialog.open()

    def _open_existing(self, client_id: str) -> None:
        self.save_draft(force=True)
        self.open_client_requested.emit(client_id)

    def create_record(self) -> None:
        """Create the client from every stage; the draft is deleted only once it exists."""
        interpreter = self.interpreter_form.answers() if self.interpreter_used() else None
        try:
            client_id = ClientService(self.session).create_from_first_contact(
                self.all_answers(), interpreter=interpreter,
                dependants=self.dependants_page.dependants())
        except ValidationError as error:
            self._validation_failed(error)
            return
        except ShelterError as error:
            self.message_label.show_message(partial(error_text, error))
            return
        self.finish_draft()
        self.client_created.emit(client_id)
        self.close()

    def _validation_failed(self, error: ValidationError) -> None:
        for page, form in enumerate([*self.forms.values(), self.interpreter_form]):
            if error.field in form.fields:
                form.fields[error.field].validate(require_answer=True)
                self._problem_at(page, error.field, error.user_message)
                return
        if error.field == "interpreter":
            self._problem_at(INTERPRETER_PAGE, "", error.user_message)
            return
        self.message_label.show_message(error.user_message)
