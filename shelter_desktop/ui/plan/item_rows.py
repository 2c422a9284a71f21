"""One objective or one action of a goal, as a row of fields the person can edit.

An action says what, who (the client, their worker, or a partner service described neutrally,
never by name: domain.md §4.4), by when, and how far it got. "Done" is one click and records
today's date. An open action past its date says "Overdue" in bold words; the sign and the colour
beside it only repeat what the words say.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.plans import (
    ACTION_STATUS_LABELS,
    RESPONSIBLE_LABELS,
    Action,
    ActionStatus,
    Objective,
    Responsible,
)
from shelter_desktop.i18n import _
from shelter_desktop.ui.clients.formatting import format_day
from shelter_desktop.ui.plan.fields import (
    FieldNote,
    OptionalDate,
    WrapRow,
    bold,
    red_text,
    set_shown,
)
from shelter_desktop.ui.plan.wording import WARNING_SIGN
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel

TEXT_LIMIT = 2000
PARTNER_LIMIT = 200
OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def _remove_button(parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText("✕")
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class ItemRow(QWidget):
    """What objective and action rows share: an id, a note, change and removal signals."""

    changed = Signal()
    remove_requested = Signal(object)  # the row
    left = Signal(object)  # the row, when its main text field loses focus

    def __init__(self, item_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item_id
        self.read_only = False
        self.note = FieldNote(self)
        self.remove_button = _remove_button(self)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def main_edit(self) -> QLineEdit:  # pragma: no cover - every row has one
        raise NotImplementedError

    def dates_valid(self) -> bool:  # pragma: no cover - every row has one
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:  # pragma: no cover - every row has one
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main_edit() and event.type() == QEvent.Type.FocusOut:
            self.left.emit(self)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:  # pragma: no cover - every row has one
        raise NotImplementedError


class ObjectiveRow(ItemRow):
    """A measurable step and its target date."""

    def __init__(self, objective: Objective, parent: QWidget | None = None) -> None:
        super().__init__(objective.id, parent)
        self.setObjectName("objective_row")
        self.statement_edit = QLineEdit(objective.statement, self)
        self.statement_edit.setObjectName("objective_statement")
        self.statement_edit.setMaxLength(TEXT_LIMIT)
        self.statement_edit.installEventFilter(self)
        self.target_label = QLabel(self)
        self.target = OptionalDate(self)
        self.target.setObjectName("objective_target")
        self.target.set_date(objective.target_on)
        self.target.note = self.note
        self.target_label.setBuddy(self.target.edit)
        line = QHBoxLayout()
        line.setSpacing(6)
        line.addWidget(self.statement_edit, 1)
        line.addWidget(self.target_label)
        line.addWidget(self.target)
        line.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.note)
        self.statement_edit.textChanged.connect(self.changed)
        self.target.changed.connect(self.changed)
        self.retranslate_ui()

    def main_edit(self) -> QLineEdit:
        return self.statement_edit

    def dates_valid(self) -> bool:
        return self.target.is_valid()

    def objective(self) -> Objective:
        return Objective(self.item_id, self.statement_edit.text(), self.target.value)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.statement_edit.setReadOnly(read_only)
        self.target.set_read_only(read_only)
        set_shown(self.remove_button, not read_only)

    def focus_chain(self) -> list[QWidget]:
        return [self.statement_edit, self.target.edit, self.target.calendar_button,
                self.remove_button]

    def retranslate_ui(self) -> None:
        self.statement_edit.setPlaceholderText(
            _("Something that can be measured, e.g. “go to 8 French classes”"))
        self.statement_edit.setAccessibleName(_("Objective"))
        self.target_label.setText(_("Target date:"))
        self.target.retranslate(_("Target date"), approximate=False)
        self.remove_button.setToolTip(_("Remove this objective"))
        self.remove_button.setAccessibleName(_("Remove this objective"))


# One model per choice list, shared by every action row's combo box: a plan shows a dozen rows
# or more, and filling each box item by item cost about 0.7 ms a row (bench: the Plan tab).
_CHOICE_MODELS: dict[type, QStandardItemModel] = {}


def _choices(kind: type[enum.StrEnum], labels: Mapping[Any, str]) -> QStandardItemModel:
    model = _CHOICE_MODELS.get(kind)
    if model is None:
        model = QStandardItemModel(QCoreApplication.instance())
        for member in kind:
            item = QStandardItem(_(labels[member]))
            item.setData(member.value, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        _CHOICE_MODELS[kind] = model
    return model


def _translate_choices(model: QAbstractItemModel, kind: type[enum.StrEnum],
                       labels: Mapping[Any, str]) -> None:
    """Re-label the shared model in the current language (every row asks; the first one does)."""
    for row, member in enumerate(kind):
        index = model.index(row, 0)
        text = _(labels[member])
        if model.data(index) != text:
            model.setData(index, text)


class ActionRow(ItemRow):
    """What will be done, who does it, by when, and how far it got."""

    def __init__(self, action: Action, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(action.id, parent)
        self.setObjectName("action_row")
        self.today = today or dt.date.today()
        self.completed_on = action.completed_on
        self.what_edit = QLineEdit(action.what, self)
        self.what_edit.setObjectName("action_what")
        self.what_edit.setMaxLength(TEXT_LIMIT)
        self.what_edit.installEventFilter(self)
        self.overdue_label = InterfaceLabel(self)
        self.overdue_label.setObjectName("action_overdue")
        bold(self.overdue_label)
        red_text(self.overdue_label)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("action_done_button")
        self.done_button.clicked.connect(self.mark_done)
        self.who_label = QLabel(self)
        self.who_combo = QComboBox(self)
        self.who_combo.setObjectName("action_who")
        self.who_combo.setModel(_choices(Responsible, RESPONSIBLE_LABELS))
        self.who_combo.setCurrentIndex(self.who_combo.findData(action.who.value))
        self.who_label.setBuddy(self.who_combo)
        # Read-only, the choices are plain words: a disabled combo box is grey and hard to read.
        self.who_value = InterfaceLabel(self)
        self.who_value.setObjectName("action_who_text")
        self.who_value.hide()
        self.partner_edit = QLineEdit(action.partner_description, self)
        self.partner_edit.setObjectName("action_partner")
        self.partner_edit.setMaxLength(PARTNER_LIMIT)
        self.due_label = QLabel(self)
        self.due = OptionalDate(self)
        self.due.setObjectName("action_due")
        self.due.set_date(action.due_on)
        self.due.note = self.note
        self.due_label.setBuddy(self.due.edit)
        self.status_label = QLabel(self)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("action_status")
        self.status_combo.setModel(_choices(ActionStatus, ACTION_STATUS_LABELS))
        self.status_combo.setCurrentIndex(self.status_combo.findData(action.status.value))
        self.status_label.setBuddy(self.status_combo)
        self.status_value = InterfaceLabel(self)
        self.status_value.setObjectName("action_status_text")
        self.status_value.hide()
        self.completed_label = InterfaceLabel(self)
        self.completed_label.setObjectName("action_completed")

        first = QHBoxLayout()
        first.setSpacing(6)
        first.addWidget(self.what_edit, 1)
        first.addWidget(self.overdue_label)
        first.addWidget(self.done_button)
        first.addWidget(self.remove_button)
        who_group = QWidget(self)
        who_line = QHBoxLayout(who_group)
        who_line.setContentsMargins(0, 0, 0, 0)
        who_line.setSpacing(6)
        who_line.addWidget(self.who_label)
        who_line.addWidget(self.who_combo)
        who_line.addWidget(self.who_value)
        who_line.addWidget(self.partner_edit, 1)
        when_group = QWidget(self)
        when_line = QHBoxLayout(when_group)
        when_line.setContentsMargins(0, 0, 0, 0)
        when_line.setSpacing(6)
        when_line.addWidget(self.due_label)
        when_line.addWidget(self.due)
        when_line.addSpacing(8)
        when_line.addWidget(self.status_label)
        when_line.addWidget(self.status_combo)
        when_line.addWidget(self.status_value)
        when_line.addWidget(self.completed_label)
        when_line.addStretch(1)
        self.who_when = WrapRow(who_group, when_group, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(first)
        layout.addWidget(self.who_when)
        layout.addWidget(self.note)

        self.what_edit.textChanged.connect(self.changed)
        self.partner_edit.textChanged.connect(self.changed)
        self.who_combo.currentIndexChanged.connect(self._who_changed)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.due.changed.connect(self._due_changed)
        self.retranslate_ui()

    def main_edit(self) -> QLineEdit:
        return self.what_edit

    def dates_valid(self) -> bool:
        return self.due.is_valid()

    # -- values -----------------------------------------------------------------------------

    def who(self) -> Responsible:
        return Responsible(self.who_combo.currentData())

    def status(self) -> ActionStatus:
        return ActionStatus(self.status_combo.currentData())

    def action(self) -> Action:
        # A partner is described only when the action is theirs: no stray partner wording.
        partner = self.partner_edit.text() if self.who() is Responsible.PARTNER else ""
        return Action(self.item_id, self.what_edit.text(), self.who(), self.due.value,
                      self.status(), self.completed_on, partner)

    def is_overdue(self) -> bool:
        return self.action().is_overdue(self.today)

    def mark_done(self) -> None:
        """One click: the status is Done and the day is today."""
        self.status_combo.setCurrentIndex(self.status_combo.findData(ActionStatus.DONE.value))

    def _status_changed(self) -> None:
        if self.status() is ActionStatus.DONE:
            self.completed_on = self.completed_on or dt.date.today()
        else:
            self.completed_on = None
        self._show_state()
        self.changed.emit()

    def _who_changed(self) -> None:
        self._show_state()
        self.changed.emit()

    def _due_changed(self) -> None:
        self._show_state()
        self.changed.emit()

    # -- showing ----------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.what_edit.setReadOnly(read_only)
        self.partner_edit.setReadOnly(read_only)
        self.due.set_read_only(read_only)
        set_shown(self.who_combo, not read_only)
        set_shown(self.status_combo, not read_only)
        set_shown(self.who_value, read_only)
        set_shown(self.status_value, read_only)
        set_shown(self.remove_button, not read_only)
        self._show_state()

    def _show_state(self) -> None:
        self.who_value.setText(self.who_combo.currentText())
        self.status_value.setText(self.status_combo.currentText())
        partner = self.who() is Responsible.PARTNER
        set_shown(self.partner_edit, partner)
        self.who_when.set_first_stretch(1 if partner else 0)
        status = self.status()
        set_shown(self.done_button, not self.read_only and status in OPEN_STATUSES)
        overdue = self.is_overdue()
        set_shown(self.overdue_label, overdue)
        if overdue and self.due.value is not None:
            self.overdue_label.setText(f"{WARNING_SIGN} " + _("Overdue"))
            self.overdue_label.setAccessibleName(_("Overdue since {date}").format(
                date=format_day(self.due.value)))
            self.overdue_label.setToolTip(self.overdue_label.accessibleName())
        done = status is ActionStatus.DONE and self.completed_on is not None
        set_shown(self.completed_label, done)
        if done:
            self.completed_label.setText(_("Done on {date}").format(
                date=format_day(self.completed_on)))
        self.what_edit.setAccessibleDescription(
            self.overdue_label.accessibleName() if overdue else "")

    def focus_chain(self) -> list[QWidget]:
        return [self.what_edit, self.done_button, self.remove_button, self.who_combo,
                self.partner_edit, self.due.edit, self.due.calendar_button, self.status_combo]

    def retranslate_ui(self) -> None:
        self.what_edit.setPlaceholderText(_("What will be done"))
        self.what_edit.setAccessibleName(_("What will be done"))
        self.done_button.setText(_("Mark done"))
        self.done_button.setToolTip(_("Mark this action done today"))
        self.remove_button.setToolTip(_("Remove this action"))
        self.remove_button.setAccessibleName(_("Remove this action"))
        self.who_label.setText(_("Who:"))
        self.who_combo.setAccessibleName(_("Who does it"))
        _translate_choices(self.who_combo.model(), Responsible, RESPONSIBLE_LABELS)
        self.partner_edit.setPlaceholderText(_("Described neutrally, e.g. “legal appointment”"))
        self.partner_edit.setAccessibleName(_("The partner service, described neutrally"))
        self.partner_edit.setToolTip(_("Never the service's name: the printed plan must be "
                                       "safe if someone else finds it."))
        self.due_label.setText(_("By:"))
        self.due.retranslate(_("By when"), approximate=False)
        self.status_label.setText(_("Status:"))
        self.status_combo.setAccessibleName(_("Status"))
        _translate_choices(self.status_combo.model(), ActionStatus, ACTION_STATUS_LABELS)
        self._show_state()
