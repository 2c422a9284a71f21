"""Idle lock: any keyboard, mouse or touch input restarts the countdown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import shiboken6
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


# Watchers installed on the application, for ``input_watch_paused``.
_INSTALLED: list[IdleWatcher] = []


class IdleWatcher(QObject):
    """Application-wide event filter; emits ``idle`` once after ``timeout_ms`` without input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)

    def install(self) -> None:
        """Watch every event of the application (the idle lock's input detection)."""
        app = QCoreApplication.instance()
        if app is None:
            return
        app.installEventFilter(self)
        _INSTALLED.append(self)

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


@contextmanager
def input_watch_paused() -> Iterator[None]:
    """Pause every installed watcher while widgets are built in bulk (no input meanwhile).

    Building a plan's goal cards sends thousands of events (show, layout, polish); passing
    each through the Python filter cost about a quarter of opening the Plan tab (bench).
    """
    _INSTALLED[:] = [watcher for watcher in _INSTALLED if shiboken6.isValid(watcher)]
    with ExitStack() as stack:
        for watcher in _INSTALLED:
            stack.enter_context(watcher.paused())
        yield
