"""The Intake tab of a record: the answers to read, and the same forms as the intake to edit.

Reading comes first: most visits to a record are to look something up, so the tab opens as a
plain list of "question: answer" (declined answers show what was said, "Prefers not to answer").
"Edit" swaps in the intake's own section forms, built on first use so that opening a record stays
quick. Saving sends only the answers that changed, so the history records exactly those.

Restricted fields (legal name, police involvement, the restricted note) are never shown to
intake workers. Caseworkers and administrators see them only after pressing "Show restricted
fields", which asks the service for them and so leaves one audit entry per reveal.
Administrators can also remove them for good, one by one ("Remove restricted information…").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.clients import Client
from shelter_desktop.domain.intake_schema import RESTRICTED_FIELDS, SECTIONS
from shelter_desktop.i18n import _, ngettext
from shelter_desktop.services.clients import ClientService
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.clients.formatting import answer_text
from shelter_desktop.ui.messages import error_text

if TYPE_CHECKING:
    from shelter_desktop.ui.intake.section_form import SectionForm

READ_PAGE, EDIT_PAGE = 0, 1


def _heading(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


class AnswersView(QWidget):
    """Every question of the three sections with its answer, as read-only text.

    A grid rather than a QFormLayout: QFormLayout gives word-wrapped labels the height of one
    line at some widths and clips them, and long questions must wrap (40% longer translations).
    Questions not asked yet are shown in the muted placeholder colour, so the answers stand out.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headings: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.answers: Answers = {}
        self.show_restricted = False
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 3)
        row = 0
        for section in SECTIONS:
            heading = _heading(self)
            heading.setContentsMargins(0, 10 if row else 0, 0, 2)
            self.headings[section.key] = heading
            self.grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for spec in section.fields:
                label = QLabel(self)
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.PlainText)
                value = QLabel(self)
                value.setObjectName(f"answer_{spec.key}")
                value.setWordWrap(True)
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setBuddy(value)
                self.labels[spec.key], self.values[spec.key] = label, value
                self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
                self.grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
                row += 1
        self.grid.setRowStretch(row, 1)
        self._align()
        self.retranslate_ui()

    def _align(self) -> None:
        align_to_start([*self.headings.values(), *self.labels.values(), *self.values.values()])

    def set_answers(self, answers: Answers, show_restricted: bool) -> None:
        self.answers = answers
        self.show_restricted = show_restricted
        for key in RESTRICTED_FIELDS:
            self.labels[key].setVisible(show_restricted)
            self.values[key].setVisible(show_restricted)
        self._fill_values()

    def _fill_values(self) -> None:
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for key, value in self.values.items():
            answer = self.answers.get(key, Answer())
            text = answer_text(key, answer)
            value.setText(text)
            value.setStyleSheet("" if answer.is_settled else (
                f"color: rgba({muted.red()}, {muted.green()}, {muted.blue()}, "
                f"{muted.alpha()});"))
            value.setAccessibleName(_("{question}: {answer}").format(
                question=self.labels[key].text(), answer=text))

    def retranslate_ui(self) -> None:
        for section in SECTIONS:
            self.headings[section.key].setText(_(section.title))
            for spec in section.fields:
                self.labels[spec.key].setText(_(spec.label))
        self._fill_values()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)


