"""One exception hook: log an event code, show a calm dialog with a copyable, safe report.

The report holds the exception's type and the code locations only: never the exception's message
or local variables, which could contain what a worker typed.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from shelter_desktop import __version__
from shelter_desktop.i18n import _
from shelter_desktop.logs import log_event

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


def safe_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    import platform
    import traceback

    from PySide6 import __version__ as pyside_version

    lines = [f"Shelter Desktop {__version__}, Python {platform.python_version()}, "
             f"PySide6 {pyside_version}, {platform.system()}",
             f"{exc_type.__module__}.{exc_type.__qualname__}"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {os.path.basename(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines)


def handle_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from shelter_desktop.services.session import known_error

    known = known_error(exc)
    report = safe_report(exc_type, tb)
    log_event("crash", error=exc_type.__name__,
              meaning=known.event_code if known is not None else "unknown")
    if QApplication.instance() is None:
        print(report, file=sys.stderr)
        return
    # Loaded only when something went wrong: its type costs start-up about 2 ms.
    from PySide6.QtWidgets import QMessageBox

    if known is not None:
        # A known condition (a damaged vault page met while reading): its own calm message.
        notice = QMessageBox(QMessageBox.Icon.Warning, _("Shelter Desktop"),
                             known.user_message())
        notice.setObjectName("known_error_dialog")
        notice.setDetailedText(report)
        _keep_open(notice)
        return

    box = QMessageBox(QMessageBox.Icon.Critical, _("Shelter Desktop"), _(
        "Something unexpected went wrong. Your saved work is safe in the vault. If this happens "
        "again, copy the details below and send them to whoever supports Shelter Desktop; they "
        "contain no client information."))
    box.setObjectName("crash_dialog")
    box.setDetailedText(report)
    _keep_open(box)


# Dialogs shown from the hook have no parent: without a reference here Python would delete
# them as soon as the hook returns, before anyone could read them.
_SHOWN: list[object] = []


def _keep_open(box: QMessageBox) -> None:
    _SHOWN.append(box)
    box.finished.connect(lambda _result: _SHOWN.remove(box) if box in _SHOWN else None)
    box.open()


def install() -> None:
    sys.excepthook = handle_exception
