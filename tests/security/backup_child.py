"""Child process for test_backup_campaign: backups under load, and backups to be killed.

``python backup_child.py load DATA_DIR USB_ROOT BACKUPS SEED SAVER PASSPHRASE ADMIN PASSPHRASE``
  Takes the data-folder lock (as the app does), unlocks two sessions and prints ``READY``. A
  caseworker's session keeps saving on a thread (new clients with dependants and interpreter
  records, answer changes, assessments, plan goals and actions), printing
  ``DONE <serial> <kind> <client id> <item id>`` once each save has returned (committed). Meanwhile
  the administrator's session takes BACKUPS backups on the main thread exactly as
  ``shelter-admin backup`` does (``BackupService.back_up``), each into ``USB_ROOT/NNN``, printing
  ``BACKUP_START <name> <saves committed so far>`` before and ``BACKUP_DONE <name> <path>``
  after. Then the saving stops, a last backup goes to ``USB_ROOT/final``, both sessions lock and
  the child exits 0.

  Why one process: the app holds an OS lock on the data folder, so the only way records are
  saved while a backup is taken is inside one process (the app backs up on a worker thread while
  staff keep working; ``shelter-admin backup`` refuses while the app is open). The two sessions
  have their own connections, as the app's worker has for the copy.

``python backup_child.py backup DATA_DIR USB USER PASSPHRASE CHUNK_BYTES PAUSE_SECONDS``
  Takes the lock, unlocks, prints ``READY`` and takes one backup into USB, copying in chunks of
  CHUNK_BYTES and pausing PAUSE_SECONDS after each (a slow USB stick), printing
  ``COPIED <done> <total>`` after each chunk and ``DONE <path> <seconds>`` at the end; then locks
  and waits to be killed. The slowing is here only: the parent's own backups run at full speed.

Plain Python: no Qt. Every line is flushed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import sys
import threading
import time
import uuid
from pathlib import Path

os.environ.setdefault("SHELTER_DESKTOP_KDF", "fast")

from shelter_desktop.domain.answers import Answer, Answers  # noqa: E402
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore  # noqa: E402
from shelter_desktop.domain.plans import Action, Responsible  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.assessments import AssessmentService, GoalSeed  # noqa: E402
from shelter_desktop.services.backup import BackupService  # noqa: E402
from shelter_desktop.services.clients import ClientService  # noqa: E402
from shelter_desktop.services.plans import PlanService  # noqa: E402
from shelter_desktop.services.session import Session  # noqa: E402
from shelter_desktop.storage import backup_file  # noqa: E402
from shelter_desktop.storage.lockfile import DataFolderLock  # noqa: E402

NAMES = ("Зоя Іваненко", "王芳", "\u200fفاطمة الزهراء\u200f", "ਹਰਪ੍ਰੀਤ ਕੌਰ", "김민준", "Zoë O'Brien",
         "Nguyễn Thị Lan", "مریم رضایی")
DOMAINS = ("housing", "safety", "income", "health", "legal")
# What each kind of save is picked with, once the run has a client to work on.
KINDS = {"client": 3, "update": 2, "assessment": 2, "goal": 2, "action": 1}


def safe_times_for(serial: int) -> str:
    """The answer an ``update`` save writes: the parent recomputes it from the serial."""
    return f"après 18 h · после 18:00 · #{serial}"


def say(line: str) -> None:
    print(line, flush=True)


class Ledger:
    """Numbers saves in commit order and lets the backups wait for new ones."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.committed = 0
        self.failed: BaseException | None = None

    def record(self, kind: str, client_id: str, item: str) -> None:
        with self.condition:
            self.committed += 1
            say(f"DONE {self.committed} {kind} {client_id} {item}")
            self.condition.notify_all()

    def wait_for(self, target: int) -> None:
        with self.condition:
            self.condition.wait_for(lambda: self.committed >= target or self.failed is not None,
                                    timeout=60)

    def begin_backup(self, name: str) -> None:
        with self.condition:  # no save is reported between reading the count and saying it
            say(f"BACKUP_START {name} {self.committed}")


def new_client(rng: random.Random) -> tuple[Answers, Answers | None, list[Answers]]:
    name = rng.choice(NAMES)
    interpreter = rng.random() < 0.3
    answers: Answers = {
        "name_to_use": Answer.of(f"{name} {rng.randrange(10**6)}"),
        "name_quality": Answer.of("partial"), "spoken_languages": Answer.of("Українська, عربي"),
        "reading_language": Answer.of("uk"),
        "interpreter_used": Answer.of("yes" if interpreter else "no"),
        "contact_channels": Answer.of(["text"]), "may_name_organisation": Answer.of("no"),
        "consent_collect": Answer.of(rng.choice(("given", "declined"))),
        "confidentiality_explained": Answer.of("yes"),
        "legal_name": Answer.of(f"{name} legal"),
        "narrative_note": Answer.of(" ".join(rng.choice(NAMES) for _ in range(40))),
    }
    record: Answers | None = None
    if interpreter:
        record = {"mode": Answer.of("phone"), "language": Answer.of("Українська"),
                  "interpreter": Answer.of(f"LanguageLine #{rng.randrange(9999)}"),
                  "client_agreed": Answer.of("yes"), "conflict": Answer.of("no")}
    dependants = [{"name_to_use": Answer.of(f"{rng.choice(NAMES)} child"),
                   "relationship": Answer.of("child"), "date_of_birth": Answer.of("2019"),
                   "whereabouts": Answer.of("with_client")}
                  for _ in range(rng.choice((0, 0, 1, 2)))]
    return answers, record, dependants


