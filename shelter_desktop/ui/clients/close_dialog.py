"""Closing a record: the exit date (today unless said otherwise) and a reason, both required.

The reason is kept with the record and shown in its header, so a colleague opening it later
knows why the person left without asking around.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.i18n import _
from shelter_desktop.services.clients import ClientService
from shelter_desktop.ui.messages import error_text


class CloseRecordDialog(QDialog):
    """Calls ``ClientService.close``; an error stays in the dialog with what was typed."""

    def __init__(self, service: ClientService, client_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("close_record_dialog")
        self.service = service
        self.client_id = client_id
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setObjectName("exit_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("exit_reason")
        self.reason_edit.setMaxLength(500)
        self.date_label = QLabel(self)
        self.date_label.setBuddy(self.date_edit)
        self.reason_label = QLabel(self)
        self.reason_label.setBuddy(self.reason_edit)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("close_message")
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update_ok)
        form = QFormLayout()
        form.addRow(self.date_label, self.date_edit)
        form.addRow(self.reason_label, self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self._update_ok()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Close this record"))
        self.date_label.setText(_("&Date they left"))
        self.reason_label.setText(_("&Reason (required)"))
        self.date_edit.setAccessibleName(_("Date they left"))
        self.reason_edit.setAccessibleName(_("Reason for closing, required"))
        self.reason_edit.setPlaceholderText(_("For example: moved to second-stage housing"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Close record"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason_edit.text().strip()))

    def exit_date(self) -> dt.date:
        value = self.date_edit.date()
        return dt.date(value.year(), value.month(), value.day())

    def submit(self) -> None:
        try:
            self.service.close(self.client_id, self.exit_date(), self.reason_edit.text())
        except Exception as error:  # noqa: BLE001 - shown in the dialog, nothing lost
            self.message_label.setText(error_text(error))
            return
        self.accept()
