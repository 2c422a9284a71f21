"""Back up now: choose a folder, watch the progress, read where the file went.

The dialog is not modal: the backup runs on a worker thread (``backup_job``) and staff keep
working in the main window meanwhile. It cannot be closed while the file is being written, and
it never starts a second backup; a lock stops the backup first and then closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.i18n import _
from shelter_desktop.services.backup import BackupResult, BackupService
from shelter_desktop.ui.backup_job import BackupJob, running_backup, start_backup
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine

# Paths are left-to-right whatever the interface language: isolate them inside a sentence so a
# right-to-left translation does not reorder their slashes (LRI … PDI).
_LTR_ISOLATE, _POP_ISOLATE = "\u2066", "\u2069"


def isolated_path(path: Path | str) -> str:
    return f"{_LTR_ISOLATE}{path}{_POP_ISOLATE}"


def saved_message(result: BackupResult) -> str:
    """"Backup saved: <path>", and how many older backups were removed to make room."""
    lines = [_("Backup saved: {path}").format(path=isolated_path(result.path))]
    if result.removed:
        count = len(result.removed)
        lines.append(i18n.ngettext("{count} older backup was removed.",
                                   "{count} older backups were removed.", count
                                   ).format(count=count))
    return "\n".join(lines)


class BackupDialog(QDialog):
    backed_up = Signal(object)  # BackupResult

    def __init__(self, service: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.job: BackupJob | None = None
        self.setObjectName("backup_dialog")
        folder = service.settings().folder
        self.folder = Path(folder) if folder else Path.home()
        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.intro_label.setObjectName("backup_intro")
        self.folder_label = InterfaceLabel(self)
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("backup_folder")
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a path
        self.folder_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("choose_backup_folder")
        self.choose_button.clicked.connect(self.choose_folder)
        self.folder_label.setBuddy(self.choose_button)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("backup_progress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.hide()
        self.message = MessageLine(self)
        self.message.setObjectName("backup_message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("start_backup")
        self.start_button.setDefault(True)
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.start_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        layout = self.main_layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addSpacing(8)
        layout.addWidget(self.folder_label)
        layout.addLayout(row)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._show_folder()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.retranslate_ui()
        self._fit()

    def _fit(self) -> None:
        """Grow to show every wrapped line (a translation may be much longer)."""
        layout = self.main_layout
        width = max(self.width(), self.minimumWidth())
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        height = max(needed, layout.totalMinimumSize().height(), self.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Back up now"))
        self.intro_label.setText(_(
            "The backup is one encrypted file. It opens only with a staff member's passphrase "
            "or the recovery code. Keep the drive somewhere safe, away from this computer."))
        self.folder_label.setText(_("Save the backup in this folder:"))
        self.folder_edit.setAccessibleName(_("Folder for the backup"))
        self.choose_button.setText(_("&Choose…"))
        self.start_button.setText(_("&Back up now"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.progress_bar.setAccessibleName(_("Backup progress"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self._fit()
        super().changeEvent(event)

    def _say(self, message: Callable[[], str] | None) -> None:
        self.message.show_message(message)
        self._fit()

    def prepare(self) -> None:
        """Opened again: forget the last outcome unless a backup is still being written."""
        if self.running:
            return
        self._say(None)
        self.progress_bar.hide()
        self._set_running(False)

    def _show_folder(self) -> None:
        self.folder_edit.setText(str(self.folder))
        self.folder_edit.setCursorPosition(0)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Choose where to save the backup"), str(self.folder))
        if chosen:
            self.folder = Path(chosen)
            self._show_folder()
            self._say(None)

    # -- the backup -------------------------------------------------------------------------

    def start(self) -> None:
        if self.running:
            return
        if running_backup() is not None:
            self._say(lambda: _("A backup is already being written. Wait for "
                                                "it to finish."))
            return
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        try:
            job = start_backup(self.service, self.folder)
        except Exception as error:  # noqa: BLE001 - a clear message, never a crash
            self._failed(error)
            return
        if job is None:
            return
        self.job = job
        job.progressed.connect(self.progress_bar.setValue)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.stopped.connect(self._stopped)
        self._set_running(True)
        self._say(lambda: _("Writing the backup… You can keep working "
                                            "meanwhile."))

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.choose_button.setEnabled(not running)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setEnabled(not running)

    def _succeeded(self, result: BackupResult) -> None:
        self._set_running(False)
        self.progress_bar.setValue(100)
        self._say(lambda: saved_message(result))
        self.backed_up.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        self.progress_bar.hide()
        self._say(lambda: error_text(error))

    def _stopped(self) -> None:
        self._set_running(False)
        self.progress_bar.hide()
        self._say(lambda: _("The backup was stopped because the vault "
                                            "locked. No backup file was saved."))

    # -- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        if self.running:
            return  # the file is being written; a lock stops it first, then closes us
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            return
        super().closeEvent(event)
