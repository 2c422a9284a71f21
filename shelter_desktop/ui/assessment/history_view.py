"""The Needs tab of a record: what is due next, past assessments as a table, and the chart.

The table is the complete, accessible view (domains down, assessment dates across, every value
in words, notes in tooltips); the chart beneath shows the shape of change and points back to the
table. A corrected assessment is never deleted: it is hidden behind "Show corrected", and when
shown, its column says "Corrected" and its correction's column says "Correction".

History is fetched (and audited as "assessments viewed") only when the tab is looked at, and only
for roles that assess; the tab is never built for others.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.assessments import Assessment, NextAssessment
from shelter_desktop.domain.instrument import SCORES, SELF_SUFFICIENCY
from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import _
from shelter_desktop.services.assessments import AssessmentService, GoalSeed
from shelter_desktop.services.drafts import DraftService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.assessment.assessment_form import find_draft
from shelter_desktop.ui.assessment.score_chart import ScoreChart
from shelter_desktop.ui.assessment.wording import (
    due_text,
    is_crisis,
    kind_label,
    level_text,
    score_text,
)
from shelter_desktop.ui.clients.alerts import ACTION_RED
from shelter_desktop.ui.clients.formatting import format_day
from shelter_desktop.ui.messages import error_text
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel, MessageLine

_Index = QModelIndex | QPersistentModelIndex
INSTRUMENT = SELF_SUFFICIENCY


class AssessmentTableModel(QAbstractTableModel):
    """Domains (rows) × assessments (columns, oldest first); corrected ones only on request."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.assessments: list[Assessment] = []
        self.columns: list[Assessment] = []
        self.show_corrected = False
        self.replaced_by: dict[str, Assessment] = {}

    def set_assessments(self, assessments: list[Assessment]) -> None:
        self.beginResetModel()
        self.assessments = sorted(assessments, key=lambda a: (a.assessed_on, a.completed_at))
        self.replaced_by = {a.corrects_id: a for a in self.assessments if a.corrects_id}
        self._choose_columns()
        self.endResetModel()

    def set_show_corrected(self, show: bool) -> None:
        self.beginResetModel()
        self.show_corrected = show
        self._choose_columns()
        self.endResetModel()

    def _choose_columns(self) -> None:
        self.columns = [a for a in self.assessments
                        if self.show_corrected or a.id not in self.replaced_by]

    def is_replaced(self, assessment: Assessment) -> bool:
        return assessment.id in self.replaced_by

    def assessment_at(self, column: int) -> Assessment | None:
        return self.columns[column] if 0 <= column < len(self.columns) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(INSTRUMENT.domains)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def _long_text(self, row: int, assessment: Assessment) -> str:
        domain = INSTRUMENT.domains[row]
        entry = assessment.scores.get(domain.key)
        text = _("{domain}, {date}: {result}").format(
            domain=_(domain.name), date=format_day(assessment.assessed_on),
            result=score_text(INSTRUMENT, domain, entry))
        if self.is_replaced(assessment):
            text = _("{text} (corrected later)").format(text=text)
        if entry is not None and entry.note:
            text += "\n" + _("Note: {note}").format(note=entry.note)
        return text

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        assessment = self.columns[index.column()]
        domain = INSTRUMENT.domains[index.row()]
        entry = assessment.scores.get(domain.key)
        if role == Qt.ItemDataRole.DisplayRole:
            text = score_text(INSTRUMENT, domain, entry, short=True)
            return f"{text} ✎" if entry is not None and entry.note else text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._long_text(index.row(), assessment)
        if role == Qt.ItemDataRole.FontRole and is_crisis(entry):
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_crisis(entry):
                return ACTION_RED
            if self.is_replaced(assessment):
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) \
                    and 0 <= section < len(INSTRUMENT.domains):
                return _(INSTRUMENT.domains[section].name)
            return None
        assessment = self.assessment_at(section)
        if assessment is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            lines = [format_day(assessment.assessed_on), kind_label(assessment.kind)]
            if self.is_replaced(assessment):
                lines.append(_("Corrected"))
            elif assessment.corrects_id:
                lines.append(_("Correction"))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.is_replaced(assessment):
                return _("Replaced by a correction: {reason}").format(
                    reason=self.replaced_by[assessment.id].correction_reason)
            if assessment.corrects_id:
                return _("A correction. Reason: {reason}").format(
                    reason=assessment.correction_reason)
            return _("Completed by {name}").format(name=assessment.completed_by)
        if role == Qt.ItemDataRole.ForegroundRole and self.is_replaced(assessment):
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(INSTRUMENT.domains) - 1)
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), self.index(len(INSTRUMENT.domains) - 1,
                                                               len(self.columns) - 1))


