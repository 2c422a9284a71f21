"""A label for interface text that starts at the layout's leading edge, whatever its script.

QLabel aligns plain text by the direction of the text itself, so an English string that has no
Arabic translation yet sits on the left of a mirrored window, far from the input it names. Texts
from our catalogs belong to the layout, so they follow its direction; client data (names, notes)
is never shown in these labels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QWidget

_HORIZONTAL = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignRight
               | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignJustify
               | Qt.AlignmentFlag.AlignAbsolute)


class InterfaceLabel(QLabel):
    """Plain text, aligned to the leading edge of the current layout direction."""

    def __init__(self, parent: QWidget | None = None, *, word_wrap: bool = False) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(word_wrap)
        self._follow_direction()

    def _follow_direction(self) -> None:
        leading = (Qt.AlignmentFlag.AlignRight if self.isRightToLeft()
                   else Qt.AlignmentFlag.AlignLeft)
        vertical = self.alignment() & ~_HORIZONTAL
        self.setAlignment(leading | Qt.AlignmentFlag.AlignAbsolute | vertical)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._follow_direction()
        super().changeEvent(event)


class MessageLine(InterfaceLabel):
    """A framed line for a problem or a note; hidden while empty.

    It keeps the message as a function and calls it again on a language switch, so a message
    shown in English reads in Arabic after the switch without its window doing anything.
    """

    def __init__(self, parent: QWidget | None = None, *, margin: int = 10) -> None:
        super().__init__(parent, word_wrap=True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(margin)
        self.setVisible(False)
        self._message: Callable[[], str] | None = None

    def show_message(self, message: Callable[[], str] | None) -> None:
        self._message = message
        self._render()

    def _render(self) -> None:
        text = self._message() if self._message is not None else ""
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
