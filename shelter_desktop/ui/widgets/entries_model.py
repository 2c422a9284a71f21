"""A read-only table of entries: the part every list of records in a dialog shares."""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QWidget

Index = QModelIndex | QPersistentModelIndex
Entry = TypeVar("Entry")


class EntriesModel(QAbstractTableModel, Generic[Entry]):
    """Rows are ``entries``; subclasses set ``COLUMNS`` and give ``data`` and the headers."""

    COLUMNS = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS
