"""Deleted means gone: after a purge and checkpoint, no canary of a purged record is left in a
decrypted image of the vault file, free pages included (security.md "Deleted means gone")."""

from __future__ import annotations

import datetime as dt
import random
import time

from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore
from shelter_desktop.domain.plans import Action, Responsible
from shelter_desktop.services.assessments import AssessmentService, GoalSeed
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.purge import PurgeService
from shelter_desktop.services.session import Session
from tests.conftest import VaultFixture, campaign_size, full_size
from tests.security.decrypt_pages import decrypted_image
from tests.ui.client_factory import add_client

TODAY = dt.date(2026, 11, 28)
CLOSED_ON = dt.date(2015, 3, 1)


def canary(rng: random.Random, tag: str) -> str:
    return f"{tag}{''.join(rng.choice('bcdfghjklmnpqrstvwxz') for _ in range(12))}"


def _forms(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def write_record(session: Session, rng: random.Random) -> tuple[str, list[str]]:
    """A closed record with a canary in its name, restricted fields, notes, plan and history."""
    marks = [canary(rng, tag) for tag in ("Nm", "Lg", "Nr", "Pl", "Ac", "Hs", "Dp")]
    name, legal, narrative, goal, action, history, dependant = marks
    client_id = add_client(session, f"{name} Person", today=CLOSED_ON - dt.timedelta(days=300),
                           legal_name=legal)
    clients = ClientService(session)
    clients.update_answers(client_id, {"legal_name": Answer.of(history)},
                           today=CLOSED_ON - dt.timedelta(days=250))
    clients.update_answers(client_id, {"narrative_note": Answer.of(narrative)},
                           today=CLOSED_ON - dt.timedelta(days=250))
    clients.save_dependant(client_id, {"name_to_use": Answer.of(dependant),
                                       "relationship": Answer.of("child")})
    AssessmentService(session).complete(
        client_id, AssessmentKind.INTAKE, CLOSED_ON - dt.timedelta(days=280),
        {"housing": DomainScore.of(1, note=narrative)},
        today=CLOSED_ON - dt.timedelta(days=280))
    plans = PlanService(session)
    plan = plans.add_goal(client_id, GoalSeed(client_id, "housing", 1, None, None), goal)
    first = plan.goals[0]
    with_action = first.__class__(**{**first.__dict__, "actions": (
        Action(id="a1", what=action, who=Responsible.CLIENT),)})
    plans.save_draft(plan.__class__(**{**plan.__dict__, "goals": (with_action,)}))
    clients.close(client_id, CLOSED_ON, "moved on")
    return client_id, marks


def run_campaign(vault: VaultFixture, records: int, seed: int) -> tuple[int, int, float]:
    rng = random.Random(seed)
    session = vault.unlock()
    started = time.perf_counter()
    try:
        written = [write_record(session, rng) for _ in range(records)]
        kept_id, kept_marks = write_record(session, rng)
        session.vault.checkpoint()
        image = decrypted_image(vault.folder / "vault.db", bytes(session.vault._data_key))
        # The scan can fail: before the purge every canary is in the decrypted image.
        assert all(mark.encode() in image for _, marks in written for mark in marks[:4])
        purge = PurgeService(session)
        purge.set_retention_years(7)
        candidates = {c.client_id for c in purge.candidates(TODAY)}
        targets = [client_id for client_id, _ in written]
        assert set(targets) <= candidates
        purge.purge_records(targets)
        image = decrypted_image(vault.folder / "vault.db", bytes(session.vault._data_key))
        wal = vault.folder / "vault.db-wal"
        wal_bytes = wal.read_bytes() if wal.exists() else b""
        checked = 0
        for _, marks in written:
            for mark in marks:
                for form in _forms(mark):
                    assert form not in image, mark
                    assert form not in wal_bytes, mark
                    checked += 1
        # the record that was kept is untouched
        assert kept_marks[0].encode() in image
        assert session.vault.integrity_problems() == []
    finally:
        session.lock()
    return records, checked, time.perf_counter() - started


def test_purged_records_leave_no_trace_in_the_decrypted_file(vault: VaultFixture) -> None:
    records, checked, _ = run_campaign(vault, campaign_size(small=4, full=4), seed=7)
    assert checked == records * 7 * 3


@full_size
def test_purge_campaign_full_size(vault: VaultFixture, capsys: object) -> None:
    records, checked, seconds = run_campaign(vault, 200, seed=11)
    print(f"purge campaign: {records} records purged, {checked} canary forms checked, "
          f"{seconds:.1f} s")

