"""Screenshots of interpreter mode: ``.venv/bin/python scripts/interpreter_screenshots.py``.

Makes a throwaway vault (fast key derivation) with one invented client and saves to
docs/screenshots/:

- ``interpreter-en-es.png``: the intake window with interpreter mode on, English + Spanish,
  a few questions answered;
- ``interpreter-en-ar.png``: the assessment form, English + Arabic (the Arabic lines read
  right-to-left under the English ones);
- ``interpreter-dialog-en.png``: the dialog that turns the mode on for an open record.

Look at every picture after a change to the forms, the picker or the mode.
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
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from shelter_desktop import i18n  # noqa: E402
from shelter_desktop.domain.answers import Answer, AnswerStatus  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.clients import ClientService  # noqa: E402
from shelter_desktop.ui import language  # noqa: E402
from shelter_desktop.ui.assessment.assessment_form import AssessmentForm  # noqa: E402
from shelter_desktop.ui.fonts import install_fallbacks  # noqa: E402
from shelter_desktop.ui.intake.intake_window import FIRST_CONTACT_PAGE, IntakeWindow  # noqa: E402
from shelter_desktop.ui.interpreter.dialog import InterpreterDialog  # noqa: E402
from shelter_desktop.ui.interpreter.mode import InterpreterMode  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSPHRASE = "quiet river behind the old mill"


def settle() -> None:
    for _round in range(5):
        QApplication.processEvents()
        QTest.qWait(20)


def save(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / name))
    print(OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    language.install()
    install_fallbacks(app.font().family())
    i18n.set_language("en")
    folder = Path(tempfile.mkdtemp())
    try:
        admin = vault_service.NewAdministrator("director", "Nadia", PASSPHRASE)
        session, _code = vault_service.set_up_vault(folder / "data", "Maison Étoile", admin)
        answers = {
            "name_to_use": Answer.of("Lucía M."), "name_quality": Answer.of("partial"),
            "spoken_languages": Answer.of("Spanish (Mexico)"),
            "reading_language": Answer.of("es"), "interpreter_used": Answer.of("no"),
            "contact_channels": Answer.of(["in_person"]), "may_name_organisation": Answer.of("no"),
            "consent_collect": Answer.of("given"), "confidentiality_explained": Answer.of("yes"),
        }
        client_id = ClientService(session).create_from_first_contact(answers)
        client = ClientService(session).open(client_id)

        dialog = InterpreterDialog(session, client)
        dialog.show()
        save(dialog, "interpreter-dialog-en.png")
        dialog.close()

        mode = InterpreterMode()
        mode.turn_on(session, "es", client_id)
        window = IntakeWindow(session)
        window.resize(1060, 820)
        window.show()
        first = window.forms["first_contact"].fields
        first["name_to_use"].editor.setText("Lucía M.")  # type: ignore[union-attr]
        first["name_quality"].choice_buttons["partial"].setChecked(True)
        first["spoken_languages"].editor.setText("Español (México)")  # type: ignore[union-attr]
        first["interpreter_used"].choice_buttons["yes"].setChecked(True)
        first["safe_to_talk"].choice_buttons["yes"].setChecked(True)
        first["harmer_nearby"].set_declined(AnswerStatus.PREFERS_NOT)
        window.go_to_page(FIRST_CONTACT_PAGE)
        window.focus_in_page(FIRST_CONTACT_PAGE, "spoken_languages")
        save(window, "interpreter-en-es.png")
        window.close()
        mode.turn_off()

        mode.turn_on(session, "ar", client_id)
        form = AssessmentForm(session, client_id, client_name="Lucía M.")
        form.resize(1040, 900)
        form.show()
        form.pickers[2].choose("3")
        form.go_to(2)
        form.focus_domain()
        save(form, "interpreter-en-ar.png")
        form.close()
        mode.turn_off()
        session.lock()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
