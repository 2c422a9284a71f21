"""The main window: the client list on the left, the open record on the right (ux.md).

Menus and a toolbar with New intake, Lock and the language switcher stay as they were; the
centre is a splitter whose right side shows a calm empty state until a client is chosen. The
window talks to the services only through the list panel and the record view; starting an intake
and resuming drafts belong to the controller, which owns the windows' lifetimes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import APP_NAME, __version__, i18n
from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.clients import Client
from shelter_desktop.i18n import _
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.backup_reminder import BackupReminder, BackupStatusButton
from shelter_desktop.ui.clients.client_list import ClientListPanel
from shelter_desktop.ui.clients.client_record import ClientRecordView
from shelter_desktop.ui.interpreter.banner import InterpreterBanner
from shelter_desktop.ui.widgets.language_menu import LanguageButton

EMPTY_PAGE, RECORD_PAGE = 0, 1


class EmptyState(QWidget):
    """What the right side shows before a client is chosen: one calm sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_state")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addWidget(self.label)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        # The list is on the right when the window is mirrored (Arabic, Persian).
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            self.label.setText(_("Choose a client on the right, or start a new intake with "
                                 "Ctrl+N."))
        else:
            self.label.setText(_("Choose a client on the left, or start a new intake with "
                                 "Ctrl+N."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LayoutDirectionChange):
            self.retranslate_ui()
        super().changeEvent(event)


class ResumeBar(QFrame):
    """A quiet bar offering to go back to unfinished intakes; it never blocks the window."""

    resume_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resume_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.count = 0
        self.label = QLabel(self)
        self.label.setObjectName("resume_message")
        self.label.setWordWrap(True)
        self.resume_button = QPushButton(self)
        self.resume_button.setObjectName("resume_button")
        self.resume_button.clicked.connect(self.resume_requested)
        self.dismiss_button = QPushButton(self)
        self.dismiss_button.setObjectName("dismiss_resume_button")
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def offer(self, count: int) -> None:
        self.count = count
        self.retranslate_ui()
        self.setVisible(count > 0)

    def retranslate_ui(self) -> None:
        if self.count == 1:
            self.label.setText(_("You have an unfinished intake."))
        else:
            self.label.setText(i18n.ngettext(
                "You have {count} unfinished intake. The most recent one opens first.",
                "You have {count} unfinished intakes. The most recent one opens first.",
                self.count).format(count=self.count))
        self.resume_button.setText(_("&Resume"))
        self.dismiss_button.setText(_("Later"))
        self.dismiss_button.setToolTip(_("Hide this message; the draft is kept"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    language_chosen = Signal(str)
    accounts_requested = Signal()
    import_requested = Signal()
    audit_requested = Signal()
    settings_requested = Signal()
    purge_requested = Signal()
    change_passphrase_requested = Signal()
    new_intake_requested = Signal()
    resume_intake_requested = Signal()
    interpreter_toggled = Signal(bool)  # the toolbar toggle; the controller asks and decides
    record_interpreter_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("main_window")
        self.client_list = ClientListPanel(ClientService(session), self)
        self.client_list.client_chosen.connect(self.open_client)
        self.empty_state = EmptyState(self)
        self.record_view = ClientRecordView(session, self)
        self.record_view.record_changed.connect(self._record_changed)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.record_view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.client_list)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.resume_bar = ResumeBar(self)
        self.resume_bar.resume_requested.connect(self.resume_intake_requested)
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        self.interpreter_banner = InterpreterBanner(central, can_record=self._can_record)
        self.interpreter_banner.record_requested.connect(self.record_interpreter_requested)
        # Its offer to record the interpreter depends on a record being open.
        self.stack.currentChanged.connect(self.interpreter_banner.retranslate_ui)
        central_layout.addWidget(self.interpreter_banner)
        central_layout.addWidget(self.resume_bar)
        self.backup_reminder = BackupReminder(central)
        self.backup_reminder.backup_requested.connect(self.show_backup)
        central_layout.addWidget(self.backup_reminder)
        central_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.new_intake_action = QAction(self)
        self.new_intake_action.setObjectName("new_intake_action")
        self.new_intake_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_intake_action.triggered.connect(self.new_intake_requested)
        self.new_intake_action.setVisible(session.can(Permission.EDIT_INTAKE))
        self.search_action = QAction(self)
        self.search_action.setObjectName("search_action")
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.triggered.connect(self.client_list.focus_search)
        self.addAction(self.search_action)
        self.lock_action = QAction(self)
        self.lock_action.setObjectName("lock_action")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        # From the intake and assessment windows too, where the interpreter is usually needed.
        self.interpreter_action = QAction(self)
        self.interpreter_action.setObjectName("interpreter_action")
        self.interpreter_action.setCheckable(True)
        self.interpreter_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.interpreter_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.interpreter_action.triggered.connect(self.interpreter_toggled)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.accounts_action = QAction(self)
        self.accounts_action.setObjectName("accounts_action")
        self.accounts_action.triggered.connect(self.accounts_requested)
        self.import_action = QAction(self)
        self.import_action.setObjectName("import_action")
        self.import_action.triggered.connect(self.import_requested)
        self.audit_action = QAction(self)
        self.audit_action.setObjectName("audit_action")
        self.audit_action.triggered.connect(self.audit_requested)
        self.settings_action = QAction(self)
        self.settings_action.setObjectName("settings_action")
        self.settings_action.triggered.connect(self.settings_requested)
        self.purge_action = QAction(self)
        self.purge_action.setObjectName("purge_action")
        self.purge_action.triggered.connect(self.purge_requested)
        self.purge_action.setVisible(session.can(Permission.PURGE))
        self.passphrase_action = QAction(self)
        self.passphrase_action.setObjectName("change_passphrase_action")
        self.passphrase_action.triggered.connect(self.change_passphrase_requested)
        self.backup_action = QAction(self)
        self.backup_action.setObjectName("backup_action")
        self.backup_action.triggered.connect(self.show_backup)
        self.backup_action.setVisible(session.can(Permission.BACKUP))
        self.about_action = QAction(self)
        self.about_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.about_action.triggered.connect(self.show_about)

        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.file_menu.addAction(self.new_intake_action)
        self.file_menu.addAction(self.search_action)
        self.file_menu.addAction(self.interpreter_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.account_menu = menu_bar.addMenu("")
        self.account_menu.addAction(self.passphrase_action)
        self.admin_menu = menu_bar.addMenu("")
        self.admin_menu.addAction(self.accounts_action)
        self.admin_menu.addAction(self.import_action)
        self.admin_menu.addAction(self.audit_action)
        self.admin_menu.addAction(self.settings_action)
        self.admin_menu.addSeparator()
        self.admin_menu.addAction(self.backup_action)
        self.admin_menu.addAction(self.purge_action)
        self.help_menu = menu_bar.addMenu("")
        self.help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.new_intake_action)
        self.toolbar.addAction(self.lock_action)
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.language_button = LanguageButton(self.toolbar)
        self.language_button.language_chosen.connect(self.language_chosen)
        self.toolbar.addWidget(self.language_button)
        self.toolbar.addAction(self.interpreter_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.language_shortcut = QAction(self)
        self.language_shortcut.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.language_shortcut.triggered.connect(self.language_button.showMenu)
        self.addAction(self.language_shortcut)

        self.user_label = QLabel(self)
        self.user_label.setObjectName("signed_in_user")
        self.statusBar().addPermanentWidget(self.user_label)
        self.backup_status_button = BackupStatusButton(self)
        self.backup_status_button.clicked.connect(self.show_backup)
        self.statusBar().addPermanentWidget(self.backup_status_button)
        self.backup_dialog: QWidget | None = None
        self.refresh_backup_status()
        is_admin = session.can(Permission.MANAGE_ACCOUNTS)
        self.admin_menu.menuAction().setVisible(is_admin)
        if not is_admin:  # Settings holds this computer's region, which everyone may set
            self.account_menu.addAction(self.settings_action)
        self.resize(1200, 760)
        self.splitter.setSizes([480, 720])
        self.retranslate_ui()
        self.client_list.focus_search()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.file_menu.setTitle(_("&File"))
        self.account_menu.setTitle(_("&Account"))
        self.admin_menu.setTitle(_("Ad&ministration"))
        self.help_menu.setTitle(_("&Help"))
        self.new_intake_action.setText(_("&New intake"))
        self.new_intake_action.setToolTip(_("Start a new intake (Ctrl+N)"))
        self.search_action.setText(_("&Find a client"))
        self.search_action.setToolTip(_("Search by name or alias (Ctrl+F)"))
        self.lock_action.setText(_("&Lock"))
        self.lock_action.setToolTip(_("Lock now (Ctrl+L)"))
        self.interpreter_action.setText(_("Interpreter mode"))
        self.interpreter_action.setToolTip(_("Show the client's language under yours on forms "
                                             "and assessments (Ctrl+Shift+I)"))
        self.quit_action.setText(_("&Quit"))
        self.accounts_action.setText(_("Staff &accounts…"))
        self.import_action.setText(_("&Import clients from a spreadsheet…"))
        self.audit_action.setText(_("Audit &log…"))
        self.settings_action.setText(_("&Settings…"))
        self.backup_action.setText(_("&Back up now…"))
        self.purge_action.setText(_("&Retention and purge…"))
        self.passphrase_action.setText(_("Change my &passphrase…"))
        self.about_action.setText(_("&About Shelter Desktop"))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        account = self.session.account
        self.user_label.setText(_("Signed in: {name} ({role})").format(
            name=account.display_name, role=_(account.role.label)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- clients ----------------------------------------------------------------------------

    def open_client(self, client_id: str) -> None:
        """Show ``client_id`` on the right (one audited view), unless it is already shown."""
        if self.record_view.client_id == client_id and self.stack.currentIndex() == RECORD_PAGE:
            return
        if not self.may_leave_record():
            if self.record_view.client_id is not None:
                self.client_list.select_client(self.record_view.client_id)
            return
        if self.record_view.open_client(client_id):
            self.stack.setCurrentIndex(RECORD_PAGE)
            self.client_list.select_client(client_id)

    def show_client(self, client_id: str) -> None:
        """Open ``client_id`` even if shown (it was just created or changed elsewhere)."""
        self.client_list.refresh()
        if not self.may_leave_record():
            return
        if self.record_view.open_client(client_id):
            self.stack.setCurrentIndex(RECORD_PAGE)
            self.client_list.select_client(client_id)

    def may_leave_record(self) -> bool:
        """Ask before unsaved edits of the open record are dropped; True to go ahead."""
        if not self.record_view.intake_tab.has_unsaved_changes:
            return True
        answer = QMessageBox.question(
            self, _("Unsaved changes"),
            _("The changes to this record are not saved yet. Leave them and open the other "
              "record?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def show_interpreter_state(self, active: bool) -> None:
        """The toggle and the bar follow the mode (turned off by the bar, a lock, Cancel)."""
        self.interpreter_action.setChecked(active)
        self.interpreter_banner.retranslate_ui()

    def open_record(self) -> Client | None:
        """The client whose record is on the right, if one is."""
        return self.record_view.client if self.stack.currentIndex() == RECORD_PAGE else None

    def _can_record(self) -> bool:
        return self.open_record() is not None and self.session.can(Permission.EDIT_INTAKE)

    def refresh_clients(self) -> None:
        self.client_list.refresh()

    def forget_clients(self, client_ids: list[str]) -> None:
        """Records were purged: none of them may stay on the right, and the list follows."""
        if self.record_view.client_id in client_ids:
            self.stack.setCurrentIndex(EMPTY_PAGE)
            self.record_view.clear()
        self.client_list.refresh()

    def offer_resume(self, count: int) -> None:
        self.resume_bar.offer(count)

    # -- backups (administrators) ----------------------------------------------------------

    def refresh_backup_status(self) -> None:
        """The reminder bar and the status-bar note follow the last backup's age."""
        if not self.session.can(Permission.BACKUP) or not self.session.is_open:
            return
        from shelter_desktop.errors import ShelterError
        from shelter_desktop.services.backup import BackupService
        from shelter_desktop.ui.backup_job import interrupted_by_lock

        try:
            status = BackupService(self.session).status()
        except ShelterError:
            return
        self.backup_reminder.offer(status, interrupted_by_lock())
        self.backup_status_button.show_status(status)

    def show_backup(self) -> None:
        """One backup dialog, not modal: staff keep working while the file is written."""
        if not self.session.can(Permission.BACKUP) or not self.session.is_open:
            return
        from shelter_desktop.services.backup import BackupService
        from shelter_desktop.ui.backup_dialog import BackupDialog

        dialog = self.backup_dialog
        if not isinstance(dialog, BackupDialog):
            dialog = BackupDialog(BackupService(self.session), self)
            dialog.backed_up.connect(lambda _result: self.refresh_backup_status())
            self.backup_dialog = dialog
        dialog.prepare()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _record_changed(self, _client_id: str) -> None:
        self.client_list.refresh()

    def show_about(self) -> None:
        from shelter_desktop.ui.messages import show_info

        show_info(self, _("About Shelter Desktop"), _(
            "{app} {version}: encrypted, offline case records for shelters and victim-service "
            "agencies.").format(app=APP_NAME, version=__version__))
