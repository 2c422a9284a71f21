"""Start the desktop app: arguments → data folder → logging → i18n → Qt → first window."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from shelter_desktop import APP_NAME, __version__, i18n
from shelter_desktop.errors import ShelterError
from shelter_desktop.paths import ORGANISATION_DIR, resolve_data_dir
from shelter_desktop.services.preferences import DevicePreferences
from shelter_desktop.storage.files import check_writable, ensure_private_dir
from shelter_desktop.storage.lockfile import DataFolderLock


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="shelter-desktop", description=APP_NAME)
    parser.add_argument("--data-dir", help="the data folder (default: the platform's own)")
    parser.add_argument("--lang", help="interface language for this start (for example fr)")
    parser.add_argument("--version", action="version", version=__version__)
    return parser.parse_known_args(list(argv))[0]


def default_qt_data_dir() -> Path:
    """The folder Qt's QStandardPaths gives us; paths.default_data_dir() mirrors it."""
    from PySide6.QtCore import QStandardPaths

    return Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))


def prepare_folder(folder: Path) -> tuple[DataFolderLock | None, ShelterError | None]:
    """Create and lock the data folder; a problem becomes a message on the unlock window."""
    try:
        ensure_private_dir(folder)
        check_writable(folder)
        lock = DataFolderLock(folder)
        lock.acquire()
    except ShelterError as error:
        return None, error
    return lock, None


STARTUP_PROBE_ENV = "SHELTER_DESKTOP_STARTUP_PROBE"
# The log starts once the first window has been painted; nothing is logged before that anyway.
LOG_START_DELAY_MS = 300
FONT_INSTALL_DELAY_MS = 100
LATIN_INTERFACE_LANGUAGES = frozenset({"en", "fr", "es", "fil", i18n.PSEUDO_LANGUAGE})


def _report_first_window(app: object) -> None:
    """For ``bench/``: print when the first window has been shown, then quit."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def report() -> None:
        print(f"first-window-shown {time.time():.6f}", flush=True)
        if isinstance(app, QApplication):
            app.quit()

    QTimer.singleShot(0, report)


def _install_fonts(app: object) -> None:
    from PySide6.QtWidgets import QApplication

    from shelter_desktop.ui.fonts import install_fallbacks

    if isinstance(app, QApplication):
        install_fallbacks(app.font().family())


def _start_logging(folder: Path) -> None:
    from shelter_desktop.logs import log_event, setup_logging

    setup_logging(folder)
    log_event("app.started")


def start_language(requested: str | None, preferences: DevicePreferences | None) -> None:
    """The interface language (``--lang``, else this computer's last one) and its region."""
    if requested == i18n.PSEUDO_LANGUAGE and not i18n.has_pseudo_catalog():
        from shelter_desktop.tools.pseudo import write_pseudo_catalog

        try:  # normally written by `make compile-catalogs`; a source checkout may lack it
            write_pseudo_catalog()
        except OSError:
            pass  # the English interface, then
    code = requested or (preferences.language if preferences is not None else None)
    region = preferences.region if preferences is not None else None
    if code or (region and region != i18n.current_region()):
        i18n.set_language(code or i18n.current().code, region)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.umask(0o077)  # every file the app or Qt writes is private to this user (security.md)
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(ORGANISATION_DIR)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    if app.style().name().lower() == "windows":
        app.setStyle("Fusion")

    from shelter_desktop.ui import exception_hook, language
    from shelter_desktop.ui.controller import AppController

    exception_hook.install()
    folder = Path(args.data_dir).expanduser().resolve() if args.data_dir else default_qt_data_dir()
    lock, error = prepare_folder(folder)
    language.install()
    start_language(args.lang, DevicePreferences(folder) if error is None else None)
    if i18n.current().code not in LATIN_INTERFACE_LANGUAGES:
        _install_fonts(app)
    controller = AppController(folder, startup_error=error)
    controller.start()
    if i18n.current().code in LATIN_INTERFACE_LANGUAGES:
        # The unlock window's labels need no bundled font: add them just after the first paint.
        QTimer.singleShot(FONT_INSTALL_DELAY_MS, lambda: _install_fonts(app))
    if error is None:
        QTimer.singleShot(LOG_START_DELAY_MS, lambda: _start_logging(folder))
    if os.environ.get(STARTUP_PROBE_ENV):
        _report_first_window(app)
    try:
        return int(app.exec())
    finally:
        controller.shutdown()
        if lock is not None:
            lock.release()


__all__ = ["main", "resolve_data_dir"]
