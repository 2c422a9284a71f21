"""Screenshots of the plan editor: ``.venv/bin/python scripts/plan_editor_screenshots.py``.

Makes a throwaway vault (fast key derivation) with one invented client who entered about two
months ago, was assessed, and has a draft plan of three goals (one action overdue, one done),
then saves to docs/screenshots/:

- ``plan-editor-en.png``: the record's Plan tab in English;
- ``plan-editor-ar.png``: the same in the Arabic interface, mirrored.

Look at both pictures after a change to the editor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from shotkit import save, start_app, throwaway_vault

from shelter_desktop import i18n
from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore
from shelter_desktop.domain.plans import Action, ActionStatus, Objective, Responsible, Review
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.clients.client_record import ClientRecordView

DOMAINS = ("safety", "housing", "health", "mental_health", "legal", "documents", "income",
           "employment", "education", "children", "substance_use", "family", "basic_needs")
TODAY = dt.date.today()
ENTRY = TODAY - dt.timedelta(days=60)


def _day(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def _action(what: str, who: Responsible, due: int, status: ActionStatus = ActionStatus.NOT_STARTED,
            partner: str = "") -> Action:
    done = _day(due) if status is ActionStatus.DONE else None
    return Action(str(uuid.uuid4()), what, who, _day(due), status, done, partner)


def add_client(session: Session) -> str:
    answers = {
        "name_to_use": Answer.of("Amina K."), "name_quality": Answer.of("partial"),
        "spoken_languages": Answer.of("Arabic, some English"),
        "reading_language": Answer.of("ar"), "interpreter_used": Answer.of("no"),
        "contact_channels": Answer.of(["in_person"]), "may_name_organisation": Answer.of("no"),
        "consent_collect": Answer.of("given"), "confidentiality_explained": Answer.of("yes"),
    }
    client_id = ClientService(session).create_from_first_contact(answers, today=ENTRY)
    row = "2 1 3 2 2 1 1 2 2 0 5 2 2"
    AssessmentService(session).complete(
        client_id, AssessmentKind.INTAKE, ENTRY + dt.timedelta(days=5),
        {key: DomainScore.of(int(mark)) for key, mark in zip(DOMAINS, row.split(), strict=True)})
    return client_id


def add_plan(session: Session, client_id: str) -> None:
    service = PlanService(session)
    seeds = AssessmentService(session)
    plan = service.add_goal(client_id, seeds.goal_seed(client_id, "housing"),
                            "أريد غرفة آمنة خاصة بي، قريبة من دروس اللغة.\n"
                            "(A safe room of my own, near my language classes.)")
    plan = service.add_goal(client_id, seeds.goal_seed(client_id, "documents"),
                            "I want my passport back, or a new one.")
    plan = service.add_goal(client_id, seeds.goal_seed(client_id, "education"),
                            "Speak English well enough to work in a kitchen.")
    housing, documents, education = plan.goals
    housing = dataclasses.replace(housing, objectives=(
        Objective(str(uuid.uuid4()), "Apply to two transitional housing programs", _day(20)),),
        actions=(
            _action("Fill in the housing application together", Responsible.CASEWORKER, -3),
            _action("Visit the second-stage housing", Responsible.CLIENT, 12),
        ))
    documents = dataclasses.replace(documents, actions=(
        _action("Ask for an appointment", Responsible.PARTNER, 5, partner="legal appointment"),
        _action("Get two passport photos", Responsible.CLIENT, -10, ActionStatus.DONE),
    ))
    education = dataclasses.replace(education, objectives=(
        Objective(str(uuid.uuid4()), "Attend 8 English classes", _day(45)),),
        actions=(_action("Register for the evening class", Responsible.CLIENT, 7,
                         ActionStatus.IN_PROGRESS),))
    meeting = dt.datetime.combine(_day(6), dt.time(10, 30))
    plan = service.save_draft(dataclasses.replace(
        plan, goals=(housing, documents, education), next_meeting=meeting,
        reviews=(Review(str(uuid.uuid4()), ENTRY + dt.timedelta(days=40), True,
                        "caseworker, interpreter", "Room at the shelter is settled",
                        "Housing search comes first"),)))


def main() -> None:
    start_app()
    with throwaway_vault() as (_folder, session):
        client_id = add_client(session)
        add_plan(session, client_id)

        record = ClientRecordView(session)
        record.resize(1000, 1500)
        record.open_client(client_id)
        record.show()
        record.tabs.setCurrentWidget(record.plan_tab)
        save(record, "plan-editor-en.png")

        i18n.set_language("ar")  # the Arabic interface, mirrored
        save(record, "plan-editor-ar.png")
        i18n.set_language("en")
        record.close()


if __name__ == "__main__":
    main()