class IntakeTab(QWidget):
    """Read, reveal restricted fields, edit and save; emits ``saved(client)`` after a save."""

    saved = Signal(object)

    def __init__(self, service: ClientService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_tab")
        self.service = service
        self.client: Client | None = None
        self.restricted: Answers | None = None  # set once revealed for this client
        self.forms: dict[str, SectionForm] = {}
        self.baseline: Answers = {}  # what the forms showed before any edit
        self.forms_show_restricted = False
        self.may_reveal = service.session.can(Permission.REVEAL_RESTRICTED)
        self.may_edit = service.session.can(Permission.EDIT_INTAKE)

        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("edit_intake_button")
        self.edit_button.setVisible(self.may_edit)
        self.reveal_button = QPushButton(self)
        self.reveal_button.setObjectName("reveal_restricted_button")
        self.reveal_button.setVisible(self.may_reveal)
        self.may_purge = service.session.can(Permission.PURGE)
        self.purge_fields_button = QPushButton(self)
        self.purge_fields_button.setObjectName("purge_fields_button")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_intake_button")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel_edit_button")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("intake_message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.answers_view = AnswersView(self)
        self.read_scroll = QScrollArea(self)
        self.read_scroll.setWidgetResizable(True)
        self.read_scroll.setWidget(self.answers_view)
        # One section at a time while editing: each form scrolls on its own.
        self.section_tabs = QTabWidget(self)
        self.section_tabs.setObjectName("edit_sections")
        self.section_tabs.setDocumentMode(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.read_scroll)
        self.pages.addWidget(self.section_tabs)

        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.reveal_button)
        actions.addWidget(self.purge_fields_button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pages, 1)

        self.edit_button.clicked.connect(self.start_editing)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel_editing)
        self.reveal_button.clicked.connect(self.reveal_restricted)
        self.purge_fields_button.clicked.connect(self.remove_restricted)
        self._show_page(READ_PAGE)
        self.retranslate_ui()

    # -- showing ----------------------------------------------------------------------------

    def show_client(self, client: Client) -> None:
        if self.client is None or self.client.id != client.id:
            self.restricted = None
        self.client = client
        self._say("")
        self._show_page(READ_PAGE)
        self._refresh_read_view()

    def _all_answers(self) -> Answers:
        answers = dict(self.client.answers) if self.client else {}
        if self.restricted is not None:
            answers.update(self.restricted)
        return answers

    def _refresh_read_view(self) -> None:
        self.answers_view.set_answers(self._all_answers(), self.restricted is not None)
        self.reveal_button.setEnabled(self.restricted is None)

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        editing = page == EDIT_PAGE
        self.edit_button.setVisible(self.may_edit and not editing)
        self.save_button.setVisible(editing)
        self.cancel_button.setVisible(editing)
        self.reveal_button.setVisible(self.may_reveal and not editing)
        self.purge_fields_button.setVisible(self.may_purge and not editing)

    @property
    def is_editing(self) -> bool:
        return self.pages.currentIndex() == EDIT_PAGE

    def retranslate_ui(self) -> None:
        self.edit_button.setText(_("&Edit answers"))
        self.save_button.setText(_("&Save changes"))
        self.cancel_button.setText(_("Cancel"))
        self.reveal_button.setText(_("Show restricted fields"))
        self.reveal_button.setToolTip(_(
            "Legal name, police involvement and the restricted note. Showing them is recorded "
            "in the audit log."))
        self.purge_fields_button.setText(_("Remove restricted information…"))
        self.purge_fields_button.setToolTip(_(
            "Remove the legal name, police involvement or restricted note from this record for "
            "good, with their earlier versions."))
        for index, section in enumerate(SECTIONS):
            if index < self.section_tabs.count():
                self.section_tabs.setTabText(index, _(section.title))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- restricted fields ------------------------------------------------------------------

    def reveal_restricted(self) -> None:
        if self.client is None or self.restricted is not None:
            return
        try:
            self.restricted = self.service.reveal_restricted(self.client.id)
        except Exception as error:  # noqa: BLE001 - say so in the tab; nothing changes
            self._say(error_text(error))
            return
        self._refresh_read_view()

    def remove_restricted(self) -> None:
        """Administrators: purge single restricted answers, after showing what they hold."""
        from shelter_desktop.services.purge import PurgeService
        from shelter_desktop.ui.clients.purge_fields_dialog import PurgeFieldsDialog

        self.reveal_restricted()  # what would go is shown first (and audited as a reveal)
        if self.client is None or self.restricted is None:
            return
        dialog = PurgeFieldsDialog(PurgeService(self.service.session), self.client.id,
                                   self.restricted, self)
        dialog.fields_purged.connect(self._restricted_purged)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _restricted_purged(self, keys: list[str]) -> None:
        if self.client is None:
            return
        self.restricted = {k: v for k, v in (self.restricted or {}).items() if k not in keys}
        self.saved.emit(self.client)  # the record view shows it again: history, list, header
        self._refresh_read_view()
        self._say(ngettext("{count} restricted answer was removed for good.",
                           "{count} restricted answers were removed for good.",
                           len(keys)).format(count=len(keys)))

    # -- editing ----------------------------------------------------------------------------

    def _build_forms(self) -> None:
        """The intake's own section forms, made on the first edit (or again after a reveal)."""
        from shelter_desktop.ui.intake.section_form import SectionForm

        show_restricted = self.restricted is not None
        if self.forms and self.forms_show_restricted == show_restricted:
            return
        while self.section_tabs.count():
            page = self.section_tabs.widget(0)
            self.section_tabs.removeTab(0)
            if page is not None:
                page.deleteLater()
        self.forms = {}
        for section in SECTIONS:
            form = SectionForm(section, self.section_tabs, show_restricted=show_restricted)
            form.title_label.hide()  # the tab already names the section
            self.section_tabs.addTab(form, _(section.title))
            self.forms[section.key] = form
        self.forms_show_restricted = show_restricted

    def start_editing(self) -> None:
        if self.client is None:
            return
        try:
            self._build_forms()
        except ImportError:  # the intake forms are not part of this build
            self._say(_("Editing is not available in this version."))
            return
        answers = self._all_answers()
        for form in self.forms.values():
            form.set_answers(answers)
        # Compare later with what the forms make of the stored answers, not with the stored
        # answers themselves, so an untouched question never shows up as a change.
        self.baseline = self._form_answers()
        self._say("")
        self._show_page(EDIT_PAGE)
        self.section_tabs.setCurrentIndex(0)
        self.forms[SECTIONS[0].key].focus_field()

    def cancel_editing(self) -> None:
        self._say("")
        self._show_page(READ_PAGE)

    def _form_answers(self) -> Answers:
        """Every question on the forms, a question put back to "not asked yet" included."""
        answers: Answers = {}
        for form in self.forms.values():
            given = form.answers()
            for key in form.fields:
                answers[key] = given.get(key, Answer())
        return answers

    def changed_answers(self) -> Answers:
        """Only the answers edited since "Edit"; restricted ones only when they were shown."""
        return {key: answer for key, answer in self._form_answers().items()
                if answer != self.baseline.get(key, Answer())
                and (self.restricted is not None or key not in RESTRICTED_FIELDS)}

    @property
    def has_unsaved_changes(self) -> bool:
        return self.is_editing and bool(self.changed_answers())

    def _first_invalid(self) -> tuple[int, str] | None:
        for index, section in enumerate(SECTIONS):
            invalid = self.forms[section.key].validate()
            if invalid:
                return index, invalid[0]
        return None

    def _say(self, text: str) -> None:
        """A message above the answers; hidden when empty, so it takes no room."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _focus_question(self, key: str) -> None:
        for index, section in enumerate(SECTIONS):
            if key in self.forms[section.key].fields:
                self.section_tabs.setCurrentIndex(index)
                self.forms[section.key].focus_field(key)
                return

    def save(self) -> None:
        if self.client is None:
            return
        invalid = self._first_invalid()
        if invalid is not None:
            index, key = invalid
            self.section_tabs.setCurrentIndex(index)
            self.forms[SECTIONS[index].key].focus_field(key)
            self._say(_("Some answers need correcting; each says why beside "
                                         "it. Nothing was saved yet."))
            return
        changes = self.changed_answers()
        if not changes:
            self.cancel_editing()
            return
        try:
            client = self.service.update_answers(self.client.id, changes)
        except Exception as error:  # noqa: BLE001 - keep the form as typed, say what to do
            self._say(error_text(error))
            self._focus_question(getattr(error, "field", ""))
            return
        if self.restricted is not None:
            self.restricted = {**self.restricted,
                               **{k: v for k, v in changes.items() if k in RESTRICTED_FIELDS}}
        self.show_client(client)
        self._say(_("Changes saved."))
        self.saved.emit(client)
