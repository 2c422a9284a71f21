"""The right side of the main window: one client's record, a header above five tabs.

Opening a record goes through ``ClientService.open``, which leaves one "client viewed" audit
entry; the history is fetched (and audited as "history viewed") only when its tab is looked at,
so that merely opening a record does not count as reading its history. The Needs tab works the
same way (its assessments are audited as "assessments viewed" when the tab is shown), and is
built only for roles that assess; others see a sentence saying who records assessments. The
Plan tab likewise: built only for roles that edit plans, read (and audited as "plan viewed")
when first looked at, and it saves its draft before another client is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.assessments import NextAssessment
from shelter_desktop.domain.clients import Alert, Client
from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import N_, _
from shelter_desktop.services.assessments import AssessmentService, GoalSeed
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.assessment.history_view import NeedsView
from shelter_desktop.ui.clients.close_dialog import CloseRecordDialog
from shelter_desktop.ui.clients.intake_tab import IntakeTab
from shelter_desktop.ui.clients.record_header import RecordHeader
from shelter_desktop.ui.clients.record_tables import ConsentModel, HistoryModel
from shelter_desktop.ui.messages import error_text, show_error
from shelter_desktop.ui.plan.plan_editor import PlanEditor


def _table(parent: QWidget, model: ConsentModel | HistoryModel, name: str,
           stretch: tuple[int, ...]) -> QTableView:
    """A read-only table; ``stretch`` columns share the width, the others fit their text."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column in stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return table


