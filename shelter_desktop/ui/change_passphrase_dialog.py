"""Change my passphrase; also shown, without a way around it, after a one-time passphrase."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.i18n import _
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.session import Session
from shelter_desktop.services.vault_service import organisation_name
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.new_passphrase import NewPassphraseForm
from shelter_desktop.ui.widgets.passphrase_field import PassphraseField
from shelter_desktop.ui.workers import run_task


class ChangePassphraseDialog(QDialog):
    changed = Signal()

    def __init__(self, session: Session, *, required: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.required = required
        self.setObjectName("change_passphrase_dialog")
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.current_field = PassphraseField(self)
        self.current_field.setObjectName("current_passphrase")
        self.current_label = QLabel(self)
        self.current_label.setBuddy(self.current_field.edit)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        buttons = QDialogButtonBox.StandardButton.Ok
        if not required:
            buttons |= QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(buttons, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.current_label, self.current_field)
        self.new_form = NewPassphraseForm(self, form)
        self.new_form.hide()  # its rows live in this dialog's form
        self.new_form.username = session.account.username
        self.new_form.organisation = organisation_name(session)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.resize(520, 380)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Change my passphrase"))
        if self.required:
            self.intro_label.setText(_(
                "You unlocked with a one-time passphrase. Please choose your own passphrase now."))
        else:
            self.intro_label.setText(_("Choose a new passphrase for your account."))
        self.current_label.setText(_("&Current passphrase"))
        self.current_field.set_accessible_name(_("Current passphrase"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Change passphrase"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def reject(self) -> None:
        if self.required and self.session.is_open:
            return  # the one-time passphrase must be replaced; Lock is still available
        super().reject()

    def submit(self) -> None:
        if not self.new_form.validate():
            if not self.new_form.error_label.text():
                self.message_label.setText(_("Please type the new passphrase twice."))
            return
        current, new = self.current_field.text(), self.new_form.passphrase()
        service = AccountService(self.session)
        self.setEnabled(False)
        self.message_label.setText(_("Saving…"))
        run_task(lambda: service.change_own_passphrase(current, new), self._done, self._failed)

    def _done(self, _result: object) -> None:
        self.setEnabled(True)
        self.current_field.clear()
        self.new_form.clear()
        self.changed.emit()
        self.required = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        self.message_label.setText(error_text(error))
