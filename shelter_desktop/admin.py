"""``shelter-admin``: the administrator's command line, on the same services as the app.

Exit codes: 0 ok, 1 usage, 2 authentication failed, 3 vault damaged or tampered, 4 any other
known error; each failure prints one line on stderr (``import`` first lists each problem of the
file on a line of its own, so all of them can be fixed in one pass).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from shelter_desktop import __version__, i18n
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.errors import ShelterError, VaultDamagedError
from shelter_desktop.i18n import _
from shelter_desktop.logs import log_event, setup_logging
from shelter_desktop.paths import resolve_data_dir
from shelter_desktop.services import vault_service
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.audit_service import AuditService, verify_vault
from shelter_desktop.services.client_import import ClientImportService
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.demo_data import MAX_CLIENTS, DemoDataService
from shelter_desktop.services.session import Session
from shelter_desktop.storage.lockfile import DataFolderLock

EXIT_OK, EXIT_USAGE, EXIT_AUTH, EXIT_DAMAGED, EXIT_OTHER = 0, 1, 2, 3, 4


class UsageError(Exception):
    """Bad command-line usage; argparse's own errors become this too."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class SecretReader:
    """Reads secrets: the first line of stdin with ``--…-stdin``, else a prompt without echo.

    Standard input is read once and shared, so a command that needs two secrets (the current and
    the new passphrase) takes them from consecutive lines.
    """

    def __init__(self, use_stdin: bool, stream: TextIO | None = None) -> None:
        self.use_stdin = use_stdin
        self._stream = stream or sys.stdin
        self._lines: list[str] | None = None

    def read(self, prompt: str) -> str:
        if not self.use_stdin:
            return getpass.getpass(prompt)
        if self._lines is None:
            self._lines = self._stream.read().split("\n")
        if not self._lines:
            raise UsageError("standard input ended before every secret was read")
        return self._lines.pop(0).rstrip("\r")


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="the data folder (default: the platform's own)")


def _add_auth(parser: argparse.ArgumentParser) -> None:
    _add_data_dir(parser)
    parser.add_argument("--user", required=True, help="your user name")
    parser.add_argument("--passphrase-stdin", action="store_true",
                        help="read the passphrase from the first line of standard input")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="shelter-admin", description="Administer a Shelter Desktop vault.")
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--lang", default="en", help="language of messages (for example fr)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    init = commands.add_parser("init", help="create a vault and its first administrator")
    _add_auth(init)
    init.add_argument("--org", required=True, help="the organisation's name (stored encrypted)")
    init.add_argument("--display-name", default="", help="the administrator's display name")

    verify = commands.add_parser("verify", help="check integrity and the audit chain")
    _add_auth(verify)

    add_user = commands.add_parser("add-user", help="add a staff account")
    _add_auth(add_user)
    add_user.add_argument("--new-user", required=True)
    add_user.add_argument("--display-name", default="")
    add_user.add_argument("--role", required=True, choices=[role.value for role in Role])

    change = commands.add_parser("change-passphrase",
                                 help="change your passphrase (stdin: current, then new)")
    _add_auth(change)

    audit = commands.add_parser("audit", help="print the audit log")
    _add_auth(audit)
    audit.add_argument("--since", help="YYYY-MM-DD (UTC)")
    audit.add_argument("--json", action="store_true")

    imports = commands.add_parser("import", help="import clients from a spreadsheet saved as CSV "
                                                 "(docs/import-format.md)")
    _add_auth(imports)
    imports.add_argument("--csv", required=True, type=Path, help="the CSV file")
    imports.add_argument("--consent-recorded", action="store_true",
                         help="the shelter recorded consent to keep their information, and "
                              "explained the limits of confidentiality, for every row")

    clients = commands.add_parser("clients", help="list clients (active ones unless --all)")
    _add_auth(clients)
    clients.add_argument("--search", default="", help="only clients whose names match")
    clients.add_argument("--all", action="store_true", help="include closed records")
    clients.add_argument("--json", action="store_true")

    demo = commands.add_parser("demo-data",
                               help="fill an empty vault with synthetic clients for training")
    _add_auth(demo)
    demo.add_argument("--clients", required=True, type=_client_count, help="how many")
    demo.add_argument("--seed", type=int, help="the same seed gives the same clients")

    render = commands.add_parser("render-plan", help="write a client's latest plan as PDF")
    _add_auth(render)
    render.add_argument("--client", required=True, help="the client's id")
    render.add_argument("--lang", dest="doc_lang", required=True,
                        help="document language (for example ar)")
    render.add_argument("--second-lang", help="a second language, side by side")
    render.add_argument("--out", required=True, help="the PDF file to write")

    backup = commands.add_parser("backup", help="write an encrypted backup file into a folder "
                                                "and print its path")
    _add_auth(backup)
    backup.add_argument("--to", required=True, type=Path, help="the folder (a USB drive…)")

    restore = commands.add_parser(
        "restore", help="restore a backup into an empty data folder (a new laptop)")
    _add_data_dir(restore)
    restore.add_argument("--from", dest="source", required=True, type=Path,
                         help="the backup file")
    restore.add_argument("--recovery-code-stdin", action="store_true",
                         help="read the recovery code from the first line of standard input")
    restore.add_argument("--user", help="an administrator's user name (instead of the code)")
    restore.add_argument("--passphrase-stdin", action="store_true",
                         help="read the passphrase from the first line of standard input")
    restore.add_argument("--move-existing-aside", action="store_true",
                         help="if the folder holds a vault, move it into a dated sub-folder "
                              "(kept) and restore in its place")

    report = commands.add_parser(
        "report", help="needs assessments: per domain, how clients' first and latest scores "
                       "compare (administrators; counts and means only)")
    _add_auth(report)
    report.add_argument("--json", action="store_true")
    return parser


