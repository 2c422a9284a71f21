"""One goal of the plan: its domain and starting score, the client's words, objectives, actions.

The client's own words come first and large: they are what the client reads, and often what
they said aloud a moment ago. Reordering is by buttons and by Alt+Up / Alt+Down anywhere in the
card, so the keyboard alone can set priorities.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.plans import Action, Goal, Objective
from shelter_desktop.i18n import _
from shelter_desktop.services.plans import PlanProblem, blank_action, blank_objective
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.plan.fields import FieldNote, bold, set_shown
from shelter_desktop.ui.plan.item_rows import ActionRow, ItemRow, ObjectiveRow
from shelter_desktop.ui.plan.wording import baseline_text, domain_label
from shelter_desktop.ui.widgets.exact_text import exact_text
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel

WORDS_SCALE = 1.3
WORDS_LINES = 3
WORDS_MAX_LINES = 8


class WordsEdit(QTextEdit):
    """The goal in the client's words: large, several lines, Tab moves on (not a tab sign).

    A QTextEdit holding plain text, not a QPlainTextEdit: only the former sets each paragraph
    at the side its own script starts from, so Arabic words sit at the right even in an
    English interface, as the client reads them. Its height follows the text, from three lines
    up to eight; longer words scroll.
    """

    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * WORDS_SCALE)
        self.setFont(font)
        self.document().setDocumentMargin(6)
        self.document().contentsChanged.connect(self._fit_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def _fit_height(self) -> None:
        line = self.fontMetrics().lineSpacing()
        document = self.document()
        document.setTextWidth(self.viewport().width())
        content = int(document.size().height())
        frame = 2 * self.frameWidth()
        lowest = line * WORDS_LINES + 2 * int(document.documentMargin())
        highest = line * WORDS_MAX_LINES + 2 * int(document.documentMargin())
        self.setFixedHeight(max(lowest, min(content, highest)) + frame)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class GoalCard(QFrame):
    """Emits ``changed`` on any edit; the editor moves and removes cards on request."""

    changed = Signal()
    move_requested = Signal(object, int)  # the card, -1 up or +1 down
    remove_requested = Signal(object)
    structure_changed = Signal()  # a row was added or removed: the tab order is redone
    left = Signal(object, object)  # the card, the item id (None: the words) just left

    def __init__(self, goal: Goal, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goal_card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.goal_id = goal.id
        self.domain = goal.domain
        self.baseline_score = goal.baseline_score
        self.today = today
        self.position = goal.priority
        self.read_only = False
        self.objective_rows: list[ObjectiveRow] = []
        self.action_rows: list[ActionRow] = []

        self.title_label = bold(QLabel(self), 1.15)
        self.title_label.setObjectName("goal_title")
        self.baseline_label = InterfaceLabel(self, word_wrap=True)
        self.baseline_label.setObjectName("goal_baseline")
        self.up_button = self._tool_button("goal_up", "▲")
        self.up_button.clicked.connect(lambda: self.move_requested.emit(self, -1))
        self.down_button = self._tool_button("goal_down", "▼")
        self.down_button.clicked.connect(lambda: self.move_requested.emit(self, 1))
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("goal_remove")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.words_label = QLabel(self)
        self.words_edit = WordsEdit(self)
        self.words_edit.setObjectName("goal_words")
        self.words_edit.setPlainText(goal.in_client_words)
        self.words_edit.left.connect(lambda: self.left.emit(self, None))
        self.words_label.setBuddy(self.words_edit)
        self.words_note = FieldNote(self)
        self.words_note.setObjectName("goal_words_note")
        self.objectives_label = bold(InterfaceLabel(self, word_wrap=True))
        self.objectives_box = QVBoxLayout()
        self.objectives_box.setSpacing(6)
        self.add_objective_button = QPushButton(self)
        self.add_objective_button.setObjectName("add_objective_button")
        self.add_objective_button.clicked.connect(lambda: self.add_objective())
        self.actions_label = bold(InterfaceLabel(self, word_wrap=True))
        self.actions_box = QVBoxLayout()
        self.actions_box.setSpacing(10)
        self.add_action_button = QPushButton(self)
        self.add_action_button.setObjectName("add_action_button")
        self.add_action_button.clicked.connect(lambda: self.add_action())

        heading = QHBoxLayout()
        heading.setSpacing(6)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title_label)
        titles.addWidget(self.baseline_label)
        heading.addLayout(titles, 1)
        heading.addWidget(self.up_button, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.down_button, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.words_label)
        layout.addWidget(self.words_edit)
        layout.addWidget(self.words_note)
        layout.addSpacing(6)
        layout.addWidget(self.objectives_label)
        layout.addLayout(self.objectives_box)
        layout.addWidget(self.add_objective_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addSpacing(6)
        layout.addWidget(self.actions_label)
        layout.addLayout(self.actions_box)
        layout.addWidget(self.add_action_button, 0, Qt.AlignmentFlag.AlignLeading)

        for objective in goal.objectives:
            self.add_objective(objective, focus=False)
        for action in goal.actions:
            self.add_action(action, focus=False)
        self.words_edit.textChanged.connect(self.changed)
        for keys, delta in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda delta=delta: self._move_by_key(delta))
        self._align()
        self.retranslate_ui()

    def _tool_button(self, name: str, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def _move_by_key(self, delta: int) -> None:
        if not self.read_only:
            self.move_requested.emit(self, delta)

    # -- rows -------------------------------------------------------------------------------

    def _connect_row(self, row: ItemRow) -> None:
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove_row)
        row.left.connect(lambda row: self.left.emit(self, row.item_id))
        row.set_read_only(self.read_only)

    def add_objective(self, objective: Objective | None = None, *, focus: bool = True) -> None:
        row = ObjectiveRow(objective or blank_objective(), self)
        self._connect_row(row)
        self.objective_rows.append(row)
        self.objectives_box.addWidget(row)
        row.show()  # now, not once the event loop runs: the focus may go to it at once
        if objective is None:
            self._added(row, focus)

    def add_action(self, action: Action | None = None, *, focus: bool = True) -> None:
        row = ActionRow(action or blank_action(), self, today=self.today)
        self._connect_row(row)
        self.action_rows.append(row)
        self.actions_box.addWidget(row)
        row.show()
        if action is None:
            self._added(row, focus)

    def _added(self, row: ItemRow, focus: bool) -> None:
        self.structure_changed.emit()
        self.changed.emit()
        if focus:
            row.main_edit().setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_row(self, row: ItemRow) -> None:
        rows: list[ItemRow] = [*self.objective_rows, *self.action_rows]
        siblings = [r for r in rows if type(r) is type(row)]
        index = siblings.index(row)
        siblings.remove(row)
        if isinstance(row, ObjectiveRow):
            self.objective_rows.remove(row)
        elif isinstance(row, ActionRow):
            self.action_rows.remove(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()
        # Focus stays near: the next row, the one before, or the add button.
        if siblings:
            siblings[min(index, len(siblings) - 1)].main_edit().setFocus(
                Qt.FocusReason.OtherFocusReason)
        else:
            button = (self.add_objective_button if isinstance(row, ObjectiveRow)
                      else self.add_action_button)
            button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.structure_changed.emit()
        self.changed.emit()

    # -- values -----------------------------------------------------------------------------

    def goal(self, priority: int) -> Goal:
        return Goal(self.goal_id, self.domain, self.baseline_score,
                    exact_text(self.words_edit), priority,
                    tuple(row.objective() for row in self.objective_rows),
                    tuple(row.action() for row in self.action_rows))

    def has_content(self) -> bool:
        return bool(exact_text(self.words_edit).strip() or self.objective_rows
                    or self.action_rows)

    def row_for(self, item_id: str | None) -> ItemRow | None:
        for row in (*self.objective_rows, *self.action_rows):
            if row.item_id == item_id:
                return row
        return None

    def show_problems(self, problems: list[PlanProblem]) -> None:
        """Each message beside its field (``problems`` are this goal's); the rest cleared."""
        words = [p for p in problems if p.item_id is None]
        self.words_note.show_message(words[0].error.user_message if words else None)
        for row in (*self.objective_rows, *self.action_rows):
            mine = [p for p in problems if p.item_id == row.item_id]
            if mine:
                row.note.show_message(mine[0].error.user_message)
            elif row.dates_valid():  # a date that does not parse keeps saying so
                row.note.show_message(None)

    def first_problem_widget(self, problem: PlanProblem) -> QWidget:
        row = self.row_for(problem.item_id)
        if row is None:
            return self.words_edit
        if problem.error.field == "partner_description" and isinstance(row, ActionRow):
            return row.partner_edit
        return row.main_edit()

    # -- showing ----------------------------------------------------------------------------

    def set_position(self, position: int, count: int) -> None:
        """Where the goal is (1 = first priority) and how many there are: buttons follow."""
        self.position = position
        self.up_button.setEnabled(position > 1)
        self.down_button.setEnabled(position < count)
        self.retranslate_ui()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.words_edit.setReadOnly(read_only)
        for button in (self.up_button, self.down_button, self.remove_button,
                       self.add_objective_button, self.add_action_button):
            set_shown(button, not read_only)
        for row in (*self.objective_rows, *self.action_rows):
            row.set_read_only(read_only)
        set_shown(self.objectives_label, not read_only or bool(self.objective_rows))
        set_shown(self.actions_label, not read_only or bool(self.action_rows))

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.up_button, self.down_button, self.remove_button,
                                self.words_edit]
        for objective in self.objective_rows:
            chain += objective.focus_chain()
        chain.append(self.add_objective_button)
        for action in self.action_rows:
            chain += action.focus_chain()
        chain.append(self.add_action_button)
        return chain

    def _align(self) -> None:
        align_to_start([self.title_label, self.words_label], Qt.AlignmentFlag.AlignVCenter)

    def retranslate_ui(self) -> None:
        domain = domain_label(self.domain)
        self.title_label.setText(_("Goal {number}: {domain}").format(
            number=self.position, domain=domain))
        self.baseline_label.setText(baseline_text(self.domain, self.baseline_score))
        self.setAccessibleName(_("Goal {number}: {domain}").format(
            number=self.position, domain=domain))
        self.up_button.setToolTip(_("Move this goal up (Alt+Up)"))
        self.up_button.setAccessibleName(_("Move this goal up"))
        self.down_button.setToolTip(_("Move this goal down (Alt+Down)"))
        self.down_button.setAccessibleName(_("Move this goal down"))
        self.remove_button.setText(_("Remove goal"))
        self.words_label.setText(_("The goal, in the client's own words"))
        self.words_edit.setAccessibleName(_("The goal, in the client's own words ({domain})")
                                          .format(domain=domain))
        self.words_edit.setPlaceholderText(_("Write what the client said, as they said it"))
        self.objectives_label.setText(_("Objectives: what will show progress, and by when"))
        self.add_objective_button.setText(_("Add an objective"))
        self.actions_label.setText(_("Actions: what, who, by when"))
        self.add_action_button.setText(_("Add an action"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)
