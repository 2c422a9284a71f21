"""Intake answer rules (domain/intake.py) and what the list derives from answers
(domain/client_rules.py): stored exactly, refused with a reason, never truncated."""

from __future__ import annotations

import datetime as dt

import pytest

from shelter_desktop.domain import client_rules
from shelter_desktop.domain.answers import Answer, AnswerStatus, answers_from_json, answers_to_json
from shelter_desktop.domain.intake import (
    MAX_NUMBER,
    check_answer,
    check_answers,
    check_text,
    check_value,
    completion,
    missing_required,
)
from shelter_desktop.domain.intake_schema import (
    DEPENDANT,
    DEPENDANT_FIELDS,
    FIELDS,
    FIRST_CONTACT,
    FIRST_WEEK,
    INTERPRETER,
    SECTIONS,
    TRAFFICKING,
    FieldKind,
    FieldSpec,
    Requirement,
)
from shelter_desktop.errors import ValidationError


def spec_of(kind: FieldKind, **options: object) -> FieldSpec:
    return FieldSpec(f"some_{kind.value}", "Label", kind, Requirement.ASK,
                     **options)  # type: ignore[arg-type]


def refused(spec: FieldSpec, value: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_value(spec, value)
    assert caught.value.field == spec.key
    assert caught.value.user_message()
    return caught.value


# -- choices ----------------------------------------------------------------------------------


def test_choice_accepts_only_its_stored_values() -> None:
    spec = FIELDS["safe_to_talk"]
    for value in ("yes", "no", "unsure"):
        assert check_value(spec, value) == value
    for value in ("Yes", "YES", "maybe", "", None, 1, True, ["yes"], "yes "):
        refused(spec, value)


def test_choice_labels_are_not_values() -> None:
    spec = FIELDS["name_quality"]
    assert check_value(spec, "partial") == "partial"
    refused(spec, "Partial, street or code name")


def test_every_choice_field_accepts_each_of_its_choices() -> None:
    for section in (*SECTIONS, DEPENDANT, INTERPRETER):
        for spec in section.fields:
            if spec.kind is FieldKind.CHOICE:
                assert spec.choices, spec.key
                for value, _label in spec.choices:
                    assert check_value(spec, value) == value


# -- multiple choice --------------------------------------------------------------------------


def test_multi_is_stored_in_schema_order_without_repeats() -> None:
    spec = FIELDS["basic_needs"]
    assert check_value(spec, ["phone", "food", "phone", "sleep", "food"]) == [
        "food", "sleep", "phone"]
    assert check_value(spec, ("hygiene",)) == ["hygiene"]
    assert check_value(spec, []) == []  # "none ticked" is an answer (e.g. do not contact)


def test_multi_refuses_unknown_values_and_non_lists() -> None:
    spec = FIELDS["contact_channels"]
    refused(spec, ["call", "carrier pigeon"])
    refused(spec, "call")  # a string is not a list of choices, even though it is iterable
    refused(spec, {"call"})
    refused(spec, None)
    refused(spec, ["Call"])


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2024-02-29", "1900-01-01", "2200-12-31", "2023-12-31"])
def test_exact_dates_are_accepted(value: str) -> None:
    assert check_value(FIELDS["project_start"], value) == value


@pytest.mark.parametrize("value", [
    "2023-02-30", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
    "2024-1-5", "24-01-05", "2024/01/05", "05-01-2024", "2024-01-05T10:00", "", "yesterday",
    "1899-12-31", "2201-01-01", "٢٠٢٤-٠١-٠٥",  # Arabic-Indic digits are not ISO dates
    "2024", "2024-05",  # approximate dates only where the field allows them
])
def test_bad_or_approximate_exact_dates_are_refused(value: str) -> None:
    error = refused(FIELDS["project_start"], value)
    assert error.message in ("This date does not exist.", "Enter a date as year-month-day.")


def test_impossible_dates_are_refused_as_not_existing() -> None:
    error = refused(FIELDS["trp_expiry"], "2023-02-30")
    assert error.message == "This date does not exist."


@pytest.mark.parametrize("value", ["1987", "1987-06", "1987-06-15", "2008-02-29"])
def test_approximate_dates_allow_a_year_or_a_month(value: str) -> None:
    assert FIELDS["date_of_birth"].approximate
    assert check_value(FIELDS["date_of_birth"], value) == value
    assert check_value(DEPENDANT_FIELDS["date_of_birth"], value) == value


@pytest.mark.parametrize("value", ["1987-13", "1987-00", "2023-02-30", "2023-02-29", "87",
                                   "1987-6", "1850", "about 1987", "١٩٨٧", None, ["1987"]])
def test_approximate_dates_still_refuse_what_cannot_be(value: object) -> None:
    refused(FIELDS["date_of_birth"], value)


def test_date_surrounding_spaces_are_trimmed() -> None:
    assert check_value(FIELDS["project_start"], " 2024-01-05 ") == "2024-01-05"


# -- numbers and languages --------------------------------------------------------------------


def test_numbers_from_0_to_99() -> None:
    spec = FIELDS["dependants_count"]
    assert MAX_NUMBER == 99
    for value in (0, 1, 7, 99):
        assert check_value(spec, value) == value
    for bad in (-1, 100, 10**9, True, False, 2.0, 2.5, "2", None, [2]):
        refused(spec, bad)


@pytest.mark.parametrize("code", ["en", "fr", "pa", "fil", "zh_Hans", "fr_CA", "cr", "oj",
                                  "zh_Hans_CN"])
def test_language_codes_are_accepted(code: str) -> None:
    assert check_value(FIELDS["reading_language"], code) == code


@pytest.mark.parametrize("code", ["", "e", "english", "fr-CA", "fr_", "zh__Hans", "ar ",
                                  "عربي", "x1", "en_" + "a" * 9, None, 12])
def test_bad_language_codes_are_refused(code: object) -> None:
    refused(FIELDS["reading_language"], code)


# -- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Zoë", "Zoe\u0308", "\u200fعلي\u200f", "\u2067مريم\u2069 (Maryam)", "\u202bשלום\u202c",
    "\u200eAna\u200e", "क्\u200dष", "می\u200cخواهم", "👩🏽\u200d⚕️", "🦊", "ᓀᐦᐃᔭᐍᐏᐣ",
    "王芳", "김민준", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "สมชาย", "Олена", "ქეთევანი", "Ἀλέξανδρος", "ⴰⵎⴰⵣⵉⵖ",
    "\U00020000", "'; DROP TABLE clients; --", "%_\\", "{seq}", "  spaces kept  ", "",
    "\u00a0", "\u3000", "\ufeff", "\U000e0041",
])
def test_text_is_kept_exactly_as_typed(text: str) -> None:
    assert check_text(text, field="f", max_length=500) == text
    assert check_value(spec_of(FieldKind.TEXT), text) == text
    assert check_value(spec_of(FieldKind.LONG_TEXT), text) == text


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "a\x07", "\x1b[31m", "line\nbreak", "tab\t",
                                  "cr\r", "\x7f", "\x85", "\x9f", "\x0b", "\x0c"])
