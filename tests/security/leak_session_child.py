"""A scripted working session that writes canaries everywhere, for test_leak_scan.

:func:`canaries` gives, for one seed and round, a canary for every place client or staff text can
go: every text-like intake question (restricted ones too), dependants, interpreter records,
answer changes (the old value goes to the history), an intake draft, assessment notes and a
correction reason, plan goals, objectives, actions, partner descriptions, reviews and the reason
of a new version, an exit reason, and a staff member's display name. Each canary holds four
tokens, one each in Latin, Arabic, Han and Cyrillic letters; every token of a script starts with
that script's :data:`MARKERS` entry, so one search per marker finds any of them, whole or cut.

:func:`run_session` does what a day at the desk does with them through the services: an
administrator adds the staff member, who records the clients, searches for them, opens them,
assesses, plans, then previews the plan in the real print dialog, prints it on a PDF printer and
saves it as PDF where the test says; the administrator takes a backup; everyone locks.

As a script (``python leak_session_child.py DATA_DIR USB CHOSEN_PDF PRINTER_PDF SEED``) it takes
the data-folder lock and logs into the data folder as the app does, prints ``READY``, then runs
rounds 1, 2, … of the session until it is killed, printing ``ROUND n`` and ``STEP <name>`` (see
:data:`STEPS`) as it goes. Qt runs offscreen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SHELTER_DESKTOP_KDF", "fast")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shelter_desktop.domain.accounts import Role  # noqa: E402
from shelter_desktop.domain.answers import Answer, Answers  # noqa: E402
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore  # noqa: E402
from shelter_desktop.domain.intake_schema import FIELDS, FieldKind  # noqa: E402
from shelter_desktop.domain.plans import (  # noqa: E402
    Acknowledgement,
    Action,
    CopyDecision,
    Objective,
    PlanAcknowledgement,
    Responsible,
    Review,
)
from shelter_desktop.domain.search_text import fold, spaced  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.accounts import AccountService  # noqa: E402
from shelter_desktop.services.assessments import AssessmentService  # noqa: E402
from shelter_desktop.services.backup import BackupService  # noqa: E402
from shelter_desktop.services.clients import ClientService, ListFilter  # noqa: E402
from shelter_desktop.services.drafts import INTAKE_DRAFT, DraftService  # noqa: E402
from shelter_desktop.services.plans import PlanService  # noqa: E402
from shelter_desktop.services.session import Session  # noqa: E402

ADMIN_USER = "director"
ADMIN_PASSPHRASE = "quiet river behind the old mill"
STAFF_PASSPHRASE = "violet kettles hum at dawn"

# One marker per script; every token starts with its script's marker. Long enough that random
# bytes (ciphertext, compressed streams) match by chance less than once in 10^6 scans.
MARKERS = {"latin": "zqxjvk", "arabic": "ظغضذ", "han": "鑫淼焱垚", "cyrillic": "щъюэ"}
ALPHABETS = {
    "latin": "bcdfghjklmnpqrstvwxz",
    "arabic": "بتثجحخدرزسشصطعفقلمنهوي",
    "han": "森林木水火土金山川石田雨雪风云花草竹鸟鱼",
    "cyrillic": "бвгджзклмнпрстфхцчш",
}
TEXT_KINDS = (FieldKind.TEXT, FieldKind.LONG_TEXT)
# Every text-like intake question (restricted ones too), straight from the schema.
INTAKE_TEXT_FIELDS = tuple(key for key, spec in FIELDS.items() if spec.kind in TEXT_KINDS)
OTHER_PLACES = (
    "dependant.name_to_use", "dependant.needs", "dependant2.name_to_use",
    "interpreter.language", "interpreter.interpreter", "interpreter2.interpreter",
    "changed.aliases", "changed.narrative_note", "draft.note", "assessment.note",
    "assessment.note2", "assessment.correction_reason", "plan.goal", "plan.goal2",
    "plan.objective", "plan.action", "plan.partner_description", "review.attendees",
    "review.progress", "review.changes", "closed.name_to_use", "closed.exit_reason",
    "account.display_name",
)
# What the session says it is starting, in order (``save`` is followed by the file's path).
STEPS = ("unlock", "draft", "intake", "changes", "search", "open", "assessment", "plan", "review",
         "close-record", "preview", "print", "include", "save", "close", "lock", "backup",
         "locked")
# The fields whose canaries are searched for, as staff would type them (and the aliases as
# changed later, by their first letters).
SEARCHED = ("name_to_use", "legal_name")


def token(rng: random.Random, script: str) -> str:
    return MARKERS[script] + "".join(rng.choice(ALPHABETS[script]) for _ in range(8))


def canaries(seed: int, round_number: int) -> dict[str, str]:
    """Place → canary text (four tokens, one per script) for this seed and round."""
    places = (*(f"intake.{key}" for key in INTAKE_TEXT_FIELDS), *OTHER_PLACES)
    texts = {}
    for place in places:
        rng = random.Random(f"{seed}:{round_number}:{place}")
        texts[place] = " ".join(token(rng, script) for script in MARKERS)
    return texts


def marker_forms() -> dict[str, str]:
    """Every form a marker could be written in: as typed, folded and spaced as the search index
    keeps it, and JSON-escaped; label → text, each text once."""
    forms: dict[str, str] = {}
    for script, marker in MARKERS.items():
        candidates = {script: marker, f"{script}/folded": fold(marker),
                      f"{script}/spaced": " ".join(spaced(fold(marker)).split()),
                      f"{script}/json": json.dumps(marker)[1:-1]}  # \uXXXX escapes
        for label, text in candidates.items():
            if text not in forms.values():
                forms[label] = text
    return forms


@dataclass(frozen=True)
class Places:
    """Where the session writes: the vault, the backup stick, the PDF the user saves, the
    printer's output (a PDF printer stands in for paper)."""

    data: Path
    usb: Path
    chosen_pdf: Path
    printer_pdf: Path


