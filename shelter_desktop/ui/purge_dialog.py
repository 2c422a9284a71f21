"""Retention and purge (administrators): how long closed records are kept, and removing them.

The first tab sets the retention period and lists the closed records kept longer than it, each
ticked; "Purge selected…" asks for confirmation by typing the number of records, so a tired
administrator cannot remove records with one stray Enter. The second tab is the purge log: ids,
dates and who purged, never a name (security.md, Retention).
"""

from __future__ import annotations

import datetime as dt
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
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.i18n import _
from shelter_desktop.services.purge import (
    RECORD_SCOPE,
    RETENTION_MAX,
    RETENTION_MIN,
    PurgeCandidate,
    PurgeLogEntry,
    PurgeService,
    retention_cutoff,
)
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.clients.formatting import field_label, format_day
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.entries_model import EntriesModel

_Index = QModelIndex | QPersistentModelIndex
LIST_PAGE, EMPTY_PAGE = 0, 1
FIELD_SCOPE_PREFIX = "field:"
# A date inside a sentence keeps its own order whatever the sentence's direction.
_ISOLATE, _POP_ISOLATE = "\u2068", "\u2069"


def scope_label(scope: str) -> str:
    """What a purge log entry removed, in the interface language."""
    if scope == RECORD_SCOPE:
        return _("Whole record")
    if scope.startswith(FIELD_SCOPE_PREFIX):
        return field_label(scope[len(FIELD_SCOPE_PREFIX):])
    return scope


def _table(parent: QWidget, model: QAbstractTableModel, name: str, stretch: int) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return table


def _empty_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class CandidatesModel(QAbstractTableModel):
    """The records a purge would remove; each has a check box, all ticked at first."""

    checks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[PurgeCandidate] = []
        self.ticked: set[str] = set()

    def set_candidates(self, candidates: list[PurgeCandidate]) -> None:
        self.beginResetModel()
        self.candidates = candidates
        self.ticked = {candidate.client_id for candidate in candidates}
        self.endResetModel()
        self.checks_changed.emit()

    def ticked_ids(self) -> list[str]:
        """In the order shown, so the confirmation and the purge see the same records."""
        return [c.client_id for c in self.candidates if c.client_id in self.ticked]

    def set_all(self, ticked: bool) -> None:
        self.ticked = {c.client_id for c in self.candidates} if ticked else set()
        if self.candidates:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.candidates) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.candidates)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        candidate = self.candidates[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return (Qt.CheckState.Checked if candidate.client_id in self.ticked
                    else Qt.CheckState.Unchecked)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return candidate.name_to_use
        return format_day(candidate.entry_date if column == 1 else candidate.closed_on)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 \
                or role != Qt.ItemDataRole.CheckStateRole:
            return False
        client_id = self.candidates[index.row()].client_id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.ticked.add(client_id)
        else:
            self.ticked.discard(client_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Name to use"), _("Entry date"), _("Closed on"))[section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        if self.candidates:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.candidates) - 1, 2))


class PurgeLogModel(EntriesModel[PurgeLogEntry]):
    """What was purged, when and by whom; ids and dates, never a name or a content."""

    COLUMNS = 7

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            return i18n.current().format_number(entry.seq)
        if column == 1:
            return i18n.current().format_datetime(entry.purged_at.astimezone(), "short")
        if column == 2:
            return entry.purged_by_name
        if column == 3:
            return entry.client_id
        if column == 4:
            return scope_label(entry.scope)
        return format_day(entry.entry_date if column == 5 else entry.closed_on)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("No."), _("When"), _("By"), _("Record"), _("What was purged"),
                _("Entry date"), _("Closed on"))[section]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 6)
        if self.entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, 6))


def typed_number(text: str) -> int | None:
    """The number typed, in any script's digits ("3", "٣", "۳"); None if it is not one."""
    try:
        return int(text.strip())
    except ValueError:
        return None


