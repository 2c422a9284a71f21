"""The top of a client record: who this is, how to reach them safely, and what needs doing.

The safe-contact line is the thing staff must see before they pick up a phone (domain.md §2.1):
no ticked channel means "do not contact; the client gets in touch", and whether staff may say
the organisation's name matters as much as the channel. The code word itself stays in the
Intake tab, out of the large header a visitor could read over a shoulder.

For staff who assess, a due or overdue needs assessment joins the alert line in words ("Review
overdue since 3 Mar 2025"), red only once it is overdue.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.assessments import NextAssessment
from shelter_desktop.domain.clients import ALERT_LABELS, Alert, Client, ClientStatus
from shelter_desktop.domain.intake_schema import CONTACT_CHANNELS
from shelter_desktop.i18n import _
from shelter_desktop.services.session import Session
from shelter_desktop.ui.assessment.wording import due_alert_text
from shelter_desktop.ui.clients import alerts as alert_style
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.clients.formatting import format_day, language_name

SEPARATOR = " · "


def _value(answers: Answers, key: str) -> object:
    answer = answers.get(key, Answer())
    return answer.value if answer.is_answered else None


def safe_contact_summary(answers: Answers) -> str:
    """One line: the allowed channels (or "do not contact") and what staff may say."""
    channels = _value(answers, "contact_channels")
    labels = dict(CONTACT_CHANNELS)
    if isinstance(channels, list) and channels:
        parts = [_("Contact: {channels}").format(
            channels=", ".join(_(labels[c]) for c in channels if c in labels))]
    else:
        parts = [_("Do not contact: the client gets in touch")]
    may_name = _value(answers, "may_name_organisation")
    if may_name == "no":
        parts.append(_("may not name the organisation"))
    elif may_name == "yes":
        parts.append(_("may name the organisation"))
    times = _value(answers, "safe_times")
    if times:
        parts.append(_("safe times: {times}").format(times=times))
    if _value(answers, "device_monitored") in ("yes", "unsure"):
        parts.append(_("their phone may be watched"))
    if _value(answers, "code_word"):
        parts.append(_("a code word is agreed (see Intake)"))
    return SEPARATOR.join(parts)


def _marker_style(label: QLabel, needs_action: bool) -> None:
    color = alert_style.ACTION_RED.name() if needs_action else "palette(mid)"
    text_color = alert_style.ACTION_RED.name() if needs_action else "palette(window-text)"
    label.setStyleSheet(f"QLabel {{ border: 1px solid {color}; border-radius: 4px; "
                        f"padding: 1px 6px; color: {text_color}; }}")


class AlertMarker(QLabel):
    """A small framed word; red text and frame only when the alert needs action."""

    def __init__(self, alert: Alert, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alert = alert
        self.setObjectName(f"alert_{alert.value}")
        _marker_style(self, alert in alert_style.ACTION_ALERTS)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(_(ALERT_LABELS[self.alert]))
        self.setAccessibleName(_("Alert: {alert}").format(alert=self.text()))


class RecordHeader(QWidget):
    """Name, languages, safe contact, alerts, and the close/reopen action."""

    close_requested = Signal()
    reopen_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record_header")
        self.session = session
        self.client: Client | None = None
        self.alerts: frozenset[Alert] = frozenset()
        self.next_due: NextAssessment | None = None
        self.name_label = QLabel(self)
        self.name_label.setObjectName("record_name")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.aliases_label = QLabel(self)
        self.aliases_label.setObjectName("record_aliases")
        self.aliases_label.setWordWrap(True)
        self.language_label = QLabel(self)
        self.language_label.setObjectName("record_languages")
        self.language_label.setWordWrap(True)
        self.contact_label = QLabel(self)
        self.contact_label.setObjectName("record_safe_contact")
        self.contact_label.setWordWrap(True)
        self.closed_label = QLabel(self)
        self.closed_label.setObjectName("record_closed")
        self.closed_label.setWordWrap(True)
        self.markers = {alert: AlertMarker(alert, self) for alert in alert_style.ALERT_ORDER}
        self.due_marker = QLabel(self)
        self.due_marker.setObjectName("alert_assessment_due")
        self.due_marker.hide()
        self.status_button = QPushButton(self)
        self.status_button.setObjectName("close_record_button")
        self.status_button.clicked.connect(self._status_clicked)
        self.status_button.setVisible(session.can(Permission.CLOSE_CLIENT))

        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.status_button, 0, Qt.AlignmentFlag.AlignTop)
        marker_row = QHBoxLayout()
        marker_row.setSpacing(6)
        for marker in self.markers.values():
            marker_row.addWidget(marker)
        marker_row.addWidget(self.due_marker)
        marker_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.aliases_label)
        layout.addWidget(self.language_label)
        layout.addWidget(self.contact_label)
        layout.addLayout(marker_row)
        layout.addWidget(self.closed_label)
        self._align()
        self.retranslate_ui()

    def _align(self) -> None:
        align_to_start([self.name_label, self.aliases_label, self.language_label,
                        self.contact_label, self.closed_label], Qt.AlignmentFlag.AlignVCenter)

    def show_client(self, client: Client, alerts: frozenset[Alert]) -> None:
        self.client = client
        self.alerts = alerts
        self.retranslate_ui()

    def show_due(self, next_due: NextAssessment | None) -> None:
        """The next needs assessment (None for roles that do not assess, or none due)."""
        self.next_due = next_due
        self.retranslate_ui()

    def _show_due_marker(self) -> None:
        today = dt.date.today()
        due = self.next_due  # a closed record is due only its exit assessment
        text = due_alert_text(due, today)
        self.due_marker.setText(text)
        self.due_marker.setAccessibleName(_("Alert: {alert}").format(alert=text))
        _marker_style(self.due_marker, due is not None and due.is_overdue(today))
        self.due_marker.setVisible(bool(text))

    def retranslate_ui(self) -> None:
        for marker in self.markers.values():
            marker.retranslate_ui()
        client = self.client
        if client is None:
            return
        self._show_due_marker()
        self.name_label.setText(client.name_to_use)
        self.name_label.setAccessibleName(_("Name to use: {name}").format(
            name=client.name_to_use))
        self.aliases_label.setText(_("Also known as: {aliases}").format(
            aliases="; ".join(client.aliases)) if client.aliases else "")
        self.aliases_label.setVisible(bool(client.aliases))
        self.language_label.setText(self._languages(client.answers))
        self.contact_label.setText(safe_contact_summary(client.answers))
        for alert, marker in self.markers.items():
            # The due marker already says which assessment is due and since when.
            duplicate = alert is Alert.ASSESSMENT_DUE and self.due_marker.isVisibleTo(self)
            marker.setVisible(alert in self.alerts and not duplicate)
        closed = client.status is ClientStatus.CLOSED
        self.closed_label.setVisible(closed)
        if closed:
            self.closed_label.setText(_("Closed on {date}: {reason}").format(
                date=format_day(client.exit_date), reason=client.exit_reason))
        self.status_button.setText(_("&Reopen record") if closed else _("Close &record…"))
        self.status_button.setToolTip(
            _("Make this record active again") if closed
            else _("Record that this person has left the service"))

    def _languages(self, answers: Answers) -> str:
        reads = _value(answers, "reading_language")
        spoken = _value(answers, "spoken_languages")
        parts = []
        if reads:
            parts.append(_("Reads: {language}").format(language=language_name(str(reads))))
        if spoken:
            parts.append(_("Speaks: {languages}").format(languages=spoken))
        return SEPARATOR.join(parts)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)

    def _status_clicked(self) -> None:
        if self.client is not None and self.client.status is ClientStatus.CLOSED:
            self.reopen_requested.emit()
        else:
            self.close_requested.emit()