def test_short_text_refuses_control_characters(text: str) -> None:
    error = refused(spec_of(FieldKind.TEXT), text)
    assert "control" in error.message


def test_long_text_allows_line_breaks_and_tabs_but_no_other_controls() -> None:
    spec = spec_of(FieldKind.LONG_TEXT, max_length=20000)
    note = "First line\nsecond\tline\n\nعربي\n"
    assert check_value(spec, note) == note
    for bad in ("a\x00b", "a\rb", "a\x1fb", "\x85", "\x08"):
        refused(spec, bad)


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\udbff\udc00"])  # lone/ill-paired
def test_lone_surrogates_are_refused(text: str) -> None:
    error = refused(spec_of(FieldKind.TEXT), text)
    assert "cannot be stored" in error.message


def test_text_over_the_limit_is_refused_not_truncated() -> None:
    spec = spec_of(FieldKind.TEXT, max_length=10)
    assert check_value(spec, "x" * 10) == "x" * 10
    assert check_value(spec, "🦊" * 10) == "🦊" * 10  # counted in characters, not bytes
    error = refused(spec, "x" * 11)
    assert error.values == {"limit": 10}
    assert "10" in error.user_message()
    with pytest.raises(ValidationError):
        check_text("y" * 1_000_000, field="f", max_length=20000)


