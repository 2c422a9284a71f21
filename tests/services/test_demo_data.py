"""Demo data looks like a shelter's caseload: the shares below are what the generator promises."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from shelter_desktop.domain.answers import AnswerStatus
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.clients import Alert
from shelter_desktop.domain.new_clients import NewClient, VaultNotEmptyError, check_new_client
from shelter_desktop.services.clients import ClientService, ListFilter
from shelter_desktop.services.demo_data import (
    DemoDataService,
    generate,
    romanize_korean,
    romanize_ukrainian,
)
from shelter_desktop.services.session import Session

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def sample() -> list[NewClient]:
    return list(generate(2_000, seed=5, today=TODAY))


def share(count: int, total: int) -> float:
    return count / total


def test_every_generated_client_passes_the_intake_rules(sample: list[NewClient]) -> None:
    for client in sample:
        check_new_client(client)


def test_the_same_seed_gives_the_same_clients() -> None:
    first = [c.answers for c in generate(50, seed=9, today=TODAY)]
    again = [c.answers for c in generate(50, seed=9, today=TODAY)]
    other = [c.answers for c in generate(50, seed=10, today=TODAY)]
    assert first == again
    assert first != other


def test_shares_of_a_realistic_caseload(sample: list[NewClient]) -> None:
    total = len(sample)
    readings = Counter(c.answers["reading_language"].value for c in sample)
    assert set(readings) == {"en", "fr", "es", "fil", "zh_Hans", "ko", "uk", "ar", "fa", "pa"}
    closed = [c for c in sample if c.exit_date]
    assert 0.15 < share(len(closed), total) < 0.25
    assert all(c.entry_date <= c.exit_date <= TODAY and c.exit_reason for c in closed
               if c.exit_date)
    with_dependants = [c for c in sample if c.dependants]
    assert 0.2 < share(len(with_dependants), total) < 0.35
    assert max(len(c.dependants) for c in sample) == 3
    interpreted = [c for c in sample if c.interpreter]
    assert all(c.answers["reading_language"].value not in ("en", "fr") for c in interpreted)
    assert all(c.interpreter for c in sample
               if c.answers["reading_language"].value not in ("en", "fr"))
    minors = [c for c in sample if c.answers.get("under_18") is not None]
    assert 0.01 < share(len(minors), total) < 0.08
    code_named = [c for c in sample if "legal_name" in c.answers]
    assert 0.05 < share(len(code_named), total) < 0.15
    assert all("aliases" not in c.answers for c in code_named)  # the real name stays restricted
    entries = sorted(c.entry_date for c in sample)
    assert entries[0] >= TODAY - dt.timedelta(days=3 * 365) and entries[-1] <= TODAY
    assert (entries[-1] - entries[0]).days > 2 * 365


def test_declined_and_unknown_answers_appear(sample: list[NewClient]) -> None:
    statuses = Counter(answer.status for c in sample for answer in c.answers.values())
    answered = statuses[AnswerStatus.ANSWERED]
    assert 0.02 < share(statuses[AnswerStatus.PREFERS_NOT], answered) < 0.15
    assert 0.01 < share(statuses[AnswerStatus.DOESNT_KNOW], answered) < 0.1


def test_aliases_spell_names_in_another_script() -> None:
    assert romanize_ukrainian("Юлія Щербак") == "Yuliia Shcherbak"
    assert romanize_ukrainian("Єва Їжакевич") == "Yeva Yizhakevych"
    assert romanize_korean("서현") == "Seo-hyeon"
    assert romanize_korean("미정") == "Mi-jeong"


def test_added_to_an_empty_vault_in_one_audited_step(admin_session: Session) -> None:
    calls: list[tuple[int, int]] = []
    count = DemoDataService(admin_session).add_clients(
        600, seed=2, progress=lambda done, total: calls.append((done, total)))
    assert count == 600
    assert calls[0] == (0, 600) and calls[-1] == (600, 600)
    service = ClientService(admin_session)
    everyone = service.summaries(service.list_ids(list_filter=ListFilter(status=None)))
    assert len(everyone) == 600
    alerts = Counter(alert for row in everyone for alert in row.alerts)
    assert alerts[Alert.MINOR] > 0 and alerts[Alert.TRP_EXPIRING] > 0
    entries = admin_session.vault.audit.entries(action=AuditAction.DEMO_DATA)
    assert [e.detail for e in entries] == ["clients=600"]
    with pytest.raises(VaultNotEmptyError):
        DemoDataService(admin_session).add_clients(5, seed=3)
    assert service.count() == 600
