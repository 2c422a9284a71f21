"""The left side of the main window: search, filters, the client list and its count.

Search runs on every keystroke (an indexed FTS5 query, under a millisecond), so there is no
search button and no delay to learn. Moving through the list with the arrow keys opens a client
only once the selection rests for a moment: every opened record is an audited view, and a
person arrowing past ten names has not looked at ten records. Enter, a click, or resting on a
row opens it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.clients import ClientStatus
from shelter_desktop.i18n import N_, _
from shelter_desktop.services.clients import ClientService
from shelter_desktop.storage.clients_repo import ListFilter
from shelter_desktop.ui.clients.list_model import ALERTS, NAME, ClientListModel

# Width of the alerts column, in average characters (one or two short alerts; the rest elide).
ALERTS_COLUMN_CHARS = 16
# The narrowest the panel gets, in average characters: room for every column with titles 40%
# longer and a readable name, so a small screen narrows the record beside it instead of
# squeezing names to "Zo…" or pushing Status out of sight (pseudo-locale at 1024 pixels).
PANEL_MINIMUM_CHARS = 72

# (status filter, label); None means every status.
STATUS_CHOICES: tuple[tuple[ClientStatus | None, str], ...] = (
    (ClientStatus.ACTIVE, N_("Active")),
    (ClientStatus.CLOSED, N_("Closed")),
    (None, N_("All")),
)
# (list_ids sort key, newest first, label)
SORT_CHOICES: tuple[tuple[str, bool, str], ...] = (
    ("name", False, N_("Name")),
    ("updated", True, N_("Recently changed")),
    ("entry", True, N_("Newest arrivals")),
)
# How long the selection must rest on a row before it opens (arrow keys, not Enter).
OPEN_DELAY_MS = 350


class ClientListPanel(QWidget):
    """Emits ``client_chosen(client_id)`` when a person opens a row."""

    client_chosen = Signal(str)

    def __init__(self, service: ClientService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_list_panel")
        self.service = service
        self.model = ClientListModel(service, self)
        self._restoring = False
        self._kept_id: str | None = None

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("client_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)

        self.status_label = QLabel(self)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("status_filter")
        for status, _label in STATUS_CHOICES:
            self.status_combo.addItem("", status.value if status else "")
        self.status_label.setBuddy(self.status_combo)
        self.sort_label = QLabel(self)
        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("sort_order")
        for key, _descending, _label in SORT_CHOICES:
            self.sort_combo.addItem("", key)
        self.sort_label.setBuddy(self.sort_combo)
        self.dependants_check = QCheckBox(self)
        self.dependants_check.setObjectName("with_dependants")
        self.alerts_check = QCheckBox(self)
        self.alerts_check.setObjectName("with_alerts")

        self.table = QTableView(self)
        self.table.setObjectName("client_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Size columns from the rows on screen only: the default looks at 1,000 rows, which
        # would fetch ten pages of a long list just to measure them.
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        # Several alerts in a long language would push Status out of sight: the alerts column
        # keeps a set width, elides, and shows every alert in its tooltip.
        header.setSectionResizeMode(ALERTS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ALERTS, self.fontMetrics().averageCharWidth() * ALERTS_COLUMN_CHARS)
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.table.setSortingEnabled(True)  # runs the first query (model.sort)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("client_count")

        filters = QHBoxLayout()
        filters.addWidget(self.status_label)
        filters.addWidget(self.status_combo, 1)
        filters.addWidget(self.sort_label)
        filters.addWidget(self.sort_combo, 1)
        checks = QHBoxLayout()
        checks.addWidget(self.dependants_check)
        checks.addWidget(self.alerts_check)
        checks.addStretch(1)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * PANEL_MINIMUM_CHARS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addLayout(checks)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.open_timer = QTimer(self)
        self.open_timer.setSingleShot(True)
        self.open_timer.setInterval(OPEN_DELAY_MS)
        self.open_timer.timeout.connect(self._open_selected)

        self.search_edit.textChanged.connect(self.model.set_query)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.dependants_check.toggled.connect(self._filters_changed)
        self.alerts_check.toggled.connect(self._filters_changed)
        self.sort_combo.currentIndexChanged.connect(self._sort_chosen)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._after_requery)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._open_index)
        self.table.clicked.connect(self._open_index)
        self.setFocusProxy(self.search_edit)
        self.retranslate_ui()

    # -- texts ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.search_edit.setPlaceholderText(_("Search by name or alias"))
        self.search_edit.setAccessibleName(_("Search clients"))
        self.search_edit.setToolTip(_("Search by name or alias (Ctrl+F)"))
        self.status_label.setText(_("&Show"))
        for index, (_status, label) in enumerate(STATUS_CHOICES):
            self.status_combo.setItemText(index, _(label))
        self.status_combo.setAccessibleName(_("Which records to show"))
        self.sort_label.setText(_("S&ort"))
        for index, (_key, _descending, label) in enumerate(SORT_CHOICES):
            self.sort_combo.setItemText(index, _(label))
        self.sort_combo.setAccessibleName(_("Sort the list by"))
        self.dependants_check.setText(_("With &dependants"))
        self.alerts_check.setText(_("With ale&rts"))
        self.table.setAccessibleName(_("Clients"))
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update_count(self) -> None:
        count = self.model.rowCount()
        if count == 0 and self.search_edit.text().strip():
            self.count_label.setText(_("No client matches this search."))
            return
        self.count_label.setText(i18n.ngettext("{count} client", "{count} clients", count)
                                 .format(count=i18n.current().format_number(count)))

    # -- public -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def refresh(self) -> None:
        """Query again (a record was created, edited, closed); the selection stays."""
        self.model.refresh()

    def selected_client_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.client_id(rows[0].row()) if rows else None

    def select_client(self, client_id: str) -> bool:
        """Select ``client_id`` without opening it again; False when it is not listed."""
        row = self.model.row_of(client_id)
        self._restoring = True
        try:
            if row < 0:
                self.table.clearSelection()
                return False
            index = self.model.index(row, NAME)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
            return True
        finally:
            self._restoring = False

    # -- querying ---------------------------------------------------------------------------

    def _filters_changed(self) -> None:
        status_value = self.status_combo.currentData()
        self.model.set_filter(ListFilter(
            status=ClientStatus(status_value) if status_value else None,
            with_dependants=self.dependants_check.isChecked(),
            with_alerts=self.alerts_check.isChecked()))

    def _sort_chosen(self, index: int) -> None:
        key, descending, _label = SORT_CHOICES[index]
        self.model.set_sort(key, descending)
        self._show_sort_indicator()

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self.model.sort_column() == column and column >= 0:
            choice = next(i for i, c in enumerate(SORT_CHOICES) if c[0] == self.model.sort_key)
            self.sort_combo.blockSignals(True)
            self.sort_combo.setCurrentIndex(choice)
            self.sort_combo.blockSignals(False)
            return
        self._show_sort_indicator()  # not a column SQL can sort by: put the indicator back

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        order = (Qt.SortOrder.DescendingOrder if self.model.descending
                 else Qt.SortOrder.AscendingOrder)
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)
        header.viewport().update()

    def _remember_selection(self) -> None:
        self._kept_id = self.selected_client_id()

    def _after_requery(self) -> None:
        self._update_count()
        if self._kept_id is not None:
            self.select_client(self._kept_id)
        self._kept_id = None

    # -- opening ----------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        if self._restoring:
            return
        if self.selected_client_id() is not None:
            self.open_timer.start()

    def _open_selected(self) -> None:
        client_id = self.selected_client_id()
        if client_id is not None:
            self.client_chosen.emit(client_id)

    def _open_index(self) -> None:
        self.open_timer.stop()
        self._open_selected()

    def hideEvent(self, event: QHideEvent) -> None:
        # Locking hides the window before the session closes: a pending open must not run then.
        self.open_timer.stop()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Enter in the search field goes to the list, so search stays keyboard-only."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and self.model.rowCount() > 0:
                if self.selected_client_id() is None:
                    self.table.selectRow(0)
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if key != Qt.Key.Key_Down:
                    self._open_index()
                return True
        return super().eventFilter(watched, event)
