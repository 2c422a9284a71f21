"""Needs assessments through AssessmentService on a real encrypted vault: a completed assessment
never changes (through any service, nor by a raw UPDATE), a correction is a new assessment that
keeps the old one, every score and note is checked and stored exactly, and only the roles of
security.md's "need to know" may complete, read or report, each read audited without content."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import logging
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from shelter_desktop import services
from shelter_desktop.domain.accounts import ROLE_PERMISSIONS, Permission, Role
from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.assessments import (
    Assessment,
    AssessmentKind,
    DomainScore,
    NextAssessment,
    ScoreStatus,
    effective,
)
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.instrument import NOT_APPLICABLE, SELF_SUFFICIENCY
from shelter_desktop.domain.new_clients import NewClient, VaultNotEmptyError
from shelter_desktop.errors import (
    NotABackupError,
    PermissionDeniedError,
    ShelterError,
    ValidationError,
    VaultDamagedError,
)
from shelter_desktop.services import audit_service, backup, folder_state, vault_service
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.assessments import ASSESSMENT_DRAFT, AssessmentService, GoalSeed
from shelter_desktop.services.audit_service import AuditService
from shelter_desktop.services.backup import BackupService
from shelter_desktop.services.client_import import ClientImportService
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.demo_data import DemoDataService
from shelter_desktop.services.drafts import DraftService
from shelter_desktop.services.interpreter_mode import InterpreterModeService
from shelter_desktop.services.plans import PlanPrinting, PlanService
from shelter_desktop.services.preferences import DevicePreferences
from shelter_desktop.services.purge import PurgeService
from shelter_desktop.services.session import Session
from shelter_desktop.services.settings_service import SettingsService
from shelter_desktop.services.throttle import UnlockThrottle
from shelter_desktop.storage.database import DatabaseError
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.domain.test_assessment_rules import NOTES
from tests.services.test_clients import (
    CASEWORKER,
    STAFF_PASSPHRASE,
    USERS,
    Desk,
    answers_of,
    create,
    dependant,
    entry_text,
    first_contact,
    interpreter_record,
    open_desk,
)

INTAKE, REVIEW, EXIT = AssessmentKind.INTAKE, AssessmentKind.REVIEW, AssessmentKind.EXIT
ENTRY = dt.date(2025, 1, 31)
TODAY = dt.date(2025, 9, 1)
NOTE = "Zoë said the exploiter called her sister — keep the safe phone"


@pytest.fixture
def desk(vault: VaultFixture) -> Iterator[Desk]:
    opened = open_desk(vault)
    yield opened
    opened.close()


def scores(**values: int | DomainScore) -> dict[str, DomainScore]:
    return {key: value if isinstance(value, DomainScore) else DomainScore.of(value)
            for key, value in values.items()}


def assess(desk: Desk, role: Role = Role.CASEWORKER) -> AssessmentService:
    return AssessmentService(desk.sessions[role])


def complete(desk: Desk, client_id: str, on: dt.date, kind: AssessmentKind = INTAKE, *,
             role: Role = Role.CASEWORKER, corrects: str | None = None, reason: str = "",
             **values: int | DomainScore) -> Assessment:
    return assess(desk, role).complete(client_id, kind, on, scores(**values),
                                       corrects_id=corrects, correction_reason=reason,
                                       today=TODAY)


def stored_rows(session: Session) -> list[tuple[Any, ...]]:
    """Every column of every stored assessment, straight from the table."""
    rows = session.vault.connection.execute("SELECT * FROM assessments ORDER BY rowid")
    return [tuple(row) for row in rows.fetchall()]


def audited(desk: Desk, action: str) -> list[tuple[str | None, str | None, str]]:
    return [(e.record_id, e.actor_name, e.detail) for e in desk.entries() if e.action == action]


# -- completing --------------------------------------------------------------------------------


def test_a_completed_assessment_is_stored_as_given_and_read_back(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    given = scores(safety=DomainScore.of(1, NOTE), housing=3, children=NOT_APPLICABLE,
                   substance_use=DomainScore(ScoreStatus.DECLINED),
                   legal=DomainScore(ScoreStatus.NOT_ASSESSED, note="lawyer not yet found"))
    stored = assess(desk).complete(client_id, INTAKE, dt.date(2025, 2, 3), given, today=TODAY)
    assert (stored.client_id, stored.kind, stored.assessed_on) == (
        client_id, INTAKE, dt.date(2025, 2, 3))
    assert (stored.instrument_key, stored.completed_by) == (SELF_SUFFICIENCY.key, CASEWORKER)
    assert (stored.corrects_id, stored.correction_reason) == (None, "")
    assert set(stored.scores) == {d.key for d in SELF_SUFFICIENCY.domains}
    assert {k: v for k, v in stored.scores.items() if v != DomainScore()} == given
    assert stored.score("safety") == 1 and stored.score("children") == NOT_APPLICABLE
    assert stored.score("substance_use") is None and stored.score("income") is None
    assert assess(desk).history(client_id) == [stored]


def test_notes_in_every_script_survive_locking_and_unlocking(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    keys = [d.key for d in SELF_SUFFICIENCY.domains]
    given = {keys[i % len(keys)]: DomainScore.of(3, note) for i, note in enumerate(NOTES[:13])}
    extra = {"safety": DomainScore.of(2, NOTES[13])}
    first = assess(desk).complete(client_id, INTAKE, ENTRY, given, today=TODAY)
    second = assess(desk).complete(client_id, REVIEW, TODAY, extra, today=TODAY)
    desk.close()
    session = desk.vault.unlock()
    try:
        history = AssessmentService(session).history(client_id)
    finally:
        session.lock()
    assert [a.id for a in history] == [first.id, second.id]
    assert {k: v.note for k, v in history[0].scores.items() if v.note} == {
        k: v.note for k, v in given.items()}
    assert history[1].scores["safety"].note == NOTES[13]
    assert history == [first, second]


@pytest.mark.parametrize(("values", "field_name"), [
    ({"safety": DomainScore.of(6)}, "safety"),
    ({"safety": DomainScore.of(-1)}, "safety"),
    ({"housing": DomainScore(ScoreStatus.SCORED, None)}, "housing"),
    ({"safety": DomainScore.of(NOT_APPLICABLE)}, "safety"),
    ({"legal": DomainScore.of(NOT_APPLICABLE)}, "legal"),
    ({"safety": DomainScore.of(3), "wellbeing": DomainScore.of(3)}, "scores"),
    ({"safety": DomainScore.of(3, "a NUL \x00 here")}, "safety"),
    ({"safety": DomainScore.of(3, "x" * 2001)}, "safety"),
    ({}, "scores"),
    ({"safety": DomainScore(ScoreStatus.NOT_ASSESSED), "legal": DomainScore()}, "scores"),
    ({k.key: DomainScore(ScoreStatus.DECLINED) for k in SELF_SUFFICIENCY.domains}, "scores"),
], ids=["six", "minus-one", "no-score", "na-safety", "na-legal", "unknown-domain", "nul",
        "long-note", "nothing", "all-not-assessed", "all-declined"])
def test_invalid_scores_are_refused_and_nothing_is_stored_or_audited(
        desk: Desk, values: dict[str, DomainScore], field_name: str) -> None:
    client_id = create(desk, today=ENTRY)
    before = desk.entries()
    with pytest.raises(ValidationError) as caught:
        assess(desk).complete(client_id, INTAKE, ENTRY, values, today=TODAY)
    assert caught.value.field == field_name
    assert caught.value.user_message()
    assert stored_rows(desk.session) == []
    assert desk.entries() == before


@pytest.mark.parametrize(("on", "today"), [
    (TODAY + dt.timedelta(days=1), TODAY),
    (dt.date(2025, 3, 2), dt.date(2025, 3, 1)),
], ids=["tomorrow", "after-today"])
def test_a_date_in_the_future_is_refused(desk: Desk, on: dt.date, today: dt.date) -> None:
    client_id = create(desk, today=ENTRY)
    with pytest.raises(ValidationError) as caught:
        assess(desk).complete(client_id, INTAKE, on, scores(safety=2), today=today)
    assert caught.value.field == "assessed_on"
    assert stored_rows(desk.session) == []


def test_a_date_before_entry_is_refused_the_entry_day_itself_is_fine(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    with pytest.raises(ValidationError) as caught:
        complete(desk, client_id, ENTRY - dt.timedelta(days=1), safety=2)
    assert caught.value.field == "assessed_on"
    assert stored_rows(desk.session) == []
    assert complete(desk, client_id, ENTRY, safety=2).assessed_on == ENTRY
    assert complete(desk, client_id, TODAY, REVIEW, safety=2).assessed_on == TODAY


def test_completing_for_a_missing_client_is_a_clear_error(desk: Desk) -> None:
    with pytest.raises(ValidationError) as caught:
        assess(desk).complete("no-such-client", INTAKE, ENTRY, scores(safety=1), today=TODAY)
    assert caught.value.field == "client"
    with pytest.raises(ValidationError):
        assess(desk).history("no-such-client")
    assert stored_rows(desk.session) == []


# -- immutability ------------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", [
    "scores = '{}'", "assessed_on = '2025-01-01'", "kind = 'exit'", "client_id = client_id",
    "corrects_id = id", "correction_reason = 'x'", "completed_at = completed_at",
    "completed_by_name = 'someone'", "instrument = 'other'", "revision = revision + 1",
    "updated_at = '2030-01-01T00:00:00.000000Z'", "id = 'new-id'",
])
def test_the_trigger_refuses_any_raw_update(desk: Desk, assignment: str) -> None:
    client_id = create(desk, today=ENTRY)
    complete(desk, client_id, ENTRY, safety=DomainScore.of(1, NOTE))
    before = stored_rows(desk.session)
    connection = desk.session.vault.connection
    with pytest.raises(DatabaseError, match="cannot be changed"):
        connection.execute(f"UPDATE assessments SET {assignment}")
    with pytest.raises(VaultDamagedError), desk.session.write() as inside:
        inside.execute(f"UPDATE assessments SET {assignment} WHERE client_id = ?", (client_id,))
    assert stored_rows(desk.session) == before


def test_insert_or_replace_cannot_overwrite_a_completed_assessment(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    complete(desk, client_id, ENTRY, safety=1)
    before = stored_rows(desk.session)
    connection = desk.session.vault.connection
    try:
        connection.execute(
            "INSERT OR REPLACE INTO assessments (id, client_id, instrument, kind, assessed_on, "
            "scores, completed_at, created_at, updated_at) SELECT id, client_id, instrument, "
            "kind, assessed_on, '{}', completed_at, created_at, updated_at FROM assessments")
    except DatabaseError:
        pass
    assert [row[1:] for row in stored_rows(desk.session)] == [row[1:] for row in before]


def service_api() -> set[str]:
    """Every public method of every class in shelter_desktop/services that is given a session,
    a vault or the data folder, and every such module-level function."""

    def reaches_the_vault(function: Callable[..., object]) -> bool:
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            return False
        return bool({"session", "vault", "folder"} & set(parameters))

    found: set[str] = set()
    for info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"{services.__name__}.{info.name}")
        for name, member in vars(module).items():
            if name.startswith("_") or getattr(member, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(member) and reaches_the_vault(member.__init__):
                found |= {f"{name}.{attribute}" for attribute, value in vars(member).items()
                          if not attribute.startswith("_")
                          and (callable(value) or isinstance(value, property | staticmethod))}
            elif inspect.isfunction(member) and reaches_the_vault(member):
                found.add(f"{info.name}.{name}")
    return found


@dataclass
class World:
    """A vault with assessments for two clients, a correction among them, and what the calls
    below need (names of things they create on the way)."""

    desk: Desk
    tmp: Path
    client: str
    other: str
    intake: Assessment
    review: Assessment
    correction: Assessment
    made: dict[str, Any] = field(default_factory=dict)

    def session(self, role: Role = Role.ADMINISTRATOR) -> Session:
        return self.desk.sessions[role]

    @property
    def admin(self) -> Session:
        return self.session()


CSV = ("name_to_use,aliases,date_of_birth,preferred_language,gender\r\n"
       "Amira,أميرة;Amira H.,1994-03,ar,woman\r\n")


def _csv(w: World) -> Path:
    path = w.tmp / "clients.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _refused(error: type[ShelterError],
             call: Callable[[World], object]) -> Callable[[World], object]:
    def run(world: World) -> object:
        with pytest.raises(error):
            call(world)
        return None
    return run


def _new_review(w: World) -> Assessment:
    made = AssessmentService(w.admin).complete(w.client, REVIEW, TODAY, scores(safety=4),
                                               today=TODAY)
    # … and a correction of the intake: the intake itself must not change.
    fixed = AssessmentService(w.admin).complete(
        w.client, INTAKE, w.intake.assessed_on, scores(safety=2), corrects_id=w.intake.id,
        correction_reason="wrong score typed", today=TODAY)
    assert fixed.corrects_id == w.intake.id
    return made


def _purge_a_closed_record(w: World) -> None:
    """A purge removes only closed records; the clients holding assessments here are open."""
    with pytest.raises(ValidationError):
        PurgeService(w.admin).purge_records([w.client])
    closed = create(w.desk, "Closed Long Ago", today=ENTRY)
    ClientService(w.admin).close(closed, ENTRY, "moved on")
    PurgeService(w.admin).purge_records([closed])


def _raw_write(w: World) -> None:
    with pytest.raises(VaultDamagedError), w.admin.write() as connection:
        connection.execute("UPDATE assessments SET scores = '{}'")


def _audit_inside_a_write(w: World) -> None:
    with w.admin.write():
        w.admin.audit("test.marker", w.client)


def _lock_a_session(w: World) -> None:
    extra = w.desk.vault.unlock()
    extra.lock()
    assert not extra.is_open


def _unlock(w: World) -> None:
    vault_service.unlock(w.desk.vault.folder, ADMIN_USER, ADMIN_PASSPHRASE).lock()


def _recover(w: World) -> None:
    session = vault_service.recover_administrator(w.desk.vault.folder, w.desk.vault.recovery_code,
                                                  ADMIN_USER, ADMIN_PASSPHRASE + " again")
    session.lock()


def _plan_flow(w: World) -> None:
    """Start, change, agree, review and revise a plan: every plan call in one go."""
    import dataclasses

    from shelter_desktop.domain.plans import (
        Acknowledgement,
        CopyDecision,
        PlanAcknowledgement,
        Review,
    )

    service = PlanService(w.admin)
    if service.latest(w.client) is None:
        service.start(w.client, "Nadia")
    seed = AssessmentService(w.admin).goal_seed(w.client, "safety")
    plan = service.add_goal(w.client, seed, "Feel safe at night")
    plan = service.save_draft(dataclasses.replace(plan, print_languages=("en",)))
    service.acknowledge(plan.id, PlanAcknowledgement(
        Acknowledgement.VERBAL, TODAY, False, CopyDecision.ACCEPTED))
    service.add_review(w.client, Review("r1", TODAY, True, "client", "ok", "none"))
    service.revise(w.client, "a change")


def _print_plan(w: World) -> None:
    from shelter_desktop.domain.plans import PrintOptions

    _plan_flow(w)
    assert PlanPrinting(w.admin).render(w.client, PrintOptions(language="en")).startswith(b"%PDF")


def _draft(w: World) -> None:
    drafts = DraftService(w.session(Role.CASEWORKER))
    draft = drafts.new(ASSESSMENT_DRAFT, w.client)
    draft.data.update({"assessed_on": w.intake.assessed_on.isoformat(),
                       "scores": {"safety": {"status": "scored", "score": 5}}})
    drafts.save(draft)
    w.made["draft"] = draft.id


# Calls in this order, each on the same vault; a call that must be refused says so.
EXERCISES: dict[str, Callable[[World], object]] = {
    "AccountService.list_accounts": lambda w: AccountService(w.admin).list_accounts(),
    "AccountService.add_account": lambda w: w.made.setdefault(
        "account", AccountService(w.admin).add_account("newbie", "New", Role.CASEWORKER)),
    "AccountService.deactivate": lambda w: AccountService(w.admin).deactivate(
        w.made["account"].account.id),
    "AccountService.reactivate": lambda w: AccountService(w.admin).reactivate(
        w.made["account"].account.id),
    "AccountService.reset_passphrase": lambda w: AccountService(w.admin).reset_passphrase(
        w.made["account"].account.id),
    "AccountService.change_own_passphrase": lambda w: AccountService(
        w.session(Role.CASEWORKER)).change_own_passphrase(STAFF_PASSPHRASE,
                                                          STAFF_PASSPHRASE + " now"),
    "AccountService.set_own_language": lambda w: AccountService(
        w.session(Role.CASEWORKER)).set_own_language("fr"),
    "AssessmentService.history": lambda w: AssessmentService(w.admin).history(w.client),
    "AssessmentService.next_due": lambda w: AssessmentService(w.admin).next_due(w.client),
    "AssessmentService.goal_seed": lambda w: AssessmentService(w.admin).goal_seed(w.client,
                                                                                  "safety"),
    "AssessmentService.domain_changes": lambda w: AssessmentService(w.admin).domain_changes(),
    "AssessmentService.complete": _new_review,
    "AuditService.entries": lambda w: AuditService(w.admin).entries(),
    "AuditService.verify": lambda w: AuditService(w.admin).verify(),
    "ClientImportService.read_file": lambda w: ClientImportService.read_file(_csv(w)),
    "ClientImportService.import_csv": lambda w: ClientImportService(w.admin).import_csv(
        _csv(w), consent_recorded=True),
    "ClientService.repo": lambda w: ClientService(w.admin).repo.count(),
    "ClientService.may_see_restricted": lambda w: ClientService(w.admin).may_see_restricted,
    "ClientService.list_ids": lambda w: ClientService(w.admin).list_ids(),
    "ClientService.list_head": lambda w: ClientService(w.admin).list_head("Zoë", limit=1),
    "ClientService.summaries": lambda w: ClientService(w.admin).summaries([w.client, w.other]),
    "ClientService.count": lambda w: ClientService(w.admin).count(),
    "ClientService.possible_duplicates": lambda w: ClientService(w.admin).possible_duplicates(
        "Zoë Ivanenko"),
    "ClientService.open": lambda w: ClientService(w.admin).open(w.client),
    "ClientService.reveal_restricted": lambda w: ClientService(w.admin).reveal_restricted(
        w.client),
    "ClientService.create_from_first_contact": lambda w: ClientService(
        w.admin).create_from_first_contact(first_contact("Mariam"), today=ENTRY),
    "ClientService.update_answers": lambda w: ClientService(w.admin).update_answers(
        w.client, answers_of(code_word="heron", legal_name="Zoya Ivanenko")),
    "ClientService.close": lambda w: ClientService(w.admin).close(w.client, TODAY, "moved"),
    "ClientService.reopen": lambda w: ClientService(w.admin).reopen(w.client),
    "ClientService.history": lambda w: ClientService(w.admin).history(w.client),
    "ClientService.save_dependant": lambda w: w.made.setdefault(
        "dependant", ClientService(w.admin).save_dependant(w.client, dependant())),
    "ClientService.remove_dependant": lambda w: ClientService(w.admin).remove_dependant(
        w.client, w.made["dependant"]),
    "ClientService.add_interpreter_record": lambda w: ClientService(
        w.admin).add_interpreter_record(w.client, interpreter_record(), ENTRY),
    "ClientService.import_first_contacts": lambda w: ClientService(
        w.admin).import_first_contacts([NewClient(first_contact("Lan"), ENTRY)], today=TODAY),
    "ClientService.add_demo_clients": _refused(VaultNotEmptyError, lambda w: ClientService(
        w.admin).add_demo_clients([], 0)),
    "ClientService.listing": lambda w: ClientService(w.admin).listing(include_closed=True),
    "DemoDataService.add_clients": _refused(VaultNotEmptyError, lambda w: DemoDataService(
        w.admin).add_clients(3, seed=1)),
    "DraftService.new": lambda w: DraftService(w.admin).new(ASSESSMENT_DRAFT, w.client),
    "DraftService.save": _draft,
    "DraftService.mine": lambda w: DraftService(w.session(Role.CASEWORKER)).mine(),
    "DraftService.get": lambda w: DraftService(w.session(Role.CASEWORKER)).get(w.made["draft"]),
    "DraftService.delete": lambda w: DraftService(w.session(Role.CASEWORKER)).delete(
        w.made["draft"]),
    "InterpreterModeService.check_language": lambda w: InterpreterModeService.check_language(
        "ar"),
    "InterpreterModeService.turned_on": lambda w: InterpreterModeService(w.admin).turned_on(
        "es", w.client),
    "InterpreterModeService.turned_off": lambda w: InterpreterModeService(w.admin).turned_off(
        "es", w.client),
    "SettingsService.current": lambda w: SettingsService(w.admin).current(),
    "SettingsService.set_idle_lock_minutes": lambda w: SettingsService(
        w.admin).set_idle_lock_minutes(10),
    "DevicePreferences.language": lambda w: DevicePreferences(w.desk.vault.folder).language,
    "DevicePreferences.set_language": lambda w: DevicePreferences(
        w.desk.vault.folder).set_language("fr"),
    "DevicePreferences.region": lambda w: DevicePreferences(w.desk.vault.folder).region,
    "DevicePreferences.set_region": lambda w: DevicePreferences(
        w.desk.vault.folder).set_region("FR"),
    "SettingsService.region": lambda w: SettingsService(w.session(Role.CASEWORKER)).region(),
    "SettingsService.set_region": lambda w: SettingsService(
        w.session(Role.CASEWORKER)).set_region("MX"),
    "UnlockThrottle.failures": lambda w: UnlockThrottle(w.desk.vault.folder).failures(),
    "UnlockThrottle.seconds_to_wait": lambda w: UnlockThrottle(
        w.desk.vault.folder).seconds_to_wait(),
    "UnlockThrottle.check": lambda w: UnlockThrottle(w.desk.vault.folder).check(),
    "UnlockThrottle.record_failure": lambda w: UnlockThrottle(
        w.desk.vault.folder).record_failure(),
    "UnlockThrottle.clear": lambda w: UnlockThrottle(w.desk.vault.folder).clear(),
    "Session.vault": lambda w: w.admin.vault,
    "Session.account": lambda w: w.admin.account,
    "Session.is_open": lambda w: w.admin.is_open,
    "Session.refresh_account": lambda w: w.admin.refresh_account(),
    "Session.can": lambda w: w.admin.can(Permission.ASSESS),
    "Session.require": lambda w: w.admin.require(Permission.ASSESS),
    "Session.write": _raw_write,
    "Session.audit": _audit_inside_a_write,
    "Session.audit_now": lambda w: w.admin.audit_now("test.marker"),
    "Session.lock": _lock_a_session,
    "audit_service.verify_vault": lambda w: audit_service.verify_vault(w.admin),
    "folder_state.state_of": lambda w: folder_state.state_of(w.desk.vault.folder),
    "vault_service.set_up_vault": _refused(ShelterError, lambda w: vault_service.set_up_vault(
        w.desk.vault.folder, "Org",
        vault_service.NewAdministrator("someone", "S", ADMIN_PASSPHRASE))),
    "vault_service.unlock": _unlock,
    "vault_service.organisation_name": lambda w: vault_service.organisation_name(w.admin),
    "vault_service.recover_administrator": _recover,
    "PlanService.versions": lambda w: PlanService(w.admin).versions(w.client),
    "PlanService.latest": lambda w: PlanService(w.admin).latest(w.client),
    "PlanService.start": lambda w: _plan_flow(w),
    "PlanService.save_draft": lambda w: _plan_flow(w),
    "PlanService.revise": lambda w: _plan_flow(w),
    "PlanService.add_goal": lambda w: _plan_flow(w),
    "PlanService.acknowledge": lambda w: _plan_flow(w),
    "PlanService.add_review": lambda w: _plan_flow(w),
    "PlanService.review_due": lambda w: PlanService(w.admin).review_due(w.client),
    "PlanPrinting.render": _print_plan,
    "BackupService.settings": lambda w: BackupService(w.admin).settings(),
    "BackupService.change_settings": lambda w: BackupService(w.admin).change_settings(3, 10),
    "BackupService.status": lambda w: BackupService(w.admin).status(),
    "BackupService.vault_id": lambda w: BackupService(w.admin).vault_id(),
    "BackupService.back_up": lambda w: BackupService(w.admin).back_up(w.tmp / "usb"),
    "BackupService.write": lambda w: BackupService(w.admin).write(w.tmp / "usb2"),
    "BackupService.finish": lambda w: BackupService(w.admin).finish(
        w.tmp / "usb2", *BackupService(w.admin).write(w.tmp / "usb2")),
    "backup.restore_backup": _refused(NotABackupError, lambda w: backup.restore_backup(
        _csv(w), w.tmp / "laptop", recovery_code="x")),
    "PurgeService.retention_years": lambda w: PurgeService(w.admin).retention_years(),
    "PurgeService.set_retention_years": lambda w: PurgeService(w.admin).set_retention_years(5),
    "PurgeService.candidates": lambda w: PurgeService(w.admin).candidates(TODAY),
    "PurgeService.purge_records": _purge_a_closed_record,
    "PurgeService.purge_fields": lambda w: PurgeService(w.admin).purge_fields(
        w.client, ["legal_name"]),
    "PurgeService.log": lambda w: PurgeService(w.admin).log(),
}


def test_every_public_service_method_that_reaches_the_vault_is_exercised_below() -> None:
    assert set(EXERCISES) == service_api()


def test_no_service_method_changes_a_stored_assessment(desk: Desk, tmp_path: Path) -> None:
    client_id = create(desk, today=ENTRY, legal_name="Zoya I.")
    other = create(desk, "Other Person", today=ENTRY)
    intake = complete(desk, client_id, dt.date(2025, 2, 3), safety=DomainScore.of(1, NOTE),
                      housing=2, children=NOT_APPLICABLE)
    review = complete(desk, client_id, dt.date(2025, 3, 5), REVIEW, safety=2, housing=2)
    correction = complete(desk, client_id, dt.date(2025, 3, 5), REVIEW, corrects=review.id,
                          reason="housing was 3", safety=2, housing=3)
    complete(desk, other, dt.date(2025, 2, 1), safety=3)
    world = World(desk, tmp_path, client_id, other, intake, review, correction)
    changed: list[str] = []
    for name, call in EXERCISES.items():
        before = stored_rows(desk.session)
        call(world)
        after = stored_rows(desk.session)
        if after[:len(before)] != before:
            changed.append(name)
        expected_new = 2 if name == "AssessmentService.complete" else 0
        assert len(after) == len(before) + expected_new, name
    assert changed == []
    # The stored rows still read back as they were completed.
    history = AssessmentService(desk.session).history(client_id)
    assert [a for a in history if a.id in (intake.id, review.id, correction.id)] == [
        intake, review, correction]
    assert intake.scores["safety"].note == NOTE


# -- corrections -------------------------------------------------------------------------------


def test_a_correction_keeps_both_and_supersedes_the_original(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    wrong = complete(desk, client_id, dt.date(2025, 2, 10), safety=5, housing=2)
    before = stored_rows(desk.session)
    fixed = complete(desk, client_id, dt.date(2025, 2, 10), corrects=wrong.id,
                     reason="  Safety was typed as 5; she said 1  ", safety=1, housing=2)
    assert stored_rows(desk.session)[:1] == before
    assert (fixed.corrects_id, fixed.correction_reason) == (
        wrong.id, "Safety was typed as 5; she said 1")
    history = assess(desk).history(client_id)
    assert history == [wrong, fixed]
    assert effective(history) == [fixed]
    assert assess(desk).goal_seed(client_id, "safety").baseline_score == 1
    assert assess(desk).next_due(client_id) == NextAssessment(REVIEW, dt.date(2025, 3, 12))


def test_the_same_assessment_cannot_be_corrected_twice_but_a_correction_can(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    wrong = complete(desk, client_id, dt.date(2025, 2, 10), safety=5)
    fixed = complete(desk, client_id, dt.date(2025, 2, 10), corrects=wrong.id, reason="typo",
                     safety=1)
    before = stored_rows(desk.session)
    with pytest.raises(ValidationError) as caught:
        complete(desk, client_id, dt.date(2025, 2, 10), corrects=wrong.id, reason="again",
                 safety=2)
    assert caught.value.field == "corrects_id"
    assert stored_rows(desk.session) == before
    again = complete(desk, client_id, dt.date(2025, 2, 11), corrects=fixed.id,
                     reason="date was wrong", safety=1)
    assert effective(assess(desk).history(client_id)) == [again]


@pytest.mark.parametrize("reason", ["", "   ", "\u3000"])
def test_a_correction_needs_a_reason(desk: Desk, reason: str) -> None:
    client_id = create(desk, today=ENTRY)
    wrong = complete(desk, client_id, dt.date(2025, 2, 10), safety=5)
    before, entries = stored_rows(desk.session), desk.entries()
    with pytest.raises(ValidationError) as caught:
        complete(desk, client_id, dt.date(2025, 2, 10), corrects=wrong.id, reason=reason,
                 safety=1)
    assert caught.value.field == "correction_reason"
    assert stored_rows(desk.session) == before
    assert desk.entries() == entries


@pytest.mark.parametrize("reason", ["a NUL\x00", "r" * 501, "two\nlines"])
def test_a_correction_reason_that_cannot_be_stored_exactly_is_refused(desk: Desk,
                                                                     reason: str) -> None:
    client_id = create(desk, today=ENTRY)
    wrong = complete(desk, client_id, dt.date(2025, 2, 10), safety=5)
    with pytest.raises(ValidationError) as caught:
        complete(desk, client_id, dt.date(2025, 2, 10), corrects=wrong.id, reason=reason,
                 safety=1)
    assert caught.value.field == "correction_reason"
    assert len(stored_rows(desk.session)) == 1


def test_another_clients_or_a_missing_assessment_cannot_be_corrected(desk: Desk) -> None:
    mine = create(desk, today=ENTRY)
    theirs = create(desk, "Other Person", today=ENTRY)
    their_intake = complete(desk, theirs, dt.date(2025, 2, 10), safety=5)
    before = stored_rows(desk.session)
    for target in (their_intake.id, "no-such-assessment"):
        with pytest.raises(ValidationError) as caught:
            complete(desk, mine, dt.date(2025, 2, 10), corrects=target, reason="typo", safety=1)
        assert caught.value.field == "corrects_id"
    assert stored_rows(desk.session) == before
    assert assess(desk).history(mine) == []
    assert effective(assess(desk).history(theirs)) == [their_intake]


# -- goal seeds --------------------------------------------------------------------------------


def test_a_goal_starts_from_the_latest_effective_score_of_the_domain(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    assert assess(desk).goal_seed(client_id, "housing") == GoalSeed(client_id, "housing", None,
                                                                   None, None)
    intake = complete(desk, client_id, dt.date(2025, 2, 1), housing=1, safety=2)
    review = complete(desk, client_id, dt.date(2025, 3, 1), REVIEW, safety=3,
                      housing=DomainScore(ScoreStatus.DECLINED))
    seed = assess(desk).goal_seed(client_id, "housing")
    assert (seed.client_id, seed.domain, seed.baseline_score, seed.assessment_id,
            seed.assessed_on) == (client_id, "housing", 1, intake.id, dt.date(2025, 2, 1))
    assert assess(desk).goal_seed(client_id, "safety").assessment_id == review.id
    fixed = complete(desk, client_id, dt.date(2025, 2, 1), corrects=intake.id, reason="typo",
                     housing=2)
    assert assess(desk).goal_seed(client_id, "housing").assessment_id == fixed.id
    assert assess(desk).goal_seed(client_id, "housing").baseline_score == 2


def test_a_goal_seed_for_an_unknown_domain_is_a_validation_error(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    with pytest.raises(ValidationError):
        assess(desk).goal_seed(client_id, "happiness")


# -- permissions and audit ---------------------------------------------------------------------


def _perform(service: AssessmentService, action: str, client_id: str) -> Callable[[], object]:
    calls: dict[str, Callable[[], object]] = {
        "complete": lambda: service.complete(client_id, REVIEW, TODAY, scores(safety=3),
                                             today=TODAY),
        "history": lambda: service.history(client_id),
        "goal_seed": lambda: service.goal_seed(client_id, "safety"),
        "next_due": lambda: service.next_due(client_id),
        "domain_changes": lambda: service.domain_changes(),
    }
    return calls[action]


# Written out by hand (security.md "Need to know"), so loosening ROLE_PERMISSIONS fails here.
ALLOWED = {
    Role.INTAKE_WORKER: {"next_due"},
    Role.CASEWORKER: {"next_due", "complete", "history", "goal_seed"},
    Role.ADMINISTRATOR: {"next_due", "complete", "history", "goal_seed", "domain_changes"},
}
NEEDS = {"complete": Permission.ASSESS, "history": Permission.ASSESS,
         "goal_seed": Permission.EDIT_PLAN, "next_due": Permission.VIEW_CLIENT,
         "domain_changes": Permission.VIEW_REPORTS}


def test_the_written_out_matrix_matches_role_permissions() -> None:
    for role in Role:
        assert {a for a, p in NEEDS.items() if p in ROLE_PERMISSIONS[role]} == ALLOWED[role]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(NEEDS))
def test_role_action_matrix(desk: Desk, role: Role, action: str) -> None:
    client_id = create(desk, today=ENTRY)
    complete(desk, client_id, dt.date(2025, 2, 1), role=Role.ADMINISTRATOR, safety=2)
    rows, entries = stored_rows(desk.session), desk.entries()
    call = _perform(assess(desk, role), action, client_id)
    if action not in ALLOWED[role]:
        with pytest.raises(PermissionDeniedError):
            call()
        assert stored_rows(desk.session) == rows
        assert desk.entries() == entries
        return
    call()
    added = [(e.action, e.record_id, e.actor_name) for e in desk.entries()[len(entries):]]
    expected = {
        "complete": [(AuditAction.ASSESSMENT_COMPLETED, client_id, USERS[role])],
        "history": [(AuditAction.ASSESSMENTS_VIEWED, client_id, USERS[role])],
        "domain_changes": [(AuditAction.REPORT_VIEWED, None, USERS[role])],
    }.get(action, [])
    assert added == expected


def test_every_history_call_is_audited_once(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    complete(desk, client_id, dt.date(2025, 2, 1), safety=DomainScore.of(2, NOTE))
    for _ in range(3):
        assess(desk).history(client_id)
    assess(desk, Role.ADMINISTRATOR).history(client_id)
    assert audited(desk, AuditAction.ASSESSMENTS_VIEWED) == [
        (client_id, CASEWORKER, ""), (client_id, CASEWORKER, ""), (client_id, CASEWORKER, ""),
        (client_id, ADMIN_USER, "")]
    assess(desk).next_due(client_id)
    assess(desk).goal_seed(client_id, "safety")
    assert len(audited(desk, AuditAction.ASSESSMENTS_VIEWED)) == 4


def test_completing_is_audited_with_the_id_only(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    secret_note = "Kept at the cousin's flat on Rue Berri"
    first = complete(desk, client_id, dt.date(2025, 2, 1), safety=DomainScore.of(4, secret_note),
                     housing=DomainScore(ScoreStatus.DECLINED, note="prefers not; " + NOTE))
    second = complete(desk, client_id, dt.date(2025, 2, 1), corrects=first.id,
                      reason="Reason that names Rue Berri", safety=3)
    entries = [e for e in desk.entries() if e.action == AuditAction.ASSESSMENT_COMPLETED]
    assert [(e.record_id, e.actor_name, e.detail) for e in entries] == [
        (client_id, CASEWORKER, f"assessment={first.id}"),
        (client_id, CASEWORKER, f"assessment={second.id}")]
    everything = " ".join(entry_text(e) for e in desk.entries())
    for secret in ("Rue Berri", "cousin", NOTE, "prefers not", "safety", "housing", "score"):
        assert secret not in everything


def test_nothing_typed_into_an_assessment_reaches_the_log(desk: Desk) -> None:
    from shelter_desktop.logs import logger, setup_logging

    path = setup_logging(desk.vault.folder)
    try:
        client_id = create(desk, today=ENTRY)
        complete(desk, client_id, dt.date(2025, 2, 1), safety=DomainScore.of(4, NOTE))
        with pytest.raises(ValidationError):
            complete(desk, client_id, dt.date(2025, 2, 1), safety=DomainScore.of(4, NOTE + "\0"))
        with pytest.raises(PermissionDeniedError):
            assess(desk, Role.INTAKE_WORKER).complete(
                client_id, INTAKE, ENTRY, scores(safety=DomainScore.of(1, NOTE)), today=TODAY)
        text = path.read_text(encoding="utf-8")
    finally:
        for handler in list(logger.handlers):
            if isinstance(handler, logging.FileHandler):
                logger.removeHandler(handler)
                handler.close()
    assert "permission.denied" in text
    assert "exploiter" not in text and "Zoë" not in text


def test_the_answers_of_the_client_record_are_untouched_by_assessing(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY, safe_times="After 6 pm")
    before = ClientService(desk.session).open(client_id)
    complete(desk, client_id, dt.date(2025, 2, 1), safety=1)
    after = ClientService(desk.session).open(client_id)
    assert (after.answers, after.revision, after.updated_at) == (
        before.answers, before.revision, before.updated_at)
    assert after.answers["safe_times"] == Answer.of("After 6 pm")


def test_a_stored_assessment_cannot_be_deleted(desk: Desk) -> None:
    client_id = create(desk, today=ENTRY)
    complete(desk, client_id, ENTRY, safety=1)
    before = stored_rows(desk.session)
    with pytest.raises(DatabaseError, match="cannot be deleted"):
        desk.session.vault.connection.execute("DELETE FROM assessments")
    assert stored_rows(desk.session) == before
