"""Idle lock: any keyboard, mouse or touch input restarts the countdown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent, QInputMethodEvent

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.InputMethod,
}
# Every event of the application passes the filter (thousands in a language switch); asking a
# non-input event for its type builds a Python enum each time, a class check does not.
_INPUT_CLASSES = (QInputEvent, QInputMethodEvent)


class IdleWatcher(QObject):
    """Application-wide event filter; emits ``idle`` once after ``timeout_ms`` without input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(max(100, timeout_ms))

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Stop filtering during work that sends thousands of events and takes no input.

        A language switch sends every widget a LanguageChange (and, to or from Arabic and
        Persian, a LayoutDirectionChange); calling this Python filter for each one cost about
        a third of the switch (bench/language_switch.py). The countdown keeps running.
        """
        app = QCoreApplication.instance()
        if app is None:
            yield
            return
        app.removeEventFilter(self)
        try:
            yield
        finally:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, _INPUT_CLASSES) and event.type() in _ACTIVITY \
                and self.timer.isActive():
            self.timer.start()
        return False
