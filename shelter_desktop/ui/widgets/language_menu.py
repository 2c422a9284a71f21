"""The language switcher: each language by its own name, with the English name as a hint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from shelter_desktop import i18n
from shelter_desktop.i18n import _


def language_choice_text(code: str) -> str:
    """"Español — Spanish": the language's own name, with the English one as a hint."""
    native, english = i18n.display_name(code), i18n.english_name(code)
    return native if native == english else f"{native} — {english}"


class LanguageButton(QToolButton):
    """A tool button that opens the language menu; emits ``language_chosen(code)``."""

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.actions_by_code: dict[str, QAction] = {}
        for code in i18n.available_languages():
            action = QAction(self)
            action.setCheckable(True)
            action.setData(code)
            action.setText(language_choice_text(code))
            action.triggered.connect(lambda _checked=False, c=code: self.language_chosen.emit(c))
            self.language_group.addAction(action)
            self.menu_.addAction(action)
            self.actions_by_code[code] = action
        self.setMenu(self.menu_)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        code = i18n.current().code
        if code in self.actions_by_code:
            self.actions_by_code[code].setChecked(True)
        self.setText(i18n.display_name(code))
        self.setToolTip(_("Interface language (Ctrl+Shift+L)"))
        self.setAccessibleName(_("Interface language"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