class NeedsView(QWidget):
    """The Needs tab: next due, New assessment / Correct…, the table, a goal action, the chart."""

    assessment_requested = Signal(str, object)  # client id, the Assessment to correct or None
    goal_requested = Signal(object)  # a GoalSeed, for the plan screen

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needs_view")
        self.session = session
        self.service = AssessmentService(session)
        self.drafts = DraftService(session)
        self.may_plan = session.can(Permission.EDIT_PLAN)
        self.client_id: str | None = None
        self.loaded_for: str | None = None
        self.assessments: list[Assessment] = []
        self.next_due: NextAssessment | None = None
        self.has_draft = False
        self.context_menu: QMenu | None = None

        self.due_label = InterfaceLabel(self, word_wrap=True)
        self.due_label.setObjectName("needs_due")
        font = self.due_label.font()
        font.setBold(True)
        self.due_label.setFont(font)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("new_assessment_button")
        self.new_button.clicked.connect(self.request_new)
        self.correct_button = QPushButton(self)
        self.correct_button.setObjectName("correct_assessment_button")
        self.correct_button.clicked.connect(lambda: self.request_correction())  # not `checked`
        self.show_corrected_check = QCheckBox(self)
        self.show_corrected_check.setObjectName("show_corrected")
        self.legend_label = InterfaceLabel(self, word_wrap=True)
        self.legend_label.setObjectName("needs_legend")
        self.model = AssessmentTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("needs_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.installEventFilter(self)
        self.goal_button = QPushButton(self)
        self.goal_button.setObjectName("goal_button")
        self.goal_button.setVisible(self.may_plan)
        self.goal_button.clicked.connect(lambda: self.request_goal())
        self.message_label = MessageLine(self, margin=8)
        self.message_label.setObjectName("needs_message")
        self.message_label.hide()
        self.chart_title = QLabel(self)
        bold = self.chart_title.font()
        bold.setBold(True)
        self.chart_title.setFont(bold)
        self.chart = ScoreChart(INSTRUMENT, self)
        self.note_label = InterfaceLabel(self, word_wrap=True)
        self.note_label.setObjectName("instrument_note")

        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.due_label, 1)
        actions.addWidget(self.correct_button)
        actions.addWidget(self.new_button)
        table_actions = QHBoxLayout()
        table_actions.addWidget(self.show_corrected_check)
        table_actions.addStretch(1)
        table_actions.addWidget(self.goal_button)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(8, 8, 8, 8)
        content_layout.setSpacing(8)
        content_layout.addLayout(actions)
        content_layout.addWidget(self.message_label)
        content_layout.addWidget(self.legend_label)
        content_layout.addWidget(self.table)
        content_layout.addLayout(table_actions)
        content_layout.addSpacing(8)
        content_layout.addWidget(self.chart_title)
        content_layout.addWidget(self.chart)
        content_layout.addWidget(self.note_label)
        content_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

        self.show_corrected_check.toggled.connect(self._show_corrected)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self.retranslate_ui()

    # -- texts ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        # Mnemonics chosen to be free in the main window (Alt+N is the Needs tab itself).
        self.due_label.setText(self._due_words())
        self.new_button.setText(_("Continue the &unfinished assessment") if self.has_draft
                                else _("Ne&w assessment"))
        self.correct_button.setText(_("&Correct…"))
        self.show_corrected_check.setText(_("Show correc&ted assessments"))
        self.show_corrected_check.setToolTip(_(
            "Corrected assessments are kept; their correction replaces them in the chart."))
        levels = " · ".join(level_text(INSTRUMENT, score) for score in SCORES)
        self.legend_label.setText(_("{levels}. N/A: not applicable. —: not assessed. "
                                    "✎: has a note (point at the cell to read it).").format(
            levels=levels))
        self.table.setAccessibleName(_("Needs assessments: domains and scores by date"))
        self.goal_button.setText(_("Add a &goal from this domain"))
        self.chart_title.setText(_("Over time"))
        self.note_label.setText(_(INSTRUMENT.note))
        self.model.retranslate()  # the chart re-translates itself, as a widget
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _due_words(self) -> str:
        if self.loaded_for is None:
            return ""
        if not self.assessments and self.next_due is not None:
            return _("No needs assessment yet. {due}").format(due=due_text(self.next_due))
        return due_text(self.next_due) or _("No assessment is due.")

    def _show_error(self, error: ShelterError) -> None:
        self.message_label.show_message(partial(error_text, error))

    # -- loading ----------------------------------------------------------------------------

    def show_client(self, client_id: str | None) -> None:
        """Forget what was shown; the history is fetched when the tab is looked at."""
        if client_id != self.client_id:
            self.client_id = client_id
            self.loaded_for = None
            self.assessments = []
            self.model.set_assessments([])
            self.chart.set_assessments([])
            self.message_label.show_message(None)
            self.retranslate_ui()

    def load(self) -> None:
        """Fetch the history (one audited view), the next due date and any unfinished draft."""
        if self.client_id is None:
            return
        try:
            self.assessments = self.service.history(self.client_id)
            self.next_due = self.service.next_due(self.client_id)
            self.has_draft = find_draft(self.drafts, self.client_id) is not None
        except ShelterError as error:
            self._show_error(error)
            return
        self.loaded_for = self.client_id
        self.model.set_assessments(self.assessments)
        self.chart.set_assessments(self.assessments)
        self._fit_table()
        columns = self.model.columnCount()
        if columns:
            self.table.setCurrentIndex(self.model.index(0, columns - 1))
            self.table.scrollTo(self.model.index(0, columns - 1))
        self.retranslate_ui()

    def refresh_drafts(self) -> None:
        """After the form closed with a draft kept (or finished): New or Resume."""
        if self.client_id is None:
            return
        try:
            self.has_draft = find_draft(self.drafts, self.client_id) is not None
        except ShelterError:
            return
        self.retranslate_ui()

    def _fit_table(self) -> None:
        """Show all 13 rows: the page scrolls, not the table (sideways only when it must)."""
        table = self.table
        header = table.horizontalHeader()
        height = header.sizeHint().height() + table.verticalHeader().length()
        height += 2 * table.frameWidth()
        wide = header.length() + table.verticalHeader().width() + 2 * table.frameWidth()
        if wide > table.width():
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A narrower table may need its sideways scroll bar: its height follows the width.
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_table()
        return super().eventFilter(watched, event)

    def _show_corrected(self, show: bool) -> None:
        current = self._current()
        kept = self.model.assessment_at(current.column()) if current.isValid() else None
        row = current.row() if current.isValid() else 0
        self.model.set_show_corrected(show)
        self._fit_table()
        columns = self.model.columns
        column = columns.index(kept) if kept in columns else len(columns) - 1
        if column >= 0:
            self.table.setCurrentIndex(self.model.index(row, column))
        self._update_buttons()

    # -- actions ----------------------------------------------------------------------------

    def _current(self) -> QModelIndex:
        return self.table.currentIndex()

    def _update_buttons(self) -> None:
        current = self._current()
        assessment = self.model.assessment_at(current.column()) if current.isValid() else None
        may_correct = assessment is not None and not self.model.is_replaced(assessment)
        self.correct_button.setEnabled(may_correct)
        if assessment is None:
            tip = _("Choose an assessment in the table first.")
        elif not may_correct:
            tip = _("This assessment was already corrected; correct the correction instead.")
        else:
            tip = _("Correct the assessment of {date}. The original is kept.").format(
                date=format_day(assessment.assessed_on))
        self.correct_button.setToolTip(tip)
        self.correct_button.setAccessibleDescription(tip)
        self.goal_button.setEnabled(current.isValid())
        if current.isValid():
            self.goal_button.setToolTip(_("Start a plan goal from {domain}").format(
                domain=_(INSTRUMENT.domains[current.row()].name)))

    def request_new(self) -> None:
        if self.client_id is not None:
            self.assessment_requested.emit(self.client_id, None)

    def request_correction(self, column: int | None = None) -> None:
        current = self._current()
        column = current.column() if column is None and current.isValid() else column
        assessment = self.model.assessment_at(column if column is not None else -1)
        if self.client_id is None or assessment is None or self.model.is_replaced(assessment):
            return
        self.assessment_requested.emit(self.client_id, assessment)

    def request_goal(self, row: int | None = None) -> None:
        """Hand the domain and its latest score to the plan (through ``goal_requested``)."""
        current = self._current()
        row = current.row() if row is None and current.isValid() else row
        if self.client_id is None or row is None or not 0 <= row < len(INSTRUMENT.domains):
            return
        domain = INSTRUMENT.domains[row]
        try:
            seed: GoalSeed = self.service.goal_seed(self.client_id, domain.key)
        except ShelterError as error:
            self._show_error(error)
            return
        self.message_label.show_message(None)
        # The record switches to the Plan tab, where the new goal waits for the client's words.
        self.goal_requested.emit(seed)

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():  # the Menu key may point between cells: use the current one
            index = self.table.currentIndex()
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        if self.context_menu is not None:
            self.context_menu.deleteLater()  # one menu at a time, not one more per right-click
        menu = QMenu(self)
        assessment = self.model.assessment_at(index.column())
        row, column = index.row(), index.column()
        if self.may_plan:
            goal = menu.addAction(_("Add a goal from {domain}").format(
                domain=_(INSTRUMENT.domains[row].name)))
            goal.triggered.connect(lambda: self.request_goal(row))
        if assessment is not None and not self.model.is_replaced(assessment):
            correct = menu.addAction(_("Correct the assessment of {date}…").format(
                date=format_day(assessment.assessed_on)))
            correct.triggered.connect(lambda: self.request_correction(column))
        self.context_menu = menu
        if not menu.isEmpty():
            menu.popup(self.table.viewport().mapToGlobal(position))
