"""Importing a client spreadsheet: all rows or none, every problem located, every encoding Excel
writes, restricted columns only for roles that may see them, and 10,000 rows in seconds."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shelter_desktop.domain.accounts import Permission, Role, role_allows
from shelter_desktop.domain.answers import AnswerStatus
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.client_import import (
    ImportFileError,
    column_letter,
    detect_delimiter,
    parse,
)
from shelter_desktop.domain.clients import ClientStatus, ConsentKind
from shelter_desktop.domain.new_clients import ImportCancelledError, ImportRejectedError, NewClient
from shelter_desktop.errors import PermissionDeniedError
from shelter_desktop.services.client_import import ClientImportService, ImportResult
from shelter_desktop.services.clients import ClientService, ListFilter
from shelter_desktop.services.session import Session
from tests.conftest import VaultFixture

TODAY = dt.date(2025, 6, 1)
HEADER = ["name_to_use", "aliases", "legal_name", "date_of_birth", "preferred_language",
          "gender", "entry_date", "immigration_status"]
GOOD_ROWS = [
    ["Amira", "أميرة;Amira H.", "Amira Haddad", "1994-03", "ar", "woman", "2024-11-02",
     "refugee_claimant"],
    ["李静", "Jing Li", "", "1988", "zh_Hans", "woman;transgender", "", "prefers_not"],
    ["Олена Коваль", "Olena Koval", "", "1990-07-15", "uk", "", "2023-01-31", "cuaet"],
    ["ਹਰਪ੍ਰੀਤ ਕੌਰ", "Harpreet Kaur", "", "", "pa", "doesnt_know", "", ""],
]


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def utf8(header: list[str], rows: list[list[str]], delimiter: str = ",", bom: bool = False
         ) -> bytes:
    data = csv_text(header, rows, delimiter).encode("utf-8")
    return codecs.BOM_UTF8 + data if bom else data


def run_import(session: Session, data: bytes, **options: object) -> ImportResult:
    options.setdefault("consent_recorded", True)
    options.setdefault("today", TODAY)
    return ClientImportService(session).import_csv(data, **options)  # type: ignore[arg-type]


def all_clients(session: Session) -> list[str]:
    service = ClientService(session)
    return [row.name_to_use for row in service.summaries(
        service.list_ids(list_filter=ListFilter(status=None)))]


def problem_lines(result: ImportResult) -> list[str]:
    return [f"{p.row}|{p.column}|{p.text()}" for p in result.problems]


# -- all or nothing -------------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_names_its_row_and_column(
        admin_session: Session) -> None:
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][3] = "15/07/1990"  # spreadsheet row 4: the header is row 1
    result = run_import(admin_session, utf8(HEADER, rows))
    assert result.imported == 0
    assert not result.ok
    assert problem_lines(result) == [
        "4|date_of_birth|Enter a date as year-month-day, or just the year or year and month."]
    assert all_clients(admin_session) == []
    actions = [e.action for e in admin_session.vault.audit.entries()]
    assert AuditAction.CLIENTS_IMPORTED not in actions


def test_every_problem_of_the_file_is_reported_at_once(admin_session: Session) -> None:
    rows = [
        ["Ana", "", "", "1990-02-30", "es", "woman", "", ""],
        ["", "only an alias", "", "", "fr", "", "", ""],
        ["Ivan", "", "", "", "uk", "female", "01/02/2024", "tourist"],
        ["Zoë\x07", "", "", "", "e n", "", "", ""],
        ["Sara", "", "", "", "en", "", "2030-01-01", ""],
    ]
    result = run_import(admin_session, utf8(HEADER, rows))
    assert problem_lines(result) == [
        "2|date_of_birth|This date does not exist.",
        "3|name_to_use|Please enter a name to use.",
        "4|gender|Use these codes, separated by semicolons: woman, man, non_binary, transgender, "
        "culturally_specific, different.",
        "4|entry_date|Enter a date as year-month-day.",
        "4|immigration_status|Use one of these codes: citizen, permanent_resident, "
        "worker_closed, worker_open, student, visitor, refugee_claimant, protected_person, "
        "cuaet, vtip_trp, no_status.",
        "5|name_to_use|This text contains invisible control characters. Please type it again.",
        "5|preferred_language|Use a language code such as en, fr or zh_Hans.",
        "6|entry_date|This date is in the future.",
    ]
    assert all_clients(admin_session) == []


def test_the_fixed_file_imports_every_row_as_an_intake_would(admin_session: Session) -> None:
    result = run_import(admin_session, utf8(HEADER, GOOD_ROWS))
    assert (result.ok, result.imported) == (True, 4)
    service = ClientService(admin_session)
    ids = service.list_ids()
    by_name = {row.name_to_use: row for row in service.summaries(ids)}
    assert set(by_name) == {"Amira", "李静", "Олена Коваль", "ਹਰਪ੍ਰੀਤ ਕੌਰ"}
    amira = by_name["Amira"]
    assert amira.aliases == ("أميرة", "Amira H.")
    assert amira.date_of_birth == "1994-03"
    assert amira.reading_language == "ar"
    assert amira.legal_name == "Amira Haddad"  # restricted, seen by an administrator
    client = service.open(amira.id)
    assert client.entry_date == dt.date(2024, 11, 2)
    answers = client.answers
    assert answers["name_quality"].value == "partial"
    assert answers["interpreter_used"].value == "no"
    assert answers["contact_channels"].value == []
    assert answers["may_name_organisation"].value == "no"
    assert answers["consent_collect"].value == "given"
    assert answers["confidentiality_explained"].value == "yes"
    assert answers["spoken_languages"].value == "العربية"
    assert answers["project_start"].value == "2024-11-02"
    assert "legal_name" not in answers  # never loaded by a plain open
    [consent] = client.consents
    assert (consent.kind, consent.given, consent.start_date) == (
        ConsentKind.COLLECT, True, dt.date(2024, 11, 2))
    assert consent.language == "ar"
    jing = service.open(by_name["李静"].id)
    assert jing.entry_date == TODAY
    assert jing.answers["gender"].value == ["woman", "transgender"]
    assert jing.answers["immigration_status"].status is AnswerStatus.PREFERS_NOT
    harpreet = service.open(by_name["ਹਰਪ੍ਰੀਤ ਕੌਰ"].id)
    assert harpreet.answers["gender"].status is AnswerStatus.DOESNT_KNOW
    assert "immigration_status" not in harpreet.answers  # empty cell: not asked yet
    assert service.list_ids("koval") == [by_name["Олена Коваль"].id]  # aliases are searchable
    entries = admin_session.vault.audit.entries(action=AuditAction.CLIENTS_IMPORTED)
    assert [e.detail for e in entries] == ["rows=4"]
    assert AuditAction.CLIENT_CREATED not in [e.action for e in
                                              admin_session.vault.audit.entries()]


# -- encodings and separators ----------------------------------------------------------------------


def test_utf8_with_a_byte_order_mark(admin_session: Session) -> None:
    data = utf8(HEADER, GOOD_ROWS, bom=True)
    assert data.startswith(codecs.BOM_UTF8)
    assert run_import(admin_session, data).imported == 4
    assert "李静" in all_clients(admin_session)


def test_utf16_tab_separated_as_excel_saves_unicode_text(admin_session: Session) -> None:
    data = codecs.BOM_UTF16_LE + csv_text(HEADER, GOOD_ROWS, "\t").encode("utf-16-le")
    assert data[:2] == b"\xff\xfe"
    assert run_import(admin_session, data).imported == 4
    assert sorted(all_clients(admin_session)) == sorted(row[0] for row in GOOD_ROWS)


def test_utf16_big_endian(admin_session: Session) -> None:
    data = codecs.BOM_UTF16_BE + csv_text(HEADER, GOOD_ROWS, "\t").encode("utf-16-be")
    assert run_import(admin_session, data).imported == 4


def test_semicolon_separated_with_commas_and_line_breaks_in_cells(
        admin_session: Session) -> None:
    rows = [["Lopez, Maria", "Mari;La Güera", "", "1991", "es", "", "", ""],
            ["Jean-Luc", "", "", "", "fr", "man", "", ""]]
    header = [*HEADER, "safe_times", "narrative_note"]
    rows = [[*rows[0], "Mornings, not Sundays", "In her words:\n\"I left; then…\""],
            [*rows[1], "", ""]]
    data = utf8(header, rows, ";")
    assert detect_delimiter(data.decode()) == ";"
    result = run_import(admin_session, data)
    assert result.ok, problem_lines(result)
    service = ClientService(admin_session)
    maria = next(r for r in service.summaries(service.list_ids()) if r.name_to_use ==
                 "Lopez, Maria")
    assert maria.aliases == ("Mari", "La Güera")
    assert service.open(maria.id).answers["safe_times"].value == "Mornings, not Sundays"
    assert service.reveal_restricted(maria.id)["narrative_note"].value == (
        'In her words:\n"I left; then…"')


def test_a_line_break_in_a_one_line_answer_is_explained(admin_session: Session) -> None:
    result = run_import(admin_session, utf8(["name_to_use", "safe_times"],
                                            [["A", "Mornings,\nnot Sundays"]]))
    assert problem_lines(result) == [
        "2|safe_times|This answer must fit on one line: remove the line breaks in the cell."]


def test_a_windows_1252_file_is_refused_with_how_to_save_it(admin_session: Session) -> None:
    data = "name_to_use\nZoë Müller\n".encode("cp1252")
    with pytest.raises(ImportFileError) as caught:
        run_import(admin_session, data)
    assert "CSV UTF-8" in caught.value.user_message()
    assert all_clients(admin_session) == []


def test_a_missing_file_is_a_clear_error(admin_session: Session, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as caught:
        ClientImportService(admin_session).import_csv(tmp_path / "nowhere.csv",
                                                      consent_recorded=True)
    assert "cannot be opened" in caught.value.user_message()


def test_the_header_decides_the_delimiter_when_the_sniffer_cannot() -> None:
    assert detect_delimiter("name_to_use\nAmira\n") == ","
    assert detect_delimiter("name_to_use\nLopez, Maria\nJean; Luc\n") == "\t"
    assert detect_delimiter("name_to_use;aliases\nA;B\n") == ";"
    assert detect_delimiter("name_to_use\taliases\tgender\nA, B\tC\twoman\n") == "\t"


# -- the header -----------------------------------------------------------------------------------


def test_an_unknown_column_is_reported_not_dropped(admin_session: Session) -> None:
    header = ["name_to_use", "date_of_brith", "favourite_colour"]
    result = run_import(admin_session, utf8(header, [["Amira", "1990", "blue"]]))
    assert problem_lines(result) == [
        "1|date_of_brith|Unknown column. Did you mean date_of_birth?",
        "1|favourite_colour|Unknown column. The columns are listed in docs/import-format.md.",
    ]
    assert all_clients(admin_session) == []


def test_header_problems_that_would_repeat_on_every_row_are_reported_once(
        admin_session: Session) -> None:
    result = run_import(admin_session, utf8(["aliases", "aliases"], [["a", "b"]] * 50),
                        consent_recorded=False)
    assert problem_lines(result) == [
        "1|aliases|This column appears more than once.",
        "1|name_to_use|The file has no name_to_use column. Every client needs a name to use.",
        "1|consent_collect|Add this column, or confirm that consent to keep their information "
        "was recorded for every row.",
        "1|confidentiality_explained|Add this column, or confirm that consent to keep their "
        "information was recorded for every row.",
    ]


def test_column_names_ignore_case_and_spaces_but_not_synonyms(admin_session: Session) -> None:
    header = [" Name_To_Use ", "PREFERRED_LANGUAGE", "reading_language"]
    result = run_import(admin_session, utf8(header, [["Amira", "ar", "ar"]]))
    assert problem_lines(result) == [
        "1|reading_language|Use either preferred_language or reading_language, not both."]
    assert run_import(admin_session, utf8(header[:2], [["Amira", "ar"]])).imported == 1


def test_consent_is_never_assumed(admin_session: Session) -> None:
    header = ["name_to_use", "consent_collect", "confidentiality_explained"]
    refused = run_import(admin_session, utf8(["name_to_use"], [["Amira"]]),
                         consent_recorded=False)
    assert [p.column for p in refused.problems] == ["consent_collect",
                                                    "confidentiality_explained"]
    rows = [["Amira", "given", "yes"], ["Noor", "declined", "yes"], ["Sam", "", "yes"]]
    missing_cell = run_import(admin_session, utf8(header, rows), consent_recorded=False)
    assert problem_lines(missing_cell) == ["4|consent_collect|This question needs an answer."]
    rows[2][1] = "given"
    assert run_import(admin_session, utf8(header, rows), consent_recorded=False).imported == 3
    service = ClientService(admin_session)
    noor = next(r for r in service.summaries(service.list_ids()) if r.name_to_use == "Noor")
    [consent] = service.open(noor.id).consents
    assert not consent.given and consent.expiry_date is None


def test_legal_name_column_is_refused_for_an_intake_worker(vault: VaultFixture) -> None:
    data = utf8(HEADER, GOOD_ROWS)
    # An intake worker may not see restricted fields, so the file is refused at its header…
    assert not role_allows(Role.INTAKE_WORKER, Permission.REVEAL_RESTRICTED)
    parsed = parse(data, today=TODAY, consent_recorded=True,
                   may_reveal_restricted=role_allows(Role.INTAKE_WORKER,
                                                     Permission.REVEAL_RESTRICTED))
    assert [(p.row, p.column) for p in parsed.problems] == [(1, "legal_name")]
    assert "restricted" in parsed.problems[0].text()
    # …and the service refuses an intake worker any import at all (administrators import).
    vault.add_staff("ines", Role.INTAKE_WORKER, "violet kettles hum at dawn")
    session = vault.unlock("ines", "violet kettles hum at dawn")
    try:
        with pytest.raises(PermissionDeniedError):
            run_import(session, data)
        without_legal = utf8(HEADER[:2], [row[:2] for row in GOOD_ROWS])
        with pytest.raises(PermissionDeniedError):
            run_import(session, without_legal)
    finally:
        session.lock()
    admin = vault.unlock()
    try:
        assert all_clients(admin) == []
    finally:
        admin.lock()


def test_narrative_note_is_accepted_only_with_restricted_access(admin_session: Session) -> None:
    header = ["name_to_use", "narrative_note"]
    refused = parse(utf8(header, [["A", "her words"]]), today=TODAY, consent_recorded=True,
                    may_reveal_restricted=False)
    assert [(p.row, p.column) for p in refused.problems] == [(1, "narrative_note")]
    assert run_import(admin_session, utf8(header, [["A", "her words,\nkept as told"]])).ok


def test_interpreter_records_cannot_be_imported(admin_session: Session) -> None:
    result = run_import(admin_session, utf8(["name_to_use", "interpreter_used"],
                                            [["A", "no"], ["B", "yes"]]))
    assert [(p.row, p.column) for p in result.problems] == [(3, "interpreter_used")]
    assert "cannot be imported" in result.problems[0].text()


def test_extra_and_unnamed_cells_are_located_by_column_letter(admin_session: Session) -> None:
    data = b"name_to_use,,gender\nA,,woman\nB,oops,man\nC,,woman,extra\n"
    result = run_import(admin_session, data)
    assert problem_lines(result) == [
        "3|B|This column has no name in the header row.",
        "4|D|This row has more cells than the header has columns.",
    ]
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_blank_rows_are_skipped_but_keep_their_numbers(admin_session: Session) -> None:
    data = b"name_to_use,date_of_birth\nA,1990\n,\n\nB,199\n"
    result = run_import(admin_session, data)
    assert problem_lines(result)[0].startswith("5|date_of_birth|")


def test_an_empty_file_and_a_header_alone(admin_session: Session) -> None:
    assert problem_lines(run_import(admin_session, b"")) == ["1||The file is empty."]
    assert problem_lines(run_import(admin_session, b"name_to_use\r\n")) == [
        "2||The file has no clients below the header row."]


# -- speed, progress, cancel ----------------------------------------------------------------------


def big_file(rows: int) -> bytes:
    scripts = ["Amira Haddad", "李静", "Олена Коваль", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "María López", "김민지"]
    lines = [["name_to_use", "aliases", "date_of_birth", "preferred_language", "gender",
              "entry_date", "basic_needs"]]
    lines += [[f"{scripts[i % 6]} {i}", f"Alias {i}", f"19{50 + i % 50}-0{1 + i % 9}",
               ["ar", "zh_Hans", "uk", "pa", "es", "ko"][i % 6], "woman",
               f"2024-0{1 + i % 9}-1{i % 10}", "food;phone"] for i in range(rows)]
    return csv_text(lines[0], lines[1:]).encode("utf-8")


def test_ten_thousand_rows_import_in_seconds_with_progress(admin_session: Session) -> None:
    data = big_file(10_000)
    calls: list[tuple[int, int]] = []
    started = time.perf_counter()
    result = run_import(admin_session, data, progress=lambda done, total: calls.append(
        (done, total)))
    elapsed = time.perf_counter() - started
    print(f"\n10,000-row import: {elapsed:.2f} s")
    assert result.imported == 10_000
    assert elapsed < 30  # a sanity bound only; the figure above is what matters
    assert calls[0] == (0, 10_000) and calls[-1] == (10_000, 10_000)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
    assert 40 <= len(calls) <= 60  # every ~200 rows, not every row
    assert ClientService(admin_session).count() == 10_000
    assert ClientService(admin_session).list_ids("олена 4") != []


@pytest.mark.parametrize("after_rows", [None, 400, 1_000],
                         ids=["while-checking", "while-saving", "after-the-last-row"])
def test_cancel_imports_nothing(admin_session: Session, after_rows: int | None) -> None:
    data = big_file(1_000)
    saved = [0]

    def progress(done: int, total: int) -> None:
        saved[0] = done

    def cancel() -> bool:
        return after_rows is None or saved[0] >= after_rows

    with pytest.raises(ImportCancelledError):
        run_import(admin_session, data, progress=progress, cancel=cancel)
    assert saved[0] == (after_rows or 0)
    assert ClientService(admin_session).count() == 0
    assert AuditAction.CLIENTS_IMPORTED not in [e.action for e in
                                                admin_session.vault.audit.entries()]
    assert run_import(admin_session, data).imported == 1_000  # the vault is still usable


# -- the service on its own -----------------------------------------------------------------------


def test_import_first_contacts_checks_every_row_before_saving(admin_session: Session) -> None:
    from shelter_desktop.domain.answers import Answer

    def row(name: str) -> NewClient:
        return NewClient(answers={
            "name_to_use": Answer.of(name), "name_quality": Answer.of("full"),
            "spoken_languages": Answer.of("English"), "reading_language": Answer.of("en"),
            "interpreter_used": Answer.of("no"), "contact_channels": Answer.of([]),
            "may_name_organisation": Answer.of("no"), "consent_collect": Answer.of("given"),
            "confidentiality_explained": Answer.of("yes")}, entry_date=TODAY,
            exit_date=TODAY, exit_reason="Moved to permanent housing")

    bad = row("B")
    bad.answers["reading_language"] = Answer.of("not a language")
    service = ClientService(admin_session)
    with pytest.raises(ImportRejectedError) as caught:
        service.import_first_contacts([row("A"), bad, row("C")])
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "reading_language")]
    assert service.count() == 0
    assert service.import_first_contacts([row("A"), row("C")], today=TODAY) == 2
    closed = service.summaries(service.list_ids(list_filter=ListFilter(status=None)))
    assert {r.status for r in closed} == {ClientStatus.CLOSED}


# -- a property: whatever name a spreadsheet holds comes back exactly ----------------------------

NAME_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                    max_size=80).filter(lambda s: s.strip() == s and s.strip() != "" and
                                        s.casefold() not in ("prefers_not", "doesnt_know",
                                                             "not_asked"))


@settings(max_examples=150, deadline=None)
@given(names=st.lists(NAME_TEXT, min_size=1, max_size=5),
       delimiter=st.sampled_from([",", ";", "\t"]), utf16=st.booleans())
def test_names_survive_the_round_trip_through_a_spreadsheet(
        names: list[str], delimiter: str, utf16: bool) -> None:
    text = csv_text(["name_to_use", "aliases"], [[name, name] for name in names], delimiter)
    data = (codecs.BOM_UTF16_LE + text.encode("utf-16-le")) if utf16 else text.encode()
    parsed = parse(data, today=TODAY, consent_recorded=True, may_reveal_restricted=True)
    assert parsed.problems == []
    assert [c.answers["name_to_use"].value for c in parsed.clients] == names


def test_the_format_document_lists_every_column() -> None:
    """docs/import-format.md is what administrators read: it must not fall behind the schema."""
    from shelter_desktop.domain.intake_schema import FIELDS

    document = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text(
        encoding="utf-8")
    missing = [key for key in [*FIELDS, "preferred_language", "entry_date"]
               if f"`{key}`" not in document]
    assert missing == []
    for spec in FIELDS.values():
        for code, _label in spec.choices:
            assert f"`{code}`" in document, (spec.key, code)
