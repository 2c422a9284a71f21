"""Driving the real app in-process for figures: Qt offscreen, unlocking, waiting for a paint.

Imported only by the figures that need the app (and by the memory probe in its own process), so
``python -m bench --only startup`` still never imports it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from bench.registry import HarnessError  # noqa: E402

if TYPE_CHECKING:
    from shelter_desktop.services.session import Session
    from shelter_desktop.ui.controller import AppController

WAIT_TIMEOUT_S = 30.0


def application() -> QApplication:
    """The one QApplication, set up as ``shelter_desktop.app`` sets it up (fonts included)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(["shelter-bench"])
        app.setQuitOnLastWindowClosed(False)
        from shelter_desktop.ui import language
        from shelter_desktop.ui.fonts import install_fallbacks

        language.install()
        install_fallbacks(app.font().family())  # as the app does just after its first paint
    assert isinstance(app, QApplication)
    return app


class PaintWatcher(QObject):
    """Counts paint events a widget receives (the list's viewport, the record view)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False

    def remove(self) -> None:
        self.widget.removeEventFilter(self)


def wait_until(condition: Callable[[], bool], what: str,
               timeout_s: float = WAIT_TIMEOUT_S) -> None:
    """Process events until ``condition()`` holds (checked after each pass)."""
    app = application()
    deadline = time.perf_counter() + timeout_s
    while True:
        app.processEvents()
        if condition():
            return
        if time.perf_counter() > deadline:
            raise HarnessError(f"timed out waiting for {what}")


def settle() -> None:
    """Let pending events (deferred deletes, timers due now) run, untimed."""
    app = application()
    for _ in range(3):
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- unlocking --------------------------------------------------------------------------------


def data_key(folder: Path, user: str, passphrase: str) -> bytes:
    """The data key, opened once from the user's slot; the figures then skip key derivation."""
    from shelter_desktop.domain import passphrases, text_rules
    from shelter_desktop.storage.keyslots import KeySlotStore, open_slot

    slots = KeySlotStore(folder).load()
    slot = slots.slots.get(slots.user_slot_id(text_rules.username_key(user)))
    key = None if slot is None else open_slot(slot, passphrases.normalise(passphrase).encode())
    if key is None:
        raise HarnessError(f"the bench credentials do not open {folder}")
    return bytes(key)


@contextlib.contextmanager
def derived_key(key: bytes) -> Iterator[None]:
    """Within this block, opening a key slot returns ``key`` at once instead of running Argon2.

    So ``vault_service.unlock`` runs exactly as in the app (throttle, slot file, opening and
    checking the database, migrations check, account, audit entry) minus key derivation.
    """
    from shelter_desktop.storage import vault as vault_module

    original = vault_module.__dict__["open_slot"]

    def already_derived(slot: Any, secret: bytes) -> bytearray:
        return bytearray(key)

    setattr(vault_module, "open_slot", already_derived)  # noqa: B010 (not re-exported)
    try:
        yield
    finally:
        setattr(vault_module, "open_slot", original)  # noqa: B010


def unlock(folder: Path, user: str, passphrase: str, key: bytes) -> Session:
    from shelter_desktop.services import vault_service

    with derived_key(key):
        return vault_service.unlock(folder, user, passphrase)


def plain_session(db_path: Path, user: str) -> Session:
    """A session on the plaintext copy, configured like the vault (WAL, synchronous=FULL…).

    The floors run the app's own services and repositories on it, so the difference from the
    subject is encryption (and, where the subject has it, Qt).
    """
    import sqlcipher3

    from shelter_desktop.domain import text_rules
    from shelter_desktop.services.session import Session
    from shelter_desktop.storage import database
    from shelter_desktop.storage.vault import Vault

    connection = sqlcipher3.connect(str(db_path), isolation_level=None, check_same_thread=False)
    database._configure(connection)  # the same pragmas as every vault connection
    vault = Vault(db_path.parent, connection, bytearray(32))
    account = vault.accounts.by_username_key(text_rules.username_key(user))
    if account is None:
        connection.close()
        raise HarnessError(f"no account {user!r} in {db_path}")
    return Session(vault, account)


def plain_reader(db_path: Path) -> Any:
    """A read-only connection on the plaintext copy with the vault's cache size."""
    import sqlcipher3

    from shelter_desktop.storage.database import CACHE_SIZE_KIB

    connection = sqlcipher3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    connection.execute(f"PRAGMA cache_size = {-CACHE_SIZE_KIB}")
    return connection


# -- the main window --------------------------------------------------------------------------


def controller(folder: Path) -> AppController:
    """An app controller on ``folder`` showing its unlock window, as when a person unlocks."""
    from shelter_desktop.ui.controller import AppController

    application()
    app_controller = AppController(folder)
    app_controller.start()
    settle()
    return app_controller


def close_controller(app_controller: AppController) -> None:
    """Lock (audited, windows closed) and drop the controller, untimed."""
    app = application()
    app_controller.lock()
    app_controller.shutdown()
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    app.removeEventFilter(app_controller.idle)
    settle()


def list_ready(window: Any, watcher: PaintWatcher, paints_before: int) -> bool:
    """The list shows its rows: first visible page fetched, and the viewport painted since."""
    panel = window.client_list
    top = panel.table.rowAt(0)  # the first row on screen; -1 when the list is empty
    fetched = top < 0 or top // panel.model.PAGE_SIZE in panel.model._pages
    return fetched and watcher.paints > paints_before
