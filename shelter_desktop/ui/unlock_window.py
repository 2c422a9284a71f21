"""The unlock window: neutral, shows nothing about any client; unlocks on a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import APP_NAME
from shelter_desktop.errors import ShelterError, UnlockDelayError
from shelter_desktop.i18n import _
from shelter_desktop.services.throttle import UnlockThrottle
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.language_menu import LanguageButton
from shelter_desktop.ui.widgets.passphrase_field import PassphraseField
from shelter_desktop.ui.workers import run_task

if TYPE_CHECKING:
    from shelter_desktop.services.session import Session


class UnlockWindow(QWidget):
    unlocked = Signal(object)  # Session
    recovery_requested = Signal()
    language_chosen = Signal(str)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setObjectName("unlock_window")
        self._busy = False
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)
        self._wait_timer.timeout.connect(self._update_wait)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.title_label.setFont(font)
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("username")
        self.passphrase_field = PassphraseField(self)
        self.passphrase_field.setObjectName("passphrase")
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username_edit)
        self.passphrase_label = QLabel(self)
        self.passphrase_label.setBuddy(self.passphrase_field.edit)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.recovery_button = QPushButton(self)
        self.recovery_button.setFlat(True)
        self.language_button = LanguageButton(self)
        self.language_button.language_chosen.connect(self.language_chosen)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.username_label, self.username_edit)
        form.addRow(self.passphrase_label, self.passphrase_field)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.language_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase_field.return_pressed.connect(self.try_unlock)
        self.username_edit.returnPressed.connect(self.passphrase_field.setFocus)
        self.recovery_button.clicked.connect(self.recovery_requested)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+L"), self)
        shortcut.activated.connect(self.language_button.showMenu)
        self.resize(460, 320)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.title_label.setText(APP_NAME)
        self.intro_label.setText(_("Enter your user name and passphrase to unlock."))
        self.username_label.setText(_("&User name"))
        self.passphrase_label.setText(_("&Passphrase"))
        self.username_edit.setAccessibleName(_("User name"))
        self.passphrase_field.set_accessible_name(_("Passphrase"))
        self.unlock_button.setText(_("Unlock"))
        self.recovery_button.setText(_("Use the recovery code…"))
        self.recovery_button.setToolTip(_("For administrators who forgot their passphrase"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def prepare(self, username: str = "", message: str = "") -> None:
        """Reset for a new unlock: keep the user name, clear the passphrase."""
        self.username_edit.setText(username)
        self.passphrase_field.clear()
        self.show_message(message)
        (self.passphrase_field if username else self.username_edit).setFocus()
        self._update_wait()

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setAccessibleDescription(text)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.username_edit, self.passphrase_field, self.unlock_button,
                       self.recovery_button):
            widget.setEnabled(not busy)
        if busy:
            self.show_message(_("Unlocking…"))

    def _update_wait(self) -> bool:
        seconds = UnlockThrottle(self.folder).seconds_to_wait()
        if seconds > 0:
            self.show_message(UnlockDelayError(seconds=seconds).user_message())
            self.unlock_button.setEnabled(False)
            self._wait_timer.start()
            return True
        self._wait_timer.stop()
        if not self._busy:
            self.unlock_button.setEnabled(True)
        return False

    def try_unlock(self) -> None:
        if self._busy or self._update_wait():
            return
        username = self.username_edit.text()
        passphrase = self.passphrase_field.text()
        if not username.strip() or not passphrase:
            self.show_message(_("Please enter your user name and passphrase."))
            return
        self.set_busy(True)
        folder = self.folder

        def unlock() -> Session:
            from shelter_desktop.services import vault_service  # loads the crypto on the worker

            return vault_service.unlock(folder, username, passphrase)

        run_task(unlock,
                 self._unlock_done, self._unlock_failed)

    def _unlock_done(self, session: Session) -> None:
        self.set_busy(False)
        self.passphrase_field.clear()
        self.show_message("")
        self.unlocked.emit(session)

    def _unlock_failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self.passphrase_field.clear()
        self.passphrase_field.setFocus()
        self.show_message(error_text(error))
        if not isinstance(error, ShelterError):
            raise error
        self._update_wait()
