"""Screenshots of retention and purge: ``.venv/bin/python scripts/purge_screenshots.py``.

Makes a throwaway vault (fast key derivation) with invented clients, some closed long ago, and
saves to docs/screenshots/, in English and in Arabic (mirrored):

- ``purge-records-{en,ar}.png``: the dialog's first tab, the records past retention, ticked;
- ``purge-confirm-{en,ar}.png``: the confirmation that asks for the number of records;
- ``purge-log-{en,ar}.png``: the purge log after one record and one restricted answer went;
- ``purge-fields-{en,ar}.png``: removing a restricted answer from one record.

Look at every picture after a change to these dialogs.
"""

from __future__ import annotations

import datetime as dt

from shotkit import save, settle, start_app, throwaway_vault

from shelter_desktop import i18n
from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.purge import PurgeService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.clients.purge_fields_dialog import PurgeFieldsDialog
from shelter_desktop.ui.purge_dialog import PurgeDialog

# (name to use, years since the record was closed); the names are invented.
CLOSED: tuple[tuple[str, float], ...] = (
    ("Zoë Martin", 11.2),
    ("فاطمة الزهراء", 9.6),
    ("Іванна Коваль", 8.1),
    ("Maria Santos", 7.4),
    ("Ana López", 2.0),  # closed lately: kept
)
DAYS_OPEN = 240


def first_contact(name: str, **extra: object) -> Answers:
    answers: Answers = {
        "name_to_use": Answer.of(name), "name_quality": Answer.of("partial"),
        "spoken_languages": Answer.of("English"), "reading_language": Answer.of("en"),
        "interpreter_used": Answer.of("no"), "contact_channels": Answer.of([]),
        "may_name_organisation": Answer.of("no"), "consent_collect": Answer.of("given"),
        "confidentiality_explained": Answer.of("yes"),
    }
    answers.update({key: Answer.of(value) for key, value in extra.items()})
    return answers


def fill(session: Session) -> tuple[str, str]:
    """The closed clients, and one open record with restricted answers; returns two ids."""
    clients = ClientService(session)
    today = dt.date.today()
    ids = []
    for name, years in CLOSED:
        closed_on = today - dt.timedelta(days=round(years * 365.25))
        client_id = clients.create_from_first_contact(
            first_contact(name), today=closed_on - dt.timedelta(days=DAYS_OPEN))
        clients.close(client_id, closed_on, "Moved to own flat")
        ids.append(client_id)
    extra = clients.create_from_first_contact(
        first_contact("Olga Petrenko"), today=today - dt.timedelta(days=4000))
    clients.close(extra, today - dt.timedelta(days=3700), "Moved away")
    PurgeService(session).purge_records([extra])
    open_id = clients.create_from_first_contact(first_contact(
        "Amina Yusuf", legal_name="Amina B. Yusuf", law_enforcement="considering",
        narrative_note="Met the recruiter through a cousin; travelled by bus in March."))
    PurgeService(session).purge_fields(open_id, ["law_enforcement"])
    clients.update_answers(open_id, {"law_enforcement": Answer.of("considering")})
    return ids[0], open_id


def shoot(session: Session, open_id: str, language: str) -> None:
    i18n.set_language(language)
    service = PurgeService(session)
    dialog = PurgeDialog(service)
    dialog.resize(860, 520)
    dialog.show()
    save(dialog, f"purge-records-{language}.png")

    dialog.ask_to_purge()
    confirm = dialog.confirm_dialog
    assert confirm is not None
    confirm.count_edit.setText(i18n.current().format_number(confirm.count))
    save(confirm, f"purge-confirm-{language}.png")
    confirm.reject()
    settle()

    dialog.tabs.setCurrentIndex(1)
    save(dialog, f"purge-log-{language}.png")
    dialog.close()

    restricted = ClientService(session).reveal_restricted(open_id)
    fields = PurgeFieldsDialog(service, open_id, restricted)
    fields.checks["legal_name"].setChecked(True)
    fields.show()
    save(fields, f"purge-fields-{language}.png")
    fields.ask()
    save(fields, f"purge-fields-confirm-{language}.png")
    fields.close()


def main() -> None:
    start_app()
    with throwaway_vault() as (_folder, session):
        _first, open_id = fill(session)
        for language in ("en", "ar"):
            shoot(session, open_id, language)
        i18n.set_language("en")


if __name__ == "__main__":
    main()
