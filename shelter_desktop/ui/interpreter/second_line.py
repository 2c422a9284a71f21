"""The client's-language line shown under a label while interpreter mode is on.

It keeps the size of the text it repeats (the client reads it across the table) but takes the
accent colour, so staff can tell at a glance which line is theirs. No italics: slanted Arabic,
Gurmukhi or Chinese is harder to read, not just different. Its direction is the client
language's own, whatever the interface's: an Arabic line sits right-aligned under an English one,
an English line left-aligned under an Arabic one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from shelter_desktop import i18n
from shelter_desktop.ui import interpreter

RIGHT_TO_LEFT_MARK, LEFT_TO_RIGHT_MARK = "\u200f", "\u200e"


def second_colour(palette: QPalette) -> QColor:
    """The accent colour, darkened on a light background and lightened on a dark one.

    The plain accent is a tone meant for selections; text needs the contrast of text.
    """
    accent = palette.color(QPalette.ColorRole.Highlight)
    if palette.color(QPalette.ColorRole.Base).lightness() >= 128:
        return accent.darker(150)
    return accent.lighter(150)


class SecondLine(QLabel):
    """A hidden label that shows a message in the client's language when there is one."""

    def __init__(self, parent: QWidget | None = None, *, font: QFont | None = None,
                 rich_text: bool = False) -> None:
        super().__init__(parent)
        self._recolouring = False
        self.setObjectName("second_language")
        self.setTextFormat(Qt.TextFormat.RichText if rich_text else Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if font is not None:
            self.setFont(font)
        # Inside a button (an assessment level) a label would take the button's text role.
        self.setForegroundRole(QPalette.ColorRole.WindowText)
        self._colour()
        self.setVisible(False)

    def _colour(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, second_colour(palette))
        self.setPalette(palette)

    def show_message(self, message: str) -> None:
        """Show ``message`` (a msgid) in the client's language, or hide when there is none."""
        self.show_text(interpreter.second_text(message))

    def show_text(self, text: str | None) -> None:
        """Show ``text``, already in the client's language (None or "" hides the line)."""
        code = interpreter.second_language()
        if not text or code is None:
            self.clear()
            self.setVisible(False)
            return
        right_to_left = i18n.translator_for(code).is_rtl
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left
                                else Qt.LayoutDirection.LeftToRight)
        edge = Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft
        self.setAlignment(edge | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop)
        # QLabel takes a paragraph's direction from its first strong letter, not from the
        # widget: "N · لم يُقيَّم" would read left-to-right. A leading mark settles it.
        self.setText((RIGHT_TO_LEFT_MARK if right_to_left else LEFT_TO_RIGHT_MARK) + text)
        self.setVisible(True)

    def shown_text(self) -> str:
        """The text as given, without the direction mark."""
        return self.text().lstrip(RIGHT_TO_LEFT_MARK + LEFT_TO_RIGHT_MARK)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self._recolouring:
            # A light/dark scheme switch: pick the accent again (setPalette sends this event).
            self._recolouring = True
            self._colour()
            self._recolouring = False
        super().changeEvent(event)
