"""Service plans for demo clients (domain.md §4), made from their needs assessments.

Most clients get a plan a few days after their intake assessment: one to three goals from the
domains where they scored worst (the score is the goal's baseline), each in the client's own
words and reading language, with one or two objectives and two to four actions (client, worker
or a partner described neutrally), agreed by signature, mark or word. Reviews follow the plan
cadence (every 30 days while stabilising, then every 90) until they lapse or the file closes;
the first review, or a change between reviews, starts version 2, which carries every review
and is agreed at the last one (version 1 is then superseded) or is still a draft. Action
statuses are what staff knew when the version was last written: done, late, deferred; actions
due since then and not done show as overdue today. A closed file closes its plan.

Versions are made as PlanService would leave them (agreed versions are never changed after
their acknowledgement, older ones superseded) but written in bulk by ``DemoDataService``; the
tests hold every generated plan to those rules. Own random stream: the clients and assessments
a seed gives do not change because plans are made.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import os
import random
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore, ScoreStatus
from shelter_desktop.domain.plans import (
    Acknowledgement,
    Action,
    ActionStatus,
    CopyDecision,
    Goal,
    Objective,
    PlanAcknowledgement,
    PlanStatus,
    PlanVersion,
    Responsible,
    Review,
    next_review,
)
from shelter_desktop.services import demo_plan_texts as texts

if TYPE_CHECKING:
    from shelter_desktop.domain.new_clients import NewClient
    from shelter_desktop.services.demo_data import PlannedAssessment

PLAN_SHARE = 0.85
CASEWORKERS = ("Anne", "Marie-Claude", "Sarah", "Julie", "Amina", "Priya", "Sophie", "Nadia",
               "Isabelle", "Grace", "Leila", "Catherine")
MAX_GOALS = 3
_GOAL_COUNTS = (1, 2, 3)
_GOAL_COUNT_WEIGHTS = (30, 45, 25)
_ACTION_COUNT_WEIGHTS = (30, 45, 25)  # 2, 3 or 4 actions per goal
_REVIEW_COUNT_WEIGHTS = (10, 30, 27, 18, 15)  # reviews held (0 … 4) before they lapsed
_MEETING_TIMES = (dt.time(10), dt.time(11), dt.time(13, 30), dt.time(14), dt.time(15, 30))
# (text, what the review changed); the first review always changes something (it makes v2).
REVIEW_CHANGES = (
    ("Actions updated after the review.", "statuses"),
    ("Added a step to one goal.", "action"),
    ("New target dates agreed.", "dates"),
    ("A new goal from the review.", "goal"),
    ("Échéances revues avec la cliente.", "dates"),
    ("One action deferred at the client's request.", "defer"),
)
# A change between reviews (PlanService.add_goal writes "New goal").
CHANGE_REASONS = (
    ("New goal", "goal"),
    ("Added an action after the last appointment.", "action"),
    ("New target dates agreed.", "dates"),
)
REVIEW_PROGRESS = ("Steady progress; two actions done.", "Progrès constants, une action terminée.",
                   "Housing search is slow; the client is discouraged but engaged.",
                   "Missed one appointment; rebooked.", "Feels safer and sleeps better.",
                   "Started classes; proud of it.", "Waiting for answers on two applications.")


def _cumulative(weights: Sequence[int]) -> tuple[int, ...]:
    return tuple(itertools.accumulate(weights))


_CUMULATIVE: dict[tuple[int, ...], tuple[int, ...]] = {
    weights: _cumulative(weights)
    for weights in (_GOAL_COUNT_WEIGHTS, _ACTION_COUNT_WEIGHTS, _REVIEW_COUNT_WEIGHTS)}
_OPEN = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class _Ids:
    """Random version-4 UUIDs as text, from the system's random source read in blocks.

    As random as ``uuid.uuid4()`` (record identity must not be guessable or derived from the
    seed) at a seventh of the cost: a plan has a dozen ids, a 100k vault over a million.
    """

    BLOCK = 4096  # ids per read

    def __init__(self) -> None:
        self._hex = ""
        self._at = 0

    def __call__(self) -> str:
        at = self._at
        if at >= len(self._hex):
            self._hex = os.urandom(16 * self.BLOCK).hex()
            at = 0
        h = self._hex[at:at + 32]
        self._at = at + 32
        # Version 4 in the 13th digit, the RFC 4122 variant (8, 9, a or b) in the 17th.
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


class _Step:
    """An action while its plan is being written: its status moves on as reviews pass."""

    __slots__ = ("added", "completed_on", "due_on", "id", "partner", "status", "what", "who")

    def __init__(self, id_: str, what: str, who: Responsible, due_on: dt.date | None,
                 partner: str, added: dt.date) -> None:
        self.id = id_
        self.what = what
        self.who = who
        self.due_on = due_on
        self.partner = partner
        self.added = added
        self.status = ActionStatus.NOT_STARTED
        self.completed_on: dt.date | None = None

    def frozen(self) -> Action:
        return Action(self.id, self.what, self.who, self.due_on, self.status, self.completed_on,
                      self.partner)


class _Aim:
    """A goal while its plan is being written."""

    __slots__ = ("baseline", "domain", "id", "objectives", "priority", "steps", "words")

    def __init__(self, id_: str, domain: str, baseline: int | None, words: str, priority: int,
                 objectives: list[Objective], steps: list[_Step]) -> None:
        self.id = id_
        self.domain = domain
        self.baseline = baseline
        self.words = words
        self.priority = priority
        self.objectives = objectives
        self.steps = steps


def _frozen(aims: list[_Aim]) -> tuple[Goal, ...]:
    return tuple(Goal(aim.id, aim.domain, aim.baseline, aim.words, aim.priority,
                      tuple(aim.objectives), tuple(step.frozen() for step in aim.steps))
                 for aim in aims)


class PlanGenerator:
    """Plans for generated clients, from a random stream of their own (one seed, one vault)."""

    def __init__(self, seed: int, today: dt.date, now: dt.datetime) -> None:
        self.rng = random.Random(f"plans:{seed}")
        self.today = today
        self.now = now
        self.uid = _Ids()

    # -- small helpers ----------------------------------------------------------------------

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def between(self, low: int, high: int) -> int:
        """``randint`` without its argument checks (this runs millions of times at 100k)."""
        return low + int(self.rng.random() * (high - low + 1))

    def weighted(self, weights: tuple[int, ...]) -> int:
        """An index drawn with these weights (cumulative weights built once)."""
        cumulative = _CUMULATIVE[weights]
        return bisect.bisect(cumulative, self.rng.random() * cumulative[-1])

    def at(self, day: dt.date) -> dt.datetime:
        """A time during that working day, never after now."""
        stamp = dt.datetime(day.year, day.month, day.day, 13, tzinfo=dt.UTC) + dt.timedelta(
            minutes=self.between(0, 8 * 60))
        return min(stamp, self.now)

    # -- one client -------------------------------------------------------------------------

    def for_client(self, client_id: str, client: NewClient,
                   assessments: Sequence[PlannedAssessment], author: str
                   ) -> list[tuple[PlanVersion, dt.datetime]]:
        """The client's plan versions, oldest first, each with when it last changed."""
        rng = self.rng
        intakes = [a for a in assessments if a.kind is AssessmentKind.INTAKE]
        if not intakes or rng.random() >= PLAN_SHARE:
            return []
        intake = intakes[-1]  # a correction comes right after the intake it corrects
        last_day = client.exit_date - dt.timedelta(days=1) if client.exit_date else self.today
        plan_day = min(intake.assessed_on + dt.timedelta(days=self.between(0, 7)), last_day)
        if plan_day < intake.assessed_on:
            return []  # the file closed the day after the intake: no time for a plan
        domains = self.worst_domains(intake.scores, _GOAL_COUNTS[self.weighted(
            _GOAL_COUNT_WEIGHTS)], ())
        if not domains:
            return []
        writer = _Writer(self, client, plan_day)
        aims = [writer.aim(domain, intake.scores[domain].score, priority, plan_day)
                for priority, domain in enumerate(domains, start=1)]
        plan_id = self.uid()
        caseworker = rng.choice(CASEWORKERS)
        created = self.at(plan_day)
        meeting = self.meeting(client.entry_date, None, plan_day)
        goals = _frozen(aims)  # as written on the day: nothing due yet

        first_id = self.uid()

        def version_one(status: PlanStatus, ack: PlanAcknowledgement | None) -> PlanVersion:
            return PlanVersion(first_id, plan_id, client_id, 1, status, goals, meeting,
                               caseworker, (), ack, "", created, author, writer.print_languages)

        recent = (last_day - plan_day).days < 5
        if (recent and self.chance(0.5)) or self.chance(0.04):
            return [(version_one(PlanStatus.DRAFT, None), created)]  # not agreed yet
        ack_day = min(plan_day + dt.timedelta(days=0 if self.chance(0.7) else self.between(1, 3)),
                      last_day)
        ack = writer.acknowledgement(ack_day)
        first_changed = max(self.at(ack_day), created)
        reviews = self.review_days(client.entry_date, plan_day, ack_day, last_day)
        if reviews:
            second = self.reviewed(writer, aims, reviews, assessments, plan_day)
        elif (last_day - ack_day).days >= 7 and self.chance(0.3):
            second = self.changed(writer, aims, ack_day, last_day, assessments, meeting)
        else:
            return [self.closing(version_one(PlanStatus.ACTIVE, ack), first_changed, client)]
        version_two = PlanVersion(
            self.uid(), plan_id, client_id, 2,
            PlanStatus.DRAFT if second.acknowledgement is None else PlanStatus.ACTIVE,
            second.goals, second.next_meeting, caseworker, second.reviews,
            second.acknowledgement, second.change_reason, second.created_at, author,
            writer.print_languages)
        if second.acknowledgement is not None:
            return [(version_one(PlanStatus.SUPERSEDED, ack), second.changed_at),
                    self.closing(version_two, second.changed_at, client)]
        # A draft second version: the first stays the agreed one (until the file closes).
        return [self.closing(version_one(PlanStatus.ACTIVE, ack), first_changed, client),
                (version_two, second.changed_at)]

    def closing(self, version: PlanVersion, changed: dt.datetime, client: NewClient
                ) -> tuple[PlanVersion, dt.datetime]:
        """A closed file closes its agreed plan (its status only; agreed text never changes)."""
        if client.exit_date is None or version.status is not PlanStatus.ACTIVE:
            return version, changed
        v = version
        closed = PlanVersion(v.id, v.plan_id, v.client_id, v.version, PlanStatus.CLOSED, v.goals,
                             v.next_meeting, v.caseworker_first_name, v.reviews,
                             v.acknowledgement, v.change_reason, v.created_at, v.created_by,
                             v.print_languages)
        return closed, self.at(client.exit_date)

    def worst_domains(self, scores: dict[str, DomainScore], count: int, taken: Iterable[str]
                      ) -> list[str]:
        """The ``count`` lowest-scored domains (ties in random order), skipping ``taken``.

        Only domains scored 1–5: not "not applicable", declined or not assessed.
        """
        skip = set(taken)
        random_ = self.rng.random
        ranked = sorted((score.score, random_(), domain) for domain, score in scores.items()
                        if domain not in skip and score.status is ScoreStatus.SCORED
                        and score.score)
        return [domain for _score, _tie, domain in ranked[:count]]

    def meeting(self, entry: dt.date, last_review: dt.date | None, created: dt.date
                ) -> dt.datetime | None:
        """The next meeting a version names: its next review, at a time agreed."""
        if self.chance(0.08):
            return None  # "as agreed"
        day = next_review(entry, last_review, created)
        return dt.datetime.combine(day, self.rng.choice(_MEETING_TIMES))

    def review_days(self, entry: dt.date, created: dt.date, agreed: dt.date, last_day: dt.date
                    ) -> list[dt.date]:
        """Reviews on the cadence, a little early or late, until they lapse or the file closes."""
        wanted = self.weighted(_REVIEW_COUNT_WEIGHTS)
        days: list[dt.date] = []
        while len(days) < wanted:
            due = next_review(entry, days[-1] if days else None, created)
            day = max(due + dt.timedelta(days=self.between(-5, 10)),
                      (days[-1] if days else agreed) + dt.timedelta(days=1))
            if day > last_day:
                break
            days.append(day)
        return days

    def reviewed(self, writer: _Writer, aims: list[_Aim], days: list[dt.date],
                 assessments: Sequence[PlannedAssessment], created: dt.date) -> _SecondVersion:
        """Version 2: made by the first review, holding every review, agreed at the last."""
        rng = self.rng
        reviews: list[Review] = []
        agreed = self.chance(0.85)
        for index, day in enumerate(days):
            last = index == len(days) - 1
            present = (last and agreed) or self.chance(0.92)
            if index == 0 or self.chance(0.4):
                changes, effect = rng.choice(REVIEW_CHANGES)
            else:
                changes, effect = "", "statuses"
            writer.change(aims, effect, day, assessments)
            reviews.append(Review(self.uid(), day, present, writer.attendees(present),
                                  rng.choice(REVIEW_PROGRESS), changes))
        last_day = days[-1]
        created_2 = self.at(days[0])
        changed = max(self.at(last_day), created_2)
        ack = writer.acknowledgement(last_day) if agreed else None
        meeting = self.meeting(writer.client.entry_date, last_day, created)
        return _SecondVersion(_frozen(aims), tuple(reviews), reviews[0].changes, created_2,
                              meeting, ack, changed)

    def changed(self, writer: _Writer, aims: list[_Aim], agreed: dt.date, last_day: dt.date,
                assessments: Sequence[PlannedAssessment], meeting: dt.datetime | None
                ) -> _SecondVersion:
        """Version 2 from a change between reviews (a new goal, an action, new dates)."""
        day = min(agreed + dt.timedelta(days=self.between(7, 60)), last_day)
        reason, effect = self.rng.choice(CHANGE_REASONS)
        writer.change(aims, effect, day, assessments)
        created = self.at(day)
        ack = writer.acknowledgement(day) if self.chance(0.85) else None
        return _SecondVersion(_frozen(aims), (), reason, created, meeting, ack, created)


