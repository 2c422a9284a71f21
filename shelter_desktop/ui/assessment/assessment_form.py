"""Scoring the 13 domains of a needs assessment with a client, or correcting a past one.

An assessment is done together, often through an interpreter, and often interrupted. So the form
shows one domain at a time by default (the list beside it says what each domain got so far), and
a key (1–5, 0, N, D) both chooses and moves on, so a whole assessment can be keyed in without the
mouse. "All domains on one page" suits a worker copying a paper form. Like the intake window, the
form holds a draft in the vault, saved every few seconds after a change, on Ctrl+S, on closing
and whenever the controller asks (before locking, on a language switch); reopening the draft
restores every choice, note, the layout and the domain the person was on.

Completed assessments never change: a mistake is put right by a correction, which is a new
assessment carrying a reason and pointing at the one it replaces (domain.md §3).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.assessments import Assessment, AssessmentKind, DomainScore
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.errors import ShelterError, ValidationError
from shelter_desktop.i18n import _
from shelter_desktop.services.assessments import ASSESSMENT_DRAFT, AssessmentService
from shelter_desktop.services.drafts import DraftService
from shelter_desktop.ui.assessment.domain_pages import ALL, SINGLE, DomainPages
from shelter_desktop.ui.assessment.wording import kind_label
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.clients.formatting import format_day
from shelter_desktop.ui.interpreter.banner import InterpreterBanner
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.draft_autosave import DraftAutosave
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine

if TYPE_CHECKING:
    from shelter_desktop.domain.clients import IntakeDraft
    from shelter_desktop.services.session import Session

DRAFT_VERSION = 1
INSTRUMENT = SELF_SUFFICIENCY


def find_draft(drafts: DraftService, client_id: str,
               corrects_id: str | None = None) -> IntakeDraft | None:
    """This person's unfinished assessment of ``client_id`` (or correction of one), if any."""
    for draft in drafts.mine(ASSESSMENT_DRAFT):
        data = draft.data if isinstance(draft.data, dict) else {}
        if draft.client_id == client_id and (data.get("corrects_id") or None) == corrects_id:
            return draft
    return None


