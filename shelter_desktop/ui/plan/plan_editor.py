"""The Plan tab of a record: the client's service plan, written with the client beside you.

With no plan yet, a calm empty state offers to start one (goals can also come from the Needs
tab). With a plan: its version and status, the next review, the next meeting, and the goals in
priority order, each with objectives and actions.

Only the latest draft can change. Changes save themselves into that draft a few seconds after
typing stops, and at once when the tab is left, the record or window is closed, the screen is
locked or the language is switched; the line at the bottom says when it was last saved. An
agreed version is read-only: "Change the plan…" asks what changes and why and opens a new
draft version. Older versions can be chosen in the versions list and read as they were.

Opening the plan is audited (one "plan viewed" entry when the tab is first looked at); saving
leaves one "plan changed" entry per version per session, not one per pause in typing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.clients import Client
from shelter_desktop.domain.plans import PlanVersion
from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import _
from shelter_desktop.services.assessments import AssessmentService, GoalSeed
from shelter_desktop.services.plans import PlanService, blank_goal, plan_problems
from shelter_desktop.services.session import Session
from shelter_desktop.ui.clients.formatting import format_day
from shelter_desktop.ui.idle import input_watch_paused
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.plan.dialogs import AgreeDialog, ChangePlanDialog, PlanDialog, ReviewDialog
from shelter_desktop.ui.plan.empty_page import EmptyPlanPage
from shelter_desktop.ui.plan.fields import bold
from shelter_desktop.ui.plan.goal_card import GoalCard
from shelter_desktop.ui.plan.goal_list import GoalList
from shelter_desktop.ui.plan.plan_header import PlanHeader
from shelter_desktop.ui.plan.reviews_view import ReviewsView
from shelter_desktop.ui.plan.wording import INSTRUMENT, domain_label
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine

EMPTY_PAGE, PLAN_PAGE = 0, 1


def _date_time_format() -> str:
    """The locale's short date and time, with a four-digit year."""
    locale = QLocale()
    date = locale.dateFormat(QLocale.FormatType.ShortFormat)
    date = date if "yyyy" in date else date.replace("yy", "yyyy")
    return f"{date} {locale.timeFormat(QLocale.FormatType.ShortFormat)}"


def _qt_date_time(value: dt.datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def _python_date_time(value: QDateTime) -> dt.datetime:
    day, time = value.date(), value.time()
    return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())


def first_name(display_name: str) -> str:
    """The printed plan names the caseworker by first name only (domain.md §4.3)."""
    parts = display_name.split()
    return parts[0] if parts else ""


