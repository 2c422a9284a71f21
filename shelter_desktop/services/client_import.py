"""Importing clients from a spreadsheet: read the file, check every row, then create them all.

The file format (columns, codes, row numbers) is described in
:mod:`shelter_desktop.domain.client_import` and in ``docs/import-format.md``. This module adds
what needs the vault: the caller's permissions, the file itself, and one transaction that creates
every client or none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.client_import import ImportFileError, parse
from shelter_desktop.domain.new_clients import CancelCallback, ImportProblem, ProgressCallback
from shelter_desktop.i18n import N_
from shelter_desktop.logs import log_event
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.session import Session

# A spreadsheet of 100,000 clients is a few tens of megabytes; anything far larger is not one.
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class ImportResult:
    """``imported`` clients, or the ``problems`` that stopped the import (then none were)."""

    imported: int
    problems: tuple[ImportProblem, ...] = ()
    problem_count: int = 0  # every problem found; ``problems`` keeps the first few hundred

    @property
    def ok(self) -> bool:
        return not self.problem_count


class ClientImportService:
    """Administrators' import of a client spreadsheet saved as CSV."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def read_file(path: Path) -> bytes:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ImportFileError()
            return path.read_bytes()
        except OSError as exc:
            raise ImportFileError(N_("This file cannot be opened. Check that it still exists and "
                                     "that your account may read it.")) from exc

    def import_csv(self, source: Path | bytes, *, consent_recorded: bool = False,
                   progress: ProgressCallback | None = None,
                   cancel: CancelCallback | None = None,
                   today: dt.date | None = None) -> ImportResult:
        """Check every row; import all of them in one transaction only if none has a problem.

        ``consent_recorded`` is the importer's statement that the shelter recorded consent to
        keep their information, and explained the limits of confidentiality, for every row; it
        fills those answers where the file has no cell for them. ``progress(done, total)`` is
        called every few hundred rows while saving (from the calling thread); ``cancel()`` is
        asked as often, and a cancelled import leaves nothing behind.
        """
        self.session.require(Permission.IMPORT_CLIENTS)
        today = today or dt.date.today()
        data = source if isinstance(source, bytes) else self.read_file(source)
        parsed = parse(data, today=today,
                       may_reveal_restricted=self.session.can(Permission.REVEAL_RESTRICTED),
                       consent_recorded=consent_recorded, cancel=cancel)
        if parsed.problem_count:
            log_event("clients.import_refused", rows=parsed.rows, problems=parsed.problem_count)
            return ImportResult(0, tuple(parsed.problems), parsed.problem_count)
        count = ClientService(self.session).import_first_contacts(
            parsed.clients, progress, cancel, today=today)
        log_event("clients.imported", rows=count)
        return ImportResult(count)

