"""Recovery: the recovery code opens the vault and an administrator sets a new passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.i18n import _
from shelter_desktop.services import vault_service
from shelter_desktop.services.session import Session
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.new_passphrase import NewPassphraseForm
from shelter_desktop.ui.workers import run_task


class RecoveryDialog(QDialog):
    recovered = Signal(object)  # Session

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setObjectName("recovery_dialog")
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("recovery_code")
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("admin_username")
        self.code_label = QLabel(self)
        self.code_label.setBuddy(self.code_edit)
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username_edit)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.code_label, self.code_edit)
        form.addRow(self.username_label, self.username_edit)
        self.passphrase_form = NewPassphraseForm(self, form)
        self.passphrase_form.hide()  # its rows live in this dialog's form
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.resize(520, 420)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Use the recovery code"))
        self.intro_label.setText(_(
            "Type the recovery code that was printed or written down when this vault was set up, "
            "then choose a new passphrase for an administrator account."))
        self.code_label.setText(_("Recovery &code"))
        self.username_label.setText(_("Administrator's &user name"))
        self.code_edit.setAccessibleName(_("Recovery code"))
        self.username_edit.setAccessibleName(_("Administrator's user name"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Set the new passphrase"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def submit(self) -> None:
        self.passphrase_form.username = self.username_edit.text()
        if not self.code_edit.text().strip() or not self.username_edit.text().strip():
            self.message_label.setText(_("Please fill in every field."))
            return
        if not self.passphrase_form.validate():
            if not self.passphrase_form.error_label.text():
                self.message_label.setText(_("Please type the new passphrase twice."))
            return
        code, username = self.code_edit.text(), self.username_edit.text()
        passphrase = self.passphrase_form.passphrase()
        self.setEnabled(False)
        self.message_label.setText(_("Checking the recovery code…"))
        folder = self.folder
        run_task(lambda: vault_service.recover_administrator(folder, code, username, passphrase),
                 self._done, self._failed)

    def _done(self, session: Session) -> None:
        self.setEnabled(True)
        self.passphrase_form.clear()
        self.code_edit.clear()
        self.accept()
        self.recovered.emit(session)

    def _failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.message_label.setText(error_text(error))
