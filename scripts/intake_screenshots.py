"""Screenshots of the intake window: ``.venv/bin/python scripts/intake_screenshots.py``.

Opens the real IntakeWindow offscreen on a throwaway vault (fast key derivation), fills a few
questions with made-up answers and saves PNGs to docs/screenshots/: the first contact and the
experience stage in English, and the first contact mirrored right-to-left. Look at them after
every change to the intake forms.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SHELTER_DESKTOP_KDF"] = "fast"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from shelter_desktop import i18n  # noqa: E402
from shelter_desktop.domain.answers import AnswerStatus  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.ui import language  # noqa: E402
from shelter_desktop.ui.fonts import install_fallbacks  # noqa: E402
from shelter_desktop.ui.intake.intake_window import (  # noqa: E402
    EXPERIENCE_PAGE,
    FIRST_CONTACT_PAGE,
    IntakeWindow,
)

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSPHRASE = "quiet river behind the old mill"


def fill(window: IntakeWindow) -> None:
    """Made-up answers: a code name, a declined question, a few choices."""
    first = window.forms["first_contact"].fields
    first["name_to_use"].editor.setText("Zoë Іваненко")  # type: ignore[union-attr]
    first["aliases"].editor.setText("Z.")  # type: ignore[union-attr]
    first["name_quality"].choice_buttons["partial"].setChecked(True)
    first["spoken_languages"].editor.setText("Ukrainian, Russian")  # type: ignore[union-attr]
    first["safe_to_talk"].choice_buttons["yes"].setChecked(True)
    first["harmer_nearby"].set_declined(AnswerStatus.PREFERS_NOT)
    first["basic_needs"].choice_buttons["food"].setChecked(True)
    first["basic_needs"].choice_buttons["sleep"].setChecked(True)
    first["dependants_count"].editor.setText("x")  # type: ignore[union-attr]
    first["dependants_count"].validate()
    experience = window.forms["experience"].fields
    experience["where_exploited"].choice_buttons["canada"].setChecked(True)
    experience["exploitation_types"].set_declined(AnswerStatus.DOESNT_KNOW)


def shoot(window: IntakeWindow, page: int, name: str) -> None:
    window.go_to_page(page)
    window.focus_in_page(page)
    QTest.qWait(50)
    window.grab().save(str(OUT / name))
    print(OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    language.install()
    install_fallbacks(app.font().family())
    folder = Path(tempfile.mkdtemp())
    try:
        admin = vault_service.NewAdministrator("director", "Nadia", PASSPHRASE)
        session, _code = vault_service.set_up_vault(folder / "data", "Maison Étoile", admin)
        window = IntakeWindow(session)
        window.show()
        QTest.qWait(50)
        fill(window)
        window.save_draft()
        shoot(window, FIRST_CONTACT_PAGE, "intake-first-contact-en.png")
        shoot(window, EXPERIENCE_PAGE, "intake-experience-en.png")
        i18n.set_language("ar")  # the Arabic interface, mirrored
        shoot(window, FIRST_CONTACT_PAGE, "intake-first-contact-rtl.png")
        i18n.set_language("en")
        window.close()
        session.lock()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
