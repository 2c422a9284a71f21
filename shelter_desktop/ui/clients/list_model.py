"""The client list as a lazy table model: the count up front, ids and rows fetched when needed.

A shelter can hold 100,000 records (performance.md), so the model never loads every client.
Searching, filtering and sorting run in SQL. Each query (every keystroke of a search) asks only
for the count and the first page of ordered ids (``ClientService.list_head``); the other ids
are fetched in one go (``list_ids``) the first time a row past them is needed (scrolling,
selecting). The few hundred rows a person can scroll past are fetched in pages of ``PAGE_SIZE``
when the view first asks for them, and a small LRU of pages keeps scrolling back and forth
cheap without letting memory grow with the list.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from shelter_desktop.domain.clients import ClientSummary
from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import N_, _
from shelter_desktop.logs import log_event
from shelter_desktop.services.clients import ClientService
from shelter_desktop.storage.clients_repo import ListFilter
from shelter_desktop.ui.clients import alerts as alert_style
from shelter_desktop.ui.clients.formatting import (
    format_partial_date,
    language_name,
    status_name,
)

_Index = QModelIndex | QPersistentModelIndex

NAME, DATE_OF_BIRTH, LANGUAGE, ALERTS, STATUS = range(5)
HEADERS = (N_("Name"), N_("Date of birth"), N_("Reads"), N_("Alerts"), N_("Status"))
# Columns whose order SQL can produce; the others are not sortable.
SORT_KEY_OF_COLUMN = {NAME: "name"}
# The roles data() answers (ints: a set lookup, no enum comparisons).
_ANSWERED_ROLES = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.UserRole + 1))  # ClientListModel.ID_ROLE


class ClientListModel(QAbstractTableModel):
    """Matching clients in display order; ``fetch_count`` counts the pages loaded (tests)."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    PAGE_SIZE = 100
    MAX_PAGES = 8  # about 800 rows kept: several screens either way of the visible one

    def __init__(self, service: ClientService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.query = ""
        self.list_filter = ListFilter()
        self.sort_key = "name"
        self.descending = False
        self.ids: list[str] = []  # the first ``len(self.ids)`` of ``self.total`` rows
        self.total = 0
        self._all_ids = True  # False until the ids past the first page have been asked for
        self._pages: OrderedDict[int, dict[str, ClientSummary]] = OrderedDict()
        self._row_by_id: dict[str, int] | None = None
        self.fetch_count = 0
        self.fetched_pages: list[int] = []

    # -- querying ---------------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        self.query = text
        self.refresh()

    def set_filter(self, list_filter: ListFilter) -> None:
        self.list_filter = list_filter
        self.refresh()

    def set_sort(self, key: str, descending: bool = False) -> None:
        """Sort by ``name``, ``updated`` or ``entry`` (the keys ``list_ids`` knows)."""
        self.sort_key, self.descending = key, descending
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEY_OF_COLUMN.get(column)
        if key is None:
            return  # the view puts its indicator back (ClientListPanel)
        self.set_sort(key, order == Qt.SortOrder.DescendingOrder)

    def sort_column(self) -> int:
        """The column showing the current order, or -1 when it is not a column (entry date)."""
        for column, key in SORT_KEY_OF_COLUMN.items():
            if key == self.sort_key:
                return column
        return -1

    def refresh(self) -> None:
        """Run the query again (after a search, a filter, a sort, or a record changed)."""
        try:
            total, ids = self.service.list_head(self.query, self.list_filter, self.sort_key,
                                                self.descending, limit=self.PAGE_SIZE)
        except ShelterError as error:
            log_event("clients.list_failed", error=error.event_code)
            total, ids = 0, []
        self.beginResetModel()
        self.ids, self.total = ids, total
        self._all_ids = len(ids) >= total
        self._pages.clear()
        self._row_by_id = None
        self.endResetModel()

    def _load_all_ids(self) -> None:
        """Fetch every id of the current query (the first one brought only the first page)."""
        if self._all_ids:
            return
        self._all_ids = True  # once per query, even if it fails: never a query per row
        try:
            ids = self.service.list_ids(self.query, self.list_filter, self.sort_key,
                                        self.descending)
        except ShelterError as error:
            log_event("clients.list_failed", error=error.event_code)
            return
        if len(ids) != self.total:
            # The vault changed since the count (an import running): rows keep their number
            # until the list is queried again, right after this paint.
            QTimer.singleShot(0, self, self.refresh)
        self.ids = ids
        self._row_by_id = None

    def forget_rows(self) -> None:
        """Drop cached rows (a record was edited) and let the view fetch them again."""
        self._pages.clear()
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, STATUS))

    # -- lookups ----------------------------------------------------------------------------

    def client_id(self, row: int) -> str | None:
        if len(self.ids) <= row < self.total:
            self._load_all_ids()
        return self.ids[row] if 0 <= row < min(len(self.ids), self.total) else None

    def row_of(self, client_id: str) -> int:
        """The row showing ``client_id``, or -1 when it does not match the current query."""
        if client_id not in self.ids[:self.PAGE_SIZE]:
            self._load_all_ids()
        if self._row_by_id is None:
            self._row_by_id = {cid: row for row, cid in enumerate(self.ids)}
        row = self._row_by_id.get(client_id, -1)
        return row if row < self.total else -1

    def summary(self, row: int) -> ClientSummary | None:
        client_id = self.client_id(row)
        if client_id is None:
            return None
        page = row // self.PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            rows = self._fetch(page)
            if rows is None:
                return None
        else:
            self._pages.move_to_end(page)
        return rows.get(client_id)

    def _fetch(self, page: int) -> dict[str, ClientSummary] | None:
        start = page * self.PAGE_SIZE
        if start + self.PAGE_SIZE > len(self.ids):
            self._load_all_ids()  # past the first page: the first time only
        try:
            summaries = self.service.summaries(self.ids[start:start + self.PAGE_SIZE])
        except ShelterError as error:  # locked under our feet, or the file went bad
            log_event("clients.page_failed", error=error.event_code)
            return None
        self.fetch_count += 1
        self.fetched_pages.append(page)
        rows = {summary.id: summary for summary in summaries}
        self._pages[page] = rows
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    # -- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The role first, in plain Python: a view asks about eight roles per cell (font,
        # alignment, decoration…) for each paint and each resize-to-contents, and this model
        # answers four; those calls then cost nothing more (bench: search per keystroke).
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        if role == self.ID_ROLE:
            return self.client_id(index.row())
        summary = self.summary(index.row())
        if summary is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == ALERTS and alert_style.needs_action(summary.alerts):
                return alert_style.ACTION_RED
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text(summary, column)
        return self._display(summary, column)

    def _display(self, summary: ClientSummary, column: int) -> str:
        if column == NAME:
            return summary.name_to_use
        if column == DATE_OF_BIRTH:
            return format_partial_date(summary.date_of_birth)
        if column == LANGUAGE:
            return language_name(summary.reading_language)
        if column == ALERTS:
            return alert_style.alert_words(summary.alerts)
        return status_name(summary.status)

    def _tooltip(self, summary: ClientSummary, column: int) -> str | None:
        if column == NAME:
            lines = []
            if summary.aliases:
                lines.append(_("Also known as: {aliases}").format(
                    aliases="; ".join(summary.aliases)))
            if summary.legal_name:  # set only for roles that may see restricted fields
                lines.append(_("Legal name: {name}").format(name=summary.legal_name))
            return "\n".join(lines) or None
        if column == ALERTS and summary.alerts:
            return alert_style.alert_words(summary.alerts)
        return None

    def _accessible_text(self, summary: ClientSummary, column: int) -> str:
        if column == ALERTS:
            if not summary.alerts:
                return _("No alerts")
            return _("Alerts: {alerts}").format(alerts=alert_style.alert_words(summary.alerts))
        if column == NAME and summary.aliases:
            return _("{name}, also known as {aliases}").format(
                name=summary.name_to_use, aliases="; ".join(summary.aliases))
        return self._display(summary, column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None  # the tooltip shows a title the column's width elides
        return _(HEADERS[section]) if 0 <= section < len(HEADERS) else None

    def retranslate(self) -> None:
        """Headers, dates, language names and statuses in the new language; nothing refetched."""
        if self.total and not self._pages:
            # No view has shown a row since the last query (the panel is being built, or has
            # not painted yet): it will read headers and rows when it paints, in the current
            # language. Signalling now would make a hidden QTableView run its pending
            # resize-to-contents over *every* row (Qt measures all rows of a table that is not
            # visible): 800 page queries and about 16 s at 100k clients, before the main window
            # even appeared (bench: "Unlock … → client list usable").
            return
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, STATUS))