class PurgeConfirmDialog(QDialog):
    """Says what a purge removes and asks for the number of records, typed, before it runs."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purge_confirm_dialog")
        self.count = count
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("purge_summary")
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("purge_warning")
        self.warning_label.setWordWrap(True)
        self.prompt_label = QLabel(self)
        self.prompt_label.setWordWrap(True)
        self.count_edit = QLineEdit(self)
        self.count_edit.setObjectName("confirm_count")
        self.prompt_label.setBuddy(self.count_edit)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.purge_button = QPushButton(self)
        self.purge_button.setObjectName("confirm_purge_button")
        self.buttons.addButton(self.purge_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        # No default button: Enter in the field purges only once the number is right.
        for button in (self.cancel_button, self.purge_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.purge_button.setEnabled(False)
        self.count_edit.textChanged.connect(self._check)
        self.count_edit.returnPressed.connect(self._confirm)
        self.purge_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warning_label)
        layout.addSpacing(8)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.count_edit, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addStretch(1)  # any spare height goes above the buttons, not between lines
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._align()
        self.retranslate_ui()
        self.count_edit.setFocus()

    def _align(self) -> None:
        align_to_start([self.summary_label, self.warning_label, self.prompt_label])

    def retranslate_ui(self) -> None:
        count = self.count
        number = i18n.current().format_number(count)
        self.setWindowTitle(_("Purge records for good"))
        self.summary_label.setText(i18n.ngettext(
            "{count} closed client record will be removed for good, with its history, "
            "assessments and plans.",
            "{count} closed client records will be removed for good, with their history, "
            "assessments and plans.", count).format(count=number))
        self.warning_label.setText(_(
            "This cannot be undone. Backups made before now still hold these records until "
            "they are rotated out. The purge log keeps only ids and dates, never names."))
        self.prompt_label.setText(_("To confirm, &type the number of records to purge: "
                                    "{count}").format(count=number))
        self.count_edit.setAccessibleName(_("Number of records to purge"))
        self.purge_button.setText(i18n.ngettext(
            "&Purge {count} record", "&Purge {count} records", count).format(count=number))
        self.cancel_button.setText(_("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)

    @property
    def confirmed(self) -> bool:
        return typed_number(self.count_edit.text()) == self.count

    def _check(self) -> None:
        self.purge_button.setEnabled(self.confirmed)

    def _confirm(self) -> None:
        if self.confirmed:
            self.accept()


class PurgeDialog(QDialog):
    """Emits ``records_purged(client_ids)`` after a purge, so the client list can follow."""

    records_purged = Signal(list)

    def __init__(self, service: PurgeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("purge_dialog")
        self.confirm_dialog: PurgeConfirmDialog | None = None
        self.saved_years = service.retention_years()
        self.cutoff: dt.date | None = None

        # -- records past retention --------------------------------------------------------
        self.records_page = QWidget(self)
        self.years_label = QLabel(self.records_page)
        self.years_label.setWordWrap(True)
        self.years_spin = QSpinBox(self.records_page)
        self.years_spin.setObjectName("retention_years")
        self.years_spin.setRange(RETENTION_MIN, RETENTION_MAX)
        self.years_spin.setValue(self.saved_years)
        self.years_label.setBuddy(self.years_spin)
        self.save_years_button = QPushButton(self.records_page)
        self.save_years_button.setObjectName("save_retention_button")
        self.years_message = QLabel(self.records_page)
        self.years_message.setObjectName("retention_message")
        self.years_message.setWordWrap(True)
        self.count_label = QLabel(self.records_page)
        self.count_label.setObjectName("candidates_count")
        self.count_label.setWordWrap(True)
        self.candidates_model = CandidatesModel(self)
        self.candidates_table = _table(self.records_page, self.candidates_model,
                                       "purge_candidates", stretch=0)
        self.empty_label = _empty_label(self.records_page, "purge_empty_state")
        self.candidates_stack = QStackedWidget(self.records_page)
        self.candidates_stack.addWidget(self.candidates_table)
        self.candidates_stack.addWidget(self.empty_label)
        self.tick_all_button = QPushButton(self.records_page)
        self.tick_none_button = QPushButton(self.records_page)
        self.purge_button = QPushButton(self.records_page)
        self.purge_button.setObjectName("purge_selected_button")
        self.result_label = QLabel(self.records_page)
        self.result_label.setObjectName("purge_result")
        self.result_label.setWordWrap(True)

        years_row = QHBoxLayout()
        years_row.addWidget(self.years_spin)
        years_row.addWidget(self.save_years_button)
        years_row.addWidget(self.years_message, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.tick_all_button)
        actions.addWidget(self.tick_none_button)
        actions.addStretch(1)
        actions.addWidget(self.purge_button)
        records = QVBoxLayout(self.records_page)
        records.addWidget(self.years_label)
        records.addLayout(years_row)
        records.addSpacing(8)
        records.addWidget(self.count_label)
        records.addWidget(self.candidates_stack, 1)
        records.addLayout(actions)
        records.addWidget(self.result_label)

        # -- purge log ---------------------------------------------------------------------
        self.log_page = QWidget(self)
        self.log_model = PurgeLogModel(self)
        # The record id is what the log is for: never elided; the scope takes the room left.
        self.log_table = _table(self.log_page, self.log_model, "purge_log", stretch=4)
        self.log_empty_label = _empty_label(self.log_page, "purge_log_empty")
        self.log_stack = QStackedWidget(self.log_page)
        self.log_stack.addWidget(self.log_table)
        self.log_stack.addWidget(self.log_empty_label)
        self.log_note = QLabel(self.log_page)
        self.log_note.setWordWrap(True)
        log_layout = QVBoxLayout(self.log_page)
        log_layout.addWidget(self.log_note)
        log_layout.addWidget(self.log_stack, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("purge_tabs")
        self.tabs.addTab(self.records_page, "")
        self.tabs.addTab(self.log_page, "")
        self.close_button = QPushButton(self)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        # Enter must never reach a purge by accident: no button is pressed by Enter here.
        for button in (self.save_years_button, self.tick_all_button, self.tick_none_button,
                       self.purge_button, self.close_button):
            button.setAutoDefault(False)

        self.years_spin.valueChanged.connect(self._years_edited)
        self.years_spin.lineEdit().returnPressed.connect(self.save_retention)
        self.save_years_button.clicked.connect(self.save_retention)
        self.tick_all_button.clicked.connect(lambda: self.candidates_model.set_all(True))
        self.tick_none_button.clicked.connect(lambda: self.candidates_model.set_all(False))
        self.candidates_model.checks_changed.connect(self._update_purge_button)
        self.purge_button.clicked.connect(self.ask_to_purge)
        self.close_button.clicked.connect(self.accept)
        self.resize(860, 520)
        self._align()
        self.retranslate_ui()
        self.refresh()
        self._years_edited()

    # -- texts ------------------------------------------------------------------------------

    def _align(self) -> None:
        align_to_start([self.years_label, self.years_message, self.count_label,
                        self.result_label, self.log_note], Qt.AlignmentFlag.AlignVCenter)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Retention and purge"))
        self.tabs.setTabText(0, _("&Records past retention"))
        self.tabs.setTabText(1, _("Purge &log"))
        self.years_label.setText(_("&Keep closed records for this many years after closing"))
        self.years_spin.setAccessibleName(_("Years to keep closed records"))
        self.save_years_button.setText(_("&Save period"))
        self.candidates_table.setAccessibleName(_("Records a purge would remove"))
        self.empty_label.setText(_("No closed record is past the retention period. There is "
                                   "nothing to purge."))
        self.tick_all_button.setText(_("Tick &all"))
        self.tick_none_button.setText(_("Tick &none"))
        self.purge_button.setText(_("&Purge selected…"))
        self.log_note.setText(_("Each purge is listed with its record id and dates. Names and "
                                "contents are not kept."))
        self.log_table.setAccessibleName(_("Purge log"))
        self.log_empty_label.setText(_("Nothing has been purged yet."))
        self.close_button.setText(_("Close"))
        self._show_count()
        self.candidates_model.retranslate()
        self.log_model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)

    def _show_count(self) -> None:
        count = len(self.candidates_model.candidates)
        if self.cutoff is None:
            self.count_label.clear()
            return
        sentence = i18n.ngettext(
            "{count} closed record is past the retention period (closed on or before {date}).",
            "{count} closed records are past the retention period (closed on or before {date}).",
            count).format(count=i18n.current().format_number(count),
                          date=f"{_ISOLATE}{format_day(self.cutoff)}{_POP_ISOLATE}")
        self.count_label.setText(sentence)
        self.count_label.setVisible(count > 0)

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """The candidates (one audited listing) and the purge log, read again."""
        today = dt.date.today()
        try:
            candidates = self.service.candidates(today)
            entries = self.service.log()
        except Exception as error:  # noqa: BLE001 - said in the dialog; nothing changes
            self.result_label.setText(error_text(error))
            return
        self.cutoff = retention_cutoff(today, self.service.retention_years())
        self.candidates_model.set_candidates(candidates)
        self.candidates_stack.setCurrentIndex(LIST_PAGE if candidates else EMPTY_PAGE)
        self.log_model.set_entries(entries)
        self.log_stack.setCurrentIndex(LIST_PAGE if entries else EMPTY_PAGE)
        self._show_count()
        self._update_purge_button()

    def _update_purge_button(self) -> None:
        self.purge_button.setEnabled(bool(self.candidates_model.ticked_ids()))
        has_rows = bool(self.candidates_model.candidates)
        self.tick_all_button.setEnabled(has_rows)
        self.tick_none_button.setEnabled(has_rows)

    # -- retention --------------------------------------------------------------------------

    def _years_edited(self) -> None:
        self.save_years_button.setEnabled(self.years_spin.value() != self.saved_years)
        self.years_message.clear()

    def save_retention(self) -> None:
        years = self.years_spin.value()
        if years == self.saved_years:
            return
        try:
            self.service.set_retention_years(years)
        except Exception as error:  # noqa: BLE001 - said beside the field, which keeps its value
            self.years_message.setText(error_text(error))
            return
        self.saved_years = years
        self._years_edited()
        self.years_message.setText(_("Saved."))
        self.result_label.clear()
        self.refresh()

    # -- purging ----------------------------------------------------------------------------

    def ask_to_purge(self) -> None:
        ids = self.candidates_model.ticked_ids()
        if not ids:
            return
        dialog = PurgeConfirmDialog(len(ids), self)
        dialog.accepted.connect(lambda: self.purge(ids))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._confirm_closed)
        self.confirm_dialog = dialog
        dialog.open()

    def _confirm_closed(self) -> None:
        self.confirm_dialog = None

    def purge(self, client_ids: list[str]) -> None:
        try:
            report = self.service.purge_records(client_ids)
        except Exception as error:  # noqa: BLE001 - one transaction: nothing was purged
            self.result_label.setText(error_text(error))
            self.refresh()
            return
        self.refresh()
        self.result_label.setText(i18n.ngettext(
            "{count} record was purged.", "{count} records were purged.",
            report.records).format(count=i18n.current().format_number(report.records)))
        self.records_purged.emit(list(client_ids))