def _date_format() -> str:
    """The locale's short date pattern with a four-digit year (no "3/5/25" ambiguity)."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


class AssessmentForm(DraftAutosave, QWidget):
    """A top-level window scoring one client's needs, backed by a draft in the vault."""

    completed = Signal(str)  # the new assessment's id; the draft is gone and the window closes
    draft_saved = Signal()

    def __init__(self, session: Session, client_id: str, draft: IntakeDraft | None = None,
                 corrects: Assessment | None = None, parent: QWidget | None = None, *,
                 autosave_ms: int = 3000, client_name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("assessment_form")
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self.client_id = client_id
        self.client_name = client_name
        self.service = AssessmentService(session)
        self.drafts = DraftService(session)
        self.corrects = corrects if corrects is not None else self._corrected_by(draft)
        self.draft = draft if draft is not None else self.drafts.new(ASSESSMENT_DRAFT, client_id)
        self._dirty = False
        self._finished = False
        self._shown = False
        self._saving = False
        self._saved_at: dt.datetime | None = None
        self._save_error: BaseException | None = None

        self.title_label = QLabel(self)
        self.title_label.setObjectName("assessment_title")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title_label.setFont(font)
        align_to_start([self.title_label], Qt.AlignmentFlag.AlignVCenter)
        self.correction_label = InterfaceLabel(self, word_wrap=True)
        self.correction_label.setObjectName("correction_notice")
        self.reason_label = QLabel(self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("correction_reason")
        self.reason_label.setBuddy(self.reason_edit)
        self.correction_box = QFrame(self)
        self.correction_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.correction_box)
        box.addWidget(self.correction_label)
        box.addWidget(self.reason_label)
        box.addWidget(self.reason_edit)
        self.correction_box.setVisible(self.corrects is not None)

        self.kind_label = QLabel(self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kind_combo")
        for kind in AssessmentKind:
            self.kind_combo.addItem("", kind.value)
        self.kind_label.setBuddy(self.kind_combo)
        self.date_label = QLabel(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("assessed_on")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.date_label.setBuddy(self.date_edit)
        self.single_radio = QRadioButton(self)
        self.single_radio.setObjectName("layout_single")
        self.all_radio = QRadioButton(self)
        self.all_radio.setObjectName("layout_all")
        self.layout_group = QButtonGroup(self)
        self.layout_group.addButton(self.single_radio)
        self.layout_group.addButton(self.all_radio)
        self.single_radio.setChecked(True)

        self.message_label = MessageLine(self, margin=10)
        self.message_label.setObjectName("assessment_message")

        self.pages = DomainPages(INSTRUMENT, self)
        self.pickers = self.pages.pickers

        self.note_label = InterfaceLabel(self, word_wrap=True)
        self.note_label.setObjectName("instrument_note")
        small = self.note_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.note_label.setFont(small)
        muted = self.note_label.palette()
        muted.setColor(QPalette.ColorRole.WindowText,
                       muted.color(QPalette.ColorRole.PlaceholderText))
        self.note_label.setPalette(muted)
        self.status_label = InterfaceLabel(self)
        self.status_label.setObjectName("save_status")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("close_button")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_button")
        self.complete_button = QPushButton(self)
        self.complete_button.setObjectName("complete_button")
        self.complete_button.setDefault(False)
        self.complete_button.setAutoDefault(False)

        settings = QHBoxLayout()
        settings.setSpacing(8)
        settings.addWidget(self.kind_label)
        settings.addWidget(self.kind_combo)
        settings.addSpacing(16)
        settings.addWidget(self.date_label)
        settings.addWidget(self.date_edit)
        settings.addStretch(1)
        settings.addWidget(self.single_radio)
        settings.addWidget(self.all_radio)
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
        layout.addWidget(self.title_label)
        layout.addWidget(self.correction_box)
        layout.addLayout(settings)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.note_label)
        layout.addLayout(buttons)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.save_draft)

        self._fill_defaults()
        if draft is not None:
            self._restore(draft)

        self.pages.changed.connect(self._changed)
        self.pages.passed_last.connect(
            lambda: self.complete_button.setFocus(Qt.FocusReason.OtherFocusReason))
        self.reason_edit.textChanged.connect(self._changed)
        self.kind_combo.currentIndexChanged.connect(self._changed)
        self.date_edit.dateChanged.connect(self._changed)
        self.single_radio.toggled.connect(self._layout_toggled)
        self.close_button.clicked.connect(self.close_keeping_draft)
        self.save_button.clicked.connect(lambda: self.save_draft(force=True))
        self.complete_button.clicked.connect(self.complete)
        for keys, slot in ((QKeySequence.StandardKey.Save, lambda: self.save_draft(force=True)),
                           ("Ctrl+Return", self.complete), ("Ctrl+Enter", self.complete),
                           ("PgDown", self.pages.next_domain),
                           ("PgUp", self.pages.previous_domain),
                           ("Ctrl+Right", lambda: self._arrow_domain(rightwards=True)),
                           ("Ctrl+Left", lambda: self._arrow_domain(rightwards=False))):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.resize(1040, 800)
        self.retranslate_ui()

    def _arrow_domain(self, *, rightwards: bool) -> None:
        """Ctrl+arrow follows the reading direction: in Arabic or Persian, left is "next"."""
        if rightwards != self.isRightToLeft():
            self.pages.next_domain()
        else:
            self.pages.previous_domain()

    def _corrected_by(self, draft: IntakeDraft | None) -> Assessment | None:
        """The assessment a resumed correction draft corrects (None if it is gone)."""
        corrects_id = draft.data.get("corrects_id") if draft and isinstance(draft.data,
                                                                            dict) else None
        if not corrects_id:
            return None
        try:
            return next((a for a in self.service.history(self.client_id)
                         if a.id == corrects_id), None)
        except ShelterError:
            return None

    def _fill_defaults(self) -> None:
        """Today, the kind that is due next, or for a correction what the original said."""
        if self.corrects is not None:
            kind = self.corrects.kind
            day = self.corrects.assessed_on
            self.pages.set_scores(self.corrects.scores)
        else:
            try:
                upcoming = self.service.next_due(self.client_id)
            except ShelterError:
                upcoming = None
            kind = upcoming.kind if upcoming is not None else AssessmentKind.REVIEW
            day = dt.date.today()
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    # -- language ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        name = self.client_name
        if self.corrects is not None:
            title = (_("Correcting a needs assessment: {name}").format(name=name) if name
                     else _("Correcting a needs assessment"))
            self.correction_label.setText(_(
                "Correcting the assessment of {date}. The original is kept; this one takes its "
                "place in the table and the chart.").format(
                    date=format_day(self.corrects.assessed_on)))
            self.reason_label.setText(_("&Why is it being corrected? (required)"))
            self.reason_edit.setAccessibleName(_("Reason for the correction (required)"))
        else:
            title = (_("Needs assessment: {name}").format(name=name) if name
                     else _("Needs assessment"))
        self.title_label.setText(title)
        self.setWindowTitle(title)
        self.kind_label.setText(_("&Kind:"))
        for row, kind in enumerate(AssessmentKind):
            self.kind_combo.setItemText(row, kind_label(kind))
        self.date_label.setText(_("&Date assessed:"))
        self.date_edit.setDisplayFormat(_date_format())
        self.date_edit.setAccessibleName(_("Date assessed"))
        self.single_radio.setText(_("&One domain at a time"))
        self.all_radio.setText(_("&All domains on one page"))
        self.note_label.setText(_(INSTRUMENT.note))
        self.close_button.setText(_("Close"))
        self.close_button.setToolTip(_("The draft is kept; you can go on later."))
        self.save_button.setText(_("Save draft"))
        self.save_button.setToolTip(_("Save now (Ctrl+S). Drafts are also saved every few "
                                      "seconds."))
        self.complete_button.setText(_("&Complete"))
        self.complete_button.setToolTip(_("Store this assessment (Ctrl+Enter). It cannot be "
                                          "changed afterwards, only corrected."))
        self._show_save_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            align_to_start([self.title_label], Qt.AlignmentFlag.AlignVCenter)
        super().changeEvent(event)

    # -- domains ----------------------------------------------------------------------------

    def layout_mode(self) -> str:
        return SINGLE if self.single_radio.isChecked() else ALL

    def set_layout_mode(self, mode: str) -> None:
        (self.single_radio if mode == SINGLE else self.all_radio).setChecked(True)
        self.pages.set_mode(mode)

    def _layout_toggled(self) -> None:
        self.pages.set_mode(self.layout_mode())
        self.pages.focus_domain()
        self._changed()

    def current_domain(self) -> int:
        return self.pages.current_domain()

    def go_to(self, index: int) -> None:
        self.pages.go_to(index)

    def focus_domain(self) -> None:
        self.pages.focus_domain()

    def scores(self) -> dict[str, DomainScore]:
        return self.pages.scores()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys pressed on the layout choice, the buttons and the like reach the form: on the
        # one-domain layout they score the domain on screen.
        if self.pages.handle_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:  # where the person was, or the first domain
            self._shown = True
            self.pages.show_domain(self.pages.current_domain())
            self.pages.focus_domain()

    # -- drafts -----------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self._dirty and not self._finished

    def _changed(self) -> None:
        if self._finished:
            return
        self._dirty = True
        self._save_error = None
        self._show_save_state()
        if not self.autosave_timer.isActive():
            self.autosave_timer.start()  # at most one interval after the first change

    def assessed_on(self) -> dt.date:
        date = self.date_edit.date()
        return dt.date(date.year(), date.month(), date.day())

    def kind(self) -> AssessmentKind:
        return AssessmentKind(self.kind_combo.currentData())

    def draft_data(self) -> dict[str, Any]:
        """Everything needed to come back exactly here: choices, notes, layout and domain."""
        return {
            "version": DRAFT_VERSION,
            "corrects_id": self.corrects.id if self.corrects is not None else None,
            "kind": self.kind().value,
            "assessed_on": self.assessed_on().isoformat(),
            "layout": self.layout_mode(),
            "domain": self.current_domain(),
            "reason": self.reason_edit.text(),
            "scores": {key: entry.to_json() for key, entry in self.scores().items()},
        }

    def _restore(self, draft: IntakeDraft) -> None:
        data = draft.data if isinstance(draft.data, dict) else {}
        scores = data.get("scores")
        scores = scores if isinstance(scores, dict) else {}
        restored = {}
        for picker in self.pickers:
            try:
                restored[picker.domain.key] = DomainScore.from_json(scores.get(picker.domain.key))
            except (ValueError, TypeError):
                restored[picker.domain.key] = DomainScore()
        self.pages.set_scores(restored)
        kind_row = self.kind_combo.findData(data.get("kind"))
        if kind_row >= 0:
            self.kind_combo.setCurrentIndex(kind_row)
        try:
            day = dt.date.fromisoformat(str(data.get("assessed_on")))
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        except ValueError:
            pass
        self.set_layout_mode(ALL if data.get("layout") == ALL else SINGLE)
        domain = data.get("domain")
        self.pages.go_to(domain if isinstance(domain, int) else 0)
        self.reason_edit.setText(str(data.get("reason") or ""))
        self._resume_saved_time(draft)

    # -- completing -------------------------------------------------------------------------

    def complete(self) -> None:
        """Store the assessment (the service checks it again), then close."""
        if self._finished:
            return
        self.message_label.show_message(None)
        if self.corrects is not None and not self.reason_edit.text().strip():
            self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.message_label.show_message(
                lambda: _("Please say why this assessment is being corrected."))
            return
        try:
            assessment = self.service.complete(
                self.client_id, self.kind(), self.assessed_on(), self.scores(),
                corrects_id=self.corrects.id if self.corrects is not None else None,
                correction_reason=self.reason_edit.text())
        except ValidationError as error:
            self._validation_failed(error)
            return
        except ShelterError as error:
            self.message_label.show_message(partial(error_text, error))
            return
        self.finish_draft()
        self.completed.emit(assessment.id)
        self.close()

    def _validation_failed(self, error: ValidationError) -> None:
        keys = [picker.domain.key for picker in self.pickers]
        if error.field in keys:
            self.go_to(keys.index(error.field))
            self.focus_domain()
        elif error.field == "assessed_on":
            self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif error.field == "correction_reason":
            self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message_label.show_message(error.user_message)
