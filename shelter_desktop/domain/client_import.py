"""Reading a shelter's client spreadsheet (CSV) into new client records: pure, no I/O.

Shelters arrive with years of clients in a spreadsheet. This turns one saved as CSV into the same
first-contact answers the intake form produces, checked by the same rules, so an imported record
is indistinguishable from a typed one. Every problem is collected (never just the first), each
with its spreadsheet row and column, so a whole file can be fixed in one pass; the service imports
nothing unless every row is valid.

Columns (the header row names them; case does not matter; the full list of field columns and
their codes is in ``docs/import-format.md``):

==========================  ==================================================================
Column                      Content
==========================  ==================================================================
``name_to_use``             **Required.** Any name the person wants to be called; a code name is
                            fine.
``aliases``                 Other names, separated by ``;``.
``legal_name``              Restricted: only for accounts that may see restricted fields
                            (administrators may).
``date_of_birth``           ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or empty.
``preferred_language``      The language they read best, as a code: ``en``, ``fr``, ``zh_Hans``…
                            (stored as ``reading_language``; use one of the two columns).
``entry_date``              ``YYYY-MM-DD``, not in the future; default ``project_start``, else
                            today. Starts the consent to keep their information.
``consent_collect``         ``given`` or ``declined``. Required unless the import states that
                            consent was recorded for every row (``--consent-recorded``).
``confidentiality_explained``  ``yes``. Required unless consent was recorded for every row.
any intake field key        For example ``spoken_languages``, ``gender``, ``immigration_status``,
                            ``trp_expiry``: choices as their stored codes, several choices
                            separated by ``;``, dates as above, numbers as digits.
==========================  ==================================================================

An empty cell means "not asked yet"; ``prefers_not`` and ``doesnt_know`` record those answers for
any question that allows them. Restricted fields (``legal_name``, ``law_enforcement``,
``narrative_note``) are refused for accounts that may not see them; no other free-text note column
exists, because the story belongs in the restricted note only when the person chooses to tell it.

Missing first-contact answers get the safe defaults the form itself starts from: name quality
"partial", no interpreter, no contact channel (do not contact; the client gets in touch), the
organisation's name not to be said. ``reading_language`` defaults to ``en`` and
``spoken_languages`` to the reading language's own name. An ``interpreter_used`` of ``yes`` is
refused, because interpreter records cannot be imported.

Row numbers are spreadsheet row numbers: the header is row 1 and the first client is row 2. A cell
holding a line break still belongs to one row; blank rows are skipped but keep their numbers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from shelter_desktop import i18n
from shelter_desktop.domain.answers import Answer, Answers, AnswerStatus
from shelter_desktop.domain.intake import check_answer
from shelter_desktop.domain.intake_schema import (
    FIELDS,
    RESTRICTED_FIELDS,
    FieldKind,
    FieldSpec,
    Requirement,
)
from shelter_desktop.domain.new_clients import (
    PROGRESS_EVERY,
    CancelCallback,
    ImportCancelledError,
    ImportProblem,
    NewClient,
    check_new_client,
)
from shelter_desktop.errors import ShelterError, ValidationError
from shelter_desktop.i18n import N_

HEADER_ROW = 1
PREFERRED_LANGUAGE = "preferred_language"
ENTRY_DATE = "entry_date"
CONSENT_COLUMNS = ("consent_collect", "confidentiality_explained")
# What a first contact records when nobody asked: the safest answer, never a guess about consent.
SAFE_DEFAULTS: Mapping[str, Any] = {
    "name_quality": "partial", "interpreter_used": "no", "contact_channels": [],
    "may_name_organisation": "no",
}
CONSENT_RECORDED_DEFAULTS: Mapping[str, Any] = {
    "consent_collect": "given", "confidentiality_explained": "yes",
}
NON_ANSWERS = {"prefers_not": AnswerStatus.PREFERS_NOT, "doesnt_know": AnswerStatus.DOESNT_KNOW,
               "not_asked": AnswerStatus.NOT_ASKED}
MAX_PROBLEMS = 500
_SNIFF_BYTES = 8192
_DELIMITERS = ",;\t"
_DIGITS = re.compile(r"^[0-9]{1,3}$")
_ENTRY_DATE_SPEC = FieldSpec(ENTRY_DATE, N_("Entry date"), FieldKind.DATE, Requirement.OPTIONAL)


class ImportFileError(ShelterError):
    """The file is not text a spreadsheet saved as CSV or Unicode text."""

    message = N_("This file cannot be read. In your spreadsheet, save it as \"CSV UTF-8\" or "
                 "\"Unicode text\" and try again.")
    event_code = "import.unreadable"


@dataclass(frozen=True)
class ParsedFile:
    clients: list[NewClient]
    problems: list[ImportProblem]
    problem_count: int  # all problems; ``problems`` keeps the first MAX_PROBLEMS
    rows: int  # data rows that were not blank


# -- the text -----------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM) or UTF-16 with a BOM, as spreadsheets save Unicode text.

    Nothing is guessed beyond that: reading a Windows-1252 file as anything else would silently
    garble names, so such a file is refused with a message that says how to save it.
    """
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        if b"\x00" in data[:64]:  # UTF-16 without a BOM: every other byte of ASCII text is 0
            return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError() from exc


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _known(name: str) -> bool:
    return _normalise_column(name) in FIELDS or _normalise_column(name) in (PREFERRED_LANGUAGE,
                                                                            ENTRY_DATE)


