"""The set-up wizard's other road: restore a backup on a new computer (an empty data folder).

The backup opens with the recovery code or with an administrator's user name and passphrase
(``services.backup.restore_backup``, on a worker thread with a progress bar). A wrong code or
passphrase, a damaged file or a file that is no backup is refused before anything is written to
the data folder; the message says so and everything typed stays, except the passphrase.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from shelter_desktop import i18n
from shelter_desktop.i18n import _
from shelter_desktop.services.backup import BACKUP_SUFFIX, RestoreResult, restore_backup
from shelter_desktop.ui.backup_job import ProgressRelay
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine
from shelter_desktop.ui.widgets.passphrase_field import PassphraseField
from shelter_desktop.ui.workers import run_task


class RestorePage(QWizardPage):
    """Choose the backup file and how to open it; restoring happens on a worker thread."""

    restored = Signal(object)  # RestoreResult

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.busy = False
        self.result: RestoreResult | None = None
        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("backup_file")
        self.file_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a path
        self.file_label = InterfaceLabel(self)
        self.file_label.setBuddy(self.file_edit)
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("choose_backup_file")
        file_row = QWidget(self)
        file_layout = QHBoxLayout(file_row)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addWidget(self.file_edit, 1)
        file_layout.addWidget(self.choose_button)

        self.with_code = QRadioButton(self)
        self.with_code.setObjectName("restore_with_code")
        self.with_code.setChecked(True)
        self.with_passphrase = QRadioButton(self)
        self.with_passphrase.setObjectName("restore_with_passphrase")
        self.method_group = QButtonGroup(self)
        self.method_group.addButton(self.with_code)
        self.method_group.addButton(self.with_passphrase)
        methods = QWidget(self)
        methods_layout = QVBoxLayout(methods)
        methods_layout.setContentsMargins(0, 0, 0, 0)
        methods_layout.addWidget(self.with_code)
        methods_layout.addWidget(self.with_passphrase)

        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("restore_recovery_code")
        self.code_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # Latin letters
        self.code_label = InterfaceLabel(self)
        self.code_label.setBuddy(self.code_edit)
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("restore_username")
        self.username_label = InterfaceLabel(self)
        self.username_label.setBuddy(self.username_edit)
        self.passphrase_field = PassphraseField(self)
        self.passphrase_field.setObjectName("restore_passphrase")
        self.passphrase_label = InterfaceLabel(self)
        self.passphrase_label.setBuddy(self.passphrase_field.edit)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("restore_progress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.hide()
        self.message = MessageLine(self)
        self.message.setObjectName("restore_message")

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.file_label, file_row)
        self.form.addRow(methods)
        self.form.addRow(self.code_label, self.code_edit)
        self.form.addRow(self.username_label, self.username_edit)
        self.form.addRow(self.passphrase_label, self.passphrase_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.choose_button.clicked.connect(self.choose_file)
        self.with_code.toggled.connect(self._show_method)
        for edit in (self.file_edit, self.code_edit, self.username_edit,
                     self.passphrase_field.edit):
            edit.textChanged.connect(self.completeChanged)
        self._show_method()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Restore from a backup"))
        self.intro_label.setText(_(
            "Use this on a new computer. You need the backup file and either the recovery code "
            "or an administrator's user name and passphrase."))
        self.file_label.setText(_("Backup &file"))
        self.file_edit.setAccessibleName(_("Backup file"))
        self.choose_button.setText(_("C&hoose…"))
        self.with_code.setText(_("&Open it with the recovery code"))
        self.with_passphrase.setText(_("Open it with an &administrator's passphrase"))
        self.code_label.setText(_("Recovery &code"))
        self.code_edit.setAccessibleName(_("Recovery code"))
        self.username_label.setText(_("Administrator's &user name"))
        self.username_edit.setAccessibleName(_("Administrator's user name"))
        self.passphrase_label.setText(_("&Passphrase"))
        self.passphrase_field.set_accessible_name(_("Passphrase"))
        self.progress_bar.setAccessibleName(_("Restore progress"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Restore"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _show_method(self) -> None:
        by_code = self.with_code.isChecked()
        self.form.setRowVisible(self.code_edit, by_code)
        self.form.setRowVisible(self.username_edit, not by_code)
        self.form.setRowVisible(self.passphrase_field, not by_code)
        self.message.show_message(None)
        self.completeChanged.emit()

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the backup file"), self.file_edit.text(),
            _("Shelter Desktop backups (*{suffix})").format(suffix=BACKUP_SUFFIX))
        if path:
            self.file_edit.setText(path)

    def isComplete(self) -> bool:
        if self.busy or not self.file_edit.text().strip():
            return False
        if self.with_code.isChecked():
            return bool(self.code_edit.text().strip())
        return bool(self.username_edit.text().strip()) and bool(self.passphrase_field.text())

    def validatePage(self) -> bool:
        """Start the restore; the wizard moves on when it has succeeded."""
        if self.result is not None:
            return True
        if self.busy or not self.isComplete():
            return False
        backup = Path(self.file_edit.text().strip())
        if not backup.is_file():
            self.message.show_message(lambda: _("There is no file there. Choose the backup "
                                                "file again."))
            return False
        folder = self.folder
        relay = ProgressRelay(self)
        relay.percent.connect(self.progress_bar.setValue)
        if self.with_code.isChecked():
            code = self.code_edit.text()

            def restore() -> RestoreResult:
                return restore_backup(backup, folder, recovery_code=code,
                                      progress=relay.report)
        else:
            username, passphrase = self.username_edit.text(), self.passphrase_field.text()

            def restore() -> RestoreResult:
                return restore_backup(backup, folder, username=username, passphrase=passphrase,
                                      progress=relay.report)

        self._set_busy(True)
        self.message.show_message(lambda: _("Checking the backup and restoring it…"))
        run_task(restore, self._done, self._failed)
        return False

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.file_edit, self.choose_button, self.with_code, self.with_passphrase,
                       self.code_edit, self.username_edit, self.passphrase_field):
            widget.setEnabled(not busy)
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(busy)
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None:
            wizard.button(QWizard.WizardButton.BackButton).setEnabled(not busy)

    def _done(self, result: RestoreResult) -> None:
        self._set_busy(False)
        self.passphrase_field.clear()
        self.code_edit.clear()
        self.message.show_message(None)
        self.result = result
        self.restored.emit(result)
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.passphrase_field.clear()  # the code, the user name and the file stay
        self.message.show_message(lambda: error_text(error))

    @property
    def username(self) -> str:
        return self.username_edit.text().strip() if self.with_passphrase.isChecked() else ""


class RestoredPage(QWizardPage):
    """The last page of a restore: when the backup was taken, and what to do next."""

    def __init__(self) -> None:
        super().__init__()
        self.created_at: dt.datetime | None = None
        self.label = InterfaceLabel(self, word_wrap=True)
        self.label.setObjectName("restored_message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.retranslate_ui()

    def show_result(self, result: RestoreResult) -> None:
        self.created_at = result.created_at
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("The backup is restored"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Sign in"))
        if self.created_at is None:
            self.label.clear()
            return
        taken = self.created_at.astimezone().date()  # the date on this computer's clock
        self.label.setText(_(
            "Restored the backup taken on {date}. Sign in with your usual passphrase."
        ).format(date=i18n.current().format_date(taken, "long")))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
