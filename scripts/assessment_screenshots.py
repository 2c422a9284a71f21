"""Screenshots of needs assessments: ``.venv/bin/python scripts/assessment_screenshots.py``.

Makes a throwaway vault (fast key derivation) with one invented client who entered about seven
months ago and has five assessments since (one of them corrected), then saves to
docs/screenshots/:

- ``assessment-form-en.png``: the form, one domain at a time, part-way through a review;
- ``needs-history-en.png``: the record's Needs tab: due date, table and chart;
- ``needs-history-rtl.png`` and ``assessment-form-rtl.png``: the same mirrored, as for Arabic
  (labels stay English until the Arabic catalog exists).

Look at every picture after a change to the form, the table or the chart.
"""

from __future__ import annotations

import datetime as dt

from shotkit import save, start_app, throwaway_vault

from shelter_desktop import i18n
from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.assessments import (
    AssessmentKind,
    DomainScore,
    ScoreStatus,
)
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.assessment.assessment_form import AssessmentForm
from shelter_desktop.ui.clients.client_record import ClientRecordView

DOMAINS = ("safety", "housing", "health", "mental_health", "legal", "documents", "income",
           "employment", "education", "children", "substance_use", "family", "basic_needs")
# Made-up scores, one row per assessment ("n" not assessed, "d" declined, 0 not applicable).
HISTORY: tuple[tuple[int, AssessmentKind, str], ...] = (
    (6, AssessmentKind.INTAKE, "1 1 2 1 1 1 1 1 2 0 2 1 1"),
    (40, AssessmentKind.REVIEW, "2 3 2 2 1 2 2 1 2 0 d 2 2"),
    (75, AssessmentKind.REVIEW, "3 3 3 2 2 2 3 2 3 0 3 2 3"),
    (150, AssessmentKind.REVIEW, "3 3 3 3 3 4 3 2 3 0 3 3 3"),
    (205, AssessmentKind.REVIEW, "4 4 4 3 3 4 3 3 4 0 4 3 4"),
)
ENTRY_DAYS_AGO = 214


def scores(row: str, notes: dict[str, str] | None = None) -> dict[str, DomainScore]:
    result = {}
    for key, mark in zip(DOMAINS, row.split(), strict=True):
        note = (notes or {}).get(key, "")
        if mark == "n":
            result[key] = DomainScore(ScoreStatus.NOT_ASSESSED, None, note)
        elif mark == "d":
            result[key] = DomainScore(ScoreStatus.DECLINED, None, note)
        else:
            result[key] = DomainScore.of(int(mark), note)
    return result


def add_client(session: Session) -> str:
    """An invented client with five assessments over seven months; the third one corrected."""
    entry = dt.date.today() - dt.timedelta(days=ENTRY_DAYS_AGO)
    answers = {
        "name_to_use": Answer.of("Zoë Martin"), "name_quality": Answer.of("partial"),
        "spoken_languages": Answer.of("French, English"), "reading_language": Answer.of("fr"),
        "interpreter_used": Answer.of("no"), "contact_channels": Answer.of(["in_person"]),
        "may_name_organisation": Answer.of("no"), "consent_collect": Answer.of("given"),
        "confidentiality_explained": Answer.of("yes"),
    }
    client_id = ClientService(session).create_from_first_contact(answers, today=entry)
    service = AssessmentService(session)
    for index, (days, kind, row) in enumerate(HISTORY):
        notes = {"legal": "Lawyer meeting booked"} if index == 3 else None
        done = service.complete(client_id, kind, entry + dt.timedelta(days=days),
                                scores(row, notes))
        if index == 2:
            service.complete(client_id, kind, done.assessed_on,
                             scores("3 3 3 2 2 2 3 2 3 0 3 3 3"), corrects_id=done.id,
                             correction_reason="Family score was entered in the wrong row")
    return client_id



def main() -> None:
    start_app()
    with throwaway_vault() as (_folder, session):
        client_id = add_client(session)

        record = ClientRecordView(session)
        record.resize(980, 1400)
        record.open_client(client_id)
        record.show()
        record.tabs.setCurrentWidget(record.needs_tab)
        assert record.needs_view is not None
        record.needs_view.show_corrected_check.setChecked(True)
        save(record, "needs-history-en.png")

        form = AssessmentForm(session, client_id, client_name="Zoë Martin")
        form.resize(1040, 820)
        form.show()
        for key, value in (("safety", "4"), ("housing", "4"), ("health", "3")):
            picker = next(p for p in form.pickers if p.domain.key == key)
            picker.choose(value)
        form.pickers[2].note_edit.setPlainText("Dentist appointment on the 14th")
        form.go_to(2)  # a level chosen, with a note
        form.focus_domain()
        save(form, "assessment-form-en.png")

        i18n.set_language("ar")  # the Arabic interface, mirrored
        save(record, "needs-history-rtl.png")
        save(form, "assessment-form-rtl.png")
        i18n.set_language("en")
        form.close()
        record.close()


if __name__ == "__main__":
    main()