class _SecondVersion(NamedTuple):
    """What version 2 says, before it is a PlanVersion."""

    goals: tuple[Goal, ...]
    reviews: tuple[Review, ...]
    change_reason: str
    created_at: dt.datetime
    next_meeting: dt.datetime | None
    acknowledgement: PlanAcknowledgement | None
    changed_at: dt.datetime


class _Writer:
    """One client's plan texts and dates: their language, their words, their worker's steps."""

    def __init__(self, generator: PlanGenerator, client: NewClient, plan_day: dt.date) -> None:
        self.generator = generator
        self.rng = generator.rng
        self.uid = generator.uid
        self.client = client
        self.plan_day = plan_day
        reading = str(client.answers.get("reading_language", Answer.of("en")).value)
        self.reading = reading if reading in texts.GOALS else "en"
        self.staff = reading if reading in texts.STAFF_LANGUAGES else "en"
        gender = client.answers.get("gender", Answer()).value
        self.masculine = texts.MASCULINE.get(self.reading, ()) if gender == ["man"] else ()
        both = self.reading not in ("en", "fr") and self.chance(0.25)
        self.print_languages = (self.reading, "en") if both else (self.reading,)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def words(self, domain: str) -> str:
        sentence = self.rng.choice(texts.GOALS[self.reading][domain])
        for feminine, masculine in self.masculine:
            sentence = sentence.replace(feminine, masculine)
        return sentence

    def aim(self, domain: str, baseline: int | None, priority: int, day: dt.date) -> _Aim:
        rng = self.rng
        between = self.generator.between
        statements = texts.OBJECTIVES[self.staff][domain]
        chosen = statements if len(statements) > 1 and self.chance(0.4) else (
            rng.choice(statements),)
        objectives = [Objective(self.uid(), statement,
                                day + dt.timedelta(days=7 * between(4, 16)))
                      for statement in chosen]
        wanted = 2 + self.generator.weighted(_ACTION_COUNT_WEIGHTS)
        picked = (0, 1, 2) if wanted > 2 else sorted(rng.sample((0, 1, 2), 2))
        steps = [self.step(domain, index, day, position)
                 for position, index in enumerate(picked)]
        if wanted == 4:
            steps.append(self.check_in(day, len(steps)))
        return _Aim(self.uid(), domain, baseline, self.words(domain), priority, objectives,
                    steps)

    def due(self, day: dt.date, position: int) -> dt.date | None:
        if self.chance(0.08):
            return None
        return day + dt.timedelta(days=7 * (position + 1) + self.generator.between(-3, 10))

    def step(self, domain: str, index: int, day: dt.date, position: int) -> _Step:
        who, partner = texts.ACTION_ROLES[domain][index]
        description = texts.PARTNERS[self.staff][partner] if partner else ""
        return _Step(self.uid(), texts.ACTIONS[self.staff][domain][index], who,
                     self.due(day, position), description, day)

    def check_in(self, day: dt.date, position: int) -> _Step:
        return _Step(self.uid(), texts.CHECK_IN[self.staff], Responsible.CLIENT,
                     self.due(day, position), "", day)

    # -- statuses as staff knew them on a day -----------------------------------------------

    def advance(self, aims: list[_Aim], day: dt.date) -> None:
        """Every open action's status as recorded on ``day``.

        Statuses only move on: done, cancelled and deferred stay, started never unstarts.
        """
        random_ = self.rng.random
        for aim in aims:
            for step in aim.steps:
                if step.status not in _OPEN:
                    continue
                roll = random_()
                due = step.due_on
                if due is not None and due <= day:  # it was due by then
                    if roll < 0.68:
                        done = due + dt.timedelta(days=self.generator.between(-5, 5))
                        step.status = ActionStatus.DONE
                        step.completed_on = min(day, max(step.added, done))
                    elif roll < 0.80:
                        step.status = ActionStatus.IN_PROGRESS
                    elif roll < 0.87:
                        pass  # not started: overdue
                    elif roll < 0.94:
                        step.status = ActionStatus.DEFERRED
                    else:
                        step.status = ActionStatus.CANCELLED
                elif day > step.added:
                    if roll < 0.06:  # done early
                        step.status = ActionStatus.DONE
                        step.completed_on = step.added + dt.timedelta(
                            days=self.generator.between(1, (day - step.added).days))
                    elif roll < 0.28:
                        step.status = ActionStatus.IN_PROGRESS

    # -- what a review or a change does -----------------------------------------------------

    def change(self, aims: list[_Aim], effect: str, day: dt.date,
               assessments: Sequence[PlannedAssessment]) -> None:
        rng = self.rng
        self.advance(aims, day)
        if effect == "goal" and len(aims) < MAX_GOALS:
            latest = [a for a in assessments if a.assessed_on <= day][-1]
            domains = self.generator.worst_domains(latest.scores, 1, (a.domain for a in aims))
            if domains:
                domain = domains[0]
                aims.append(self.aim(domain, latest.scores[domain].score, len(aims) + 1, day))
                return
        if effect == "goal":
            effect = "action"  # nothing left to add a goal for, or enough goals already
        if effect == "defer":  # a goal with something left to defer, when there is one
            aims_open = [aim for aim in aims if any(s.status in _OPEN for s in aim.steps)]
            aim = rng.choice(aims_open or aims)
        else:
            aim = aims[rng.randrange(len(aims))]
        if effect == "action":
            have = {step.what for step in aim.steps}
            candidates = [i for i, what in enumerate(texts.ACTIONS[self.staff][aim.domain])
                          if what not in have]
            aim.steps.append(self.step(aim.domain, rng.choice(candidates), day, 0) if candidates
                             else self.check_in(day, 0))
        elif effect == "dates":
            later = dt.timedelta(days=self.generator.between(30, 60))
            aim.objectives = [Objective(o.id, o.statement, o.target_on + later if o.target_on
                                        else None) for o in aim.objectives]
        elif effect == "defer":
            open_ = [step for step in aim.steps if step.status in _OPEN]
            if open_:
                rng.choice(open_).status = ActionStatus.DEFERRED

    def attendees(self, present: bool) -> str:
        if not present:
            return "Caseworker (the client could not come)"
        if self.client.interpreter is not None:
            return "Client, caseworker, interpreter"
        return "Client, caseworker"

    def acknowledgement(self, day: dt.date) -> PlanAcknowledgement:
        random_ = self.rng.random
        roll = random_()
        how = (Acknowledgement.SIGNATURE if roll < 0.6 else Acknowledgement.MARK if roll < 0.72
               else Acknowledgement.VERBAL)
        roll = random_()
        copy = (CopyDecision.ACCEPTED if roll < 0.6 else CopyDecision.KEPT_AT_SHELTER
                if roll < 0.85 else CopyDecision.DECLINED)
        return PlanAcknowledgement(how, day, self.client.interpreter is not None, copy)


def generate_plans(clients: Iterable[NewClient],
                   assessments: Iterable[Sequence[PlannedAssessment]], seed: int,
                   today: dt.date, now: dt.datetime, author: str = "demo"
                   ) -> Iterator[list[tuple[PlanVersion, dt.datetime]]]:
    """Each client's plan versions (client ids ``client-<n>``), as ``DemoDataService`` stores."""
    generator = PlanGenerator(seed, today, now)
    for index, (client, planned) in enumerate(zip(clients, assessments, strict=True)):
        yield generator.for_client(f"client-{index}", client, planned, author)
