"""What every screenshot script needs: offscreen Qt, fonts, a throwaway vault, save a window.

Importing this module sets the environment (offscreen platform, fast key derivation for the
throwaway vault) before Qt loads, so import it before anything from PySide6.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SHELTER_DESKTOP_KDF"] = "fast"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from shelter_desktop import i18n  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.session import Session  # noqa: E402
from shelter_desktop.ui import language  # noqa: E402
from shelter_desktop.ui.fonts import install_fallbacks  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSPHRASE = "quiet river behind the old mill"
ORGANISATION = "Maison Étoile"


def start_app() -> QApplication:
    """The application in English, with the bundled fonts, as the app has after its first paint."""
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    language.install()
    install_fallbacks(app.font().family())
    i18n.set_language("en")
    return app


@contextlib.contextmanager
def throwaway_vault() -> Iterator[tuple[Path, Session]]:
    """A new vault (data folder, administrator session), removed afterwards."""
    folder = Path(tempfile.mkdtemp())
    try:
        admin = vault_service.NewAdministrator("director", "Nadia", PASSPHRASE)
        session, _code = vault_service.set_up_vault(folder / "data", ORGANISATION, admin)
        try:
            yield folder / "data", session
        finally:
            session.lock()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def settle() -> None:
    for _round in range(5):
        QApplication.processEvents()
        QTest.qWait(20)


def save(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print(OUT / name)
