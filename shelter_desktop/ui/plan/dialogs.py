"""The three steps that are not typing into the draft: agreeing, changing an agreed plan, a review.

Each dialog calls the plan service itself and stays open with what was typed when something is
refused, saying why beside its buttons; ``done_with(version)`` hands the stored version back.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.plans import (
    Acknowledgement,
    CopyDecision,
    PlanAcknowledgement,
    PlanVersion,
    Review,
)
from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import _
from shelter_desktop.services.plans import PlanService
from shelter_desktop.ui.widgets.exact_text import exact_text
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine


def _day(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def _today_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate(), parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setMaximumDate(QDate.currentDate())
    return edit


def _text_box(parent: QWidget, name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class PlanDialog(QDialog):
    """What the three share: a message line, OK/Cancel, re-translation, a result signal."""

    done_with = Signal(object)  # the PlanVersion the service stored

    def __init__(self, service: PlanService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.message_line = MessageLine(self, margin=8)
        self.message_line.setObjectName("dialog_message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(8)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message_line)
        self.layout_.addWidget(self.buttons)
        # Wide enough for a sentence per line; taller text wraps rather than clips.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.retranslate_ui()

    def store(self) -> PlanVersion:  # pragma: no cover - each dialog stores its own thing
        raise NotImplementedError

    def submit(self) -> None:
        try:
            version = self.store()
        except ShelterError as error:
            self.message_line.show_message(error.user_message)
            return
        self.done_with.emit(version)
        self.accept()

    def retranslate_ui(self) -> None:  # pragma: no cover - each dialog has its texts
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class AgreeDialog(PlanDialog):
    """The client agreed to this draft: how, when, the interpreter, and the copy."""

    HOW = (Acknowledgement.SIGNATURE, Acknowledgement.MARK, Acknowledgement.VERBAL)
    COPY = (CopyDecision.ACCEPTED, CopyDecision.DECLINED, CopyDecision.KEPT_AT_SHELTER)

    def __init__(self, service: PlanService, version: PlanVersion,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("agree_dialog")
        self.version = version
        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.how_box = QGroupBox(self)
        self.how_group = QButtonGroup(self)
        self.how_radios = self._radios(self.how_box, self.how_group, "agree_how", self.HOW)
        self.date_label = QLabel(self)
        self.date_edit = _today_edit(self, "agree_date")
        self.date_label.setBuddy(self.date_edit)
        self.interpreter_check = QCheckBox(self)
        self.interpreter_check.setObjectName("agree_interpreter")
        self.copy_box = QGroupBox(self)
        self.copy_group = QButtonGroup(self)
        self.copy_radios = self._radios(self.copy_box, self.copy_group, "agree_copy",
                                        self.COPY)
        for widget in (self.intro_label, self.how_box, self.date_label, self.date_edit,
                       self.interpreter_check, self.copy_box):
            self.layout_.addWidget(widget)
        self.finish_layout()

    @staticmethod
    def _radios(box: QGroupBox, group: QButtonGroup, name: str,
                values: tuple[Acknowledgement, ...] | tuple[CopyDecision, ...],
                ) -> list[QRadioButton]:
        layout = QVBoxLayout(box)
        radios = []
        for index, value in enumerate(values):
            radio = QRadioButton(box)
            radio.setObjectName(f"{name}_{value.value}")
            group.addButton(radio, index)
            layout.addWidget(radio)
            radios.append(radio)
        radios[0].setChecked(True)
        return radios

    def acknowledgement(self) -> PlanAcknowledgement:
        return PlanAcknowledgement(self.HOW[self.how_group.checkedId()], _day(self.date_edit),
                                   self.interpreter_check.isChecked(),
                                   self.COPY[self.copy_group.checkedId()])

    def store(self) -> PlanVersion:
        return self.service.acknowledge(self.version.id, self.acknowledgement())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Agree the plan with the client"))
        self.intro_label.setText(_(
            "Once agreed, this version is kept as it is. Later changes make a new version."))
        self.how_box.setTitle(_("How the client agreed"))
        for radio, text in zip(self.how_radios, (
                _("&Signed it"), _("Made their &mark"),
                _("Agreed out &loud (recorded by staff)")), strict=True):
            radio.setText(text)
        self.date_label.setText(_("&Date agreed"))
        self.date_edit.setAccessibleName(_("Date agreed"))
        self.interpreter_check.setText(_(
            "An &interpreter interpreted the plan and confirms it was explained in full"))
        self.copy_box.setTitle(_("The client's copy"))
        for radio, text in zip(self.copy_radios, (
                _("The client took a &copy"), _("The client did &not want a copy"),
                _("A copy is &kept here for the client")), strict=True):
            radio.setText(text)
        self.ok_button.setText(_("Record the agreement"))


class ChangePlanDialog(PlanDialog):
    """An agreed plan changes only as a new version, with what changes and why."""

    def __init__(self, service: PlanService, client_id: str, parent: QWidget | None = None,
                 *, reason: str = "") -> None:
        super().__init__(service, parent)
        self.setObjectName("change_plan_dialog")
        self.client_id = client_id
        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.reason_label = QLabel(self)
        self.reason_edit = _text_box(self, "change_reason")
        self.reason_edit.setPlainText(reason)
        self.reason_label.setBuddy(self.reason_edit)
        self.reason_edit.textChanged.connect(self._update_ok)
        for widget in (self.intro_label, self.reason_label, self.reason_edit):
            self.layout_.addWidget(widget)
        self.finish_layout()
        self._update_ok()
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(exact_text(self.reason_edit).strip()))

    def store(self) -> PlanVersion:
        return self.service.revise(self.client_id, exact_text(self.reason_edit))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Change the plan"))
        self.intro_label.setText(_(
            "The agreed version stays as it is. The changes go into a new version, which the "
            "client agrees to again."))
        self.reason_label.setText(_("&What changes, and why? (required)"))
        self.reason_edit.setAccessibleName(_("What changes, and why (required)"))
        self.ok_button.setText(_("Start a new version"))


class ReviewDialog(PlanDialog):
    """A plan review: when, who was there, progress, and what changes and why."""

    def __init__(self, service: PlanService, client_id: str, agreed: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("review_dialog")
        self.client_id = client_id
        self.agreed = agreed
        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.intro_label.setVisible(agreed)
        self.date_label = QLabel(self)
        self.date_edit = _today_edit(self, "review_date")
        self.date_label.setBuddy(self.date_edit)
        self.present_check = QCheckBox(self)
        self.present_check.setObjectName("review_client_present")
        self.present_check.setChecked(True)
        self.attendees_label = QLabel(self)
        self.attendees_edit = QLineEdit(self)
        self.attendees_edit.setObjectName("review_attendees")
        self.attendees_edit.setMaxLength(2000)
        self.attendees_label.setBuddy(self.attendees_edit)
        self.progress_label = QLabel(self)
        self.progress_edit = _text_box(self, "review_progress")
        self.progress_label.setBuddy(self.progress_edit)
        self.changes_label = QLabel(self)
        self.changes_edit = _text_box(self, "review_changes")
        self.changes_label.setBuddy(self.changes_edit)
        for widget in (self.intro_label, self.date_label, self.date_edit, self.present_check,
                       self.attendees_label, self.attendees_edit, self.progress_label,
                       self.progress_edit, self.changes_label, self.changes_edit):
            self.layout_.addWidget(widget)
        self.finish_layout()

    def review(self) -> Review:
        return Review(str(uuid.uuid4()), _day(self.date_edit), self.present_check.isChecked(),
                      self.attendees_edit.text(), exact_text(self.progress_edit),
                      exact_text(self.changes_edit))

    def store(self) -> PlanVersion:
        return self.service.add_review(self.client_id, self.review())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Record a plan review"))
        self.intro_label.setText(_(
            "This plan was agreed, so the review starts a new version; the agreed one is kept."))
        self.date_label.setText(_("&Date of the review"))
        self.date_edit.setAccessibleName(_("Date of the review"))
        self.present_check.setText(_("The &client was there"))
        self.attendees_label.setText(_("&Who else took part"))
        self.attendees_edit.setPlaceholderText(_("e.g. caseworker, interpreter"))
        self.attendees_edit.setAccessibleName(_("Who else took part"))
        self.progress_label.setText(_("&Progress on the goals"))
        self.progress_edit.setAccessibleName(_("Progress on the goals"))
        self.changes_label.setText(_("&Changes, and why"))
        self.changes_edit.setAccessibleName(_("Changes, and why"))
        self.ok_button.setText(_("Record the review"))
