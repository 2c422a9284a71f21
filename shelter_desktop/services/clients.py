"""Client records: search, open, create from a first contact, edit with history, close."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

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
    DEPENDANT_FIELDS,
    FIRST_CONTACT,
    INTERPRETER_FIELDS,
    RESTRICTED_FIELDS,
)
from shelter_desktop.domain.search_text import fold
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_
from shelter_desktop.services.session import Session
from shelter_desktop.storage.clients_repo import ClientColumns, ClientRepository, ListFilter

__all__ = ["ClientService", "ListFilter"]

ACTIVE_CLIENTS = ListFilter()


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
        is_minor=client_rules.is_minor(answers, today),
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
            words = [w for w in fold(text).split() if len(w) >= 2]
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
        if answers.get("interpreter_used", Answer()).value == "yes" and not interpreter:
            raise ValidationError(N_("Please fill in the interpreter record."), "interpreter")
        checked_interpreter = (check_answers(interpreter, INTERPRETER_FIELDS)
                               if interpreter else None)
        checked_dependants = [check_answers(d, DEPENDANT_FIELDS) for d in dependants]
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
