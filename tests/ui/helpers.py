"""Helpers for driving real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, one key event per character.

    ``QTest.keyClicks`` aborts the process on non-ASCII characters (an assert in Qt's
    qasciikey.cpp, stack-notes.md), so every character is sent as its own key event.
    """
    for character in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, character,
                           Qt.KeyboardModifier.NoModifier)
