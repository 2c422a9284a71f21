"""Vault settings for administrators: the idle-lock delay."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.settings import IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES
from shelter_desktop.i18n import _
from shelter_desktop.services.settings_service import SettingsService
from shelter_desktop.ui.messages import error_text


class SettingsDialog(QDialog):
    def __init__(self, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("settings_dialog")
        self.idle_spin = QSpinBox(self)
        self.idle_spin.setObjectName("idle_minutes")
        self.idle_spin.setRange(IDLE_LOCK_MIN_MINUTES, IDLE_LOCK_MAX_MINUTES)
        self.idle_spin.setValue(service.current().idle_lock_minutes)
        self.idle_label = QLabel(self)
        self.idle_label.setBuddy(self.idle_spin)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.idle_label, self.idle_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.idle_label.setText(_("&Lock after this many minutes without use"))
        self.idle_spin.setAccessibleName(_("Minutes before the vault locks itself"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def submit(self) -> None:
        try:
            self.service.set_idle_lock_minutes(self.idle_spin.value())
        except Exception as error:  # noqa: BLE001
            self.message_label.setText(error_text(error))
            return
        self.accept()