@dataclass
class SessionResult:
    client_id: str = ""
    saved_pdf: Path | None = None
    backup: Path | None = None
    found_by_search: int = 0


Step = Callable[[str], None]
Wait = Callable[[Callable[[], bool]], None]


def _a(text: str) -> Answer:
    return Answer.of(text)


def intake_answers(texts: dict[str, str], prefix: str = "intake") -> Answers:
    """A complete first contact with a canary in every text-like question."""
    answers: Answers = {
        "name_quality": _a("partial"), "reading_language": _a("uk"),
        "interpreter_used": _a("yes"), "contact_channels": Answer.of(["text"]),
        "may_name_organisation": _a("no"), "consent_collect": _a("given"),
        "confidentiality_explained": _a("yes"),
    }
    for key in INTAKE_TEXT_FIELDS:
        answers[key] = _a(texts[f"{prefix}.{key}"][:FIELDS[key].max_length])
    return answers


def _interpreter(texts: dict[str, str], place: str) -> Answers:
    return {"mode": _a("phone"), "language": _a(texts["interpreter.language"]),
            "interpreter": _a(texts[place]), "client_agreed": _a("yes"), "conflict": _a("no")}


def _dependant(texts: dict[str, str], place: str) -> Answers:
    return {"name_to_use": _a(texts[place]), "relationship": _a("child"),
            "date_of_birth": _a("2019"), "whereabouts": _a("with_client"),
            "needs": _a(texts["dependant.needs"])}


def record_client(staff: ClientService, texts: dict[str, str], step: Step) -> str:
    step("intake")
    client_id = staff.create_from_first_contact(
        intake_answers(texts), interpreter=_interpreter(texts, "interpreter.interpreter"),
        dependants=[_dependant(texts, "dependant.name_to_use")])
    step("changes")
    staff.update_answers(client_id, {"aliases": _a(texts["changed.aliases"]),
                                     "narrative_note": _a(texts["changed.narrative_note"])})
    staff.save_dependant(client_id, _dependant(texts, "dependant2.name_to_use"))
    staff.add_interpreter_record(client_id, _interpreter(texts, "interpreter2.interpreter"))
    return client_id


