"""First-run set-up: language, organisation, first administrator, recovery code.

Or, on a new computer, restore a backup instead (``restore_page``): the welcome page offers both.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from shelter_desktop import APP_NAME, i18n
from shelter_desktop.domain import text_rules
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import _
from shelter_desktop.services import vault_service
from shelter_desktop.services.session import Session
from shelter_desktop.storage import recovery_code
from shelter_desktop.ui.messages import error_text, show_error
from shelter_desktop.ui.restore_page import RestoredPage, RestorePage
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel
from shelter_desktop.ui.widgets.new_passphrase import NewPassphraseForm
from shelter_desktop.ui.workers import run_task

# Which group of the recovery code is typed back to prove it was written down (0-based).
CONFIRM_GROUP = 2


class _Page(QWizardPage):
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class WelcomePage(_Page):
    language_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language")
        for code in i18n.available_languages():
            self.language_combo.addItem(i18n.display_name(code), code)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language_combo)
        form = QFormLayout()
        form.addRow(self.language_label, self.language_combo)
        # A new vault, or this organisation's vault from a backup (a new computer).
        self.new_vault_radio = QRadioButton(self)
        self.new_vault_radio.setObjectName("set_up_new_vault")
        self.new_vault_radio.setChecked(True)
        self.restore_radio = QRadioButton(self)
        self.restore_radio.setObjectName("restore_from_backup")
        self.choice_group = QButtonGroup(self)
        self.choice_group.addButton(self.new_vault_radio)
        self.choice_group.addButton(self.restore_radio)
        self.restore_hint = InterfaceLabel(self, word_wrap=True)
        self.restore_hint.setIndent(24)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(self.new_vault_radio)
        layout.addWidget(self.restore_radio)
        layout.addWidget(self.restore_hint)
        layout.addStretch(1)
        self.language_combo.currentIndexChanged.connect(self._chosen)
        self.retranslate_ui()

    def wants_restore(self) -> bool:
        return self.restore_radio.isChecked()

    def select(self, code: str) -> None:
        index = self.language_combo.findData(code)
        if index >= 0 and index != self.language_combo.currentIndex():
            self.language_combo.blockSignals(True)
            self.language_combo.setCurrentIndex(index)
            self.language_combo.blockSignals(False)

    def _chosen(self, index: int) -> None:
        self.language_chosen.emit(self.language_combo.itemData(index))

    def retranslate_ui(self) -> None:
        self.setTitle(_("Welcome to Shelter Desktop"))
        self.intro_label.setText(_(
            "This will set up an encrypted vault on this computer for your organisation's "
            "records. It takes a few minutes. You will need a printer or a safe place to write "
            "down a recovery code."))
        self.language_label.setText(_("Interface &language"))
        self.language_combo.setAccessibleName(_("Interface language"))
        self.new_vault_radio.setText(_("&Set up a new vault"))
        self.restore_radio.setText(_("&Restore from a backup"))
        self.restore_hint.setText(_(
            "For a new computer: you need a backup file and the recovery code or an "
            "administrator's passphrase."))


class OrganisationPage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("organisation")
        self.name_label = QLabel(self)
        self.name_label.setBuddy(self.name_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("organisation_error")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.name_label, self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.name_edit.textChanged.connect(lambda _text: self.error_label.clear())
        self.name_edit.textChanged.connect(self.completeChanged)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Your organisation"))
        self.intro_label.setText(_(
            "The name is stored inside the encrypted vault. It is never printed on documents "
            "given to clients."))
        self.name_label.setText(_("Organisation &name"))
        self.name_edit.setAccessibleName(_("Organisation name"))
        if self.error_label.text():
            self.validatePage()

    def isComplete(self) -> bool:
        return bool(self.name_edit.text().strip())

    def validatePage(self) -> bool:
        try:
            text_rules.clean_organisation_name(self.name_edit.text())
        except ValidationError as error:
            self.error_label.setText(error.user_message())
            return False
        return True


class AdministratorPage(_Page):
    """Collects the first administrator; creating the vault happens on a worker thread."""

    vault_created = Signal(object, str)  # Session, recovery code

    def __init__(self, folder: Path, organisation_page: OrganisationPage) -> None:
        super().__init__()
        self.folder = folder
        self.organisation_page = organisation_page
        self.created = False
        self.busy = False
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("admin_username")
        self.display_name_edit = QLineEdit(self)
        self.display_name_edit.setObjectName("admin_display_name")
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username_edit)
        self.display_name_label = QLabel(self)
        self.display_name_label.setBuddy(self.display_name_edit)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("admin_message")
        self.message_label.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.username_label, self.username_edit)
        form.addRow(self.display_name_label, self.display_name_edit)
        self.passphrase_form = NewPassphraseForm(self, form)
        self.passphrase_form.hide()  # its rows live in this page's form
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.username_edit.textChanged.connect(self.completeChanged)
        self.passphrase_form.changed.connect(self.completeChanged)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(_("The first administrator"))
        self.intro_label.setText(_(
            "This account manages staff accounts, backups and settings. Usually the director."))
        self.username_label.setText(_("&User name"))
        self.display_name_label.setText(_("&Display name (optional)"))
        self.username_edit.setAccessibleName(_("User name"))
        self.display_name_edit.setAccessibleName(_("Display name"))

    def isComplete(self) -> bool:
        return (not self.busy and bool(self.username_edit.text().strip())
                and bool(self.passphrase_form.passphrase()))

    def validatePage(self) -> bool:
        if self.created:
            return True
        if self.busy:
            return False
        self.message_label.clear()
        try:
            username = text_rules.clean_username(self.username_edit.text())
            if self.display_name_edit.text().strip():
                text_rules.clean_display_name(self.display_name_edit.text())
        except ValidationError as error:
            self.message_label.setText(error.user_message())
            return False
        self.passphrase_form.username = username
        self.passphrase_form.organisation = self.organisation_page.name_edit.text()
        if not self.passphrase_form.validate():
            if not self.passphrase_form.error_label.text():
                self.message_label.setText(_("Please type the passphrase twice."))
            return False
        admin = vault_service.NewAdministrator(
            username, self.display_name_edit.text(), self.passphrase_form.passphrase(),
            i18n.current().code)
        organisation = self.organisation_page.name_edit.text()
        folder = self.folder
        self.busy = True
        self.completeChanged.emit()
        self.setEnabled(False)
        self.message_label.setText(_("Creating the encrypted vault…"))
        run_task(lambda: vault_service.set_up_vault(folder, organisation, admin),
                 self._created, self._failed)
        return False

    def _created(self, result: tuple[Session, str]) -> None:
        self.busy = False
        self.created = True
        self.setEnabled(True)
        self.passphrase_form.clear()
        self.message_label.clear()
        session, code = result
        self.vault_created.emit(session, code)
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.setEnabled(True)
        self.completeChanged.emit()
        self.message_label.setText(error_text(error))


class RecoveryCodePage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.code = ""
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        self.code_label = QLabel(self)
        self.code_label.setObjectName("recovery_code")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.Bold)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("print_recovery_code")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_recovery_code")
        self.confirm_label = QLabel(self)
        self.confirm_label.setWordWrap(True)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setObjectName("confirm_group")
        self.confirm_edit.setMaxLength(recovery_code.GROUP_LENGTH + 2)
        self.confirm_label.setBuddy(self.confirm_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.code_label)
        layout.addLayout(buttons)
        layout.addWidget(self.confirm_label)
        layout.addWidget(self.confirm_edit)
        layout.addStretch(1)
        self.print_button.clicked.connect(self.print_code)
        self.save_button.clicked.connect(self.save_code)
        self.confirm_edit.textChanged.connect(self.completeChanged)
        self.retranslate_ui()

    def set_code(self, code: str) -> None:
        self.code = code
        self.code_label.setText(code)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Your recovery code"))
        self.intro_label.setText(_(
            "With this code an administrator can open the vault if every passphrase is "
            "forgotten, or restore a backup on a new computer. It is shown only this once. "
            "Print it or write it down, and keep it locked away from this computer."))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save to a file…"))
        self.confirm_label.setText(_(
            "To confirm that you stored it, type block number {number} of the code (each block "
            "has five characters).").format(number=CONFIRM_GROUP + 1))
        self.confirm_edit.setAccessibleName(_("Block {number} of the recovery code").format(
            number=CONFIRM_GROUP + 1))

    def isComplete(self) -> bool:
        typed = recovery_code.normalise(self.confirm_edit.text())
        return bool(self.code) and typed == recovery_code.group(self.code, CONFIRM_GROUP)

    def _sheet_text(self) -> str:
        return "\n\n".join([
            _("Shelter Desktop recovery code"), self.code,
            _("Keep this sheet locked away, apart from the computer. Anyone with this code and "
              "the computer or a backup can open the records.")])

    def print_code(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setPlainText(self._sheet_text())
        document.print_(printer)

    def save_code(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the recovery code"), "recovery-code.txt", _("Text files (*.txt)"))
        if not path:
            return
        try:
            Path(path).write_text(self._sheet_text() + "\n", encoding="utf-8")
        except OSError as error:
            show_error(self, error)


class SetupWizard(QWizard):
    """Emits ``finished_setup(session)`` once the recovery code is confirmed.

    After a restore it emits ``restored(user name)`` instead (the user name typed to open the
    backup, or ""): nobody is signed in yet, the unlock window comes next.
    """

    finished_setup = Signal(object)
    restored = Signal(str)
    language_chosen = Signal(str)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.session: Session | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.welcome_page = WelcomePage()
        self.organisation_page = OrganisationPage()
        self.administrator_page = AdministratorPage(folder, self.organisation_page)
        self.recovery_page = RecoveryCodePage()
        for page in (self.welcome_page, self.organisation_page, self.administrator_page,
                     self.recovery_page):
            self.addPage(page)
        self.restore_page = RestorePage(folder)
        self.restored_page = RestoredPage()
        self.restore_id = self.addPage(self.restore_page)
        self.restored_id = self.addPage(self.restored_page)
        self.restore_page.restored.connect(self.restored_page.show_result)
        self.welcome_page.language_chosen.connect(self.language_chosen)
        self.administrator_page.vault_created.connect(self._vault_created)
        self.currentIdChanged.connect(self._page_changed)
        self.resize(640, 520)
        self.retranslate_ui()

    def nextId(self) -> int:
        """Two roads from the welcome page: a new vault, or a restore."""
        page = self.currentPage()
        if page is self.welcome_page and self.welcome_page.wants_restore():
            return self.restore_id
        if page is self.restore_page:
            return self.restored_id
        if page is self.recovery_page or page is self.restored_page:
            return -1
        return super().nextId()

    def _vault_created(self, session: Session, code: str) -> None:
        self.session = session
        self.recovery_page.set_code(code)

    def _page_changed(self, _page_id: int) -> None:
        # Once the vault exists there is no going back to change what made it.
        if self.session is not None:
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Set up {app}").format(app=APP_NAME))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("&Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Start using Shelter Desktop"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def accept(self) -> None:
        if self.restore_page.result is not None:
            super().accept()
            self.restored.emit(self.restore_page.username)
            return
        if self.session is None or not self.recovery_page.isComplete():
            return
        super().accept()
        self.finished_setup.emit(self.session)

    def reject(self) -> None:
        if self.restore_page.result is not None:
            self.accept()  # the vault is restored: closing the wizard leads to signing in
            return
        if self.session is not None or self.restore_page.busy:
            return  # the vault exists (the code must be confirmed first), or is being restored
        super().reject()
