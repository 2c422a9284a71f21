"""A date typed as text (a year, a year and month, or a full date) with a calendar beside it.

Dates of birth are often only known approximately (domain.md §2.2), so the field is text, not a
QDateEdit: "1990" and "1990-05" must be typeable. The calendar is there for full dates; other
digits and separators ("١٩٩٠/٣", "2024.3.5") are understood rather than refused.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from shelter_desktop.i18n import _

_LOOSE_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def normalise_date(text: str) -> str:
    """``2024/3/5`` or ``٢٠٢٤-٠٣`` → ``2024-03-05`` / ``2024-03``; anything else unchanged.

    Only the separators and the digits' script change, never the date; what the check refuses
    is reported beside the field, not guessed at.
    """
    match = _LOOSE_DATE.match(text.strip())
    if not match:
        return text.strip()
    parts = [int(part) for part in match.groups() if part is not None]
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


class CalendarPopup(QCalendarWidget):
    """A calendar that pops up under the date field's button; Escape closes it."""

    date_chosen = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setGridVisible(False)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setMaximumDate(QDate(2200, 12, 31))
        self.activated.connect(self._choose)
        self.clicked.connect(self._choose)

    def _choose(self, date: QDate) -> None:
        self.date_chosen.emit(date)
        self.close()


class DateInput(QWidget):
    """The text field and its "Calendar…" button; the owner connects ``edit.textChanged``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName("calendar_button")
        self.calendar_button.clicked.connect(self.show_calendar)
        self.calendar: CalendarPopup | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.edit)
        layout.addWidget(self.calendar_button)

    def retranslate(self, question: str, approximate: bool) -> None:
        """Texts for the question ``question`` (already translated); sized to the hint."""
        placeholder = _("YYYY, YYYY-MM or YYYY-MM-DD") if approximate else _("YYYY-MM-DD")
        self.edit.setPlaceholderText(placeholder)
        metrics = self.edit.fontMetrics()
        self.edit.setFixedWidth(max(metrics.horizontalAdvance(placeholder),
                                    metrics.horizontalAdvance("0000-00-00") * 2) + 24)
        self.calendar_button.setText(_("Calendar…"))
        self.calendar_button.setAccessibleName(
            _("{question}: choose from a calendar").format(question=question))

    def show_calendar(self) -> None:
        """Pop a calendar up under the button, on the typed date if there is one."""
        if self.calendar is None:
            self.calendar = CalendarPopup(self)
            self.calendar.date_chosen.connect(self._chosen)
        match = _LOOSE_DATE.match(self.edit.text().strip())
        if match:
            year, month, day = (int(p) if p else 1 for p in match.groups())
            date = QDate(year, month, day)
            if date.isValid():
                self.calendar.setSelectedDate(date)
        self.calendar.adjustSize()
        button = self.calendar_button
        mirrored = button.isRightToLeft()
        position = button.mapToGlobal(button.rect().bottomRight() if mirrored
                                      else button.rect().bottomLeft())
        if mirrored:
            position.setX(position.x() - self.calendar.width())
        self.calendar.move(position)
        self.calendar.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _chosen(self, date: QDate) -> None:
        self.edit.setText(date.toString("yyyy-MM-dd"))
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
