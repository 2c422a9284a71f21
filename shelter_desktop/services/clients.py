"""Client records: search, open, create from a first contact, edit with history, close."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable, Iterable, Sequence

from shelter_desktop.domain import client_rules
from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.answers import Answer, Answers
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.clients import (
    Client,
    ClientStatus,
    ClientSummary,
    Consent,
    ConsentKind,
    HistoryEntry,
)
from shelter_desktop.domain.intake import check_answers, check_text, missing_required
from shelter_desktop.domain.intake_schema import (
    DEPENDANT,
    DEPENDANT_FIELDS,
    FIRST_CONTACT,
    INTERPRETER,
    INTERPRETER_FIELDS,
    RESTRICTED_FIELDS,
    section_of,
)
from shelter_desktop.domain.new_clients import (
    PROGRESS_EVERY,
    ImportCancelledError,
    ImportProblem,
    ImportRejectedError,
    NewClient,
    VaultNotEmptyError,
    check_new_client,
    has_restricted,
)
from shelter_desktop.domain.search_text import fold
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_
from shelter_desktop.services.session import Session
from shelter_desktop.storage.clients_repo import (
    ClientColumns,
    ClientInsert,
    ClientRepository,
    ListFilter,
)
from shelter_desktop.storage.search_index import MAX_TERMS

__all__ = ["ClientService", "ListFilter"]

ACTIVE_CLIENTS = ListFilter()
# Ids per ``summaries`` query: well under SQLite's limit on bound parameters.
_SUMMARY_CHUNK = 500


class ClientNotFoundError(ValidationError):
    def __init__(self) -> None:
        super().__init__(N_("This client record no longer exists."), "client")


def _split(answers: Answers) -> tuple[Answers, Answers]:
    open_part = {k: v for k, v in answers.items() if k not in RESTRICTED_FIELDS}
    restricted = {k: v for k, v in answers.items() if k in RESTRICTED_FIELDS}
    return open_part, restricted


def _columns(answers: Answers, restricted: Answers, dependant_rows: int,
             today: dt.date) -> ClientColumns:
    name = client_rules.name_to_use(answers)
    return ClientColumns(
        name_to_use=name, sort_key=client_rules.sort_key(name),
        aliases=client_rules.aliases(answers),
        date_of_birth=client_rules.optional_text(answers, "date_of_birth"),
        reading_language=client_rules.optional_text(answers, "reading_language"),
        is_minor=client_rules.minor_by_answer(answers),
        adult_on=client_rules.adult_on(answers),
        dependant_count=client_rules.dependant_count(answers, dependant_rows),
        trp_expiry=client_rules.optional_text(answers, "trp_expiry"),
        legal_name=client_rules.optional_text(restricted, "legal_name"))


class ClientService:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def repo(self) -> ClientRepository:
        return ClientRepository(self.session.vault.connection)

    @property
    def may_see_restricted(self) -> bool:
        return self.session.can(Permission.REVEAL_RESTRICTED)

    # -- list and search --------------------------------------------------------------------

    def list_ids(self, query: str = "", list_filter: ListFilter = ACTIVE_CLIENTS,
                 sort: str = "name", descending: bool = False) -> list[str]:
        self.session.require(Permission.SEARCH_CLIENTS if query else Permission.LIST_CLIENTS)
        return self.repo.list_ids(query=query, include_legal=self.may_see_restricted,
                                  list_filter=list_filter, sort=sort, descending=descending)

    def list_head(self, query: str = "", list_filter: ListFilter = ACTIVE_CLIENTS,
                  sort: str = "name", descending: bool = False, limit: int = 100
                  ) -> tuple[int, list[str]]:
        """The count of ``list_ids`` and its first ``limit`` ids (all of them when few).

        For the list model, on every keystroke of a search: the rest is fetched with
        ``list_ids`` only if the person scrolls past the first screen.
        """
        self.session.require(Permission.SEARCH_CLIENTS if query else Permission.LIST_CLIENTS)
        return self.repo.list_head(limit=limit, query=query,
                                   include_legal=self.may_see_restricted,
                                   list_filter=list_filter, sort=sort, descending=descending)

    def summaries(self, client_ids: Sequence[str]) -> list[ClientSummary]:
        self.session.require(Permission.LIST_CLIENTS)
        return self.repo.summaries(client_ids, include_legal=self.may_see_restricted)

    def count(self) -> int:
        self.session.require(Permission.LIST_CLIENTS)
        return self.repo.count()

    def possible_duplicates(self, name: str, aliases: Sequence[str] = (),
                            date_of_birth: str | None = None, limit: int = 20
                            ) -> list[ClientSummary]:
        """Clients with the same or a similar name or alias, or a close date of birth.

        Shown before a new record is created, so staff can open the existing one instead.
        Nothing is ever merged automatically.
        """
        self.session.require(Permission.SEARCH_CLIENTS)
        repo = self.repo
        found: list[str] = []
        for text in [name, *aliases]:
            # As many words as a search uses: a pasted page of text is not a thousand searches.
            words = [w for w in fold(text).split() if len(w) >= 2][:MAX_TERMS]
            if not words:
                continue
            ids = repo.list_ids(query=" ".join(words), list_filter=ListFilter(status=None),
                                include_legal=self.may_see_restricted)
            if not ids and len(words) > 1:  # any one word of a longer name
                for word in words:
                    ids += repo.list_ids(query=word, list_filter=ListFilter(status=None),
                                         include_legal=self.may_see_restricted)[:limit]
            found += [i for i in ids if i not in found]
        rows = repo.summaries(found[: limit * 4], include_legal=self.may_see_restricted)
        if date_of_birth:
            year = date_of_birth[:4]
            rows.sort(key=lambda r: 0 if r.date_of_birth and r.date_of_birth[:4] in (
                year, str(int(year) - 1), str(int(year) + 1)) else 1)
        return rows[:limit]

    # -- one client -------------------------------------------------------------------------

    def open(self, client_id: str) -> Client:
        """The record without restricted fields; audited as a view."""
        self.session.require(Permission.VIEW_CLIENT)
        client = self.repo.get(client_id, include_restricted=False)
        if client is None:
            raise ClientNotFoundError()
        self.session.audit_now(AuditAction.CLIENT_VIEWED, client_id)
        return client

    def reveal_restricted(self, client_id: str) -> Answers:
        """Legal name, police involvement, narrative: caseworkers and administrators; audited."""
        self.session.require(Permission.REVEAL_RESTRICTED)
        try:
            _answers, restricted = self.repo.answers(client_id, include_restricted=True)
        except KeyError as exc:
            raise ClientNotFoundError() from exc
        self.session.audit_now(AuditAction.RESTRICTED_REVEALED, client_id)
        return restricted

    def create_from_first_contact(self, answers: Answers, *,
                                  interpreter: Answers | None = None,
                                  dependants: Sequence[Answers] = (),
                                  today: dt.date | None = None) -> str:
        """Completing the first contact creates the record (with its consent to collect)."""
        self.session.require(Permission.EDIT_INTAKE)
        today = today or dt.date.today()
        answers = check_answers(answers)
        if any(k in RESTRICTED_FIELDS for k in answers if answers[k].is_settled):
            self.session.require(Permission.REVEAL_RESTRICTED)
        missing = missing_required(answers, FIRST_CONTACT)
        if missing:
            raise ValidationError(N_("Please answer the required questions first."), missing[0])
        checked_interpreter = (check_answers(interpreter, INTERPRETER_FIELDS)
                               if interpreter else None)
        if answers.get("interpreter_used", Answer()).value == "yes" and (
                not checked_interpreter or missing_required(checked_interpreter, INTERPRETER)):
            raise ValidationError(N_("Please fill in the interpreter record."), "interpreter")
        checked_dependants = [check_answers(d, DEPENDANT_FIELDS) for d in dependants]
        for checked in checked_dependants:  # the rules an import applies to dependants
            missing = missing_required(checked, DEPENDANT)
            if missing:
                raise ValidationError(N_("This question needs an answer."), missing[0])
        open_part, restricted = _split(answers)
        columns = _columns(open_part, restricted, len(checked_dependants), today)
        actor = self.session.account.id
        consent_given = answers["consent_collect"].value == "given"
        with self.session.write():
            repo = self.repo
            client_id = repo.insert(answers=open_part, restricted=restricted, columns=columns,
                                    entry_date=today, actor_id=actor)
            repo.add_consent(client_id, Consent(
                id=str(uuid.uuid4()), kind=ConsentKind.COLLECT, given=consent_given,
                start_date=today,
                expiry_date=today + dt.timedelta(days=client_rules.COLLECT_CONSENT_DAYS)
                if consent_given else None,
                language=str(answers.get("reading_language", Answer()).value or "")), actor)
            if checked_interpreter:
                repo.add_interpreter_record(client_id, today, checked_interpreter, actor)
            for dependant in checked_dependants:
                repo.save_dependant(client_id, None, dependant, actor)
            self.session.audit(AuditAction.CLIENT_CREATED, client_id)
        return client_id

    def update_answers(self, client_id: str, changes: Answers,
                       today: dt.date | None = None) -> Client:
        """Change some answers; the previous values are kept in the history (who, when)."""
        self.session.require(Permission.EDIT_INTAKE)
        changes = check_answers(changes)
        if any(key in RESTRICTED_FIELDS for key in changes):
            self.session.require(Permission.REVEAL_RESTRICTED)
        repo = self.repo
        try:
            current, restricted = repo.answers(client_id, include_restricted=True)
        except KeyError as exc:
            raise ClientNotFoundError() from exc
        merged = {**current, **restricted}
        history = [(key, merged.get(key, Answer()), new) for key, new in changes.items()
                   if merged.get(key, Answer()) != new]
        if not history:
            return self._reload(client_id)
        merged.update(changes)
        if not client_rules.name_to_use(merged):
            raise ValidationError(N_("Please enter a name to use."), "name_to_use")
        for key, _old, _new in history:  # a required answer cannot be taken away again
            if key in missing_required(merged, section_of(key)):
                raise ValidationError(N_("This question needs an answer."), key)
        open_part, restricted = _split(merged)
        rows = len(repo.dependants(client_id))
        columns = _columns(open_part, restricted, rows, today or dt.date.today())
        actor = self.session.account
        with self.session.write():
            repo.update(client_id, answers=open_part, restricted=restricted, columns=columns,
                        actor_id=actor.id)
            repo.add_history(client_id, history, actor.id, actor.username)
            self.session.audit(AuditAction.CLIENT_UPDATED, client_id,
                               f"fields={len(history)}")
        return self._reload(client_id)

    def _reload(self, client_id: str) -> Client:
        client = self.repo.get(client_id, include_restricted=False)
        if client is None:
            raise ClientNotFoundError()
        return client

    def close(self, client_id: str, exit_date: dt.date, reason: str) -> None:
        self.session.require(Permission.CLOSE_CLIENT)
        reason = check_text(reason.strip(), field="exit_reason", max_length=500)
        if not reason:
            raise ValidationError(N_("Please give a reason for closing the record."),
                                  "exit_reason")
        if not self.repo.exists(client_id):
            raise ClientNotFoundError()
        with self.session.write():
            self.repo.set_status(client_id, ClientStatus.CLOSED, exit_date, reason,
                                 self.session.account.id)
            self.session.audit(AuditAction.CLIENT_CLOSED, client_id)

    def reopen(self, client_id: str) -> None:
        self.session.require(Permission.CLOSE_CLIENT)
        if not self.repo.exists(client_id):
            raise ClientNotFoundError()
        with self.session.write():
            self.repo.set_status(client_id, ClientStatus.ACTIVE, None, "",
                                 self.session.account.id)
            self.session.audit(AuditAction.CLIENT_REOPENED, client_id)

    def history(self, client_id: str) -> list[HistoryEntry]:
        self.session.require(Permission.VIEW_HISTORY)
        entries = self.repo.history(client_id, include_restricted=self.may_see_restricted,
                                    restricted_fields=RESTRICTED_FIELDS)
        self.session.audit_now(AuditAction.HISTORY_VIEWED, client_id)
        return entries

    # -- dependants and interpreters ---------------------------------------------------------

    def save_dependant(self, client_id: str, answers: Answers,
                       dependant_id: str | None = None) -> str:
        self.session.require(Permission.EDIT_INTAKE)
        checked = check_answers(answers, DEPENDANT_FIELDS)
        if not client_rules.name_to_use(checked):
            raise ValidationError(N_("Please enter a name to use."), "name_to_use")
        repo = self.repo
        if not repo.exists(client_id):
            raise ClientNotFoundError()
        with self.session.write():
            saved = repo.save_dependant(client_id, dependant_id, checked,
                                        self.session.account.id)
            self._refresh_columns(repo, client_id)
            self.session.audit(AuditAction.CLIENT_UPDATED, client_id, "dependant")
        return saved

    def remove_dependant(self, client_id: str, dependant_id: str) -> None:
        self.session.require(Permission.EDIT_INTAKE)
        repo = self.repo
        with self.session.write():
            repo.remove_dependant(client_id, dependant_id, self.session.account.id)
            self._refresh_columns(repo, client_id)
            self.session.audit(AuditAction.CLIENT_UPDATED, client_id, "dependant_removed")

    def add_interpreter_record(self, client_id: str, answers: Answers,
                               at: dt.date | None = None) -> str:
        self.session.require(Permission.EDIT_INTAKE)
        checked = check_answers(answers, INTERPRETER_FIELDS)
        missing = missing_required(checked, INTERPRETER)
        if missing:
            raise ValidationError(N_("This question needs an answer."), missing[0])
        if not self.repo.exists(client_id):
            raise ClientNotFoundError()
        with self.session.write():
            record_id = self.repo.add_interpreter_record(client_id, at or dt.date.today(),
                                                         checked, self.session.account.id)
            self.session.audit(AuditAction.CLIENT_UPDATED, client_id, "interpreter")
        return record_id

    def _refresh_columns(self, repo: ClientRepository, client_id: str) -> None:
        current, restricted = repo.answers(client_id, include_restricted=True)
        columns = _columns(current, restricted, len(repo.dependants(client_id)),
                           dt.date.today())
        repo.update(client_id, answers=current, restricted=restricted, columns=columns,
                    actor_id=self.session.account.id)

    # -- many clients at once (import, demo data, the command-line list) ---------------------

    def import_first_contacts(self, rows: Sequence[NewClient],
                              progress: Callable[[int, int], None] | None = None,
                              cancel: Callable[[], bool] | None = None, *,
                              today: dt.date | None = None) -> int:
        """Create every client in one transaction, or none: all rows are checked first.

        For an administrator's import; one audit entry (``rows=N``) records it, since an entry
        per client would say nothing more and would make 10,000 rows ten times slower. A cancel
        request is honoured between batches and rolls everything back. Problems are numbered
        by position in ``rows``, from 1.
        """
        self.session.require(Permission.IMPORT_CLIENTS)
        if any(has_restricted(row) for row in rows):
            self.session.require(Permission.REVEAL_RESTRICTED)
        checked: list[NewClient] = []
        problems: list[ImportProblem] = []
        for number, row in enumerate(rows, start=1):
            try:
                checked.append(check_new_client(row))
            except ValidationError as error:
                problems.append(ImportProblem(number, error.field, error.message,
                                              dict(error.values)))
        if problems:
            raise ImportRejectedError(problems)
        return self._insert_new(checked, len(checked), AuditAction.CLIENTS_IMPORTED, "rows",
                                progress, cancel, today or dt.date.today())

    def add_demo_clients(self, rows: Iterable[NewClient], total: int,
                         progress: Callable[[int, int], None] | None = None, *,
                         today: dt.date | None = None) -> int:
        """Synthetic clients for training and benchmarks, streamed into one transaction.

        Rows are checked as they come (a generator of 100,000 need not fit in memory); a bad
        row rolls everything back. Refused on a vault that already holds clients, so demo
        records are never mixed into real ones by accident.
        """
        self.session.require(Permission.IMPORT_CLIENTS)
        self.session.require(Permission.REVEAL_RESTRICTED)  # code names keep a legal name
        if self.repo.count():
            raise VaultNotEmptyError()
        checked = (check_new_client(row) for row in rows)
        return self._insert_new(checked, total, AuditAction.DEMO_DATA, "clients", progress,
                                None, today or dt.date.today())

    def _insert_new(self, rows: Iterable[NewClient], total: int, action: AuditAction,
                    detail_key: str, progress: Callable[[int, int], None] | None,
                    cancel: Callable[[], bool] | None, today: dt.date) -> int:
        actor = self.session.account.id
        done = 0
        iterator = iter(rows)
        with self.session.write():
            repo = self.repo
            if progress is not None:
                progress(0, total)
            while batch := list(itertools.islice(iterator, PROGRESS_EVERY)):
                if cancel is not None and cancel():
                    raise ImportCancelledError()
                repo.insert_many([_insert_record(row, today) for row in batch], actor)
                done += len(batch)
                if progress is not None:
                    progress(done, max(total, done))
            if cancel is not None and cancel():
                raise ImportCancelledError()
            self.session.audit(action, None, f"{detail_key}={done}")
        return done

    def listing(self, query: str = "", include_closed: bool = False) -> list[ClientSummary]:
        """Every matching client's list row, audited once (``count=N``, never the query).

        For the command line, where the whole list leaves the app at once, so it is an export:
        administrators only. The app's own list loads rows lazily through :meth:`list_ids` and
        :meth:`summaries` instead.
        """
        self.session.require(Permission.EXPORT_CLIENTS)
        ids = self.list_ids(query, ListFilter(status=None if include_closed
                                              else ClientStatus.ACTIVE))
        rows: list[ClientSummary] = []
        for start in range(0, len(ids), _SUMMARY_CHUNK):
            rows += self.summaries(ids[start:start + _SUMMARY_CHUNK])
        self.session.audit_now(AuditAction.CLIENTS_LISTED, None, f"count={len(rows)}")
        return rows


def _insert_record(client: NewClient, today: dt.date) -> ClientInsert:
    """The stored form of a checked new client, as ``create_from_first_contact`` stores one."""
    open_part, restricted = _split(client.answers)
    consent_given = client.answers["consent_collect"].value == "given"
    start = client.entry_date
    return ClientInsert(
        answers=open_part, restricted=restricted,
        columns=_columns(open_part, restricted, len(client.dependants), today),
        entry_date=start,
        consent=Consent(
            id=str(uuid.uuid4()), kind=ConsentKind.COLLECT, given=consent_given,
            start_date=start,
            expiry_date=start + dt.timedelta(days=client_rules.COLLECT_CONSENT_DAYS)
            if consent_given else None,
            language=str(client.answers.get("reading_language", Answer()).value or "")),
        status=ClientStatus.CLOSED if client.exit_date else ClientStatus.ACTIVE,
        exit_date=client.exit_date, exit_reason=client.exit_reason,
        interpreter=(start, client.interpreter) if client.interpreter else None,
        dependants=client.dependants)