def search_and_open(staff: ClientService, client_id: str, texts: dict[str, str],
                    step: Step) -> int:
    """Search as staff type (each script on its own); returns how many searches found it."""
    step("search")
    found = 0
    everyone = ListFilter(status=None)
    for key in SEARCHED:
        for word in texts[f"intake.{key}"].split():
            found += client_id in staff.list_ids(word, list_filter=everyone)
    for word in texts["changed.aliases"].split():
        found += client_id in staff.list_ids(word[:7], list_filter=everyone)  # a prefix
    step("open")
    staff.open(client_id)
    staff.reveal_restricted(client_id)
    staff.history(client_id)
    return found


def assess_and_plan(session_staff: Session, client_id: str, texts: dict[str, str],
                    step: Step) -> None:
    assessments, plans = AssessmentService(session_staff), PlanService(session_staff)
    step("assessment")
    first = assessments.complete(
        client_id, AssessmentKind.INTAKE, dt.date.today(),
        {"housing": DomainScore.of(1, texts["assessment.note"]),
         "safety": DomainScore.of(2, texts["assessment.note2"])})
    assessments.complete(
        client_id, AssessmentKind.INTAKE, dt.date.today(),
        {"housing": DomainScore.of(2, texts["assessment.note"]),
         "safety": DomainScore.of(2, texts["assessment.note2"])},
        corrects_id=first.id, correction_reason=texts["assessment.correction_reason"])
    assessments.history(client_id)
    step("plan")
    plans.add_goal(client_id, assessments.goal_seed(client_id, "housing"), texts["plan.goal"])
    plan = plans.add_goal(client_id, assessments.goal_seed(client_id, "safety"),
                          texts["plan.goal2"])
    goal = dataclasses.replace(
        plan.goals[0],
        objectives=(Objective(str(uuid.uuid4()), texts["plan.objective"]),),
        actions=(Action(str(uuid.uuid4()), texts["plan.action"], Responsible.CLIENT,
                        dt.date.today() + dt.timedelta(days=14)),
                 Action(str(uuid.uuid4()), texts["plan.action"][:40], Responsible.PARTNER,
                        partner_description=texts["plan.partner_description"])))
    plan = plans.save_draft(dataclasses.replace(plan, goals=(goal, *plan.goals[1:])))
    plans.acknowledge(plan.id, PlanAcknowledgement(Acknowledgement.VERBAL, dt.date.today(),
                                                   False, CopyDecision.ACCEPTED))
    step("review")
    plans.add_review(client_id, Review(str(uuid.uuid4()), dt.date.today(), True,
                                       texts["review.attendees"], texts["review.progress"],
                                       texts["review.changes"]))
    plans.versions(client_id)


def print_and_save(session_staff: Session, client_id: str, places: Places, wait: Wait,
                   step: Step) -> Path | None:
    """Preview (in two languages, then with the legal name), print, save as PDF, close.

    The caller has made the print dialog accept and the file dialog answer ``chosen_pdf``.
    """
    from PySide6.QtPrintSupport import QPrinter

    from shelter_desktop.ui.plan.print_dialog import PlanPrintDialog

    step("preview")
    dialog = PlanPrintDialog(session_staff, client_id, "en")
    try:
        dialog.show()

        def drawn() -> bool:
            return dialog.shown_pdf is not None and dialog.pages_drawn == len(
                dialog.visible_pages())

        wait(drawn)
        shown = dialog.shown_pdf
        dialog.second_combo.setCurrentIndex(dialog.second_combo.findData("ar"))
        wait(lambda: dialog.shown_pdf is not shown and drawn())
        step("print")
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(96)
        printer.setOutputFileName(str(places.printer_pdf))
        dialog.printer = printer
        dialog.print_plan()
        step("include")
        shown = dialog.shown_pdf
        dialog.include_checks["legal_name"].setChecked(True)
        wait(lambda: dialog.shown_pdf is not shown and drawn())
        step(f"save {places.chosen_pdf}")
        dialog.save_plan()
        return dialog.saved_path
    finally:
        step("close")
        dialog.close()
        dialog.deleteLater()


