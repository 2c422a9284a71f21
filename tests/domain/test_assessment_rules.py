"""Needs-assessment rules (domain/assessments.py, domain.md §3): scores checked and stored
exactly, corrections supersede, due dates on local calendar days, and aggregates that count."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import zoneinfo

import pytest

from shelter_desktop.domain.assessments import (
    DUE_SOON_DAYS,
    INTAKE_DUE_DAYS,
    REVIEW_DAYS,
    STABILISING_DAYS,
    STABILISING_REVIEW_DAYS,
    Assessment,
    AssessmentKind,
    DomainChange,
    DomainScore,
    NextAssessment,
    ScoreStatus,
    check_scores,
    domain_changes,
    effective,
    next_assessment,
)
from shelter_desktop.domain.instrument import NOT_APPLICABLE, SELF_SUFFICIENCY
from shelter_desktop.errors import ValidationError

INTAKE, REVIEW, EXIT = AssessmentKind.INTAKE, AssessmentKind.REVIEW, AssessmentKind.EXIT
DOMAIN_KEYS = [domain.key for domain in SELF_SUFFICIENCY.domains]
_ids = itertools.count(1)


def assessment(on: dt.date, kind: AssessmentKind = REVIEW, *, client: str = "c1",
               corrects: str | None = None, at_hour: int = 12, **scores: int | DomainScore
               ) -> Assessment:
    return Assessment(
        id=f"a{next(_ids)}", client_id=client, instrument_key=SELF_SUFFICIENCY.key, kind=kind,
        assessed_on=on,
        scores={k: v if isinstance(v, DomainScore) else DomainScore.of(v)
                for k, v in scores.items()},
        completed_at=dt.datetime.combine(on, dt.time(at_hour), dt.UTC), completed_by="casey",
        corrects_id=corrects, correction_reason="typo" if corrects else "")


# -- the instrument ---------------------------------------------------------------------------


def test_the_instrument_has_thirteen_domains_and_na_only_for_children_and_substance_use() -> None:
    assert len(DOMAIN_KEYS) == 13 == len(set(DOMAIN_KEYS))
    assert {d.key for d in SELF_SUFFICIENCY.domains if d.allows_not_applicable} == {
        "children", "substance_use"}
    assert all(len(d.anchors) == 5 and all(d.anchors) for d in SELF_SUFFICIENCY.domains)
    assert "not validated" in SELF_SUFFICIENCY.note.lower()


# -- checking scores --------------------------------------------------------------------------


@pytest.mark.parametrize("score", [-1, 0, 6, 99, None, 2.5, 3.0, True, "3"])
def test_a_score_outside_1_to_5_is_refused_and_named(score: object) -> None:
    with pytest.raises(ValidationError) as caught:
        check_scores(SELF_SUFFICIENCY, {"safety": DomainScore(ScoreStatus.SCORED, score)})
    assert caught.value.field == "safety"


@pytest.mark.parametrize("key", ["children", "substance_use"])
def test_not_applicable_is_allowed_where_the_domain_says_so(key: str) -> None:
    checked = check_scores(SELF_SUFFICIENCY, {key: DomainScore.of(NOT_APPLICABLE)})
    assert checked[key] == DomainScore(ScoreStatus.SCORED, 0)


@pytest.mark.parametrize("key", [k for k in DOMAIN_KEYS if k not in ("children",
                                                                     "substance_use")])
def test_not_applicable_is_refused_everywhere_else(key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_scores(SELF_SUFFICIENCY, {key: DomainScore.of(NOT_APPLICABLE)})
    assert caught.value.field == key


def test_an_unknown_domain_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        check_scores(SELF_SUFFICIENCY, {"safety": DomainScore.of(3),
                                        "happiness": DomainScore.of(5)})
    assert caught.value.field == "scores"
    assert "happiness" in caught.value.user_message()


def test_every_domain_is_dealt_with_and_unscored_ones_carry_no_score() -> None:
    checked = check_scores(SELF_SUFFICIENCY, {
        "safety": DomainScore.of(2),
        "legal": DomainScore(ScoreStatus.DECLINED, 4, "would rather not say"),
        "income": DomainScore(ScoreStatus.NOT_ASSESSED, 1)})
    assert list(checked) == DOMAIN_KEYS
    assert checked["housing"] == DomainScore()
    assert checked["legal"] == DomainScore(ScoreStatus.DECLINED, None, "would rather not say")
    assert checked["income"] == DomainScore(ScoreStatus.NOT_ASSESSED, None)


NOTES = [
    "Safety plan reviewed together.\nShe keeps the card.",
    "Plan de sécurité revu ensemble — « très bien ».",
    "Нужна помощь с документами; зустріч у вівторок",
    "خطة السلامة جاهزة. تحتاج إلى محامٍ",
    "طرح امنیت آماده است\u200c",
    "ਸੁਰੱਖਿਆ ਯੋਜਨਾ ਤਿਆਰ ਹੈ",
    "安全计划已准备好。需要律师。",
    "안전 계획 준비 완료",
    "Kailangan ng abogado; nakausap ang ate",
    "e\u0301 (combining) and é (composed) stay as typed",
    "👩\u200d👧 family emoji with a joiner\tand a tab",
    "\u202bRTL embedding\u202c kept",
    "   leading and trailing spaces   ",
    "x" * 2000,
]


@pytest.mark.parametrize("note", NOTES, ids=range(len(NOTES)))
def test_notes_are_kept_exactly_and_survive_the_stored_form(note: str) -> None:
    checked = check_scores(SELF_SUFFICIENCY, {"safety": DomainScore.of(3, note)})
    assert checked["safety"].note == note
    stored = json.loads(json.dumps({k: v.to_json() for k, v in checked.items()},
                                   ensure_ascii=False))
    assert DomainScore.from_json(stored["safety"]) == DomainScore.of(3, note)


@pytest.mark.parametrize("note", ["nul\x00byte", "bell\x07", "carriage\rreturn", "\ud800",
                                  "y" * 2001])
def test_notes_that_cannot_be_stored_exactly_are_refused(note: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_scores(SELF_SUFFICIENCY, {"housing": DomainScore.of(2, note)})
    assert caught.value.field == "housing"


# -- corrections ------------------------------------------------------------------------------


def test_effective_drops_corrected_assessments_and_sorts_oldest_first() -> None:
    intake = assessment(dt.date(2025, 1, 5), INTAKE, safety=1)
    review = assessment(dt.date(2025, 2, 5), safety=2)
    fixed = assessment(dt.date(2025, 1, 5), INTAKE, corrects=intake.id, at_hour=18, safety=2)
    fixed_again = assessment(dt.date(2025, 1, 6), INTAKE, corrects=fixed.id, safety=3)
    assert effective([review, fixed, intake]) == [fixed, review]
    assert effective([fixed_again, review, fixed, intake]) == [fixed_again, review]
    assert effective([]) == []


def test_same_day_assessments_are_ordered_by_completion_time() -> None:
    morning = assessment(dt.date(2025, 1, 5), at_hour=9, safety=1)
    evening = assessment(dt.date(2025, 1, 5), at_hour=20, safety=4)
    assert effective([evening, morning]) == [morning, evening]


# -- due dates --------------------------------------------------------------------------------


def test_the_rule_constants_are_the_documented_ones() -> None:
    assert (INTAKE_DUE_DAYS, STABILISING_DAYS, STABILISING_REVIEW_DAYS, REVIEW_DAYS,
            DUE_SOON_DAYS) == (30, 90, 30, 90, 7)


@pytest.mark.parametrize(("entry", "due"), [
    (dt.date(2025, 1, 31), dt.date(2025, 3, 2)),  # common year: February has 28 days
    (dt.date(2024, 1, 31), dt.date(2024, 3, 1)),  # leap year
    (dt.date(2024, 2, 29), dt.date(2024, 3, 30)),
    (dt.date(2025, 12, 15), dt.date(2026, 1, 14)),  # across the new year
    (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
])
def test_the_intake_assessment_is_due_30_days_after_entry(entry: dt.date, due: dt.date) -> None:
    assert next_assessment(entry, []) == NextAssessment(INTAKE, due)


def test_reviews_every_30_days_while_stabilising_then_every_90() -> None:
    entry = dt.date(2025, 1, 31)
    intake = assessment(dt.date(2025, 2, 10), INTAKE, safety=1)
    assert next_assessment(entry, [intake]) == NextAssessment(REVIEW, dt.date(2025, 3, 12))
    # Day 89 after entry is still within the first 90 days: the next review is 30 days on.
    day_89 = assessment(entry + dt.timedelta(days=89), safety=2)
    assert day_89.assessed_on == dt.date(2025, 4, 30)
    assert next_assessment(entry, [intake, day_89]) == NextAssessment(
        REVIEW, dt.date(2025, 5, 30))
    # From day 90 on, reviews are 90 days apart.
    day_90 = assessment(entry + dt.timedelta(days=90), safety=2)
    assert next_assessment(entry, [intake, day_90]) == NextAssessment(
        REVIEW, dt.date(2025, 7, 30))
    later = assessment(dt.date(2025, 11, 30), safety=3)
    assert next_assessment(entry, [intake, day_90, later]) == NextAssessment(
        REVIEW, dt.date(2026, 2, 28))


def test_the_due_date_follows_the_latest_effective_assessment() -> None:
    entry = dt.date(2025, 1, 1)
    intake = assessment(dt.date(2025, 1, 10), INTAKE, safety=1)
    review = assessment(dt.date(2025, 5, 1), safety=2)
    # The review's date was wrong: corrected to a day in the stabilising window.
    corrected = assessment(dt.date(2025, 3, 1), corrects=review.id, safety=2)
    assert next_assessment(entry, [intake, review]) == NextAssessment(REVIEW,
                                                                     dt.date(2025, 7, 30))
    assert next_assessment(entry, [intake, review, corrected]) == NextAssessment(
        REVIEW, dt.date(2025, 3, 31))


def test_the_exit_assessment_is_due_on_the_closing_date_then_nothing() -> None:
    entry, closed = dt.date(2025, 1, 1), dt.date(2025, 8, 31)
    intake = assessment(dt.date(2025, 1, 10), INTAKE, safety=1)
    assert next_assessment(entry, [], closed_on=closed) == NextAssessment(EXIT, closed)
    assert next_assessment(entry, [intake], closed_on=closed) == NextAssessment(EXIT, closed)
    exit_ = assessment(closed, EXIT, safety=4)
    assert next_assessment(entry, [intake, exit_], closed_on=closed) is None
    # An exit assessment that was corrected into a review no longer counts as the exit.
    as_review = assessment(closed, REVIEW, corrects=exit_.id, safety=4)
    assert next_assessment(entry, [intake, exit_, as_review], closed_on=closed) == (
        NextAssessment(EXIT, closed))


def test_overdue_and_due_soon_on_calendar_days() -> None:
    due = NextAssessment(REVIEW, dt.date(2025, 3, 2))
    assert [due.is_due_soon(dt.date(2025, 2, d)) for d in (22, 23)] == [False, True]
    assert due.is_due_soon(dt.date(2025, 3, 2)) and due.is_due_soon(dt.date(2025, 6, 1))
    assert not due.is_overdue(dt.date(2025, 3, 2))
    assert due.is_overdue(dt.date(2025, 3, 3))


ZONES = ("America/Vancouver", "America/St_Johns", "Asia/Kolkata")


def local_today(instant: dt.datetime, zone: str) -> dt.date:
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).date()


@pytest.mark.parametrize(("instant", "expected"), [
    # 02:00 UTC on 3 March: still 2 March in Vancouver (18:00) and St. John's (22:30), already
    # 3 March in Kolkata (07:30).
    (dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC),
     {"America/Vancouver": (dt.date(2025, 3, 2), False),
      "America/St_Johns": (dt.date(2025, 3, 2), False),
      "Asia/Kolkata": (dt.date(2025, 3, 3), True)}),
    # 03:15 UTC: St. John's (23:45 on the 2nd, UTC-3:30) is still on the due day.
    (dt.datetime(2025, 3, 3, 3, 15, tzinfo=dt.UTC),
     {"America/Vancouver": (dt.date(2025, 3, 2), False),
      "America/St_Johns": (dt.date(2025, 3, 2), False),
      "Asia/Kolkata": (dt.date(2025, 3, 3), True)}),
    # 03:45 UTC: midnight has passed in St. John's but not in Vancouver (19:45).
    (dt.datetime(2025, 3, 3, 3, 45, tzinfo=dt.UTC),
     {"America/Vancouver": (dt.date(2025, 3, 2), False),
      "America/St_Johns": (dt.date(2025, 3, 3), True),
      "Asia/Kolkata": (dt.date(2025, 3, 3), True)}),
    # 08:00 UTC: the 3rd everywhere.
    (dt.datetime(2025, 3, 3, 8, 0, tzinfo=dt.UTC),
     {"America/Vancouver": (dt.date(2025, 3, 3), True),
      "America/St_Johns": (dt.date(2025, 3, 3), True),
      "Asia/Kolkata": (dt.date(2025, 3, 3), True)}),
])
def test_overdue_turns_on_at_local_midnight_in_each_time_zone(
        instant: dt.datetime, expected: dict[str, tuple[dt.date, bool]]) -> None:
    entry = dt.date(2025, 1, 31)
    due = next_assessment(entry, [])
    assert due == NextAssessment(INTAKE, dt.date(2025, 3, 2))
    for zone, (day, overdue) in expected.items():
        today = local_today(instant, zone)
        assert today == day, zone
        assert due.is_overdue(today) is overdue, zone
        assert due.is_due_soon(today), zone


def test_due_soon_starts_on_the_local_day_seven_days_before() -> None:
    due = NextAssessment(REVIEW, dt.date(2025, 11, 10))
    # 2025-11-03 04:00 UTC: 20:00 on 2 November in Vancouver; 00:30 on the 3rd in St. John's
    # (UTC-3:30 once summer time has ended); 09:30 on the 3rd in Kolkata.
    instant = dt.datetime(2025, 11, 3, 4, 0, tzinfo=dt.UTC)
    days = {zone: local_today(instant, zone) for zone in ZONES}
    assert days == {"America/Vancouver": dt.date(2025, 11, 2),
                    "America/St_Johns": dt.date(2025, 11, 3),
                    "Asia/Kolkata": dt.date(2025, 11, 3)}
    assert {zone: due.is_due_soon(day) for zone, day in days.items()} == {
        "America/Vancouver": False, "America/St_Johns": True, "Asia/Kolkata": True}


def test_a_daylight_saving_change_does_not_move_a_due_date() -> None:
    # Vancouver springs forward on 9 March 2025: the day has 23 hours, the date arithmetic none.
    entry = dt.date(2025, 2, 7)
    due = next_assessment(entry, [])
    assert due == NextAssessment(INTAKE, dt.date(2025, 3, 9))
    vancouver = zoneinfo.ZoneInfo("America/Vancouver")
    just_before = dt.datetime(2025, 3, 9, 23, 59, tzinfo=vancouver)
    just_after = dt.datetime(2025, 3, 10, 0, 0, 30, tzinfo=vancouver)
    assert not due.is_overdue(just_before.date())
    assert due.is_overdue(just_after.date())


# -- aggregates -------------------------------------------------------------------------------


def by_domain(changes: list[DomainChange]) -> dict[str, DomainChange]:
    return {c.domain: c for c in changes}


def test_domain_changes_compare_each_clients_first_and_latest_score() -> None:
    day = dt.date(2025, 1, 1)
    later = dt.date(2025, 3, 1)
    latest = dt.date(2025, 6, 1)
    ana = [assessment(day, INTAKE, client="ana", safety=1, housing=2),
           assessment(later, client="ana", safety=2, housing=2),
           assessment(latest, client="ana", safety=4, housing=1)]
    bo = [assessment(day, INTAKE, client="bo", safety=3, housing=3),
          assessment(latest, client="bo", safety=2)]  # housing scored once: not counted
    cy = [assessment(day, INTAKE, client="cy", safety=5)]  # one assessment: not counted
    changes = by_domain(domain_changes(SELF_SUFFICIENCY, [ana, bo, cy]))
    assert list(changes) == DOMAIN_KEYS
    safety = changes["safety"]
    assert dataclasses.asdict(safety) == {
        "domain": "safety", "clients": 2, "mean_first": 2.0, "mean_latest": 3.0,
        "improved": 1, "unchanged": 0, "worsened": 1}
    housing = changes["housing"]
    assert (housing.clients, housing.mean_first, housing.mean_latest,
            housing.improved, housing.unchanged, housing.worsened) == (
        1, 2.0, 1.0, 0, 0, 1)
    legal = changes["legal"]
    assert (legal.clients, legal.mean_first, legal.mean_latest) == (0, 0.0, 0.0)


def test_domain_changes_skip_na_unscored_and_corrected_assessments() -> None:
    day, later = dt.date(2025, 1, 1), dt.date(2025, 4, 1)
    wrong = assessment(day, INTAKE, client="d", safety=5, children=2)
    fixed = assessment(day, INTAKE, client="d", corrects=wrong.id, at_hour=17, safety=1,
                       children=NOT_APPLICABLE)
    review = assessment(later, client="d", safety=3, children=NOT_APPLICABLE,
                        income=DomainScore(ScoreStatus.DECLINED))
    review_2 = assessment(later + dt.timedelta(days=30), client="d", children=3,
                          income=DomainScore(ScoreStatus.NOT_ASSESSED))
    changes = by_domain(domain_changes(SELF_SUFFICIENCY, [[wrong, fixed, review, review_2]]))
    safety = changes["safety"]
    # The corrected 5 is gone: the first safety score is the correction's 1.
    assert (safety.clients, safety.mean_first, safety.mean_latest, safety.improved) == (
        1, 1.0, 3.0, 1)
    # Children: the corrected 2 is gone and N/A is not a score, so only one real score is left.
    assert changes["children"].clients == 0
    assert changes["income"].clients == 0


def test_domain_changes_means_are_rounded_to_two_places() -> None:
    day, later = dt.date(2025, 1, 1), dt.date(2025, 2, 1)
    clients = [[assessment(day, INTAKE, client=name, safety=first),
                assessment(later, client=name, safety=last)]
               for name, first, last in (("a", 1, 2), ("b", 1, 2), ("c", 2, 2))]
    safety = by_domain(domain_changes(SELF_SUFFICIENCY, clients))["safety"]
    assert (safety.mean_first, safety.mean_latest) == (1.33, 2.0)
    assert (safety.improved, safety.unchanged, safety.worsened) == (2, 1, 0)