class PlaceholderTab(QWidget):
    """A calm sentence where later work will go (needs assessments, service plans)."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = message  # untranslated, translated when shown
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.label.setText(_(self.message))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class ClientRecordView(QWidget):
    """Shows one client; emits ``record_changed(client_id)`` after an edit, close or reopen."""

    record_changed = Signal(str)
    # From the Needs tab: (client id, the Assessment to correct or None); the controller opens
    # the form, since it owns the windows' lifetimes and saves their drafts before locking.
    assessment_requested = Signal(str, object)
    goal_requested = Signal(object)  # a GoalSeed, for the plan screen

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_record")
        self.session = session
        self.service = ClientService(session)
        self.client: Client | None = None
        self.history_loaded_for: str | None = None
        self.close_dialog: CloseRecordDialog | None = None

        self.header = RecordHeader(session, self)
        self.header.close_requested.connect(self.close_record)
        self.header.reopen_requested.connect(self.reopen_record)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("record_message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("record_tabs")
        self.intake_tab = IntakeTab(self.service, self)
        self.intake_tab.saved.connect(self._intake_saved)
        self.may_assess = session.can(Permission.ASSESS)
        self.needs_view: NeedsView | None = None
        self.needs_tab: QWidget
        if self.may_assess:
            self.needs_view = NeedsView(session, self)
            self.needs_view.assessment_requested.connect(self.assessment_requested)
            self.needs_view.goal_requested.connect(self.start_goal)
            self.needs_tab = self.needs_view
        else:
            self.needs_tab = PlaceholderTab(
                N_("Needs assessments are recorded and read by caseworkers."), self)
        self.may_plan = session.can(Permission.EDIT_PLAN)
        self.plan_editor: PlanEditor | None = None
        self.plan_tab: QWidget
        if self.may_plan:
            self.plan_editor = PlanEditor(session, self)
            self.plan_tab = self.plan_editor
        else:
            self.plan_tab = PlaceholderTab(
                N_("Service plans are written and read by caseworkers."), self)
        self.consent_model = ConsentModel(self)
        self.consents_table = _table(self, self.consent_model, "consents_table",
                                     stretch=(0,))
        self.history_model = HistoryModel(self)
        self.history_table = _table(self, self.history_model, "history_table",
                                    stretch=(2, 3, 4))
        self.tabs.addTab(self.intake_tab, "")
        self.tabs.addTab(self.needs_tab, "")
        self.tabs.addTab(self.plan_tab, "")
        self.tabs.addTab(self.consents_table, "")
        self.may_view_history = session.can(Permission.VIEW_HISTORY)
        if self.may_view_history:
            self.tabs.addTab(self.history_table, "")
        else:
            self.history_table.hide()
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        self.retranslate_ui()

    # -- texts ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.intake_tab), _("&Intake"))
        self.tabs.setTabText(self.tabs.indexOf(self.needs_tab), _("&Needs"))
        self.tabs.setTabText(self.tabs.indexOf(self.plan_tab), _("&Plan"))
        self.tabs.setTabText(self.tabs.indexOf(self.consents_table), _("C&onsents"))
        if self.may_view_history:
            self.tabs.setTabText(self.tabs.indexOf(self.history_table), _("&History"))
        self.consents_table.setAccessibleName(_("Consents"))
        self.history_table.setAccessibleName(_("Changes to this record"))
        self.consent_model.retranslate()
        self.history_model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- opening ----------------------------------------------------------------------------

    @property
    def client_id(self) -> str | None:
        return self.client.id if self.client else None

    def open_client(self, client_id: str) -> bool:
        """Load and show ``client_id`` (one audited view); False, with a message, if it can't."""
        try:
            client = self.service.open(client_id)
        except ShelterError as error:
            show_error(self, error)
            return False
        self._show(client)
        return True

    def _alerts(self, client_id: str) -> frozenset[Alert]:
        try:
            rows = self.service.summaries([client_id])
        except ShelterError:
            return frozenset()
        return rows[0].alerts if rows else frozenset()

    def _show(self, client: Client) -> None:
        switching = self.client is None or self.client.id != client.id
        self.client = client
        self.message_label.hide()
        self.header.show_client(client, self._alerts(client.id))
        self.header.show_due(self._next_due(client.id))
        self.intake_tab.show_client(client)
        self.consent_model.set_rows(list(client.consents))
        if self.needs_view is not None:
            self.needs_view.show_client(client.id)
        if self.plan_editor is not None:
            self.plan_editor.show_client(client)  # saves the previous client's draft first
        if switching:
            self.history_model.set_rows([])
            self.history_loaded_for = None
            self.tabs.setCurrentWidget(self.intake_tab)
        elif self.tabs.currentWidget() is self.history_table:
            self.load_history()
        elif self.tabs.currentWidget() is self.needs_view and self.needs_view is not None:
            self.needs_view.load()
        elif self.tabs.currentWidget() is self.plan_editor and self.plan_editor is not None \
                and self.plan_editor.loaded_for != client.id:
            self.plan_editor.load()

    def _next_due(self, client_id: str) -> NextAssessment | None:
        """For the header's due marker; only for roles that assess (it is their work)."""
        if not self.may_assess:
            return None
        try:
            return AssessmentService(self.session).next_due(client_id)
        except ShelterError:
            return None

    def clear(self) -> None:
        self.client = None
        if self.needs_view is not None:
            self.needs_view.show_client(None)
        if self.plan_editor is not None:
            self.plan_editor.show_client(None)
        self.history_model.set_rows([])
        self.consent_model.set_rows([])
        self.history_loaded_for = None

    # -- history ----------------------------------------------------------------------------

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.history_table and self.client is not None \
                and self.history_loaded_for != self.client.id:
            self.load_history()
        needs = self.needs_view
        if needs is not None and self.tabs.currentWidget() is needs \
                and self.client is not None and needs.loaded_for != self.client.id:
            needs.load()
        plan = self.plan_editor
        if plan is not None and self.tabs.currentWidget() is plan \
                and self.client is not None and plan.loaded_for != self.client.id:
            plan.load()

    # -- plan -------------------------------------------------------------------------------

    def start_goal(self, seed: GoalSeed) -> None:
        """"Add a goal from this domain" on the Needs tab: the Plan tab, with the new goal."""
        self.goal_requested.emit(seed)
        editor = self.plan_editor
        if editor is None or self.client is None or seed.client_id != self.client.id:
            return
        self.tabs.setCurrentWidget(editor)  # loads the plan if it was not yet
        editor.add_goal_from_seed(seed)

    # -- needs ------------------------------------------------------------------------------

    def assessment_completed(self, client_id: str) -> None:
        """A new assessment of ``client_id`` was stored: its table, chart and due date."""
        if self.client is None or self.client.id != client_id:
            return
        self.header.show_client(self.client, self._alerts(client_id))
        self.header.show_due(self._next_due(client_id))
        if self.needs_view is not None:
            self.needs_view.load()

    def assessment_drafts_changed(self, client_id: str) -> None:
        """The form closed keeping (or dropping) a draft: "New" or "Resume" on the tab."""
        if self.needs_view is not None and self.client_id == client_id:
            self.needs_view.refresh_drafts()

    def load_history(self) -> None:
        if self.client is None or not self.may_view_history:
            return
        try:
            entries = self.service.history(self.client.id)
        except ShelterError as error:
            self._say(error_text(error))
            return
        self.history_model.set_rows(entries)
        self.history_loaded_for = self.client.id

    # -- changes ----------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _intake_saved(self, client: Client) -> None:
        self.history_loaded_for = None
        self._show(client)
        self.record_changed.emit(client.id)

    def _reload(self) -> None:
        """After a close or reopen: the record again, without a second "viewed" entry."""
        if self.client is None:
            return
        try:
            client = self.service.update_answers(self.client.id, {})
        except ShelterError as error:
            self._say(error_text(error))
            return
        self.history_loaded_for = None
        self._show(client)
        self.record_changed.emit(client.id)

    def close_record(self) -> None:
        if self.client is None:
            return
        dialog = CloseRecordDialog(self.service, self.client.id, self)
        dialog.accepted.connect(self._reload)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.close_dialog = dialog

    def reopen_record(self) -> None:
        if self.client is None:
            return
        try:
            self.service.reopen(self.client.id)
        except ShelterError as error:
            self._say(error_text(error))
            return
        self._reload()
