"""The audit log for administrators: filterable, newest first, with a chain check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.audit import ACTION_LABELS, AuditEntry
from shelter_desktop.i18n import _
from shelter_desktop.services.audit_service import AuditService
from shelter_desktop.ui.messages import error_text, show_error
from shelter_desktop.ui.widgets.entries_model import EntriesModel

_Index = QModelIndex | QPersistentModelIndex


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


class AuditModel(EntriesModel[AuditEntry]):
    ACTION_ROLE = Qt.ItemDataRole.UserRole + 1

    COLUMNS = 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == self.ACTION_ROLE:
            return entry.action
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return i18n.current().format_datetime(entry.at.astimezone(), "short")
        if column == 1:
            return entry.actor_name or "—"
        if column == 2:
            return action_label(entry.action)
        if column == 3:
            return entry.record_id or ""
        return entry.detail

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("When"), _("Who"), _("What"), _("Record"), _("Details"))[section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        if self.entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, 4))


class AuditFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action = ""
        self.text = ""

    def set_filters(self, action: str, text: str) -> None:
        self.action, self.text = action, text.casefold().strip()
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AuditModel):
            return True
        entry = model.entries[source_row]
        if self.action and entry.action != self.action:
            return False
        if self.text:
            haystack = " ".join([entry.actor_name or "", action_label(entry.action),
                                 entry.record_id or "", entry.detail]).casefold()
            return self.text in haystack
        return True


class AuditDialog(QDialog):
    def __init__(self, service: AuditService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("audit_dialog")
        self.model = AuditModel(self)
        self.proxy = AuditFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("action_filter")
        self.action_combo.addItem("", "")
        for action in ACTION_LABELS:
            self.action_combo.addItem("", action)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("audit_search")
        self.search_edit.setClearButtonEnabled(True)
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("verify_button")
        self.result_label = QLabel(self)
        self.result_label.setObjectName("verify_result")
        self.result_label.setWordWrap(True)
        self.close_button = QPushButton(self)
        filters = QHBoxLayout()
        filters.addWidget(self.action_combo)
        filters.addWidget(self.search_edit, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        self.action_combo.currentIndexChanged.connect(self._filter)
        self.search_edit.textChanged.connect(self._filter)
        self.verify_button.clicked.connect(self.verify)
        self.close_button.clicked.connect(self.accept)
        self.resize(900, 520)
        self.retranslate_ui()
        try:
            self.model.set_entries(service.entries(limit=5000))
        except Exception as error:  # noqa: BLE001
            show_error(self, error)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Audit log"))
        self.action_combo.setItemText(0, _("All actions"))
        for index in range(1, self.action_combo.count()):
            self.action_combo.setItemText(index, action_label(self.action_combo.itemData(index)))
        self.action_combo.setAccessibleName(_("Show only this action"))
        self.search_edit.setPlaceholderText(_("Filter by user, record or detail"))
        self.search_edit.setAccessibleName(_("Filter the audit log"))
        self.verify_button.setText(_("&Verify the chain"))
        self.close_button.setText(_("Close"))
        self.table.setAccessibleName(_("Audit log"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _filter(self) -> None:
        self.proxy.set_filters(self.action_combo.currentData() or "", self.search_edit.text())

    def verify(self) -> None:
        try:
            count = self.service.verify()
        except Exception as error:  # noqa: BLE001
            self.result_label.setText(error_text(error))
            return
        self.result_label.setText(i18n.ngettext(
            "The chain is intact: {count} entry checked.",
            "The chain is intact: {count} entries checked.", count).format(count=count))
