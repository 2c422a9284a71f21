"""The plan's goals in priority order: add, remove, move up and down, and read them back.

The order on screen is the priority: the first card is priority 1. Moving a card keeps the
keyboard focus on the same field of the same card, so Alt+Up pressed twice moves it twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from shelter_desktop.domain.plans import Goal
from shelter_desktop.services.plans import PlanProblem
from shelter_desktop.ui.plan.goal_card import GoalCard

# Cards built before the tab first paints: the top of the plan, which is what the screen shows.
FIRST_CARDS = 1
# The others follow a frame apart, so the first paint is not held up by them.
NEXT_CARD_MS = 16


class GoalList(QWidget):
    changed = Signal()
    structure_changed = Signal()  # cards or rows added, removed or moved
    remove_requested = Signal(object)  # a card; the editor asks before removing words
    left = Signal(str, object)  # goal id, item id (None: the words) the person just left

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goal_list")
        self.today = today
        self.cards: list[GoalCard] = []
        self._pending: list[Goal] = []  # goals whose cards are not built yet (set_goals)
        self._generation = 0
        self.read_only = False
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(12)

    def set_goals(self, goals: tuple[Goal, ...]) -> None:
        """Show ``goals`` in priority order (a stable sort: equal priorities keep their order).

        The first cards are built at once, the others one per turn of the event loop after the
        first paint: a plan of several goals has hundreds of fields, and a caseworker opening
        the tab sees the top of it first (bench: open a client's plan, ≤ 50 ms). Until a card
        is built its goal is kept as it was stored, so reading the goals back never loses one.
        """
        for card in self.cards:
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        self._generation += 1
        ordered = sorted(goals, key=lambda g: g.priority)
        self._pending = ordered[FIRST_CARDS:]
        for goal in ordered[:FIRST_CARDS]:
            self._append(GoalCard(goal, self, today=self.today))
        self._renumber()
        if self._pending:
            generation = self._generation
            QTimer.singleShot(NEXT_CARD_MS, lambda: self._build_next(generation))

    def _build_next(self, generation: int) -> None:
        if generation != self._generation or not self._pending:
            return
        self._append(GoalCard(self._pending.pop(0), self, today=self.today))
        self._renumber()
        self.structure_changed.emit()
        if self._pending:
            QTimer.singleShot(NEXT_CARD_MS, lambda: self._build_next(generation))

    def build_all(self) -> None:
        """Build the cards still waiting (before changing the list, or finding a goal's card)."""
        built = bool(self._pending)
        while self._pending:
            self._append(GoalCard(self._pending.pop(0), self, today=self.today))
        if built:
            self._renumber()
            self.structure_changed.emit()

    def _append(self, card: GoalCard) -> None:
        card.changed.connect(self.changed)
        card.structure_changed.connect(self.structure_changed)
        card.move_requested.connect(self.move_card)
        card.remove_requested.connect(self.remove_requested)
        card.left.connect(lambda card, item: self.left.emit(card.goal_id, item))
        card.set_read_only(self.read_only)
        self.cards.append(card)
        self.box.addWidget(card)
        card.show()  # now, not once the event loop runs: the focus may go to it at once

    def add_goal(self, goal: Goal) -> GoalCard:
        self.build_all()
        card = GoalCard(goal, self, today=self.today)
        self._append(card)
        self._renumber()
        self.structure_changed.emit()
        self.changed.emit()
        return card

    def remove(self, card: GoalCard) -> None:
        self.build_all()
        index = self.cards.index(card)
        self.cards.remove(card)
        card.hide()
        card.setParent(None)
        card.deleteLater()
        self._renumber()
        if self.cards:
            self.cards[min(index, len(self.cards) - 1)].words_edit.setFocus(
                Qt.FocusReason.OtherFocusReason)
        self.structure_changed.emit()
        self.changed.emit()

    def move_card(self, card: GoalCard, delta: int) -> None:
        self.build_all()
        index = self.cards.index(card)
        target = index + delta
        if self.read_only or not 0 <= target < len(self.cards):
            return
        focused = QApplication.focusWidget()
        self.cards.insert(target, self.cards.pop(index))
        self.box.removeWidget(card)
        self.box.insertWidget(target, card)
        self._renumber()
        self.structure_changed.emit()
        self.changed.emit()
        # The button pressed may now be disabled (top or bottom): keep the focus in the card.
        keep = focused if focused is not None and card.isAncestorOf(focused) \
            and focused.isEnabled() else card.words_edit
        keep.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, lambda: self._show(card))

    def _show(self, card: GoalCard) -> None:
        """Scroll the moved card into view, if the list sits in a scroll area."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea) and card in self.cards:
            parent.ensureWidgetVisible(card)

    def _renumber(self) -> None:
        total = len(self.cards) + len(self._pending)
        for position, card in enumerate(self.cards, start=1):
            card.set_position(position, total)

    @property
    def goal_count(self) -> int:
        return len(self.cards) + len(self._pending)

    def goals(self) -> tuple[Goal, ...]:
        built = [card.goal(priority) for priority, card in enumerate(self.cards, start=1)]
        waiting = [dataclasses.replace(goal, priority=priority)
                   for priority, goal in enumerate(self._pending, start=len(built) + 1)]
        return (*built, *waiting)

    def card_for(self, goal_id: str) -> GoalCard | None:
        self.build_all()
        return next((card for card in self.cards if card.goal_id == goal_id), None)

    def set_read_only(self, read_only: bool) -> None:
        if read_only == self.read_only:
            return  # every card was built in this mode, or switched to it already
        self.read_only = read_only
        for card in self.cards:
            card.set_read_only(read_only)

    def show_problems(self, problems: list[PlanProblem]) -> None:
        if problems:
            self.build_all()
        for card in self.cards:
            card.show_problems([p for p in problems if p.goal_id == card.goal_id])

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for card in self.cards:
            chain += card.focus_chain()
        return chain
