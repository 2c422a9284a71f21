"""Every free-text field round-trips exactly through ClientService and the encrypted vault, or is
refused (security.md "Bad input is handled").

For every TEXT and LONG_TEXT field of every intake section, and of the dependant and interpreter
records, text drawn from every script (with combining marks, bidi controls, joiners, emoji and
characters outside the BMP) is stored by creating a record, changed by an update, and read back as
an administrator (``open()``, or ``reveal_restricted()`` for restricted fields): it comes back
exactly, code point for code point. Text that cannot be stored (NUL and other control characters,
line breaks outside long text, lone surrogates, more than the field's ``max_length``, or a blank
answer to a required question) is refused with a ValidationError naming the field: never
truncated, never stored, and the record (with the other answers of the same change) is unchanged.

Text is also laced with SQL and full-text-search metacharacters, and now and then is a
megabyte long. ``make test`` runs 60 examples per field group; ``make soak`` runs the ``slow``
variant with 2,000.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.intake_schema import (
    DEPENDANT_FIELDS,
    FIELDS,
    INTERPRETER_FIELDS,
    FieldKind,
    FieldSpec,
    Requirement,
)
from shelter_desktop.errors import ValidationError
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.session import Session
from tests.conftest import VaultFixture, campaign_size, full_size
from tests.services.test_clients import dependant, first_contact, interpreter_record

TEXT_KINDS = (FieldKind.TEXT, FieldKind.LONG_TEXT)
GROUPS: dict[str, dict[str, FieldSpec]] = {
    "client": {k: s for k, s in FIELDS.items() if s.kind in TEXT_KINDS},
    "dependant": {k: s for k, s in DEPENDANT_FIELDS.items() if s.kind in TEXT_KINDS},
    "interpreter": {k: s for k, s in INTERPRETER_FIELDS.items() if s.kind in TEXT_KINDS},
}
DEFAULT_EXAMPLES = 60
SOAK_EXAMPLES = 2000
MEGABYTE = 1_000_000
# SQL, LIKE, full-text-search and format-string metacharacters: stored as any other text.
METACHARACTERS = ["'", "''", '"', "'; DROP TABLE clients;--", "\" OR 1=1 --", "%", "_", "\\",
                  "*", "^", "NEAR(", " AND ", " OR ", "{0}", "{name}", "%s", "names:", "/*"]

# -- what may be typed ----------------------------------------------------------------------------


def _chars(low: int, high: int) -> st.SearchStrategy[str]:
    return st.characters(min_codepoint=low, max_codepoint=high, exclude_categories=("Cs", "Cc"))


BIDI_AND_JOINERS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c" \
                   "\u200d\u200c"
SCRIPTS = {
    "latin": st.one_of(_chars(0x41, 0x24F), _chars(0x300, 0x36F)),  # with combining marks
    "cyrillic": _chars(0x400, 0x52F),
    "arabic": _chars(0x600, 0x6FF),
    "hebrew": _chars(0x590, 0x5FF),
    "devanagari": _chars(0x900, 0x97F),
    "gurmukhi": _chars(0xA00, 0xA7F),
    "han": st.one_of(_chars(0x4E00, 0x9FFF), _chars(0x20000, 0x2A6DF)),
    "hangul": st.one_of(_chars(0xAC00, 0xD7A3), _chars(0x1100, 0x11FF)),
    "thai": _chars(0xE00, 0xE7F),
    "syllabics": _chars(0x1400, 0x167F),
    "emoji": st.one_of(_chars(0x1F300, 0x1FAFF), st.sampled_from(
        ["\U0001f3fd", "\ufe0f", "👩🏽\u200d⚕️", "🏳️\u200d🌈", "\U0001f1e8\U0001f1e6"])),
    "format": st.sampled_from(list(BIDI_AND_JOINERS)),
    "awkward": st.sampled_from([" ", "\u00a0", "\u3000", "\u2028", "\u2029", "\ufeff", "\u00ad",
                                "\u200b", "\ufffe", "\uffff", "\U0010ffff", "\U000e0041", "'",
                                '"', "\\", "%", "_", ";--", "{limit}", "\ufffd", "ß", "İ", "ﬁ"]),
}
VALID_CHAR = st.one_of(*SCRIPTS.values())
LONG_TEXT_ONLY = "\n\t"
# Controls (C0, DEL, C1) and lone surrogates are never storable; line breaks and tabs only in
# long text.
BAD_CHARS = st.one_of(st.sampled_from(["\x00", "\r", "\x1b", "\x7f", "\x85", "\x9f"]),
                      st.characters(min_codepoint=0, max_codepoint=0x1F),
                      st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
                      st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))


def storable(spec: FieldSpec, text: str) -> bool:
    """The rule, written out independently of the code under test."""
    if len(text) > spec.max_length:  # first: a megabyte need not be read character by character
        return False
    allowed_controls = set(LONG_TEXT_ONLY) if spec.kind is FieldKind.LONG_TEXT else set()
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return False
        if (code < 0x20 or 0x7F <= code <= 0x9F) and ch not in allowed_controls:
            return False
    return not (spec.requirement is Requirement.REQUIRED and not text.strip())


@st.composite
def field_text(draw: st.DrawFn, spec: FieldSpec) -> str:
    extra = [st.sampled_from(list(LONG_TEXT_ONLY))] if spec.kind is FieldKind.LONG_TEXT else []
    text = draw(st.lists(st.one_of(VALID_CHAR, *extra), max_size=40).map("".join))
    mode = draw(st.sampled_from(["plain"] * 6 + ["bad", "bad", "edge", "edge", "blank", "sql",
                                                 "sql", "huge"]))
    if mode == "sql":
        text = "".join(draw(st.lists(st.sampled_from(METACHARACTERS), min_size=1,
                                     max_size=4))) + text
    elif mode == "huge":  # a megabyte pasted: refused, never truncated
        chunk = text or "Zoë 王芳 "
        text = (chunk * (MEGABYTE // len(chunk) + 1))[:MEGABYTE]
    elif mode == "bad":
        position = draw(st.integers(0, len(text)))
        text = text[:position] + draw(BAD_CHARS) + text[position:]
    elif mode == "edge":  # around the limit, built from several scripts (astral characters too)
        target = spec.max_length + draw(st.integers(-2, 2))
        chunk = text or "ж𠀋\u200f"
        text = (chunk * (target // len(chunk) + 1))[:target]
    elif mode == "blank":
        text = draw(st.text(alphabet=" \u3000\u00a0", max_size=3))
    return text


@dataclass(frozen=True)
class Case:
    group: str
    spec: FieldSpec
    first: str
    second: str


@st.composite
def cases(draw: st.DrawFn, group: str) -> Case:
    spec = draw(st.sampled_from(sorted(GROUPS[group].values(), key=lambda s: s.key)))
    return Case(group, spec, draw(field_text(spec)), draw(field_text(spec)))


# -- storing and reading back ---------------------------------------------------------------------


def read_back(service: ClientService, group: str, client_id: str, key: str,
              record_id: str | None = None) -> Answer:
    """The stored answer, as an administrator reads it (restricted fields through reveal)."""
    if group == "client":
        if FIELDS[key].restricted:
            assert key not in service.open(client_id).answers
            return service.reveal_restricted(client_id).get(key, Answer())
        return service.open(client_id).answer(key)
    client = service.open(client_id)
    if group == "dependant":
        (row,) = client.dependants
        return row.answers.get(key, Answer())
    records = [r for r in client.interpreter_records if record_id in (None, r.id)]
    assert len(records) == 1
    return records[0].answers.get(key, Answer())


def snapshot(service: ClientService, client_id: str) -> tuple[object, ...]:
    client = service.open(client_id)
    return (client.answers, client.revision, service.reveal_restricted(client_id),
            client.dependants, client.interpreter_records)


class Recorder:
    """Runs cases against one vault and remembers every value that must still be there later."""

    def __init__(self, session: Session) -> None:
        self.service = ClientService(session)
        # (group, client id, interpreter record id, key, text)
        self.kept: list[tuple[str, str, str | None, str, str]] = []
        self.outcomes: Counter[str] = Counter()

    def create(self, case: Case) -> str:
        key, text, service = case.spec.key, case.first, self.service
        answers = first_contact(code_word="companion-before")
        interpreter: Answers | None = None
        dependants: list[Answers] = []
        if case.group == "client":
            answers[key] = Answer.of(text)
        elif case.group == "dependant":
            dependants = [dependant(**{key: text})]
        else:
            answers["interpreter_used"] = Answer.of("yes")
            interpreter = interpreter_record(**{key: text})
        count_before = service.count()
        try:
            client_id = service.create_from_first_contact(answers, interpreter=interpreter,
                                                          dependants=dependants)
        except ValidationError as error:
            assert not storable(case.spec, text), (key, text)
            expected_field = "interpreter" if (
                case.group == "interpreter" and error.field == "interpreter") else key
            assert error.field == expected_field, (error.field, key)
            assert error.user_message()
            self.outcomes["refused"] += 1
            return self._create_plain(case, count_before)
        assert storable(case.spec, text), ("stored what should be refused", key, text)
        assert read_back(service, case.group, client_id, key) == Answer.of(text)
        self.outcomes["stored"] += 1
        records = service.open(client_id).interpreter_records
        record_id = records[0].id if case.group == "interpreter" else None
        self.kept.append((case.group, client_id, record_id, key, text))
        return client_id

    def _create_plain(self, case: Case, count_before: int) -> str:
        """A record without the refused value, so the update step can still be tried."""
        service = self.service
        if case.group == "client":
            client_id = service.create_from_first_contact(first_contact(
                code_word="companion-before"))
        elif case.group == "dependant":
            client_id = service.create_from_first_contact(first_contact(), dependants=[
                dependant()])
        else:
            client_id = service.create_from_first_contact(
                first_contact(interpreter_used="yes"), interpreter=interpreter_record())
        assert service.count() == count_before + 1  # the refused create stored nothing
        return client_id

    def update(self, case: Case, client_id: str) -> None:
        key, text, service = case.spec.key, case.second, self.service
        before = snapshot(service, client_id)
        previous = read_back(service, case.group, client_id, key) if (
            case.group != "interpreter") else None
        record_id = None
        try:
            if case.group == "client":
                companion = "safe_times" if key == "code_word" else "code_word"
                changed = service.update_answers(client_id, {
                    key: Answer.of(text), companion: Answer.of("companion-after")})
            elif case.group == "dependant":
                (row,) = service.open(client_id).dependants
                service.save_dependant(client_id, {**row.answers, key: Answer.of(text)}, row.id)
            else:
                record_id = service.add_interpreter_record(client_id,
                                                           interpreter_record(**{key: text}))
        except ValidationError as error:
            assert not storable(case.spec, text), (key, text)
            assert error.field == key, (error.field, key)
            assert snapshot(service, client_id) == before  # nothing of the change was kept
            self.outcomes["refused"] += 1
            return
        self.outcomes["stored"] += 1
        assert storable(case.spec, text), ("stored what should be refused", key, text)
        assert read_back(service, case.group, client_id, key, record_id) == Answer.of(text)
        if case.group == "client":
            if not FIELDS[key].restricted:
                assert changed.answer(key) == Answer.of(text)
            assert changed.answer(companion) == Answer.of("companion-after")
            newest = {h.field: (h.old, h.new) for h in reversed(service.history(client_id))}
            if previous != Answer.of(text):
                assert newest[key] == (previous, Answer.of(text))
            else:
                assert key not in newest  # nothing changed, nothing recorded
        if case.group != "interpreter":  # a new interpreter record leaves the first one as it was
            self.kept = [k for k in self.kept if (k[1], k[3]) != (client_id, key)]
        self.kept.append((case.group, client_id, record_id, key, text))

    def run(self, case: Case) -> None:
        self.update(case, self.create(case))

    def check_kept(self) -> None:
        for group, client_id, record_id, key, text in self.kept:
            value = read_back(self.service, group, client_id, key, record_id).value
            assert value == text, (key, client_id)
            assert unicodedata.is_normalized("NFC", value) == unicodedata.is_normalized(
                "NFC", text)


def run_campaign(vault: VaultFixture, group: str, examples: int) -> None:
    session = vault.unlock()
    recorder = Recorder(session)
    try:
        @settings(max_examples=examples, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(case=cases(group))
        def check(case: Case) -> None:
            recorder.run(case)

        check()
        print(f"\nfuzz intake {group} fields: {sum(recorder.outcomes.values())} inputs, "
              f"{recorder.outcomes['stored']} stored, {recorder.outcomes['refused']} refused")
        # Both outcomes were exercised, many times (a generator gone wrong would not be noticed).
        assert recorder.outcomes["stored"] >= examples // 2, recorder.outcomes
        assert recorder.outcomes["refused"] >= examples // 10, recorder.outcomes
    finally:
        session.lock()
    # Everything accepted is still exactly there after locking and unlocking the vault.
    session = vault.unlock()
    try:
        recorder.service = ClientService(session)
        recorder.check_kept()
        assert session.vault.integrity_problems() == []
    finally:
        session.lock()


# -- the tests ------------------------------------------------------------------------------------


def test_every_text_field_is_covered() -> None:
    assert set(GROUPS["client"]) == {
        "name_to_use", "aliases", "spoken_languages", "contact_message", "safe_times",
        "code_word", "legal_name", "accessibility_needs", "country_citizenship",
        "country_birth", "narrative_note"}
    assert set(GROUPS["dependant"]) == {"name_to_use", "needs"}
    assert set(GROUPS["interpreter"]) == {"language", "interpreter"}


def every_text_field() -> list[tuple[str, FieldSpec]]:
    return [(group, spec) for group, specs in GROUPS.items() for spec in specs.values()]


MIXED = ("Zoë Zoe\u0308 Олена \u200fعلي\u200f \u2067מרים\u2069 हिन्दी ਹਰਪ੍ਰੀਤ 王芳𠀋 김민준 สมชาย "
         "ᓀᐦᐃᔭᐍᐏᐣ 👩🏽\u200d⚕️ می\u200cخواهم \u202eevil\u202c ")


@pytest.mark.parametrize(("group", "spec"), every_text_field(),
                         ids=[f"{g}.{s.key}" for g, s in every_text_field()])
def test_each_text_field_keeps_every_script_up_to_its_limit(vault: VaultFixture, group: str,
                                                            spec: FieldSpec) -> None:
    """Deterministic pass over every field: short, exactly at the limit, one over, and bad."""
    session = vault.unlock()
    recorder = Recorder(session)
    try:
        at_limit = (MIXED * (spec.max_length // len(MIXED) + 1))[:spec.max_length]
        over = at_limit + "x"
        bad = "Zoë\x00" if spec.kind is FieldKind.LONG_TEXT else "Zoë\nIvanenko"
        for first, second in ((MIXED[:spec.max_length], at_limit), (at_limit, over),
                              (over, bad), ("Zo\ud800ë", MIXED[:10])):
            recorder.run(Case(group, spec, first, second))
        if spec.kind is FieldKind.LONG_TEXT:
            note = "First line\n\tIndented\n\nعربي\n"
            recorder.run(Case(group, spec, note, note + "more\n"))
        recorder.check_kept()
        assert any(text == at_limit for *_, text in recorder.kept)
    finally:
        session.lock()


@pytest.mark.parametrize("group", list(GROUPS))
def test_text_round_trips_exactly_or_is_refused(vault: VaultFixture, group: str) -> None:
    run_campaign(vault, group, campaign_size(DEFAULT_EXAMPLES, SOAK_EXAMPLES))


@full_size
@pytest.mark.parametrize("group", list(GROUPS))
def test_text_round_trips_exactly_or_is_refused_soak(vault: VaultFixture, group: str) -> None:
    run_campaign(vault, group, SOAK_EXAMPLES)


def test_the_oracle_agrees_with_obvious_cases() -> None:
    short, long = FIELDS["code_word"], FIELDS["narrative_note"]
    assert storable(short, "Zoë \u200f👩🏽\u200d⚕️")
    assert not storable(short, "a\nb") and storable(long, "a\nb\tc")
    assert not storable(long, "a\x00b") and not storable(long, "a\rb")
    assert not storable(short, "\ud800") and not storable(short, "x" * 101)
    assert not storable(FIELDS["name_to_use"], " \u3000") and storable(short, " ")
