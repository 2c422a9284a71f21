"""The intake's dependants: a short table of the people with the client, and one form under it.

Each row is a dependant (domain.md §2.5); selecting a row shows its questions in the form below,
which is built once and refilled, so moving between rows keeps every row's typed text and
declined answers exactly (they live in the model as draft states, not only as answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.intake_schema import DEPENDANT, DEPENDANT_FIELDS
from shelter_desktop.i18n import _
from shelter_desktop.ui.intake.section_form import SectionForm
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel

COLUMNS = ("name_to_use", "relationship", "date_of_birth")


@dataclass
class DependantRow:
    state: dict[str, Any] = field(default_factory=dict)  # the form's draft state
    answers: Answers = field(default_factory=dict)


class DependantsModel(QAbstractTableModel):
    """The dependants typed so far: name, relationship, date of birth."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DependantRow] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.AccessibleTextRole):
            return None
        key = COLUMNS[index.column()]
        answer = self.rows[index.row()].answers.get(key, Answer())
        if not answer.is_answered:
            return _("(no name yet)") if key == "name_to_use" else ""
        if key == "relationship":
            labels = dict(DEPENDANT_FIELDS[key].choices)
            return _(labels[answer.value]) if answer.value in labels else str(answer.value)
        return str(answer.value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(DEPENDANT_FIELDS[COLUMNS[section]].label)
        return None

    def add(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(DependantRow())
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()

    def update(self, row: int, state: dict[str, Any], answers: Answers) -> None:
        self.rows[row] = DependantRow(state, answers)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def reset(self, rows: list[DependantRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1,
                                                               len(COLUMNS) - 1))


class DependantsPage(QWidget):
    """Add, remove and fill in dependants; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, show_restricted: bool) -> None:
        super().__init__(parent)
        self.setObjectName("dependants_page")
        self._current = -1
        self.title_label = InterfaceLabel(self)
        self.title_label.setObjectName("section_title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.intro_label = InterfaceLabel(self, word_wrap=True)
        self.model = DependantsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("dependants_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * 5 + 8)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_dependant")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("remove_dependant")
        self.empty_label = InterfaceLabel(self, word_wrap=True)
        self.form = SectionForm(DEPENDANT, self, show_restricted=show_restricted)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        top = QVBoxLayout()
        top.setContentsMargins(16, 12, 16, 0)
        top.setSpacing(10)
        top.addWidget(self.title_label)
        top.addWidget(self.intro_label)
        top.addWidget(self.table)
        top.addLayout(buttons)
        top.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.form, 1)

        self.add_button.clicked.connect(self.add_dependant)
        self.remove_button.clicked.connect(lambda: self.remove_dependant(self._current))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.select(current.row()))
        self.form.changed.connect(self._form_changed)
        self._update_enabled()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title_label.setText(_("Dependants"))
        self.intro_label.setText(_("Children and other people who depend on the client. "
                                   "Add one row for each person."))
        self.add_button.setText(_("&Add a dependant"))
        self.remove_button.setText(_("&Remove this dependant"))
        self.empty_label.setText(_("No dependants added."))
        self.table.setAccessibleName(_("Dependants"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- rows -------------------------------------------------------------------------------

    def count(self) -> int:
        return len(self.model.rows)

    def current_row(self) -> int:
        return self._current

    def add_dependant(self) -> int:
        row = self.model.add()
        self.select(row)
        self.form.focus_field()
        self.changed.emit()
        return row

    def remove_dependant(self, row: int) -> None:
        if not 0 <= row < self.count():
            return
        if self.model.rows[row].answers or self.model.rows[row].state:
            answer = QMessageBox.question(
                self, _("Remove this dependant"),
                _("Remove this dependant? What was typed for them will be deleted from this "
                  "intake."))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._current = -1
        self.model.remove(row)
        self.select(min(row, self.count() - 1))
        self.changed.emit()

    def select(self, row: int) -> None:
        """Show row ``row`` in the form (its exact draft state); -1 hides the form."""
        if row == self._current and (row < 0 or self.table.currentIndex().row() == row):
            self._update_enabled()
            return
        self._current = row
        if 0 <= row < self.count():
            self.form.restore_draft_state(self.model.rows[row].state)
            if self.table.currentIndex().row() != row:
                self.table.setCurrentIndex(self.model.index(row, 0))
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_row = 0 <= self._current < self.count()
        self.form.setVisible(has_row)
        self.remove_button.setEnabled(has_row)
        self.empty_label.setVisible(self.count() == 0)

    def _form_changed(self) -> None:
        if 0 <= self._current < self.count():
            self.model.update(self._current, self.form.draft_state(), self.form.answers())
        self.changed.emit()

    # -- answers and drafts -----------------------------------------------------------------

    def dependants(self) -> list[Answers]:
        """The answers of each row someone started filling in (empty rows are skipped)."""
        return [row.answers for row in self.model.rows if row.answers]

    def draft_state(self) -> dict[str, Any]:
        return {"rows": [row.state for row in self.model.rows], "current": self._current}

    def restore_draft_state(self, state: Any) -> None:
        state = state if isinstance(state, dict) else {}
        rows = [row for row in state.get("rows", []) if isinstance(row, dict)]
        self.model.reset([DependantRow() for _row in rows])
        for index, row_state in enumerate(rows):
            # The form turns a state into answers; it is refilled below for the current row.
            self.form.restore_draft_state(row_state)
            self.model.rows[index] = DependantRow(self.form.draft_state(), self.form.answers())
        self._current = -1
        current = state.get("current", 0 if rows else -1)
        self.select(current if isinstance(current, int) and 0 <= current < len(rows)
                    else (0 if rows else -1))