def _client_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_CLIENTS:
        raise argparse.ArgumentTypeError(f"a number from 1 to {MAX_CLIENTS}")
    return count


def _data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(args.data_dir)


def _open_session(args: argparse.Namespace, secrets: SecretReader) -> Session:
    passphrase = secrets.read(_("Passphrase: "))
    return vault_service.unlock(_data_dir(args), args.user, passphrase)


def cmd_init(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    passphrase = secrets.read(_("New passphrase: "))
    admin = vault_service.NewAdministrator(args.user, args.display_name, passphrase, args.lang)
    session, code = vault_service.set_up_vault(_data_dir(args), args.org, admin)
    session.lock()
    print(f"Recovery code: {code}", file=out)
    print(_("Write the recovery code down and keep it somewhere safe, away from this laptop. "
            "It is shown only once."), file=out)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    session = _open_session(args, secrets)
    try:
        problems = verify_vault(session)
        if problems:
            log_event("vault.verify_failed", problems=len(problems))
            raise VaultDamagedError()
        session.audit_now("audit.verified", detail="cli")
    finally:
        session.lock()
    print("ok", file=out)
    return EXIT_OK


def cmd_add_user(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    session = _open_session(args, secrets)
    try:
        result = AccountService(session).add_account(args.new_user, args.display_name,
                                                     Role(args.role), args.lang)
    finally:
        session.lock()
    print(_("One-time passphrase for {user}: {passphrase}").format(
        user=result.account.username, passphrase=result.passphrase), file=out)
    print(_("They must choose their own passphrase when they first unlock."), file=out)
    return EXIT_OK


def cmd_change_passphrase(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    current = secrets.read(_("Current passphrase: "))
    session = vault_service.unlock(_data_dir(args), args.user, current)
    try:
        new = secrets.read(_("New passphrase: "))
        if not secrets.use_stdin and getpass.getpass(_("New passphrase again: ")) != new:
            raise UsageError("the two new passphrases differ")
        AccountService(session).change_own_passphrase(current, new)
    finally:
        session.lock()
    print(_("Passphrase changed."), file=out)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    since = None
    if args.since:
        try:
            since = dt.datetime.strptime(args.since, "%Y-%m-%d").replace(tzinfo=dt.UTC)
        except ValueError as exc:
            raise UsageError("--since must be YYYY-MM-DD") from exc
    session = _open_session(args, secrets)
    try:
        entries = AuditService(session).entries(since=since)
    finally:
        session.lock()
    rows = [{"seq": e.seq, "at": e.at.isoformat(), "user": e.actor_name, "action": e.action,
             "record_id": e.record_id, "detail": e.detail} for e in reversed(entries)]
    if args.json:
        json.dump(rows, out, ensure_ascii=False, indent=1)
        print(file=out)
    else:
        for row in rows:
            print("\t".join(str(row[k] or "") for k in ("seq", "at", "user", "action",
                                                        "record_id", "detail")), file=out)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    session = _open_session(args, secrets)
    try:
        result = ClientImportService(session).import_csv(
            args.csv, consent_recorded=args.consent_recorded)
    finally:
        session.lock()
    if not result.ok:
        err = _stderr(args)
        for problem in result.problems:
            if problem.column:
                line = _("row {row}, column {column}: {message}").format(
                    row=problem.row, column=problem.column, message=problem.text())
            else:
                line = _("row {row}: {message}").format(row=problem.row, message=problem.text())
            print(line, file=err)
        hidden = result.problem_count - len(result.problems)
        if hidden:
            print(i18n.ngettext("… and {count} more problem.", "… and {count} more problems.",
                                hidden).format(count=hidden), file=err)
        summary = i18n.ngettext("Nothing was imported: {count} problem was found.",
                                "Nothing was imported: {count} problems were found.",
                                result.problem_count).format(count=result.problem_count)
        print(f"shelter-admin: {summary}", file=err)
        return EXIT_OTHER
    print(i18n.ngettext("Imported {count} client.", "Imported {count} clients.",
                        result.imported).format(count=result.imported), file=out)
    return EXIT_OK


def cmd_clients(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    session = _open_session(args, secrets)
    try:
        rows = ClientService(session).listing(args.search, include_closed=args.all)
    finally:
        session.lock()
    records = [{"id": row.id, "name": row.name_to_use, "aliases": list(row.aliases),
                "status": row.status.value, "date_of_birth": row.date_of_birth,
                "language": row.reading_language, "has_dependants": row.has_dependants,
                "alerts": sorted(alert.value for alert in row.alerts)} for row in rows]
    if args.json:
        json.dump(records, out, ensure_ascii=False, indent=1)
        print(file=out)
    else:
        for record in records:
            print("\t".join(str(record[key] or "") for key in
                            ("id", "name", "status", "date_of_birth", "language")), file=out)
    return EXIT_OK


def cmd_demo_data(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    session = _open_session(args, secrets)
    err = _stderr(args)
    shown = [-1]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth != shown[0]:
            shown[0] = tenth
            print(_("Added {done} of {total} demo clients…").format(done=done, total=total),
                  file=err, flush=True)

    try:
        count = DemoDataService(session).add_clients(args.clients, args.seed, progress)
    finally:
        session.lock()
    print(i18n.ngettext("Added {count} demo client.", "Added {count} demo clients.",
                        count).format(count=count), file=out)
    return EXIT_OK


REPORT_COLUMNS = ("domain", "clients", "mean_first", "mean_latest", "improved", "unchanged",
                  "worsened")


def cmd_render_plan(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    from shelter_desktop.domain.plans import PrintOptions
    from shelter_desktop.services.plans import PlanPrinting

    if args.doc_lang not in i18n.available_languages():
        raise UsageError(f"unknown document language {args.doc_lang!r}")
    if args.second_lang and args.second_lang not in i18n.available_languages():
        raise UsageError(f"unknown second language {args.second_lang!r}")
    session = _open_session(args, secrets)
    try:
        pdf = PlanPrinting(session).render(
            args.client, PrintOptions(language=args.doc_lang, second_language=args.second_lang),
            purpose="save")
    finally:
        session.lock()
    target = Path(args.out)
    target.write_bytes(pdf)  # only where the administrator asked for it
    print(target, file=out)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    """Per-domain changes across clients; the service checks the role and audits the look."""
    session = _open_session(args, secrets)
    try:
        changes = AssessmentService(session).domain_changes()
    finally:
        session.lock()
    rows = [dataclasses.asdict(change) for change in changes]
    if args.json:
        json.dump(rows, out, ensure_ascii=False, indent=1)
        print(file=out)
        return EXIT_OK
    print(f"# {_(SELF_SUFFICIENCY.name)}: {_(SELF_SUFFICIENCY.note)}", file=out)
    print("\t".join(REPORT_COLUMNS), file=out)
    for row in rows:
        print("\t".join(f"{row[key]:.2f}" if isinstance(row[key], float) else str(row[key])
                        for key in REPORT_COLUMNS), file=out)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    from shelter_desktop.services.backup import BackupService

    session = _open_session(args, secrets)
    try:
        result = BackupService(session).back_up(args.to.expanduser().resolve())
    finally:
        session.lock()
    print(result.path, file=out)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, secrets: SecretReader, out: TextIO) -> int:
    from shelter_desktop.services.backup import restore_backup

    if args.user:
        passphrase = secrets.read(_("Passphrase: "))
        result = restore_backup(args.source, _data_dir(args), username=args.user,
                                passphrase=passphrase,
                                move_existing_aside=args.move_existing_aside)
    else:
        code = secrets.read(_("Recovery code: "))
        result = restore_backup(args.source, _data_dir(args), recovery_code=code,
                                move_existing_aside=args.move_existing_aside)
    if result.moved_aside is not None:
        print(_("The vault that was there was moved to {folder}").format(
            folder=result.moved_aside), file=out)
    print(_("Restored the backup taken on {date}.").format(
        date=result.created_at.astimezone().strftime("%Y-%m-%d %H:%M")), file=out)
    return EXIT_OK


def _stderr(args: argparse.Namespace) -> TextIO:
    stream = getattr(args, "stderr", None)
    return stream if stream is not None else sys.stderr


COMMANDS: dict[str, Callable[[argparse.Namespace, SecretReader, TextIO], int]] = {
    "init": cmd_init,
    "verify": cmd_verify,
    "add-user": cmd_add_user,
    "change-passphrase": cmd_change_passphrase,
    "audit": cmd_audit,
    "import": cmd_import,
    "clients": cmd_clients,
    "demo-data": cmd_demo_data,
    "report": cmd_report,
    "render-plan": cmd_render_plan,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def run(argv: Sequence[str], stdin: TextIO | None = None, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(list(argv))
    except UsageError as exc:
        print(f"shelter-admin: {exc}", file=err)
        return EXIT_USAGE
    args.stderr = err  # commands that report several problems write them here
    i18n.set_language(args.lang)
    os.umask(0o077)  # backups, logs and slot files are private to this user
    secrets = SecretReader(getattr(args, "passphrase_stdin", False)
                           or getattr(args, "recovery_code_stdin", False), stdin)
    lock: DataFolderLock | None = None
    try:
        folder = _data_dir(args)
        if args.command not in ("init", "restore") and not folder.exists():
            print(f"shelter-admin: {_('There is no vault in this data folder yet.')}", file=err)
            return EXIT_OTHER
        if folder.exists():
            lock = DataFolderLock(folder)
            lock.acquire()
            setup_logging(folder)
        code = COMMANDS[args.command](args, secrets, out)
        if lock is None and folder.exists():
            setup_logging(folder)
        log_event("admin.command", command=args.command, result=code)
        return code
    except UsageError as exc:
        print(f"shelter-admin: {exc}", file=err)
        return EXIT_USAGE
    except ShelterError as exc:
        log_event("admin.failed", command=args.command, error=exc.event_code)
        print(f"shelter-admin: {exc.user_message()}", file=err)
        return exc.exit_code
    except KeyboardInterrupt:
        print("shelter-admin: interrupted", file=err)
        return EXIT_OTHER
    finally:
        if lock is not None:
            lock.release()


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
