"""Before a new record is made: "is this person already here?", with the similar records listed.

People return under another name, or a colleague started their record last week. Staff choose:
open one of the existing records (the intake draft is kept) or create a new record anyway.
Nothing is ever merged (ClientService.possible_duplicates).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.clients import ClientStatus, ClientSummary
from shelter_desktop.i18n import N_, _
from shelter_desktop.ui.clients.formatting import format_partial_date
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel

HEADERS = (N_("Name to use"), N_("Other names"), N_("Date of birth"), N_("Status"))
STATUS_NAMES = {ClientStatus.ACTIVE: N_("Active"), ClientStatus.CLOSED: N_("Closed")}


class MatchesModel(QAbstractTableModel):
    def __init__(self, matches: Sequence[ClientSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matches = list(matches)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matches)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        match = self.matches[index.row()]
        column = index.column()
        if column == 0:
            return match.name_to_use
        if column == 1:
            return "; ".join(match.aliases)
        if column == 2:
            return format_partial_date(match.date_of_birth)
        return _(STATUS_NAMES.get(match.status, N_("Active")))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.matches:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.matches) - 1, len(HEADERS) - 1))


class DuplicatesDialog(QDialog):
    """``open_requested(client_id)`` or ``create_requested()``; Cancel goes back to the intake."""

    open_requested = Signal(str)
    create_requested = Signal()

    def __init__(self, matches: Sequence[ClientSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_dialog")
        self.setModal(True)
        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.model = MatchesModel(matches, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_existing")
        self.create_button = QPushButton(self)
        self.create_button.setObjectName("create_new")
        self.cancel_button = QPushButton(self)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        self.create_button.clicked.connect(self._create)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if matches:
            self.table.selectRow(0)
        self.table.setFocus()
        self.resize(680, 320)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Is this person already here?"))
        self.intro_label.setText(_(
            "Records with a similar name or date of birth already exist. If this person is one "
            "of them, open that record; your intake is kept as a draft. Records are never merged."))
        self.table.setAccessibleName(_("Similar records"))
        self.open_button.setText(_("&Open this record"))
        self.create_button.setText(_("Create a &new record"))
        self.cancel_button.setText(_("Cancel"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.matches[rows[0].row()].id if rows else None

    def _open(self) -> None:
        client_id = self.selected_id()
        if client_id is None:
            return
        self.accept()
        self.open_requested.emit(client_id)

    def _create(self) -> None:
        self.accept()
        self.create_requested.emit()
