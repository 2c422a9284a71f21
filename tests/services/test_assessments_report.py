"""The funders' aggregate (AssessmentService.domain_changes): per domain, how clients' first and
latest scores compare. Counts and means only: no client id, name, date or note can be in it;
only clients scored at least twice count; N/A and corrected assessments are left out;
administrators only, and every look is audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.assessments import (
    AssessmentKind,
    DomainChange,
    DomainScore,
    ScoreStatus,
)
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.instrument import NOT_APPLICABLE, SELF_SUFFICIENCY
from shelter_desktop.errors import PermissionDeniedError
from shelter_desktop.services.assessments import AssessmentService
from tests.conftest import ADMIN_USER, VaultFixture
from tests.services.test_clients import Desk, create, entry_text, open_desk

INTAKE, REVIEW, EXIT = AssessmentKind.INTAKE, AssessmentKind.REVIEW, AssessmentKind.EXIT
TODAY = dt.date(2025, 9, 1)


@pytest.fixture
def desk(vault: VaultFixture) -> Iterator[Desk]:
    opened = open_desk(vault)
    yield opened
    opened.close()


def complete(desk: Desk, client_id: str, on: dt.date, kind: AssessmentKind = REVIEW, *,
             corrects: str | None = None, **values: int | DomainScore) -> str:
    given = {k: v if isinstance(v, DomainScore) else DomainScore.of(v) for k, v in values.items()}
    return AssessmentService(desk.sessions[Role.CASEWORKER]).complete(
        client_id, kind, on, given, corrects_id=corrects,
        correction_reason="Corrected after talking with her" if corrects else "",
        today=TODAY).id


def report(desk: Desk) -> dict[str, DomainChange]:
    return {c.domain: c for c in AssessmentService(desk.session).domain_changes()}


def counts(change: DomainChange) -> tuple[int, float, float, int, int, int]:
    return (change.clients, change.mean_first, change.mean_latest, change.improved,
            change.unchanged, change.worsened)


@dataclasses.dataclass
class Caseload:
    ids: list[str]
    assessment_ids: list[str]
    names: list[str]
    notes: list[str]
    dates: list[dt.date]


def caseload(desk: Desk) -> Caseload:
    """Four clients with distinctive names, notes and dates."""
    names = ["Oksana Kovalenko-Unique", "María José Quintero-Unique", "سارا نوری یکتا",
             "王秀英独特"]
    notes = ["Lives above the bakery on Rue Saint-Denis", "Brother in Puebla owes the recruiter",
             "Trabaja en la granja de los Hernández", "孩子在舅舅家"]
    entries = [dt.date(2024, 11, 3), dt.date(2024, 12, 17), dt.date(2025, 1, 9),
               dt.date(2025, 2, 21)]
    ids, assessment_ids, dates = [], [], list(entries)
    for index, (name, note, entry) in enumerate(zip(names, notes, entries, strict=True)):
        client_id = create(desk, name, today=entry)
        ids.append(client_id)
        first = entry + dt.timedelta(days=11 + index)
        second = first + dt.timedelta(days=47 + index)
        dates += [first, second]
        assessment_ids.append(complete(desk, client_id, first, INTAKE,
                                       safety=DomainScore.of(1 + index % 2, note), housing=2,
                                       children=NOT_APPLICABLE))
        assessment_ids.append(complete(desk, client_id, second, REVIEW,
                                       safety=DomainScore.of(3, note + " (later)"), housing=2,
                                       children=NOT_APPLICABLE))
    return Caseload(ids, assessment_ids, names, notes, dates)


def date_spellings(day: dt.date) -> list[str]:
    return [day.isoformat(), day.strftime("%Y%m%d"), day.strftime("%d/%m/%Y"),
            day.strftime("%m/%d/%Y"), str(day.toordinal())]


def test_the_report_holds_no_ids_names_dates_or_notes(desk: Desk) -> None:
    load = caseload(desk)
    changes = AssessmentService(desk.session).domain_changes()
    text = json.dumps([dataclasses.asdict(c) for c in changes], ensure_ascii=False)
    assert set(dataclasses.asdict(changes[0])) == {
        "domain", "clients", "mean_first", "mean_latest", "improved", "unchanged", "worsened"}
    forbidden = [*load.ids, *load.assessment_ids, *load.names, *load.notes, "Unique",
                 ADMIN_USER, "casey"]
    forbidden += [part for name in load.names for part in name.split() if len(part) > 2]
    forbidden += [spelling for day in load.dates for spelling in date_spellings(day)]
    for value in forbidden:
        assert value not in text, value
    assert [c.domain for c in changes] == [d.key for d in SELF_SUFFICIENCY.domains]
    safety = {c.domain: c for c in changes}["safety"]
    assert counts(safety) == (4, 1.5, 3.0, 4, 0, 0)


def test_only_clients_scored_at_least_twice_in_a_domain_count(desk: Desk) -> None:
    twice = create(desk, "Twice", today=dt.date(2025, 1, 1))
    once = create(desk, "Once", today=dt.date(2025, 1, 1))
    partly = create(desk, "Partly", today=dt.date(2025, 1, 1))
    complete(desk, twice, dt.date(2025, 1, 5), INTAKE, safety=2, income=1)
    complete(desk, twice, dt.date(2025, 2, 5), safety=1, income=3)
    complete(desk, once, dt.date(2025, 1, 5), INTAKE, safety=5, income=5)
    complete(desk, partly, dt.date(2025, 1, 5), INTAKE, safety=4, income=2)
    complete(desk, partly, dt.date(2025, 2, 5), safety=4,
             income=DomainScore(ScoreStatus.DECLINED))
    complete(desk, partly, dt.date(2025, 3, 5), safety=5,
             income=DomainScore(ScoreStatus.NOT_ASSESSED))
    changes = report(desk)
    assert counts(changes["safety"]) == (2, 3.0, 3.0, 1, 0, 1)
    assert counts(changes["income"]) == (1, 1.0, 3.0, 1, 0, 0)
    assert counts(changes["legal"]) == (0, 0.0, 0.0, 0, 0, 0)


def test_not_applicable_is_not_a_score(desk: Desk) -> None:
    client_id = create(desk, today=dt.date(2025, 1, 1))
    complete(desk, client_id, dt.date(2025, 1, 5), INTAKE, children=NOT_APPLICABLE,
             substance_use=NOT_APPLICABLE, safety=1)
    complete(desk, client_id, dt.date(2025, 2, 5), children=2, substance_use=NOT_APPLICABLE,
             safety=1)
    complete(desk, client_id, dt.date(2025, 3, 5), children=4, substance_use=3, safety=1)
    changes = report(desk)
    assert counts(changes["children"]) == (1, 2.0, 4.0, 1, 0, 0)  # not 0 → 4
    assert changes["substance_use"].clients == 0
    assert counts(changes["safety"]) == (1, 1.0, 1.0, 0, 1, 0)


def test_corrected_assessments_are_left_out(desk: Desk) -> None:
    client_id = create(desk, today=dt.date(2025, 1, 1))
    wrong = complete(desk, client_id, dt.date(2025, 1, 5), INTAKE, safety=5, housing=1)
    complete(desk, client_id, dt.date(2025, 1, 5), INTAKE, corrects=wrong, safety=1, housing=1)
    review = complete(desk, client_id, dt.date(2025, 2, 5), safety=2, housing=4)
    assert counts(report(desk)["safety"]) == (1, 1.0, 2.0, 1, 0, 0)
    complete(desk, client_id, dt.date(2025, 2, 5), corrects=review, safety=1, housing=1)
    changes = report(desk)
    assert counts(changes["safety"]) == (1, 1.0, 1.0, 0, 1, 0)
    assert counts(changes["housing"]) == (1, 1.0, 1.0, 0, 1, 0)


def test_exit_assessments_count_as_the_latest_score(desk: Desk) -> None:
    client_id = create(desk, today=dt.date(2025, 1, 1))
    complete(desk, client_id, dt.date(2025, 1, 5), INTAKE, safety=1)
    complete(desk, client_id, dt.date(2025, 5, 5), safety=3)
    complete(desk, client_id, dt.date(2025, 6, 5), EXIT, safety=4)
    assert counts(report(desk)["safety"]) == (1, 1.0, 4.0, 1, 0, 0)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.INTAKE_WORKER])
def test_only_administrators_see_the_report(desk: Desk, role: Role) -> None:
    caseload(desk)
    before = desk.entries()
    with pytest.raises(PermissionDeniedError):
        AssessmentService(desk.sessions[role]).domain_changes()
    assert desk.entries() == before


def test_each_look_at_the_report_is_audited_once_without_content(desk: Desk) -> None:
    load = caseload(desk)
    before = len(desk.entries())
    report(desk)
    report(desk)
    added = desk.entries()[before:]
    assert [(e.action, e.record_id, e.actor_name, e.detail) for e in added] == [
        (AuditAction.REPORT_VIEWED, None, ADMIN_USER, "domain_changes")] * 2
    text = " ".join(entry_text(e) for e in added)
    assert not any(value in text for value in [*load.ids, *load.names, *load.notes])
