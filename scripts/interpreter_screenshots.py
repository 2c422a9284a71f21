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

from shotkit import save, start_app, throwaway_vault

from shelter_desktop.domain.answers import Answer, AnswerStatus
from shelter_desktop.services.clients import ClientService
from shelter_desktop.ui.assessment.assessment_form import AssessmentForm
from shelter_desktop.ui.intake.intake_window import FIRST_CONTACT_PAGE, IntakeWindow
from shelter_desktop.ui.interpreter.dialog import InterpreterDialog
from shelter_desktop.ui.interpreter.mode import InterpreterMode


def main() -> None:
    start_app()
    with throwaway_vault() as (_folder, session):
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


if __name__ == "__main__":
    main()