class PlanEditor(QWidget):
    """The Plan tab; built only for roles that may edit plans (the record decides)."""

    draft_saved = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None, *,
                 autosave_ms: int = 3000) -> None:
        super().__init__(parent)
        self.setObjectName("plan_editor")
        self.session = session
        self.service = PlanService(session)
        self.client: Client | None = None
        self.loaded_for: str | None = None
        self.versions: list[PlanVersion] = []
        self.shown: PlanVersion | None = None
        self.review_due: dt.date | None = None
        self.today = dt.date.today()
        self.dialog: PlanDialog | None = None
        self._loading = False
        self._dirty = False
        self._saving = False
        self._saved_at: dt.datetime | None = None
        self._save_error: BaseException | None = None
        self._touched: set[tuple[str, str | None]] = set()
        # Versions whose changes this session already put in the audit log (once each).
        self._audited: set[str] = set()
        self._strict = False  # after an attempt to agree: every blank field says so
        self._filtered_window: QWidget | None = None

        self.message_line = MessageLine(self, margin=8)
        self.message_line.setObjectName("plan_message")
        self.empty_page = EmptyPlanPage(self)
        self.empty_page.start_button.clicked.connect(self.start_plan)

        # The top of the plan: status, versions, review, what can be done.
        self.may_print = session.can(Permission.PRINT_CLIENT)
        self.header = PlanHeader(self, may_print=self.may_print)
        header = self.header
        self.status_label, self.details_label = header.status_label, header.details_label
        self.review_label, self.notice_label = header.review_label, header.notice_label
        self.version_combo = header.version_combo
        self.agree_button, self.change_button = header.agree_button, header.change_button
        self.review_button, self.print_button = header.review_button, header.print_button
        self.version_combo.activated.connect(self._version_chosen)
        self.agree_button.clicked.connect(self.agree)
        self.change_button.clicked.connect(lambda: self.change_plan())
        self.review_button.clicked.connect(self.record_review)
        self.print_button.clicked.connect(self.print_plan)

        # The plan itself, in a scroll area.
        self.meeting_check = QCheckBox(self)
        self.meeting_check.setObjectName("next_meeting_check")
        self.meeting_edit = QDateTimeEdit(self)
        self.meeting_edit.setObjectName("next_meeting")
        self.meeting_edit.setCalendarPopup(True)
        self.meeting_edit.setEnabled(False)
        self.meeting_value = InterfaceLabel(self, word_wrap=True)  # read-only: plain words
        self.meeting_value.setObjectName("next_meeting_text")
        self.meeting_value.hide()
        self.goals_label = bold(InterfaceLabel(self), 1.1)
        self.no_goals_label = InterfaceLabel(self, word_wrap=True)
        self.no_goals_label.setObjectName("plan_no_goals")
        self.goal_list = GoalList(self)
        self.goal_list.changed.connect(self._changed)
        self.goal_list.structure_changed.connect(self._structure_changed)
        self.goal_list.remove_requested.connect(self.remove_goal)
        self.goal_list.left.connect(self._left_field)
        self.add_goal_button = QPushButton(self)
        self.add_goal_button.setObjectName("add_goal_button")
        self.add_goal_menu = QMenu(self)
        self.add_goal_button.setMenu(self.add_goal_menu)
        self.reviews_view = ReviewsView(self)
        self.save_status = InterfaceLabel(self)
        self.save_status.setObjectName("plan_save_status")

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self._plan_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_line)
        layout.addWidget(self.pages, 1)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.save_now)
        self.meeting_check.toggled.connect(self._meeting_toggled)
        self.meeting_edit.dateTimeChanged.connect(self._changed)
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save_now),
                           (QKeySequence.StandardKey.Print, self._print_by_key)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.retranslate_ui()
        self._apply_mode()

    def _plan_page(self) -> QWidget:
        page = QWidget(self)
        meeting = QHBoxLayout()
        meeting.setSpacing(8)
        meeting.addWidget(self.meeting_check)
        meeting.addWidget(self.meeting_edit)
        meeting.addWidget(self.meeting_value, 1)
        meeting.addStretch(1)
        content = QWidget(page)
        body = QVBoxLayout(content)
        body.setContentsMargins(12, 8, 12, 12)
        body.setSpacing(10)
        body.addLayout(meeting)
        body.addWidget(self.goals_label)
        body.addWidget(self.no_goals_label)
        body.addWidget(self.goal_list)
        body.addWidget(self.add_goal_button, 0, Qt.AlignmentFlag.AlignLeading)
        body.addSpacing(8)
        body.addWidget(self.reviews_view)
        body.addStretch(1)
        self.scroll_area = QScrollArea(page)
        self.scroll_area.setObjectName("plan_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        line = QFrame(page)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        footer = QHBoxLayout()
        footer.setContentsMargins(12, 4, 12, 4)
        footer.addWidget(self.save_status, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(line)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(footer)
        return page

    # -- state ------------------------------------------------------------------------------

    @property
    def client_id(self) -> str | None:
        return self.client.id if self.client is not None else None

    @property
    def latest(self) -> PlanVersion | None:
        return self.versions[-1] if self.versions else None

    def is_editing(self) -> bool:
        """True when the version on screen is the latest and still a draft."""
        shown, latest = self.shown, self.latest
        return shown is not None and latest is not None and shown.id == latest.id \
            and shown.is_editable

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def default_language(self) -> str | None:
        """The client's preferred reading language (a code), for the printed plan."""
        if self.client is None:
            return None
        answer = self.client.answer("reading_language")
        return str(answer.value) if answer.is_answered and answer.value else None

    # -- loading ----------------------------------------------------------------------------

    def show_client(self, client: Client | None) -> None:
        """Keep the client; a different one is loaded when the tab is looked at."""
        if client is not None and client.id == self.client_id:
            self.client = client  # the same record, read again: nothing typed is touched
            return
        self.save_now()
        self.client = client
        self.loaded_for = None
        self.versions = []
        self.review_due = None
        self.message_line.show_message(None)
        self._show_version(None)

    def load(self) -> None:
        """Fetch every version (one audited view) and show the latest."""
        if self.client is None:
            return
        self.save_now()
        self.today = dt.date.today()
        try:
            versions = self.service.versions(self.client.id)
            self.review_due = self.service.review_due(self.client.id)
        except ShelterError as error:
            self._say(partial(error_text, error))
            return
        self.loaded_for = self.client.id
        self.message_line.show_message(None)
        with input_watch_paused():
            self._set_versions(versions)

    def _reload(self) -> None:
        """After one's own change (agree, revise, review): the versions again, not a new view."""
        if self.client is None:
            return
        try:
            versions = self.service.versions(self.client.id, audit=False)
            self.review_due = self.service.review_due(self.client.id)
        except ShelterError as error:
            self._say(partial(error_text, error))
            return
        with input_watch_paused():
            self._set_versions(versions)

    def _set_versions(self, versions: list[PlanVersion]) -> None:
        self.versions = versions
        self._show_version(versions[-1] if versions else None)

    def _version_chosen(self, index: int) -> None:
        if not 0 <= index < len(self.versions):
            return
        if self.shown is not None and self.versions[index].id == self.shown.id:
            return
        self.save_now()
        self._show_version(self.versions[index])

    def _show_version(self, version: PlanVersion | None) -> None:
        """Put ``version`` on screen (the editor is rebuilt; nothing unsaved may be pending)."""
        self._loading = True
        try:
            self.autosave_timer.stop()
            self.shown = version
            self._dirty = False
            self._save_error = None
            self._touched.clear()
            self._strict = False
            self.goal_list.today = self.today
            # Cards are built in the right mode at once, not built and then switched.
            self.goal_list.read_only = not self.is_editing()
            self.goal_list.set_goals(version.goals if version is not None else ())
            meeting = version.next_meeting if version is not None else None
            self.meeting_check.setChecked(meeting is not None)
            self.meeting_edit.setDateTime(self._meeting_default() if meeting is None
                                          else _qt_date_time(meeting))
            self.reviews_view.set_reviews(version.reviews if version is not None else ())
        finally:
            self._loading = False
        self.pages.setCurrentIndex(PLAN_PAGE if version is not None else EMPTY_PAGE)
        self._apply_mode()
        self.retranslate_ui()

    @staticmethod
    def _meeting_default() -> QDateTime:
        """A week from now at ten: a time people can adjust, not midnight."""
        day = QDateTime.currentDateTime().addDays(7).date()
        return QDateTime(day, QTime(10, 0))

    def _apply_mode(self) -> None:
        editing = self.is_editing()
        self.header.show_state(self.versions, self.shown, self.review_due, self.today)
        self.goal_list.set_read_only(not editing)
        self.meeting_check.setVisible(editing)
        self.meeting_edit.setVisible(editing)
        self.meeting_edit.setEnabled(editing and self.meeting_check.isChecked())
        self.meeting_value.setVisible(not editing and self.shown is not None)
        self.add_goal_button.setVisible(editing)
        self.save_status.setVisible(editing)
        self._structure_changed()

    # -- texts ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.meeting_check.setText(_("Ne&xt meeting:"))
        # The widget keeps the locale it was made with: give it the interface's (its AM/PM).
        self.meeting_edit.setLocale(QLocale())
        self.meeting_edit.setDisplayFormat(_date_time_format())
        self.meeting_edit.setAccessibleName(_("Date and time of the next meeting"))
        meeting = self.shown.next_meeting if self.shown is not None else None
        self.meeting_value.setText(_("Next meeting: {date} at {time}").format(
            date=format_day(meeting.date()), time=i18n.current().format_time(meeting))
            if meeting is not None else _("No next meeting set."))
        self.goals_label.setText(_("Goals, most important first"))
        self.no_goals_label.setText(_(
            "No goals yet. Add one here, or from a domain on the Needs tab.") if self.is_editing()
            else _("This version has no goals."))
        self.no_goals_label.setVisible(not self.goal_list.goal_count)
        self.add_goal_button.setText(_("Add a &goal"))
        self.add_goal_button.setToolTip(_("Choose the domain the goal belongs to"))
        self._fill_goal_menu()
        self._show_save_state()

    def _fill_goal_menu(self) -> None:
        self.add_goal_menu.clear()
        for domain in INSTRUMENT.domains:
            action = self.add_goal_menu.addAction(_(domain.name))
            action.triggered.connect(partial(self.add_goal_for_domain, domain.key))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.save_now()  # what was typed must not depend on the switch going well
            self.retranslate_ui()
        super().changeEvent(event)

    def _say(self, message: Callable[[], str] | None) -> None:
        self.message_line.show_message(message)

    # -- saving -----------------------------------------------------------------------------

    def current_plan(self) -> PlanVersion | None:
        """The version on screen with what the widgets hold now."""
        if self.shown is None:
            return None
        meeting = (_python_date_time(self.meeting_edit.dateTime())
                   if self.meeting_check.isChecked() else None)
        return dataclasses.replace(self.shown, goals=self.goal_list.goals(),
                                   next_meeting=meeting)

    def _changed(self) -> None:
        if self._loading or not self.is_editing():
            return
        self._dirty = True
        self._save_error = None
        self._show_problems()
        self._show_save_state()
        if not self.autosave_timer.isActive():
            self.autosave_timer.start()  # at most one interval after the first change

    def _meeting_toggled(self, checked: bool) -> None:
        self.meeting_edit.setEnabled(checked and self.is_editing())
        self._changed()

    def save_now(self) -> bool:
        """Save the draft into the vault now; True when saved (or nothing needed saving).

        A refusal (text that cannot be stored) is said beside its field and in the status
        line; everything typed stays on screen, so the next save can succeed.
        """
        if not self._dirty or self._saving or not self.is_editing():
            return True
        plan = self.current_plan()
        if plan is None:
            return True
        self.autosave_timer.stop()
        self._saving = True
        self._show_save_state()
        try:
            saved = self.service.save_draft(plan, audit=plan.id not in self._audited,
                                            unfinished=True)
            self._audited.add(plan.id)
        except ShelterError as error:
            self._save_error = error
            return False
        else:
            self.shown = saved
            self.versions[-1] = saved
            self._dirty = False
            self._save_error = None
            self._saved_at = dt.datetime.now()
            self.draft_saved.emit()
            return True
        finally:
            self._saving = False
            self._show_problems()
            self._show_save_state()

    def _show_save_state(self) -> None:
        if self._saving:
            text = _("Saving…")
        elif self._save_error is not None:
            text = _("Not saved: {reason}").format(reason=error_text(self._save_error))
        elif self._dirty:
            text = _("Not saved yet")
        elif self._saved_at is not None:
            text = _("Saved {time}").format(time=i18n.current().format_time(self._saved_at))
        else:
            text = _("Changes are saved as you type.")
        self.save_status.setText(text)
        self.save_status.setAccessibleName(text)

    def _left_field(self, goal_id: str, item_id: str | None) -> None:
        self._touched.add((goal_id, item_id))
        self._show_problems()

    def _show_problems(self) -> None:
        """Problems beside their fields.

        Text that cannot be stored is said at once; a blank that must be written, once the
        person has left it (or tried to agree).
        """
        plan = self.current_plan() if self.is_editing() else None
        if plan is None:
            self.goal_list.show_problems([])
            return
        shown = [p for p in plan_problems(plan)
                 if not p.blank or self._strict or (p.goal_id, p.item_id) in self._touched]
        self.goal_list.show_problems(shown)

    # -- leaving ----------------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        # Another tab, another record, the window closing or the screen locking: save first
        # (locking closes the window while the vault is still open).
        self.save_now()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._filtered_window:
            # Installed now, after whoever quits on the window's close: the filter installed
            # last runs first, so the draft is saved while the vault is still open.
            window.installEventFilter(self)
            self._filtered_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._filtered_window and event.type() == QEvent.Type.Close:
            self.save_now()
        return super().eventFilter(watched, event)

    # -- goals ------------------------------------------------------------------------------

    def add_goal_for_domain(self, domain_key: str) -> None:
        """The "Add a goal" menu: the domain's latest score comes with it, as from Needs."""
        if self.client is None:
            return
        try:
            seed = AssessmentService(self.session).goal_seed(self.client.id, domain_key)
        except ShelterError as error:
            self._say(partial(error_text, error))
            return
        self.add_goal_from_seed(seed)

    def add_goal_from_seed(self, seed: GoalSeed) -> None:
        """A new goal from a domain and its baseline score; the cursor waits in its words.

        With no plan yet, one is started; an agreed plan first asks what changes and why.
        """
        if self.client is None or seed.client_id != self.client.id:
            return
        if self.loaded_for != self.client.id:
            self.load()
            if self.loaded_for != self.client.id:
                return
        if not self.versions and not self.start_plan(focus=False):
            return
        latest = self.latest
        assert latest is not None
        if self.shown is None or self.shown.id != latest.id:
            self.save_now()
            self._show_version(latest)
        if not latest.is_editable:
            self.change_plan(reason=_("A new goal: {domain}").format(
                domain=domain_label(seed.domain)), seed=seed)
            return
        card = self.goal_list.add_goal(blank_goal(seed, self.goal_list.goal_count + 1))
        self.save_now()  # the domain and score are kept even before a word is written
        self._focus_words(card)

    def _focus_words(self, card: GoalCard) -> None:
        card.words_edit.setFocus(Qt.FocusReason.OtherFocusReason)

        def reveal() -> None:
            if card in self.goal_list.cards:
                self.scroll_area.ensureWidgetVisible(card.words_edit, 50, 50)
                card.words_edit.setFocus(Qt.FocusReason.OtherFocusReason)

        QTimer.singleShot(0, reveal)  # once the new card has its place in the layout

    def remove_goal(self, card: GoalCard) -> None:
        if not self.is_editing():
            return
        if card.has_content() and not self._confirm_remove(card):
            return
        self.goal_list.remove(card)

    def _confirm_remove(self, card: GoalCard) -> bool:
        answer = QMessageBox.question(
            self, _("Remove this goal?"),
            _("Remove goal {number} ({domain}) with its objectives and actions? Earlier "
              "agreed versions keep it.").format(number=card.position,
                                                 domain=domain_label(card.domain)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _structure_changed(self) -> None:
        self.no_goals_label.setVisible(not self.goal_list.goal_count)
        self._redo_tab_order()

    def _redo_tab_order(self) -> None:
        """Top to bottom as read: versions, actions, meeting, each goal, then "Add a goal"."""
        chain: list[QWidget] = [self.version_combo, self.agree_button, self.change_button,
                                self.review_button, self.print_button, self.meeting_check,
                                self.meeting_edit, *self.goal_list.focus_chain(),
                                self.add_goal_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- the plan's steps -------------------------------------------------------------------

    def start_plan(self, *, focus: bool = True) -> bool:
        if self.client is None:
            return False
        try:
            self.service.start(self.client.id, first_name(self.session.account.display_name))
        except ShelterError as error:
            self._say(partial(error_text, error))
            return False
        self.loaded_for = self.client.id
        self._reload()
        if focus:
            self.add_goal_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _saved_before(self) -> bool:
        """Save first; if that fails, say so and do not go on."""
        if self.save_now():
            return True
        self._say(lambda: _("The plan could not be saved, so nothing else was done. See the "
                            "notes beside the fields."))
        return False

    def _open(self, dialog: PlanDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def agree(self) -> None:
        """"Agree with the client…": only a finished draft with goals can be agreed."""
        if not self.is_editing() or not self._saved_before():
            return
        plan = self.shown
        assert plan is not None
        if not plan.goals:
            self._say(lambda: _("Add at least one goal first."))
            self.add_goal_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        problems = plan_problems(plan)
        if problems:
            self._strict = True
            self._show_problems()
            card = self.goal_list.card_for(problems[0].goal_id)
            if card is not None:
                widget = card.first_problem_widget(problems[0])
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scroll_area.ensureWidgetVisible(widget)
            self._say(lambda: _("Some things still need writing before the client can agree: "
                                "see the notes beside them."))
            return
        self._say(None)
        dialog = AgreeDialog(self.service, plan, self)
        dialog.done_with.connect(lambda _version: self._reload())
        self._open(dialog)

    def change_plan(self, *, reason: str = "", seed: GoalSeed | None = None) -> None:
        """"Change the plan…": what changes and why, then a new draft version to edit."""
        if self.client is None or self.latest is None:
            return
        dialog = ChangePlanDialog(self.service, self.client.id, self, reason=reason)
        dialog.done_with.connect(lambda _version: self._revised(seed))
        self._open(dialog)

    def _revised(self, seed: GoalSeed | None) -> None:
        self._reload()
        if seed is not None and self.is_editing():
            self.add_goal_from_seed(seed)
        elif self.goal_list.cards:
            self.goal_list.cards[0].words_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def record_review(self) -> None:
        latest = self.latest
        if self.client is None or latest is None or not self._saved_before():
            return
        dialog = ReviewDialog(self.service, self.client.id, not latest.is_editable, self)
        dialog.done_with.connect(lambda _version: self._reload())
        self._open(dialog)

    def _print_by_key(self) -> None:
        if self.print_button.isVisible():
            self.print_plan()

    def print_plan(self) -> None:
        """The print dialog prints the latest stored version: save what is typed first."""
        if self.client is None or not self.may_print:
            return
        self.save_now()
        # Imported when first needed: pypdfium2 and reportlab cost start-up time otherwise.
        from shelter_desktop.ui.plan.print_dialog import PlanPrintDialog

        dialog = PlanPrintDialog(self.session, self.client.id, self.default_language(),
                                 parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
