"""Telling administrators about backups without getting in their way.

``BackupReminder`` is a calm bar above the client list when a backup is due (or the last one was
stopped by a lock), with "Back up now…" and "Later" (hidden until the next sign-in).
``BackupStatusButton`` sits in the status bar and always says when the last backup was taken;
clicking it opens the backup dialog too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from shelter_desktop import i18n
from shelter_desktop.i18n import _
from shelter_desktop.services.backup import BackupStatus
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel


def last_backup_sentence(status: BackupStatus) -> str:
    if status.days_since is None:
        return _("No backup has been taken yet.")
    return i18n.ngettext("The last backup was {days} day ago.",
                         "The last backup was {days} days ago.",
                         status.days_since).format(days=status.days_since)


class BackupReminder(QFrame):
    backup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_reminder")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.status: BackupStatus | None = None
        self.interrupted = False
        self.dismissed = False  # "Later": until the next sign-in (a new main window)
        self.label = InterfaceLabel(self, word_wrap=True)
        self.label.setObjectName("backup_reminder_message")
        self.backup_button = QPushButton(self)
        self.backup_button.setObjectName("backup_reminder_button")
        self.backup_button.clicked.connect(self.backup_requested)
        self.later_button = QPushButton(self)
        self.later_button.setObjectName("backup_later_button")
        self.later_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.backup_button)
        layout.addWidget(self.later_button)
        self.hide()

    def offer(self, status: BackupStatus, interrupted: bool = False) -> None:
        self.status = status
        self.interrupted = interrupted
        self.retranslate_ui()
        self.setVisible(not self.dismissed and (status.due or interrupted))

    def dismiss(self) -> None:
        self.dismissed = True
        self.hide()

    def retranslate_ui(self) -> None:
        if self.interrupted:
            text = _("The last backup was stopped because the vault locked, so no backup file "
                     "was saved.")
        elif self.status is not None:
            text = last_backup_sentence(self.status)
        else:
            text = ""
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.backup_button.setText(_("&Back up now…"))
        self.later_button.setText(_("Later"))
        self.later_button.setToolTip(_("Hide this reminder until the next sign-in"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class BackupStatusButton(QToolButton):
    """"Last backup: 3 days ago" in the status bar, for administrators; opens the dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_status_button")
        self.setAutoRaise(True)
        self.status: BackupStatus | None = None
        self.hide()

    def show_status(self, status: BackupStatus) -> None:
        self.status = status
        self.retranslate_ui()
        self.show()

    def retranslate_ui(self) -> None:
        status = self.status
        if status is None:
            return
        if status.days_since is None:
            text = _("No backup yet")
        elif status.days_since == 0:
            text = _("Last backup: today")
        else:
            text = i18n.ngettext("Last backup: {days} day ago", "Last backup: {days} days ago",
                                 status.days_since).format(days=status.days_since)
        self.setText(text)
        self.setToolTip(_("Back up now…"))
        self.setAccessibleName(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
