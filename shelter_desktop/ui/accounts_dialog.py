"""Staff accounts (administrators): add, reset a passphrase, deactivate, reactivate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.accounts import Account, Role
from shelter_desktop.i18n import _
from shelter_desktop.services.accounts import AccountService, OneTimePassphrase
from shelter_desktop.ui.messages import error_text, show_error, show_info

_Index = QModelIndex | QPersistentModelIndex


class AccountsModel(QAbstractTableModel):
    COLUMNS = ("username", "display_name", "role", "status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts: list[Account] = []

    def set_accounts(self, accounts: list[Account]) -> None:
        self.beginResetModel()
        self.accounts = accounts
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.accounts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        account = self.accounts[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "username":
            return account.username
        if column == "display_name":
            return account.display_name
        if column == "role":
            return _(account.role.label)
        if not account.active:
            return _("Deactivated")
        return _("Must choose a passphrase") if account.must_change_passphrase else _("Active")

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("User name"), _("Display name"), _("Role"), _("Status"))[section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self.accounts:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.accounts) - 1, len(self.COLUMNS) - 1))


class NewAccountDialog(QDialog):
    def __init__(self, service: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.result_: OneTimePassphrase | None = None
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("new_username")
        self.display_name_edit = QLineEdit(self)
        self.display_name_edit.setObjectName("new_display_name")
        self.role_combo = QComboBox(self)
        self.role_combo.setObjectName("new_role")
        for role in (Role.INTAKE_WORKER, Role.CASEWORKER, Role.ADMINISTRATOR):
            self.role_combo.addItem("", role.value)
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username_edit)
        self.display_name_label = QLabel(self)
        self.display_name_label.setBuddy(self.display_name_edit)
        self.role_label = QLabel(self)
        self.role_label.setBuddy(self.role_combo)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.username_label, self.username_edit)
        form.addRow(self.display_name_label, self.display_name_edit)
        form.addRow(self.role_label, self.role_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Add a staff account"))
        self.username_label.setText(_("&User name"))
        self.display_name_label.setText(_("&Display name"))
        self.role_label.setText(_("&Role"))
        self.username_edit.setAccessibleName(_("User name"))
        self.display_name_edit.setAccessibleName(_("Display name"))
        self.role_combo.setAccessibleName(_("Role"))
        for index in range(self.role_combo.count()):
            self.role_combo.setItemText(index, _(Role(self.role_combo.itemData(index)).label))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add account"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def submit(self) -> None:
        try:
            self.result_ = self.service.add_account(
                self.username_edit.text(), self.display_name_edit.text(),
                Role(self.role_combo.currentData()))
        except Exception as error:  # noqa: BLE001 - every failure is shown beside the form
            self.message_label.setText(error_text(error))
            return
        self.accept()


def one_time_message(result: OneTimePassphrase) -> str:
    return _(
        "One-time passphrase for {user}:\n\n{passphrase}\n\nGive it to them in person. They "
        "will choose their own passphrase when they first unlock."
    ).format(user=result.account.username, passphrase=result.passphrase)


class AccountsDialog(QDialog):
    def __init__(self, service: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("accounts_dialog")
        self.model = AccountsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.add_button = QPushButton(self)
        self.reset_button = QPushButton(self)
        self.deactivate_button = QPushButton(self)
        self.reactivate_button = QPushButton(self)
        self.close_button = QPushButton(self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.deactivate_button,
                       self.reactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_passphrase)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.reactivate_button.clicked.connect(self.reactivate)
        self.close_button.clicked.connect(self.accept)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.resize(720, 420)
        self.refresh()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Staff accounts"))
        self.add_button.setText(_("&Add…"))
        self.reset_button.setText(_("&Reset passphrase…"))
        self.deactivate_button.setText(_("&Deactivate"))
        self.reactivate_button.setText(_("Re&activate…"))
        self.close_button.setText(_("Close"))
        self.table.setAccessibleName(_("Staff accounts"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        try:
            self.model.set_accounts(self.service.list_accounts())
        except Exception as error:  # noqa: BLE001
            show_error(self, error)
        self._update_buttons()

    def selected(self) -> Account | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.accounts[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        account = self.selected()
        self.reset_button.setEnabled(account is not None and account.active)
        self.deactivate_button.setEnabled(account is not None and account.active)
        self.reactivate_button.setEnabled(account is not None and not account.active)

    def add_account(self) -> None:
        dialog = NewAccountDialog(self.service, self)
        dialog.accepted.connect(lambda: self._created(dialog.result_))
        dialog.open()

    def _created(self, result: OneTimePassphrase | None) -> None:
        self.refresh()
        if result is not None:
            show_info(self, _("Account added"), one_time_message(result))

    def _run(self, action: str) -> None:
        account = self.selected()
        if account is None:
            return
        try:
            if action == "reset":
                result = self.service.reset_passphrase(account.id)
                show_info(self, _("Passphrase reset"), one_time_message(result))
            elif action == "reactivate":
                result = self.service.reactivate(account.id)
                show_info(self, _("Account reactivated"), one_time_message(result))
            else:
                self.service.deactivate(account.id)
        except Exception as error:  # noqa: BLE001
            show_error(self, error)
        self.refresh()

    def reset_passphrase(self) -> None:
        self._run("reset")

    def deactivate(self) -> None:
        self._run("deactivate")

    def reactivate(self) -> None:
        self._run("reactivate")