class Saver:
    """A caseworker saving one thing after another, each in its own transaction."""

    def __init__(self, session: Session, ledger: Ledger, rng: random.Random) -> None:
        self.clients = ClientService(session)
        self.assessments = AssessmentService(session)
        self.plans = PlanService(session)
        self.ledger = ledger
        self.rng = rng
        self.known: list[str] = []
        self.with_goal: list[str] = []
        self.serial = 0

    def save_one(self) -> None:
        rng = self.rng
        kinds = ["client"] if not self.known else list(KINDS)
        kind = rng.choices(kinds, weights=[KINDS[k] for k in kinds])[0]
        if kind == "action" and not self.with_goal:
            kind = "goal"
        client_id = "new" if kind == "client" else rng.choice(self.known)
        if kind == "client":
            answers, record, dependants = new_client(rng)
            client_id = self.clients.create_from_first_contact(
                answers, interpreter=record, dependants=dependants)
            self.known.append(client_id)
            item = "-"
        elif kind == "update":
            # The serial it will get: saves are numbered in commit order, one at a time.
            value = safe_times_for(self.ledger.committed + 1)
            self.clients.update_answers(client_id, {"safe_times": Answer.of(value)})
            item = "-"
        elif kind == "assessment":
            item = self.assessments.complete(
                client_id, AssessmentKind.REVIEW, dt.date.today(),
                {rng.choice(DOMAINS): DomainScore.of(rng.randint(1, 5), "Зоя · 王芳"),
                 "safety": DomainScore.of(rng.randint(1, 5))}).id
        elif kind == "goal":
            with_goal = self.plans.add_goal(
                client_id, GoalSeed(client_id, rng.choice(DOMAINS), rng.randint(1, 5), None, None),
                f"ਆਪਣਾ ਘਰ · my own place · {rng.randrange(10**6)}")
            item = with_goal.goals[-1].id
            if client_id not in self.with_goal:
                self.with_goal.append(client_id)
        else:
            client_id = rng.choice(self.with_goal)
            plan = self.plans.latest(client_id)
            assert plan is not None and plan.goals
            action = Action(str(uuid.uuid4()), "Call the housing office · اتصل",
                            rng.choice(list(Responsible)))
            first = dataclasses.replace(plan.goals[0],
                                        actions=(*plan.goals[0].actions, action))
            self.plans.save_draft(dataclasses.replace(plan, goals=(first, *plan.goals[1:])))
            item = action.id
        self.ledger.record(kind, client_id, item)

    def run(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                self.save_one()
                time.sleep(self.rng.uniform(0, 0.002))  # a breath between saves, not a pause
        except BaseException as exc:  # reported by the main thread
            self.ledger.failed = exc
            with self.ledger.condition:
                self.ledger.condition.notify_all()


def load(folder: Path, usb_root: Path, backups: int, seed: int, saver_user: str,
         saver_passphrase: str, admin_user: str, admin_passphrase: str) -> None:
    rng = random.Random(seed)
    lock = DataFolderLock(folder)
    lock.acquire()
    saver_session = vault_service.unlock(folder, saver_user, saver_passphrase)
    admin_session = vault_service.unlock(folder, admin_user, admin_passphrase)
    ledger = Ledger()
    saver = Saver(saver_session, ledger, random.Random(rng.randrange(2**32)))
    stop = threading.Event()
    thread = threading.Thread(target=saver.run, args=(stop,), daemon=True)
    say("READY")
    thread.start()
    backup_service = BackupService(admin_session)
    try:
        for number in range(backups):
            ledger.wait_for(ledger.committed + rng.randint(5, 40))
            if ledger.failed is not None:
                break
            name = f"{number:03d}"
            ledger.begin_backup(name)
            result = backup_service.back_up(usb_root / name)
            say(f"BACKUP_DONE {name} {result.path}")
    finally:
        stop.set()
        thread.join(timeout=60)
    if ledger.failed is not None:
        raise ledger.failed
    ledger.begin_backup("final")
    result = backup_service.back_up(usb_root / "final")
    say(f"BACKUP_DONE final {result.path}")
    saver_session.lock()
    admin_session.lock()
    lock.release()


def backup(folder: Path, usb: Path, user: str, passphrase: str, chunk_bytes: int,
           pause: float) -> None:
    backup_file.CHUNK_BYTES = chunk_bytes  # a slow stick: the copy goes in small steps

    def progress(done: int, total: int) -> None:
        say(f"COPIED {done} {total}")
        time.sleep(pause)

    lock = DataFolderLock(folder)
    lock.acquire()
    session = vault_service.unlock(folder, user, passphrase)
    say("READY")
    started = time.monotonic()
    result = BackupService(session).back_up(usb, progress)
    say(f"DONE {result.path} {time.monotonic() - started:.4f}")
    session.lock()
    say("LOCKED")
    while True:
        time.sleep(60)


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "load":
        load(Path(args[0]), Path(args[1]), int(args[2]), int(args[3]), *args[4:8])
    else:
        backup(Path(args[0]), Path(args[1]), args[2], args[3], int(args[4]), float(args[5]))
