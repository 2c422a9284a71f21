"""Bad input is handled (security.md, "Bad input is handled"), beyond the intake's own fields.

Generated text (every script, NUL and other controls, lone surrogates, bidi controls, joiners,
SQL and full-text-search metacharacters, strings of a megabyte, text around each limit) goes
into the assessment notes, the plan's goal words, actions, objectives and reviews, staff display
names, and search queries, through the services. No unhandled exception; the value either comes
back exactly as given (after the documented normalisation: surrounding blanks of a goal's words,
NFC and surrounding blanks of a display name) or is refused with a ValidationError that names the
field and has a message; nothing else of the record changes, and what was accepted is still
there after locking and unlocking. The intake's own fields are covered the same way in
tests/services/test_clients_roundtrip.py; typing and pasting into the intake window is sampled
here too. ``make test`` runs about 60 examples per group; ``make soak`` about 2,000.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shelter_desktop.domain import text_rules
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.answers import Answer
from shelter_desktop.domain.assessments import NOTE_MAX, AssessmentKind, DomainScore
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.domain.plans import Action, Goal, Objective, Responsible, Review
from shelter_desktop.errors import ValidationError
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.assessments import AssessmentService, GoalSeed
from shelter_desktop.services.clients import ClientService, ListFilter
from shelter_desktop.services.plans import TEXT_MAX, PlanService
from shelter_desktop.services.session import Session
from tests.conftest import VaultFixture, campaign_size, full_size
from tests.services.test_clients import first_contact
from tests.services.test_clients_roundtrip import BAD_CHARS, VALID_CHAR

DEFAULT_EXAMPLES = 60
SOAK_EXAMPLES = 2000
MEGABYTE = 1_000_000
ENTRY = dt.date(2025, 1, 6)
TODAY = dt.date(2025, 6, 1)
# SQL, LIKE, full-text-search and format-string metacharacters.
METACHARACTERS = ["'", "''", '"', '""', "'; DROP TABLE clients;--", "\" OR 1=1 --", "%", "_",
                  "\\", "*", "^", "-", "+", ":", "(", ")", "NEAR(", " AND ", " OR ", " NOT ",
                  "{0}", "{name}", "%s", "%(x)s", "' UNION SELECT value FROM meta --",
                  "names:", "\\x00", "/*", "*/", "\u2028"]
LINE_BREAK = re.compile("\r\n|[\r\u2029]")


# -- what may be typed or pasted -------------------------------------------------------------------


@st.composite
def hostile_text(draw: st.DrawFn, limit: int) -> str:
    """Anything a person could type or paste, often near ``limit`` and now and then huge."""
    pieces = st.one_of(VALID_CHAR, VALID_CHAR, st.sampled_from(METACHARACTERS),
                       st.sampled_from(["\n", "\t"]))
    text = draw(st.lists(pieces, max_size=30).map("".join))
    mode = draw(st.sampled_from(["plain"] * 8 + ["bad"] * 3 + ["clean"] * 3 + ["edge"] * 3
                                + ["blank"] * 2 + ["huge"]))
    if mode == "clean":  # most real input is fine: make sure plenty of it is stored
        text = draw(st.lists(VALID_CHAR, min_size=1, max_size=30).map("".join))
    elif mode == "bad":  # NUL, other controls, a lone surrogate, a Windows line break
        position = draw(st.sampled_from([0, len(text)]) | st.integers(0, len(text)))
        # Controls that str.strip() takes for blanks, at the edges, where they could be dropped.
        bad = draw(BAD_CHARS | st.sampled_from(["\r\n", "\x1c", "\x1f", "\x85"]))
        text = text[:position] + bad + text[position:]
    elif mode == "edge":
        target = limit + draw(st.integers(-2, 2))
        chunk = text or "ж𠀋\u200f"
        text = (chunk * (target // len(chunk) + 1))[:target]
    elif mode == "blank":
        text = draw(st.text(alphabet=" \u3000\u00a0\t\n", max_size=3))
    elif mode == "huge":
        chunk = text or "Zoë 王芳 "
        text = (chunk * (MEGABYTE // len(chunk) + 1))[:MEGABYTE]
    return text


def storable(text: str, limit: int, *, multiline: bool) -> bool:
    """The rule for client text, written out independently of the code under test."""
    if len(text) > limit:  # first: a megabyte need not be read character by character
        return False
    allowed = {"\n", "\t"} if multiline else set()
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return False
        if (code < 0x20 or 0x7F <= code <= 0x9F) and ch not in allowed:
            return False
    return True


def campaign_settings(examples: int) -> Callable[[Any], Any]:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


@dataclasses.dataclass
class Outcomes:
    """How many inputs were stored and refused: both must happen often."""

    name: str
    counts: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)

    def refused(self, error: ValidationError, fields: set[str] | str) -> None:
        allowed = {fields} if isinstance(fields, str) else fields
        assert error.field in allowed, (error.field, allowed)
        assert error.user_message().strip()
        self.counts["refused"] += 1

    def stored(self) -> None:
        self.counts["stored"] += 1

    def check(self, examples: int) -> None:
        total = sum(self.counts.values())
        print(f"\nfuzz {self.name}: {total} inputs, {self.counts['stored']} stored, "
              f"{self.counts['refused']} refused")
        assert self.counts["stored"] >= examples // 5, self.counts
        assert self.counts["refused"] >= examples // 10, self.counts


@pytest.fixture
def session(vault: VaultFixture) -> Iterator[Session]:
    opened = vault.unlock()
    yield opened
    opened.lock()


def new_client(session: Session, name: str = "Зоя Fuzz") -> str:
    return ClientService(session).create_from_first_contact(first_contact(name), today=ENTRY)


# -- assessment notes ----------------------------------------------------------------------------

DOMAINS = [domain.key for domain in SELF_SUFFICIENCY.domains]
COMPANION_NOTE = "Спокійно · آرام · ✓"


def run_notes(vault: VaultFixture, session: Session, examples: int) -> None:
    service = AssessmentService(session)
    client_id = new_client(session)
    outcomes = Outcomes("assessment notes")
    kept: list[tuple[str, str, str]] = []  # (assessment id, domain, note)

    @campaign_settings(examples)
    @given(note=hostile_text(NOTE_MAX), domain=st.sampled_from(DOMAINS[1:]),
           score=st.integers(1, 5))
    def check(note: str, domain: str, score: int) -> None:
        before = service.history(client_id)
        scores = {domain: DomainScore.of(score, note), "safety": DomainScore.of(2, COMPANION_NOTE)}
        try:
            stored = service.complete(client_id, AssessmentKind.REVIEW, TODAY, scores,
                                      today=TODAY)
        except ValidationError as error:
            assert not storable(note, NOTE_MAX, multiline=True), repr(note[:80])
            outcomes.refused(error, domain)
            assert service.history(client_id) == before  # nothing stored
            return
        assert storable(note, NOTE_MAX, multiline=True), ("stored", repr(note[:80]))
        assert stored.scores[domain] == DomainScore.of(score, note)
        assert stored.scores["safety"] == DomainScore.of(2, COMPANION_NOTE)
        assert service.history(client_id)[:-1] == before
        outcomes.stored()
        kept.append((stored.id, domain, note))

    check()
    outcomes.check(examples)
    session.lock()
    again = vault.unlock()
    try:
        by_id = {a.id: a for a in AssessmentService(again).history(client_id)}
        assert all(by_id[i].scores[d].note == note for i, d, note in kept)
    finally:
        again.lock()


def test_assessment_notes_round_trip_or_are_refused(vault: VaultFixture,
                                                     session: Session) -> None:
    run_notes(vault, session, campaign_size(DEFAULT_EXAMPLES, SOAK_EXAMPLES))


@full_size
def test_assessment_notes_full_campaign(vault: VaultFixture, session: Session) -> None:
    run_notes(vault, session, SOAK_EXAMPLES)


# -- plans: goal words, actions, objectives, reviews ----------------------------------------------


@dataclasses.dataclass(frozen=True)
class GoalText:
    words: str
    what: str
    statement: str
    partner: str


def companion_goal() -> Goal:
    return Goal(str(uuid.uuid4()), "housing", 1, "ਆਪਣਾ ਘਰ — my own place", priority=1,
                actions=(Action(str(uuid.uuid4()), "Call the office · اتصل",
                                Responsible.CASEWORKER),))


def goal_refusal(text: GoalText) -> set[str]:
    """The fields that must refuse ``text`` (empty when it must be stored)."""
    refused = set()
    for field, value, required in (("in_client_words", text.words, True),
                                   ("what", text.what, True),
                                   ("statement", text.statement, False)):
        # Checked without surrounding blanks where words must be written; characters never.
        kept = value.strip() if required else value
        if not storable(value, len(value), multiline=True) or len(kept) > TEXT_MAX or (
                required and not kept):
            refused.add(field)
    if not storable(text.partner, 200, multiline=False):
        refused.add("partner_description")
    return refused


def clean_text() -> st.SearchStrategy[str]:
    """Text that may always be stored: the fields not under test in an example hold it."""
    return st.lists(VALID_CHAR, max_size=20).map(lambda chars: "Goal " + "".join(chars))


@st.composite
def goal_and_review(draw: st.DrawFn) -> tuple[GoalText, tuple[str, str, str]]:
    """One field of the goal and one of the review get hostile text, the others clean text."""
    goal_values = [draw(clean_text()) for _ in range(3)] + ["a partner"]
    target = draw(st.integers(0, 3))
    goal_values[target] = draw(hostile_text(200 if target == 3 else TEXT_MAX))
    review = [draw(clean_text()) for _ in range(3)]
    review[draw(st.integers(0, 2))] = draw(hostile_text(TEXT_MAX))
    return GoalText(*goal_values), (review[0], review[1], review[2])


def run_plans(vault: VaultFixture, session: Session, examples: int) -> None:
    service = PlanService(session)
    client_id = new_client(session)
    plan = service.add_goal(client_id, GoalSeed(client_id, "housing", 1, None, None), "start")
    companion = companion_goal()
    plan = service.save_draft(dataclasses.replace(plan, goals=(companion,)))
    goals, reviews = Outcomes("plan goals, actions, objectives"), Outcomes("plan reviews")

    @campaign_settings(examples)
    @given(case=goal_and_review())
    # Controls that str.strip() takes for blanks, at the edge of words that are stripped.
    @example(case=(GoalText("home\x1f", "call", "s", "p"), ("a", "b", "c")))
    @example(case=(GoalText("home", "\x85call", "s", "p"), ("a", "b", "c")))
    def check(case: tuple[GoalText, tuple[str, str, str]]) -> None:
        text, review = case
        before = service.latest(client_id)
        assert before is not None
        goal = Goal(str(uuid.uuid4()), "income", 2, text.words, priority=2,
                    objectives=(Objective(str(uuid.uuid4()), text.statement),),
                    actions=(Action(str(uuid.uuid4()), text.what, Responsible.PARTNER,
                                    partner_description=text.partner),))
        must_refuse = goal_refusal(text)
        try:
            saved = service.save_draft(dataclasses.replace(before, goals=(companion, goal)))
        except ValidationError as error:
            assert must_refuse, ("refused what may be stored", text)
            goals.refused(error, must_refuse)
            assert service.latest(client_id) == before
        else:
            assert not must_refuse, ("stored what must be refused", must_refuse, text)
            stored_companion, stored = saved.goals
            assert stored_companion == companion
            assert stored.in_client_words == text.words.strip()
            assert stored.actions[0].what == text.what
            assert stored.actions[0].partner_description == text.partner
            assert stored.objectives[0].statement == text.statement
            goals.stored()
        current = service.latest(client_id)
        assert current is not None
        item = Review(str(uuid.uuid4()), TODAY, True, *review)
        try:
            saved = service.add_review(client_id, item)
        except ValidationError as error:
            assert not all(storable(t, TEXT_MAX, multiline=True) for t in review), review
            reviews.refused(error, "review")
            assert service.latest(client_id) == current
            return
        assert all(storable(t, TEXT_MAX, multiline=True) for t in review), ("stored", review)
        assert saved.reviews == (*current.reviews, item)
        assert saved.goals == current.goals
        reviews.stored()

    check()
    goals.check(examples)
    reviews.check(examples)
    final = service.latest(client_id)
    session.lock()
    again = vault.unlock()
    try:
        assert PlanService(again).latest(client_id) == final
    finally:
        again.lock()


def test_plan_text_round_trips_or_is_refused(vault: VaultFixture, session: Session) -> None:
    run_plans(vault, session, campaign_size(DEFAULT_EXAMPLES, SOAK_EXAMPLES))


@full_size
def test_plan_text_full_campaign(vault: VaultFixture, session: Session) -> None:
    run_plans(vault, session, SOAK_EXAMPLES)


# -- staff display names ----------------------------------------------------------------------


def display_name_expected(text: str, username: str) -> str | None:
    """The stored display name (NFC, without surrounding blanks), or None when refused."""
    if text == "":
        return username  # no display name given: the user name is shown
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return None
    value = unicodedata.normalize("NFC", text).strip()
    if not value or len(value) > text_rules.DISPLAY_NAME_MAX:
        return None
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return None
    if set(value) & set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
                        "\u2069"):
        return None  # a staff name must not display as something else
    return value


def run_display_names(session: Session, examples: int) -> None:
    service = AccountService(session)
    outcomes = Outcomes("display names")
    slots = session.vault.folder / "keyslots.json"

    @campaign_settings(examples)
    @given(text=hostile_text(text_rules.DISPLAY_NAME_MAX))
    def check(text: str) -> None:
        username = f"staff{uuid.uuid4().hex[:10]}"
        expected = display_name_expected(text, username)
        accounts, slot_bytes = service.list_accounts(), slots.read_bytes()
        try:
            added = service.add_account(username, text, Role.CASEWORKER)
        except ValidationError as error:
            assert expected is None, ("refused", repr(text[:80]))
            outcomes.refused(error, "display_name")
            assert service.list_accounts() == accounts and slots.read_bytes() == slot_bytes
            return
        assert expected is not None, ("stored", repr(text[:80]))
        assert added.account.display_name == expected
        stored = session.vault.accounts.get(added.account.id)
        assert stored is not None and stored.display_name == expected
        assert stored.username == username
        outcomes.stored()

    check()
    outcomes.check(examples)


def test_display_names_round_trip_or_are_refused(session: Session) -> None:
    run_display_names(session, campaign_size(DEFAULT_EXAMPLES, SOAK_EXAMPLES))


@full_size
def test_display_names_full_campaign(session: Session) -> None:
    run_display_names(session, SOAK_EXAMPLES)


# -- search queries ---------------------------------------------------------------------------

SEARCHED_NAMES = ["Зоя Іваненко", "王芳", "فاطمة الزهراء", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "김민준", "Zoë O'Brien",
                  "ᓀᐦᐃᔭᐍᐏᐣ", "50% Off_Name", "Nguyễn Thị Ánh"]


def run_search(session: Session, examples: int) -> None:
    service = ClientService(session)
    ids = {name: new_client(session, name) for name in SEARCHED_NAMES}
    every = set(ids.values())
    counts: collections.Counter[str] = collections.Counter()
    words = [(word, name) for name in SEARCHED_NAMES for word in name.split()]

    @campaign_settings(examples)
    @given(query=st.one_of(hostile_text(200), st.sampled_from(words)))
    @example(query="\x00zoe")  # a NUL once ended the full-text query: "unterminated string"
    @example(query="zo\ud800e")  # a lone surrogate once reached SQLite
    @example(query=("Zoë\x00", "Zoë O'Brien"))
    def check(query: str | tuple[str, str]) -> None:
        word, name = query if isinstance(query, tuple) else (query, None)
        try:
            found = service.list_ids(word, ListFilter(status=None))
            count, head = service.list_head(word, ListFilter(status=None), limit=3)
            similar = service.possible_duplicates(word)
        except ValidationError as error:
            assert error.user_message().strip()
            counts["refused"] += 1
            return
        assert set(found) <= every and len(found) == len(set(found)) == count
        assert head == found[:3]
        assert {row.id for row in similar} <= every
        if name is not None:  # a whole word of a name finds that client
            assert ids[name] in found, (word, name)
        counts["answered"] += 1

    check()
    print(f"\nfuzz search queries: {sum(counts.values())} inputs, {counts['answered']} "
          f"answered, {counts['refused']} refused")
    assert counts["answered"] >= examples // 2


def test_any_search_query_answers_or_is_refused(session: Session) -> None:
    run_search(session, campaign_size(DEFAULT_EXAMPLES, SOAK_EXAMPLES))


@full_size
def test_search_queries_full_campaign(session: Session) -> None:
    run_search(session, SOAK_EXAMPLES)


# -- through the widgets: the intake window -------------------------------------------------------


TYPED_FIELDS = ("aliases", "safe_times", "code_word", "contact_message", "legal_name",
                "narrative_note", "country_birth")
PASTED = ["x" * MEGABYTE, "Zoë\x00Ivanenko", "\u202eevil\u202c name", "a\nb", "👩🏽\u200d⚕️" * 300,
          "'; DROP TABLE clients;--", "\u200d\u200c\u2060\ufeff", "ж" * 201, "\r\n\t",
          "\x1b[31mred", "王" * 20_001, "Elle a dit\u00a0: «\u00a0non\u00a0»\u202f!",
          "ligne\u2028séparée"]


def run_window(qtbot: Any, session: Session, examples: int, soak: bool) -> None:
    from PySide6.QtWidgets import QApplication, QLineEdit

    from shelter_desktop.ui.intake.intake_window import IntakeWindow
    from tests.ui.helpers import type_text
    from tests.ui.test_intake_window import fill_required

    window = IntakeWindow(session, None)
    window.show()
    qtbot.waitExposed(window)
    counts: collections.Counter[str] = collections.Counter()
    try:
        fill_required(window, "Zoë Іваненко")
        form_fields = {key: field for form in window.forms.values()
                       for key, field in form.fields.items()}
        baseline = window.all_answers()

        def put(key: str, text: str, typed: bool) -> None:
            field = form_fields[key]
            editor = field.editor
            clear = editor.clear if isinstance(editor, QLineEdit) else (
                lambda: editor.setPlainText(""))
            clear()
            try:
                if typed:
                    editor.setFocus()
                    type_text(editor, text)
                elif isinstance(editor, QLineEdit):
                    editor.setText(text)  # a paste
                else:
                    editor.setPlainText(text)
                QApplication.processEvents()
                check_field(key, field, text)
            finally:
                clear()

        def check_field(key: str, field: Any, text: str) -> None:
            shown = field.input_value()
            if isinstance(field.editor, QLineEdit):  # it holds at most 32,767 characters
                assert shown == text[:field.editor.maxLength()], key
            else:  # a plain-text editor ends lines with "\n" only
                assert shown == LINE_BREAK.sub("\n", text), key
            spec = field.spec
            multiline = spec.kind.value == "long_text"
            if field.validate():
                if shown.strip():
                    assert storable(shown, spec.max_length, multiline=multiline)
                    assert field.answer() == Answer.of(shown)
                else:  # blanks alone are no answer yet
                    assert field.answer() == Answer()
                counts["accepted"] += 1
            else:
                assert not storable(shown, spec.max_length, multiline=multiline)
                assert field.error_text().strip() and not field.error_label.isHidden()
                assert field.input_value() == shown  # a refusal never changes the input
                counts["refused"] += 1
            others = {k: v for k, v in window.all_answers().items() if k != key}
            assert others == {k: v for k, v in baseline.items() if k != key}, key

        # What a key can carry: an assigned character, and not U+FEFF (Qt drops it as input).
        assigned = VALID_CHAR.filter(
            lambda ch: len(ch) > 1 or (unicodedata.category(ch) != "Cn" and ch != "\ufeff"))
        typable = st.lists(assigned, min_size=1, max_size=25 if not soak else 60).map("".join)

        @campaign_settings(examples)
        @given(key=st.sampled_from(TYPED_FIELDS),
               text=st.one_of(typable, typable.map(lambda t: f"{t}\u202e{t}\u200d")),
               pasted=st.none() | st.sampled_from(range(len(PASTED))))
        def check(key: str, text: str, pasted: int | None) -> None:
            if pasted is None:
                put(key, text, typed=True)
            else:  # an index, so a failure report does not print a megabyte
                put(key, PASTED[pasted], typed=False)

        check()
        for key in TYPED_FIELDS:  # every pasted extreme once in every field
            for text in PASTED:
                put(key, text, typed=False)
        assert window.all_answers() == baseline
    finally:
        window.close()
    print(f"\nfuzz intake window: {sum(counts.values())} inputs typed or pasted, "
          f"{counts['accepted']} accepted, {counts['refused']} refused")
    assert counts["accepted"] and counts["refused"]


def test_typing_and_pasting_into_the_intake_window_loses_nothing(qtbot: Any,
                                                                  session: Session) -> None:
    run_window(qtbot, session, campaign_size(20, 300), soak=False)


@full_size
def test_typing_and_pasting_into_the_intake_window_full_campaign(qtbot: Any,
                                                                 session: Session) -> None:
    run_window(qtbot, session, 300, soak=True)