def detect_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab (Excel's "Unicode text").

    ``csv.Sniffer`` looks at the first lines; since the header must name known columns, the
    delimiter that splits it into the most known names wins over a sniffed one that does not
    (a comma inside a quoted name can mislead the sniffer).
    """
    sample = text[:_SNIFF_BYTES]
    if len(text) > _SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    header = text.split("\n", 1)[0]
    candidates = [d for d in _DELIMITERS if d in header]
    if not candidates:  # one column: any separator the rows do not use keeps it one column
        return min(_DELIMITERS, key=lambda d: (sample.count(d), d != ","))

    def score(delimiter: str) -> tuple[int, bool]:
        return sum(_known(n) for n in _split_header(header, delimiter)), delimiter == sniffed

    return max(candidates, key=score)


def column_letter(index: int) -> str:
    """The spreadsheet's name for a column: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _normalise_column(name: str) -> str:
    return name.strip().lstrip("\ufeff").casefold()


@cache
def _language_name(code: str) -> str:
    return i18n.display_name(code)


# -- the file -----------------------------------------------------------------------------------


@dataclass
class _Problems:
    found: list[ImportProblem] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str, **values: object) -> None:
        self.count += 1
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(ImportProblem(row, column, message, values))


@dataclass(frozen=True)
class _Header:
    columns: list[str | None]  # field key (or special column) per position; None = ignored
    names: list[str]  # as written, for messages


def _read_header(cells: list[str], problems: _Problems, *, may_reveal_restricted: bool,
                 consent_recorded: bool) -> _Header | None:
    columns: list[str | None] = []
    seen: set[str] = set()
    known = [*FIELDS, PREFERRED_LANGUAGE, ENTRY_DATE]
    for raw in cells:
        name = _normalise_column(raw)
        if not name:
            columns.append(None)  # an unnamed column must be empty; rows check that
            continue
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            if close:
                problems.add(HEADER_ROW, raw.strip(),
                             N_("Unknown column. Did you mean {suggestion}?"),
                             suggestion=close[0])
            else:
                problems.add(HEADER_ROW, raw.strip(), N_("Unknown column. The columns are "
                                                         "listed in docs/import-format.md."))
            columns.append(None)
            continue
        target = "reading_language" if name == PREFERRED_LANGUAGE else name
        if target in seen:
            problems.add(HEADER_ROW, raw.strip(),
                         N_("Use either preferred_language or reading_language, not both.")
                         if target == "reading_language"
                         else N_("This column appears more than once."))
            columns.append(None)
            continue
        seen.add(target)
        if name in RESTRICTED_FIELDS and not may_reveal_restricted:
            problems.add(HEADER_ROW, raw.strip(), N_(
                "Your account may not import restricted information. Remove this column, or "
                "ask an administrator to import the file."))
            columns.append(None)
            continue
        columns.append(name)
    names = [cell.strip() for cell in cells]
    usable = True
    if "name_to_use" not in columns:
        problems.add(HEADER_ROW, "name_to_use",
                     N_("The file has no name_to_use column. Every client needs a name to use."))
        usable = False
    if not consent_recorded:
        for key in CONSENT_COLUMNS:
            if key not in columns:
                problems.add(HEADER_ROW, key, N_(
                    "Add this column, or confirm that consent to keep their information was "
                    "recorded for every row."))
                usable = False
    # Without these columns every row would repeat the same problem: report the header alone.
    return _Header(columns, names) if usable else None


def _cell_answer(spec: FieldSpec, text: str) -> Answer:
    """The answer a cell holds, before the domain checks it."""
    marker = NON_ANSWERS.get(text.casefold())
    if marker is not None:
        return Answer(marker)
    if spec.kind is FieldKind.CHOICE:
        return Answer.of(text.casefold())
    if spec.kind is FieldKind.MULTI:
        return Answer.of([part.strip().casefold() for part in text.split(";") if part.strip()])
    if spec.kind is FieldKind.NUMBER:
        return Answer.of(int(text) if _DIGITS.match(text) else text)
    if spec.kind is FieldKind.LANGUAGE:
        return Answer.of(text.replace("-", "_"))
    return Answer.of(text)


def _explain(spec: FieldSpec, text: str, error: ValidationError
             ) -> tuple[str, dict[str, object]]:
    """The domain's message, made specific where a spreadsheet needs more (the codes to use)."""
    if spec.kind is FieldKind.TEXT and ("\n" in text or "\r" in text):
        return N_("This answer must fit on one line: remove the line breaks in the cell."), {}
    if spec.kind in (FieldKind.CHOICE, FieldKind.MULTI) and spec.choices:
        codes = ", ".join(code for code, _label in spec.choices)
        if spec.kind is FieldKind.MULTI:
            return N_("Use these codes, separated by semicolons: {codes}."), {"codes": codes}
        return N_("Use one of these codes: {codes}."), {"codes": codes}
    if spec.kind is FieldKind.LANGUAGE:
        return N_("Use a language code such as en, fr or zh_Hans."), {}
    return error.message, dict(error.values)


