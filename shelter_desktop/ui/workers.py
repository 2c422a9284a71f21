"""Run slow work (key derivation, backups, long PDFs) off the GUI thread.

After Picard's ``run_task``: the result or the error comes back as a signal on the GUI thread;
workers never touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, function: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.function = function
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.function()
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


_running: set[_Signals] = set()


def run_task(function: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> None:
    signals = _Signals()
    _running.add(signals)

    def done(result: Any) -> None:
        _running.discard(signals)
        on_done(result)

    def failed(error: BaseException) -> None:
        _running.discard(signals)
        on_error(error)

    signals.finished.connect(done)
    signals.failed.connect(failed)
    QThreadPool.globalInstance().start(_Task(function, signals))


def tasks_running() -> int:
    return len(_running)