def run_session(places: Places, seed: int, round_number: int, wait: Wait,
                step: Step = lambda _name: None) -> SessionResult:
    """One working session with this round's canaries (see the module doc)."""
    texts = canaries(seed, round_number)
    result = SessionResult()
    username = f"casey{round_number}"
    step("unlock")
    admin = vault_service.unlock(places.data, ADMIN_USER, ADMIN_PASSPHRASE)
    try:
        one_time = AccountService(admin).add_account(username, texts["account.display_name"],
                                                     Role.CASEWORKER)
    finally:
        admin.lock()
    staff = vault_service.unlock(places.data, username, one_time.passphrase)
    try:
        AccountService(staff).change_own_passphrase(one_time.passphrase, STAFF_PASSPHRASE)
        clients = ClientService(staff)
        step("draft")
        drafts = DraftService(staff)
        draft = drafts.new(INTAKE_DRAFT)
        draft.data = {"name_to_use": texts["intake.name_to_use"], "note": texts["draft.note"]}
        drafts.save(draft)
        result.client_id = client_id = record_client(clients, texts, step)
        drafts.delete(draft.id)
        result.found_by_search = search_and_open(clients, client_id, texts, step)
        assess_and_plan(staff, client_id, texts, step)
        step("close-record")
        closed = clients.create_from_first_contact(
            {**intake_answers(texts), "name_to_use": _a(texts["closed.name_to_use"]),
             "interpreter_used": _a("no")})
        clients.close(closed, dt.date.today(), texts["closed.exit_reason"])
        result.saved_pdf = print_and_save(staff, client_id, places, wait, step)
    finally:
        step("lock")
        staff.lock()
    step("backup")
    admin = vault_service.unlock(places.data, ADMIN_USER, ADMIN_PASSPHRASE)
    try:
        result.backup = BackupService(admin).back_up(places.usb).path
    finally:
        admin.lock()
    step("locked")
    return result


def answer_nested_dialogs(chosen_pdf: Path) -> dict[str, object]:
    """What the print and file dialogs are replaced by: accept, and the chosen file."""
    from PySide6.QtWidgets import QDialog

    def get_save_file_name(*_args: object, **_kwargs: object) -> tuple[str, str]:
        return str(chosen_pdf), ""

    return {"exec": lambda _self: QDialog.DialogCode.Accepted,
            "getSaveFileName": staticmethod(get_save_file_name)}


def process_events_until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the preview did not appear")
        QApplication.processEvents()
        time.sleep(0.002)


def main(places: Places, seed: int) -> None:
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication, QFileDialog

    from shelter_desktop.logs import setup_logging
    from shelter_desktop.storage.lockfile import DataFolderLock

    os.umask(0o077)
    app = QApplication([sys.argv[0]])
    QPrintDialog.exec = answer_nested_dialogs(places.chosen_pdf)["exec"]  # type: ignore
    lock = DataFolderLock(places.data)
    lock.acquire()
    setup_logging(places.data)
    print("READY", flush=True)
    round_number = 0
    while True:
        round_number += 1
        print(f"ROUND {round_number}", flush=True)
        round_places = dataclasses.replace(
            places, chosen_pdf=places.chosen_pdf.with_name(f"r{round_number}-plan.pdf"),
            printer_pdf=places.printer_pdf.with_name(f"r{round_number}-printed.pdf"))
        QFileDialog.getSaveFileName = answer_nested_dialogs(  # type: ignore[assignment]
            round_places.chosen_pdf)["getSaveFileName"]
        run_session(round_places, seed, round_number, process_events_until,
                    lambda name: print(f"STEP {name}", flush=True))
        app.processEvents()


if __name__ == "__main__":
    main(Places(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])),
         int(sys.argv[5]))