def test_text_fields_refuse_non_text() -> None:
    for value in (None, 12, ["a"], b"bytes"):
        refused(spec_of(FieldKind.TEXT), value)


def test_every_field_has_a_kind_and_a_sane_limit() -> None:
    for section in (*SECTIONS, DEPENDANT, INTERPRETER):
        for spec in section.fields:
            assert spec.kind in FieldKind
            assert 1 <= spec.max_length <= 20000
            if spec.kind in (FieldKind.CHOICE, FieldKind.MULTI):
                assert len({v for v, _ in spec.choices}) == len(spec.choices), spec.key


# -- answers ----------------------------------------------------------------------------------


def test_declined_answers_are_valid_except_for_required_questions() -> None:
    for status in (AnswerStatus.DOESNT_KNOW, AnswerStatus.PREFERS_NOT):
        assert check_answer(FIELDS["date_of_birth"], Answer(status)) == Answer(status)
        with pytest.raises(ValidationError):
            check_answer(FIELDS["name_to_use"], Answer(status))
    assert check_answer(FIELDS["name_to_use"], Answer()) == Answer()


def test_a_declined_answer_carries_no_value() -> None:
    assert check_answer(FIELDS["date_of_birth"], Answer(AnswerStatus.PREFERS_NOT, "1990")
                        ) == Answer(AnswerStatus.PREFERS_NOT)


def test_unknown_questions_are_refused_not_dropped() -> None:
    with pytest.raises(ValidationError) as caught:
        check_answers({"name_to_use": Answer.of("Zoë"), "favourite_colour": Answer.of("red")})
    assert caught.value.field == "favourite_colour"
    with pytest.raises(ValidationError):
        check_answers({"legal_name": Answer.of("x")}, DEPENDANT_FIELDS)


def test_answers_json_round_trip_and_drop_not_asked() -> None:
    answers = {"name_to_use": Answer.of("Zoë\u200f"), "gender": Answer.declined(),
               "date_of_birth": Answer.unknown(), "aliases": Answer(),
               "basic_needs": Answer.of(["food"]), "dependants_count": Answer.of(0)}
    data = answers_to_json(answers)
    assert "aliases" not in data
    back = answers_from_json(data)
    assert back == {k: v for k, v in answers.items() if k != "aliases"}
    assert answers_from_json({"x": {"status": "nonsense"}, "y": "junk"}) == {
        "x": Answer(), "y": Answer()}
    assert answers_from_json(None) == {}


# -- missing_required and completion ----------------------------------------------------------


def full_first_contact() -> dict[str, Answer]:
    return {
        "name_to_use": Answer.of("Zoë"), "name_quality": Answer.of("partial"),
        "spoken_languages": Answer.of("Ukrainian"), "reading_language": Answer.of("uk"),
        "interpreter_used": Answer.of("no"), "contact_channels": Answer.of([]),
        "may_name_organisation": Answer.of("no"), "consent_collect": Answer.of("given"),
        "confidentiality_explained": Answer.of("yes"),
    }


