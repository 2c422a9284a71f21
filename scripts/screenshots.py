"""Take the README's screenshots offscreen: ``.venv/bin/python scripts/screenshots.py [LANG…]``.

Drives the real windows on a throwaway vault (fast key derivation) and saves PNGs to
docs/screenshots/, one set per language, so they can be looked at after every UI change.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SHELTER_DESKTOP_KDF"] = "fast"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from shelter_desktop import i18n  # noqa: E402
from shelter_desktop.ui import language  # noqa: E402
from shelter_desktop.ui.controller import AppController  # noqa: E402
from shelter_desktop.ui.fonts import install_fallbacks  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSPHRASE = "quiet river behind the old mill"


def wait_for(app: QApplication, condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        QTest.qWait(20)
    raise RuntimeError("timed out")


def shoot(app: QApplication, code: str) -> None:
    folder = Path(tempfile.mkdtemp()) / "data"
    i18n.set_language(code)
    controller = AppController(folder)
    controller.start()
    wizard = controller.wizard
    assert wizard is not None
    app.processEvents()
    wizard.grab().save(str(OUT / f"setup-welcome-{code}.png"))
    wizard.next()
    wizard.organisation_page.name_edit.setText("Maison Étoile")
    wizard.next()
    page = wizard.administrator_page
    page.username_edit.setText("director")
    page.display_name_edit.setText("Nadia")
    page.passphrase_form.first_field.setText(PASSPHRASE)
    page.passphrase_form.second_field.setText(PASSPHRASE)
    wizard.grab().save(str(OUT / f"setup-administrator-{code}.png"))
    wizard.next()
    wait_for(app, lambda: wizard.currentPage() is wizard.recovery_page)
    wizard.grab().save(str(OUT / f"setup-recovery-{code}.png"))
    code_text = wizard.recovery_page.code
    wizard.recovery_page.confirm_edit.setText(code_text.split("-")[2])
    wizard.accept()
    wait_for(app, lambda: controller.main_window is not None)
    app.processEvents()
    assert controller.main_window is not None
    controller.main_window.grab().save(str(OUT / f"main-{code}.png"))
    controller.lock()
    app.processEvents()
    controller.unlock_window.grab().save(str(OUT / f"unlock-{code}.png"))
    controller.unlock_window.close()
    controller.shutdown()


def main(codes: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    language.install()
    install_fallbacks(app.font().family())
    for code in codes or ["en", "fr"]:
        shoot(app, code)
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
