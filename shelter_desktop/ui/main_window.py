"""The main window shell: menus, a toolbar with Lock and the language switcher, a home area."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import APP_NAME, __version__
from shelter_desktop.domain.accounts import Permission
from shelter_desktop.i18n import _
from shelter_desktop.services.session import Session
from shelter_desktop.ui.widgets.language_menu import LanguageButton


class HomeView(QWidget):
    """The home area; the client list takes this place."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.heading_label = QLabel(self)
        self.heading_label.setObjectName("home_heading")
        font = self.heading_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading_label.setFont(font)
        self.body_label = QLabel(self)
        self.body_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.body_label)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        name = self.session.account.display_name
        self.heading_label.setText(_("Hello, {name}").format(name=name))
        self.body_label.setText(_(
            "Client records will be listed here. Press Ctrl+L or the Lock button whenever you "
            "step away; the vault also locks itself when nobody uses it."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    lock_requested = Signal()
    language_chosen = Signal(str)
    accounts_requested = Signal()
    audit_requested = Signal()
    settings_requested = Signal()
    change_passphrase_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("main_window")
        self.home = HomeView(session, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.home)
        self.setCentralWidget(self.stack)

        self.lock_action = QAction(self)
        self.lock_action.setObjectName("lock_action")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.accounts_action = QAction(self)
        self.accounts_action.setObjectName("accounts_action")
        self.accounts_action.triggered.connect(self.accounts_requested)
        self.audit_action = QAction(self)
        self.audit_action.setObjectName("audit_action")
        self.audit_action.triggered.connect(self.audit_requested)
        self.settings_action = QAction(self)
        self.settings_action.setObjectName("settings_action")
        self.settings_action.triggered.connect(self.settings_requested)
        self.passphrase_action = QAction(self)
        self.passphrase_action.setObjectName("change_passphrase_action")
        self.passphrase_action.triggered.connect(self.change_passphrase_requested)
        self.about_action = QAction(self)
        self.about_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.about_action.triggered.connect(self.show_about)

        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.account_menu = menu_bar.addMenu("")
        self.account_menu.addAction(self.passphrase_action)
        self.admin_menu = menu_bar.addMenu("")
        self.admin_menu.addAction(self.accounts_action)
        self.admin_menu.addAction(self.audit_action)
        self.admin_menu.addAction(self.settings_action)
        self.help_menu = menu_bar.addMenu("")
        self.help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.lock_action)
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.language_button = LanguageButton(self.toolbar)
        self.language_button.language_chosen.connect(self.language_chosen)
        self.toolbar.addWidget(self.language_button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.language_shortcut = QAction(self)
        self.language_shortcut.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.language_shortcut.triggered.connect(self.language_button.showMenu)
        self.addAction(self.language_shortcut)

        self.user_label = QLabel(self)
        self.user_label.setObjectName("signed_in_user")
        self.statusBar().addPermanentWidget(self.user_label)
        is_admin = session.can(Permission.MANAGE_ACCOUNTS)
        self.admin_menu.menuAction().setVisible(is_admin)
        self.resize(1000, 680)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.file_menu.setTitle(_("&File"))
        self.account_menu.setTitle(_("&Account"))
        self.admin_menu.setTitle(_("Ad&ministration"))
        self.help_menu.setTitle(_("&Help"))
        self.lock_action.setText(_("&Lock"))
        self.lock_action.setToolTip(_("Lock now (Ctrl+L)"))
        self.quit_action.setText(_("&Quit"))
        self.accounts_action.setText(_("Staff &accounts…"))
        self.audit_action.setText(_("Audit &log…"))
        self.settings_action.setText(_("&Settings…"))
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

    def show_about(self) -> None:
        from shelter_desktop.ui.messages import show_info

        show_info(self, _("About Shelter Desktop"), _(
            "{app} {version}: encrypted, offline case records for shelters and victim-service "
            "agencies.").format(app=APP_NAME, version=__version__))
