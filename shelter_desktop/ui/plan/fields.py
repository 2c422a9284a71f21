"""Small pieces every part of the plan editor uses: a note under a field, an optional date.

A problem is said beside its field in words (and in the alert colour as a second sign); what
was typed is never cleared. A date field that does not parse keeps its text, says so when the
person leaves it, and the plan keeps the last date that did parse.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QWidget

from shelter_desktop.i18n import _
from shelter_desktop.ui.clients.alerts import ACTION_RED
from shelter_desktop.ui.widgets.date_input import DateInput, normalise_date
from shelter_desktop.ui.widgets.interface_label import MessageLine


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def set_shown(widget: QWidget, visible: bool) -> None:
    """``setVisible`` only when it changes something.

    Each call on a widget in a layout costs a layout pass even when nothing changes, and a
    plan's rows make hundreds of them (bench: opening the Plan tab).
    """
    parent = widget.parentWidget()
    current = widget.isVisibleTo(parent) if parent is not None else not widget.isHidden()
    if current != visible:
        widget.setVisible(visible)


def red_text(label: QLabel) -> None:
    """Text in the alert red, through the palette.

    A style sheet per label would re-polish each one, and a plan shows dozens (bench: opening
    the Plan tab).
    """
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, ACTION_RED)
    label.setPalette(palette)


class FieldNote(MessageLine):
    """A problem with the field above it, in red words, unframed; hidden while there is none.

    A ``MessageLine``: it keeps the message as a function, so it reads in the new language
    after a switch.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, margin=0)
        self.setFrameShape(QFrame.Shape.NoFrame)
        red_text(self)


def parse_day(text: str) -> dt.date | None:
    """A typed full date, or None for nothing typed; ValueError when it is not a date."""
    text = normalise_date(text)
    if not text:
        return None
    parts = text.split("-")
    if len(parts) != 3:
        raise ValueError(text)
    return dt.date.fromisoformat(text)


class OptionalDate(DateInput):
    """A day that may be left empty ("no date yet"); ``changed`` after each valid edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value: dt.date | None = None
        self.note: FieldNote | None = None  # where a date that does not parse is reported
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)

    def set_date(self, value: dt.date | None) -> None:
        self.value = value
        self.edit.blockSignals(True)
        self.edit.setText(value.isoformat() if value else "")
        self.edit.blockSignals(False)

    def is_valid(self) -> bool:
        try:
            parse_day(self.edit.text())
        except ValueError:
            return False
        return True

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        set_shown(self.calendar_button, not read_only)

    def _typed(self) -> None:
        try:
            value = parse_day(self.edit.text())
        except ValueError:
            return  # still being typed, or wrong: said when the person leaves the field
        if self.note is not None:
            self.note.show_message(None)
        if value != self.value:
            self.value = value
            self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut \
                and self.note is not None and not self.is_valid():
            self.note.show_message(lambda: _("Enter a date as year-month-day."))
        return super().eventFilter(watched, event)


class WrapRow(QWidget):
    """Two groups of fields side by side, or one above the other when they do not fit.

    Translations run up to 40% longer than English and the record pane may be narrow: rather
    than clip or scroll sideways, the second group moves under the first. A QBoxLayout's
    left-to-right direction already follows the interface's direction, so this mirrors too.
    """

    def __init__(self, first: QWidget, second: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first, self.second = first, second
        self.first_stretch = 1
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(16)
        self.box.addWidget(first, 1)
        self.box.addWidget(second, 0)
        self.box.addStretch(1)  # the room left over, when the first group does not take it

    def set_first_stretch(self, stretch: int) -> None:
        """0 to keep the first group as narrow as its fields (the room goes to the end)."""
        self.first_stretch = stretch
        self._apply()

    def _needed(self) -> int:
        return (self.first.sizeHint().width() + self.second.sizeHint().width()
                + self.box.spacing())

    def _arrange(self, width: int) -> None:
        side_by_side = self._needed() <= width
        direction = (QBoxLayout.Direction.LeftToRight if side_by_side
                     else QBoxLayout.Direction.TopToBottom)
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self._apply()

    def _apply(self) -> None:
        side_by_side = self.box.direction() is QBoxLayout.Direction.LeftToRight
        self.box.setSpacing(16 if side_by_side else 4)
        self.box.setStretchFactor(self.first, self.first_stretch if side_by_side else 0)
        self.box.setStretch(2, 0 if self.first_stretch else 1)  # the room left at the end
        # One above the other, a group that does not stretch keeps its fields together at the
        # leading edge (mirrored right-to-left), instead of spreading them over the width.
        leading = Qt.AlignmentFlag.AlignLeading
        none = Qt.AlignmentFlag(0)
        self.box.setAlignment(self.first, none if side_by_side or self.first_stretch
                              else leading)
        self.box.setAlignment(self.second, none if side_by_side else leading)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(max(self.first.minimumSizeHint().width(),
                         self.second.minimumSizeHint().width()), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        # New texts (a language switch) change what fits.
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange(self.width())
        return super().event(event)