def test_required_first_contact_questions() -> None:
    required = [s.key for s in FIRST_CONTACT.fields if s.requirement is Requirement.REQUIRED]
    assert missing_required(full_first_contact(), FIRST_CONTACT) == []
    # An empty set of contact channels is the default "do not contact; client initiates".
    assert "contact_channels" not in missing_required({}, FIRST_CONTACT)
    assert missing_required({}, FIRST_CONTACT) == [k for k in required if k != "contact_channels"]


@pytest.mark.parametrize("key", ["name_to_use", "name_quality", "spoken_languages",
                                 "reading_language", "interpreter_used",
                                 "may_name_organisation", "consent_collect",
                                 "confidentiality_explained"])
def test_each_missing_required_answer_is_named(key: str) -> None:
    answers = full_first_contact()
    del answers[key]
    assert missing_required(answers, FIRST_CONTACT) == [key]


@pytest.mark.parametrize("blank", ["", "   ", "\u3000", "\n"])
def test_a_blank_required_text_is_missing(blank: str) -> None:
    answers = {**full_first_contact(), "name_to_use": Answer.of(blank)}
    assert missing_required(answers, FIRST_CONTACT) == ["name_to_use"]


def test_missing_required_in_other_sections() -> None:
    assert missing_required({}, FIRST_WEEK) == ["project_start"]
    assert missing_required({}, TRAFFICKING) == []
    assert missing_required({}, DEPENDANT) == ["name_to_use", "relationship"]
    assert missing_required({}, INTERPRETER) == ["mode", "language", "interpreter",
                                                 "client_agreed"]


def test_completion_counts_settled_required_and_asked_questions() -> None:
    asked = [s for s in FIRST_CONTACT.fields if s.requirement is not Requirement.OPTIONAL]
    assert completion({}, FIRST_CONTACT) == (0, len(asked))
    answers = full_first_contact()
    settled_required = sum(1 for s in asked if s.key in answers)
    assert completion(answers, FIRST_CONTACT) == (settled_required, len(asked))
    # A declined or unknown answer counts as dealt with; optional questions never count.
    answers["safe_to_talk"] = Answer.declined()
    answers["harmer_nearby"] = Answer.unknown()
    answers["code_word"] = Answer.of("lighthouse")
    answers["urgent_medical"] = Answer()
    assert completion(answers, FIRST_CONTACT) == (settled_required + 2, len(asked))
    every = {s.key: Answer.declined() for s in TRAFFICKING.fields}
    t_asked = [s for s in TRAFFICKING.fields if s.requirement is not Requirement.OPTIONAL]
    assert completion(every, TRAFFICKING) == (len(t_asked), len(t_asked))


# -- client rules: minors and ages ------------------------------------------------------------

D = dt.date


@pytest.mark.parametrize(("dob", "today", "age"), [
    ("2008-05-15", D(2026, 5, 14), 17),
    ("2008-05-15", D(2026, 5, 15), 18),
    ("2008-01-31", D(2026, 1, 30), 17),
    ("2008-01-31", D(2026, 1, 31), 18),
    ("2008-01-31", D(2026, 2, 1), 18),
    ("2008-12-31", D(2026, 12, 30), 17),
    ("2008-12-31", D(2026, 12, 31), 18),
    ("2008-03-01", D(2026, 2, 28), 17),
    # Born on a leap day: 18 on 1 March in a common year, on 29 February in a leap year.
    ("2008-02-29", D(2026, 2, 28), 17),
    ("2008-02-29", D(2026, 3, 1), 18),
    ("2012-02-29", D(2030, 2, 28), 17),
    ("2012-02-29", D(2030, 3, 1), 18),
    ("2008-02-29", D(2028, 2, 28), 19),
    ("2008-02-29", D(2028, 2, 29), 20),
    ("2008-02-29", D(2009, 2, 28), 0),
    ("2030-01-01", D(2026, 1, 1), 0),  # a date in the future is not a negative age
])
def test_age_on_exact_dates(dob: str, today: dt.date, age: int) -> None:
    assert client_rules.age_on(dob, today) == age


