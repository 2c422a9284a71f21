"""A vault with some of everything in it, and everything read back through the services.

Used by the campaigns that damage copies of a vault: :func:`fill` writes clients (long
narratives in many scripts, dependants, interpreter records, history), assessments, plans,
accounts and a freed draft (so the file has free pages too); :func:`read_everything` reads all
of it back as the app would, every call audited, for comparing a copy with the original.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore
from shelter_desktop.domain.plans import Action, Responsible, Review
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.assessments import AssessmentService, GoalSeed
from shelter_desktop.services.audit_service import AuditService
from shelter_desktop.services.clients import ClientService, ListFilter
from shelter_desktop.services.drafts import INTAKE_DRAFT, DraftService
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.services.settings_service import SettingsService
from tests.services.test_clients import dependant, first_contact, interpreter_record

NAMES = ("Зоя Іваненко", "王芳 𠀋", "\u200fفاطمة الزهراء\u200f", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "김민준",
         "Zoë O'Brien-Nguyễn 👩🏽\u200d⚕️")
LINE = ("Первая строка · عربي \u202eevil\u202c · ᓀᐦᐃᔭᐍᐏᐣ · हिन्दी · สมชาย · "
        "می\u200cخواهم · 50%_'; DROP TABLE clients;-- · ")
ENTRY = dt.date(2025, 1, 6)
TODAY = dt.date(2025, 3, 1)


def narrative(index: int, lines: int) -> str:
    return "\n".join(f"{index}.{n} {LINE}" for n in range(lines))


def fill(session: Session) -> list[str]:
    """Write some of everything; returns the client ids. Spans many pages, some freed again."""
    clients = ClientService(session)
    ids = []
    for index, name in enumerate(NAMES):
        answers = first_contact(name, legal_name=f"{name} legal", aliases=LINE[:80],
                                narrative_note=narrative(index, 20 + 40 * (index % 3)))
        client_id = clients.create_from_first_contact(
            answers, dependants=[dependant(f"{name} child")] if index % 2 else [],
            today=ENTRY)
        clients.update_answers(client_id, {"code_word": Answer.of(f"code {index} ✓"),
                                           "safe_times": Answer.of("после 18:00")}, today=ENTRY)
        if index % 3 == 0:
            clients.add_interpreter_record(client_id, interpreter_record(), at=ENTRY)
        ids.append(client_id)
    assessments, plans = AssessmentService(session), PlanService(session)
    for client_id in ids[:3]:
        assessments.complete(client_id, AssessmentKind.INTAKE, ENTRY,
                             {"safety": DomainScore.of(2, LINE), "housing": DomainScore.of(1)},
                             today=TODAY)
        plan = plans.add_goal(client_id, GoalSeed(client_id, "housing", 1, None, None),
                              "ਆਪਣਾ ਘਰ — my own place")
        goal = dataclasses.replace(plan.goals[0], actions=(Action(
            str(uuid.uuid4()), "Call the housing office · اتصل", Responsible.CASEWORKER),))
        plans.save_draft(dataclasses.replace(plan, goals=(goal,)))
        plans.add_review(client_id, Review(str(uuid.uuid4()), TODAY, True, "Зоя", LINE, ""))
    AccountService(session).add_account("casey", "Casey 🦊", Role.CASEWORKER)
    SettingsService(session).set_idle_lock_minutes(7)
    # A large draft, saved and deleted: its pages go back to the free list.
    drafts = DraftService(session)
    draft = drafts.new(INTAKE_DRAFT)
    draft.data = {"note": narrative(99, 200)}
    drafts.save(draft)
    drafts.delete(draft.id)
    return ids


def read_everything(session: Session, audit_entries: int) -> dict[str, Any]:
    """Every record, plan, assessment, account and setting as the services give them.

    Of the audit log, the first ``audit_entries`` (the ones the original held): reading
    appends new entries of its own.
    """
    clients = ClientService(session)
    assessments, plans = AssessmentService(session), PlanService(session)
    content: dict[str, Any] = {}
    ids = clients.list_ids(list_filter=ListFilter(status=None))
    content["list"] = clients.summaries(ids)
    for client_id in sorted(ids):
        content[client_id] = (clients.open(client_id), clients.reveal_restricted(client_id),
                              clients.history(client_id), assessments.history(client_id),
                              plans.versions(client_id))
    content["accounts"] = AccountService(session).list_accounts()
    content["settings"] = SettingsService(session).current()
    content["audit"] = [e for e in AuditService(session).entries() if e.seq <= audit_entries]
    return content
