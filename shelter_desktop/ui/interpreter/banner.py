"""The bar that says interpreter mode is on, in every window that shows it, with a way out.

Two languages on screen look deliberate only if the screen says why; and whoever sits down at
the keyboard next must see at once that the mode is on and how to turn it off. The bar is
hidden while the mode is off and follows it through ``LanguageChange``, which the mode sends to
every window when it changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from shelter_desktop import i18n
from shelter_desktop.i18n import _
from shelter_desktop.ui import interpreter
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel


def banner_text() -> str:
    """"Interpreter mode: English + العربية", each language by its own name."""
    client = interpreter.second_language() or ""
    return _("Interpreter mode: {staff} + {client}").format(
        staff=i18n.display_name(i18n.current().code), client=i18n.display_name(client))


class InterpreterBanner(QFrame):
    """"Interpreter mode: English + Español [Record the interpreter…] [Turn off]".

    ``can_record`` (the main window's) says whether a client record is open to record the
    interpreter on; without it the bar never offers to.
    """

    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *,
                 can_record: Callable[[], bool] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interpreter_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._can_record = can_record
        self.label = InterfaceLabel(self, word_wrap=True)
        self.label.setObjectName("interpreter_status")
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.record_button = QPushButton(self)
        self.record_button.setObjectName("record_interpreter_button")
        self.record_button.clicked.connect(self.record_requested)
        self.off_button = QPushButton(self)
        self.off_button.setObjectName("interpreter_off_button")
        self.off_button.clicked.connect(self.turn_off)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.record_button)
        layout.addWidget(self.off_button)
        self._tint()
        self.retranslate_ui()

    def _tint(self) -> None:
        """A wash of the accent colour: noticeable, calm, and not the red kept for alerts."""
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        mixed = QColor(
            *(round(a * 0.18 + w * 0.82) for a, w in zip(
                (accent.red(), accent.green(), accent.blue()),
                (window.red(), window.green(), window.blue()), strict=True)))
        palette.setColor(QPalette.ColorRole.Window, mixed)
        self.setPalette(palette)

    def retranslate_ui(self) -> None:
        mode = interpreter.active_mode()
        if mode is None:
            self.setVisible(False)
            return
        text = banner_text()
        self.label.setText(text)
        self.setAccessibleName(text)
        self.record_button.setText(_("Record the interpreter…"))
        self.record_button.setVisible(mode.client_id is None and self._can_record is not None
                                      and self._can_record())
        self.off_button.setText(_("Turn off"))
        self.off_button.setToolTip(_("Turn interpreter mode off (Ctrl+Shift+I)"))
        self.setVisible(True)

    def turn_off(self) -> None:
        mode = interpreter.active_mode()
        if mode is not None:
            mode.turn_off()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