@pytest.mark.parametrize(("dob", "today", "age"), [
    # A year alone means the youngest age it could be: born on 31 December.
    ("2008", D(2026, 1, 1), 17),
    ("2008", D(2026, 12, 30), 17),
    ("2008", D(2026, 12, 31), 18),
    ("2008", D(2027, 1, 1), 18),
    ("2008", D(2008, 6, 1), 0),
    # A year and month: born on the last day of that month.
    ("2008-03", D(2026, 3, 30), 17),
    ("2008-03", D(2026, 3, 31), 18),
    ("2008-02", D(2026, 2, 28), 17),  # could have been born on 29 February 2008
    ("2008-02", D(2026, 3, 1), 18),
    ("2007-02", D(2025, 2, 28), 18),  # February 2007 had 28 days
    ("2008-04", D(2026, 4, 29), 17),
    ("2008-04", D(2026, 4, 30), 18),
    ("2008-12", D(2026, 12, 30), 17),
    ("2008-12", D(2026, 12, 31), 18),
])
def test_age_on_approximate_dates_is_the_youngest_possible_age(dob: str, today: dt.date,
                                                              age: int) -> None:
    assert client_rules.age_on(dob, today) == age


def test_a_person_who_could_still_be_17_is_a_minor() -> None:
    """Every date a year-only or year-month DOB could mean: minor if any of them is under 18."""
    for dob, days in (("2008", range(365 * 2)), ("2008-02", range(60)), ("2008-09", range(60))):
        first = D(2026, 1, 1) if len(dob) == 4 else D(2026, int(dob[5:]), 1)
        for offset in days:
            today = first + dt.timedelta(days=offset)
            year = int(dob[:4])
            if len(dob) == 4:
                latest = D(year, 12, 31)
            else:
                month = int(dob[5:])
                following = D(year + month // 12, month % 12 + 1, 1)
                latest = following - dt.timedelta(days=1)
            try:
                eighteenth = latest.replace(year=latest.year + 18)
            except ValueError:  # 29 February -> 1 March
                eighteenth = D(latest.year + 18, 3, 1)
            answers = {"date_of_birth": Answer.of(dob)}
            assert client_rules.is_minor(answers, today) is (today < eighteenth), (dob, today)


def test_is_minor_from_the_under_18_answer_or_the_date_of_birth() -> None:
    today = D(2026, 6, 1)
    assert client_rules.is_minor({"under_18": Answer.of("yes")}, today)
    assert not client_rules.is_minor({"under_18": Answer.of("unsure")}, today)
    assert not client_rules.is_minor({"under_18": Answer.of("no")}, today)
    assert client_rules.is_minor({"date_of_birth": Answer.of("2009-01-01")}, today)
    assert not client_rules.is_minor({"date_of_birth": Answer.of("2008-06-01")}, today)
    assert client_rules.is_minor({"under_18": Answer.of("yes"),
                                  "date_of_birth": Answer.of("1990")}, today)
    assert not client_rules.is_minor({"date_of_birth": Answer.declined()}, today)
    assert not client_rules.is_minor({}, today)


def test_list_columns_from_answers() -> None:
    answers = {"name_to_use": Answer.of("  Zoë  "), "aliases": Answer.of(" Z ; ; Zozo;"),
               "dependants_count": Answer.of(2), "reading_language": Answer.declined()}
    assert client_rules.name_to_use(answers) == "Zoë"
    assert client_rules.sort_key("  Zoë ") == "zoe"
    assert client_rules.aliases(answers) == ("Z", "Zozo")
    assert client_rules.dependant_count(answers, 1) == 2
    assert client_rules.dependant_count(answers, 3) == 3
    assert client_rules.dependant_count({}, 0) == 0
    assert client_rules.optional_text(answers, "reading_language") is None
    assert client_rules.COLLECT_CONSENT_DAYS == 730
