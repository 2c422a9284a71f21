"""Screenshots of the print dialog: ``.venv/bin/python scripts/plan_print_screenshots.py``.

Makes a throwaway vault with one invented client and a two-goal plan, opens the print dialog
with its preview and saves to docs/screenshots/:

- ``plan-print-en.png``: English interface, the plan in English with French beside it, discreet
  mode off (so the organisation warning shows);
- ``plan-print-ar.png``: the Arabic interface, mirrored, a plan in Arabic, discreet.

Nothing is printed or saved; the PDF stays in memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from shotkit import save, settle, start_app, throwaway_vault

from shelter_desktop import i18n
from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.plans import Action, Objective, Responsible
from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.plan.print_dialog import PlanPrintDialog

# Made-up goals, in the client's own words (domain, score, words, two steps), per language.
GOALS = {
    "en": (("housing", 1, "A safe room of my own, and to talk with Maria Lopez every week.",
            "Visit two rooms", "Call the housing office"),
           ("income", 2, "Open a bank account in my own name.", "Bring my ID to the bank",
            "Find a bank that is close")),
    "ar": (("housing", 1, "أريد غرفة آمنة لي وحدي، وأن أتحدث مع Maria Lopez كل أسبوع.",
            "زيارة غرفتين", "الاتصال بمكتب السكن"),
           ("income", 2, "فتح حساب مصرفي باسمي.", "إحضار بطاقة الهوية إلى البنك",
            "إيجاد بنك قريب")),
}


def add_client(session: Session, name: str, language: str) -> str:
    answers = {
        "name_to_use": Answer.of(name), "name_quality": Answer.of("partial"),
        "spoken_languages": Answer.of("Arabic, English"),
        "reading_language": Answer.of(language),
        "interpreter_used": Answer.of("no"), "contact_channels": Answer.of(["in_person"]),
        "may_name_organisation": Answer.of("no"), "consent_collect": Answer.of("given"),
        "confidentiality_explained": Answer.of("yes"),
    }
    return ClientService(session).create_from_first_contact(answers)


def add_plan(session: Session, client_id: str, language: str) -> None:
    service = PlanService(session)
    today = dt.date.today()
    for domain, score, words, *_steps in GOALS[language]:
        service.add_goal(client_id, GoalSeed(client_id, domain, score, None, None), words)
    plan = service.latest(client_id)
    assert plan is not None
    goals = []
    for goal, (_domain, _score, _words, first, second) in zip(plan.goals, GOALS[language],
                                                              strict=True):
        actions = (Action(str(uuid.uuid4()), first, Responsible.CLIENT,
                          today + dt.timedelta(days=10)),
                   Action(str(uuid.uuid4()), second, Responsible.CASEWORKER,
                          today + dt.timedelta(days=5)),
                   Action(str(uuid.uuid4()), "Ask about my rights", Responsible.PARTNER,
                          today + dt.timedelta(days=20),
                          partner_description="Legal appointment"))
        objective = Objective(str(uuid.uuid4()), first, today + dt.timedelta(days=30))
        goals.append(dataclasses.replace(goal, actions=actions, objectives=(objective,)))
    service.save_draft(dataclasses.replace(
        plan, goals=tuple(goals),
        next_meeting=dt.datetime.combine(today + dt.timedelta(days=7), dt.time(14, 30))))


def shown(dialog: PlanPrintDialog) -> None:
    dialog.show()
    settle()
    dialog.refresh_preview()
    for _round in range(20):
        settle()
        if dialog.pages_drawn == len(dialog.visible_pages()):
            break


def main() -> None:
    start_app()
    with throwaway_vault() as (_folder, session):
        client_id = add_client(session, "Zoë Martin", "en")
        add_plan(session, client_id, "en")
        arabic_client = add_client(session, "أمينة", "ar")
        add_plan(session, arabic_client, "ar")

        dialog = PlanPrintDialog(session, client_id, "en")
        shown(dialog)
        dialog.second_combo.setCurrentIndex(dialog.second_combo.findData("fr"))
        dialog.discreet_check.setChecked(False)
        shown(dialog)
        save(dialog, "plan-print-en.png")
        dialog.close()

        i18n.set_language("ar")
        dialog = PlanPrintDialog(session, arabic_client, "ar")
        shown(dialog)
        save(dialog, "plan-print-ar.png")
        dialog.close()
        i18n.set_language("en")


if __name__ == "__main__":
    main()
