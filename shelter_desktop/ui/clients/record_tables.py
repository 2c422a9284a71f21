"""Small read-only tables of a record: its consents and its change history.

Both are short lists that come whole with the record, so plain table models suffice. Values are
formatted when shown, not when loaded, so a language switch re-renders them in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from shelter_desktop import i18n
from shelter_desktop.domain.clients import Consent, ConsentKind, HistoryEntry
from shelter_desktop.i18n import N_, _
from shelter_desktop.ui.clients.formatting import answer_text, field_label, format_day

_Index = QModelIndex | QPersistentModelIndex

CONSENT_KINDS = {
    ConsentKind.COLLECT: N_("Keep their information"),
    ConsentKind.SHARE: N_("Share their information"),
}


class _ListModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        return self.cell(self.rows[index.row()], index.column())

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return _(self.HEADERS[section])

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.HEADERS) - 1))


class ConsentModel(_ListModel):
    HEADERS = (N_("Consent"), N_("Answer"), N_("From"), N_("Until"), N_("Withdrawn on"))

    def cell(self, row: Any, column: int) -> str:
        consent: Consent = row
        if column == 0:
            text = _(CONSENT_KINDS.get(consent.kind, consent.kind.value))
            if consent.recipient:
                return _("{kind}: {recipient}").format(kind=text, recipient=consent.recipient)
            return text
        if column == 1:
            return _("Given") if consent.given else _("Declined")
        if column == 2:
            return format_day(consent.start_date)
        if column == 3:
            return format_day(consent.expiry_date) if consent.expiry_date else _("No end date")
        return format_day(consent.revoked_on)


class HistoryModel(_ListModel):
    HEADERS = (N_("When"), N_("Who"), N_("Question"), N_("Before"), N_("After"))

    def cell(self, row: Any, column: int) -> str:
        entry: HistoryEntry = row
        if column == 0:
            return i18n.current().format_datetime(entry.at.astimezone(), "short")
        if column == 1:
            return entry.actor_name or "—"
        if column == 2:
            return field_label(entry.field)
        if column == 3:
            return answer_text(entry.field, entry.old)
        return answer_text(entry.field, entry.new)