def _read_row(row: int, cells: list[str], header: _Header, problems: _Problems, *,
              today: dt.date, consent_recorded: bool) -> NewClient | None:
    before = problems.count
    answers: Answers = {}
    entry_date: dt.date | None = None
    for index, raw in enumerate(cells):
        text = raw.strip()
        if not text:
            continue
        if index >= len(header.columns):
            problems.add(row, column_letter(index),
                         N_("This row has more cells than the header has columns."))
            break
        key = header.columns[index]
        name = header.names[index] or column_letter(index)
        if key is None:
            if not header.names[index]:
                problems.add(row, name, N_("This column has no name in the header row."))
            continue
        if key == ENTRY_DATE:
            try:
                entry_date = dt.date.fromisoformat(check_answer(_ENTRY_DATE_SPEC,
                                                                Answer.of(text)).value)
            except ValidationError as error:
                problems.add(row, name, error.message, **error.values)
            continue
        target = "reading_language" if key == PREFERRED_LANGUAGE else key
        spec = FIELDS[target]
        try:
            answers[target] = check_answer(spec, _cell_answer(spec, text))
        except ValidationError as error:
            message, values = _explain(spec, text, error)
            problems.add(row, name, message, **values)
    if problems.count > before:
        return None
    return _complete(row, answers, entry_date, header, problems, today=today,
                     consent_recorded=consent_recorded)


def _complete(row: int, answers: Answers, entry_date: dt.date | None, header: _Header,
              problems: _Problems, *, today: dt.date, consent_recorded: bool) -> NewClient | None:
    """Fill in the safe defaults, then apply the rules that span several answers."""
    for key, value in SAFE_DEFAULTS.items():
        answers.setdefault(key, Answer.of(value))
    if consent_recorded:
        for key, value in CONSENT_RECORDED_DEFAULTS.items():
            if not answers.get(key, Answer()).is_settled:
                answers[key] = Answer.of(value)
    reading = answers.setdefault("reading_language", Answer.of("en"))
    code = reading.value if reading.is_answered else "en"
    answers.setdefault("spoken_languages", Answer.of(_language_name(str(code))))
    project_start = answers.get("project_start", Answer())
    if entry_date is None:
        entry_date = (dt.date.fromisoformat(project_start.value) if project_start.is_answered
                      else today)
    answers.setdefault("project_start", Answer.of(entry_date.isoformat()))
    if entry_date > today:
        column = ENTRY_DATE if ENTRY_DATE in header.columns else "project_start"
        problems.add(row, header.names[header.columns.index(column)],
                     N_("This date is in the future."))
        return None
    try:
        return check_new_client(NewClient(answers=answers, entry_date=entry_date))
    except ValidationError as error:
        column = error.field
        if column == "reading_language" and PREFERRED_LANGUAGE in header.columns:
            column = header.names[header.columns.index(PREFERRED_LANGUAGE)]
        elif column in header.columns:
            column = header.names[header.columns.index(column)]
        message = error.message
        if error.field == "interpreter_used":
            message = N_("Interpreter records cannot be imported. Leave this cell empty and add "
                         "the interpreter record in the client's file.")
        problems.add(row, column, message, **error.values)
        return None


def parse(data: bytes, *, today: dt.date, may_reveal_restricted: bool, consent_recorded: bool,
          cancel: CancelCallback | None = None) -> ParsedFile:
    """Every client of the file, or every problem found (then ``clients`` must not be used)."""
    text = decode(data)
    problems = _Problems()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text),
                        strict=True)
    clients: list[NewClient] = []
    row = HEADER_ROW
    data_rows = 0
    try:
        header_cells = next(reader, None)
        if header_cells is None:
            problems.add(HEADER_ROW, "", N_("The file is empty."))
            return ParsedFile([], problems.found, problems.count, 0)
        header = _read_header(header_cells, problems, may_reveal_restricted=may_reveal_restricted,
                              consent_recorded=consent_recorded)
        if header is None:
            return ParsedFile([], problems.found, problems.count, 0)
        for cells in reader:
            row += 1
            if row % PROGRESS_EVERY == 0 and cancel is not None and cancel():
                raise ImportCancelledError()
            if not any(cell.strip() for cell in cells):
                continue
            data_rows += 1
            client = _read_row(row, cells, header, problems, today=today,
                               consent_recorded=consent_recorded)
            if client is not None:
                clients.append(client)
    except csv.Error:
        problems.add(row + 1, "", N_("This row cannot be read: check its quotation marks."))
    if data_rows == 0 and not problems.count:
        problems.add(HEADER_ROW + 1, "", N_("The file has no clients below the header row."))
    return ParsedFile(clients, problems.found, problems.count, data_rows)
