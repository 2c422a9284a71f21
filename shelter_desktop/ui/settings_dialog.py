"""Settings: this computer's region (anyone); the idle lock and backups (administrators)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.settings import IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import _
from shelter_desktop.services import backup
from shelter_desktop.services.settings_service import SettingsService
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine

EXAMPLE_DATE = (2024, 3, 5)
EXAMPLE_NUMBER = 1234.5


class SettingsDialog(QDialog):
    def __init__(self, service: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("settings_dialog")
        self.setMinimumWidth(440)
        self.may_change_vault = service.session.can(Permission.CHANGE_SETTINGS)
        self.saved_minutes = service.current().idle_lock_minutes
        self.region_combo = QComboBox(self)
        self.region_combo.setObjectName("region_combo")
        self.region_combo.setMinimumContentsLength(18)
        self.region_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.region_label = QLabel(self)
        self.region_label.setBuddy(self.region_combo)
        self.region_label.setWordWrap(True)
        self.example_label = QLabel(self)
        self.example_label.setObjectName("region_example")
        self.example_label.setWordWrap(True)
        self.region_combo.currentIndexChanged.connect(self._show_example)
        self.idle_spin = QSpinBox(self)
        self.idle_spin.setObjectName("idle_minutes")
        self.idle_spin.setRange(IDLE_LOCK_MIN_MINUTES, IDLE_LOCK_MAX_MINUTES)
        self.idle_spin.setValue(self.saved_minutes)
        self.idle_label = QLabel(self)
        self.idle_label.setBuddy(self.idle_spin)
        self.idle_label.setWordWrap(True)
        self.idle_spin.setVisible(self.may_change_vault)
        self.idle_label.setVisible(self.may_change_vault)
        self.backups = backup.BackupService(service.session)
        self.saved_backup = self.backups.settings() if self.may_change_vault \
            else backup.BackupSettings()
        self.keep_spin, self.keep_label, self.keep_error = self._backup_field(
            "backup_keep", backup.KEEP_MIN, backup.KEEP_MAX, self.saved_backup.keep)
        self.remind_spin, self.remind_label, self.remind_error = self._backup_field(
            "backup_remind_days", backup.REMIND_MIN, backup.REMIND_MAX,
            self.saved_backup.remind_after_days)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        # Labels above their inputs, across the dialog: a translation 40% longer wraps
        # instead of clipping.
        leading = Qt.AlignmentFlag.AlignLeading
        layout = QVBoxLayout(self)
        layout.addWidget(self.region_label)
        layout.addWidget(self.region_combo, 0, leading)
        layout.addWidget(self.example_label)
        layout.addSpacing(12)
        layout.addWidget(self.idle_label)
        layout.addWidget(self.idle_spin, 0, leading)
        layout.addSpacing(12)
        for label, spin, error in ((self.keep_label, self.keep_spin, self.keep_error),
                                   (self.remind_label, self.remind_spin, self.remind_error)):
            layout.addWidget(label)
            layout.addWidget(spin, 0, leading)
            layout.addWidget(error)
        if self.may_change_vault:
            layout.addSpacing(12)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self._fill_regions(service.region())
        self.retranslate_ui()

    def _backup_field(self, name: str, minimum: int, maximum: int, value: int
                      ) -> tuple[QSpinBox, QLabel, MessageLine]:
        """A number for the backup settings, its label above it and its error line below."""
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(minimum, maximum)
        spin.setValue(value)
        label = InterfaceLabel(self, word_wrap=True)  # at the leading edge, even untranslated
        label.setBuddy(spin)
        error = MessageLine(self, margin=4)
        error.setObjectName(f"{name}_error")
        spin.valueChanged.connect(lambda _value: error.show_message(None))
        for widget in (spin, label):
            widget.setVisible(self.may_change_vault)
        return spin, label, error

    def _fill_regions(self, selected: str) -> None:
        """Every region, named in the interface language; keeps ``selected`` chosen."""
        names = i18n.translator_for(i18n.current().code).region_names()
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        for code, name in names:
            self.region_combo.addItem(name, code)
        self.region_combo.setCurrentIndex(max(self.region_combo.findData(selected), 0))
        self.region_combo.blockSignals(False)
        self._show_example()

    def selected_region(self) -> str:
        return str(self.region_combo.currentData() or i18n.DEFAULT_REGION)

    def _show_example(self) -> None:
        import datetime as dt

        sample = i18n.translator_for(i18n.current().code, self.selected_region())
        self.example_label.setText(_("For example: {date}, {number}").format(
            date=sample.format_date(dt.date(*EXAMPLE_DATE), "short"),
            number=sample.format_number(EXAMPLE_NUMBER)))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.region_label.setText(_("&Region for dates and numbers"))
        self.region_combo.setAccessibleName(_("Region for dates and numbers on this computer"))
        self.idle_label.setText(_("&Lock after this many minutes without use"))
        self.idle_spin.setAccessibleName(_("Minutes before the vault locks itself"))
        self.keep_label.setText(_("&Keep this many backups (older ones are removed)"))
        self.keep_spin.setAccessibleName(_("Number of backups to keep"))
        self.remind_label.setText(_("Re&mind after this many days without a backup"))
        self.remind_spin.setAccessibleName(_("Days without a backup before the reminder"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        if self.region_combo.count():
            self._fill_regions(self.selected_region())  # region names in the new language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def submit(self) -> None:
        region = self.selected_region()
        self.message_label.clear()
        try:
            if self.may_change_vault and self.idle_spin.value() != self.saved_minutes:
                self.service.set_idle_lock_minutes(self.idle_spin.value())
                self.saved_minutes = self.idle_spin.value()
            self._save_backup_settings()
            self.service.set_region(region)
        except ValidationError as error:
            beside = {"backup_keep": self.keep_error, "backup_remind_days": self.remind_error}
            line = beside.get(error.field)
            if line is None:
                self.message_label.setText(error.user_message())
            else:
                line.show_message(error.user_message)
            return
        except Exception as error:  # noqa: BLE001
            self.message_label.setText(error_text(error))
            return
        if region != i18n.current_region():
            i18n.set_language(i18n.current().code, region)  # every window reformats at once
        self.accept()

    def _save_backup_settings(self) -> None:
        keep, remind = self.keep_spin.value(), self.remind_spin.value()
        if not self.may_change_vault or (keep, remind) == (
                self.saved_backup.keep, self.saved_backup.remind_after_days):
            return
        self.backups.change_settings(keep, remind)
        self.saved_backup = self.backups.settings()
