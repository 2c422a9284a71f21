"""Screenshots of the intake window: ``.venv/bin/python scripts/intake_screenshots.py``.

Opens the real IntakeWindow offscreen on a throwaway vault (fast key derivation), fills a few
questions with made-up answers and saves PNGs to docs/screenshots/: the first contact and the
experience stage in English, and the first contact mirrored right-to-left. Look at them after
every change to the intake forms.
"""

from __future__ import annotations

from PySide6.QtTest import QTest
from shotkit import OUT, start_app, throwaway_vault

from shelter_desktop import i18n
from shelter_desktop.domain.answers import AnswerStatus
from shelter_desktop.ui.intake.intake_window import (
    EXPERIENCE_PAGE,
    FIRST_CONTACT_PAGE,
    IntakeWindow,
)


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
    start_app()
    with throwaway_vault() as (_folder, session):
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


if __name__ == "__main__":
    main()
