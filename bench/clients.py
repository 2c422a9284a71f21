"""Figures on client records at 1k, 10k and 100k clients (docs/performance.md).

Every figure drives the real app on a copy of a cached synthetic vault (``bench/datasets.py``):
real widgets offscreen, real services, SQLCipher with synchronous=FULL. Floors run the same
work on the plaintext SQLite copy of the same data, in the same run, interleaved with the
subject (floor, subject, floor, subject…) after one warm-up of each, so a busy spell or a cold
cache hits both alike. Each size is its own table row; rows report the median over the runs.

- Unlock (key derivation excluded) → client list usable: ``vault_service.unlock`` with the slot
  returning the already-derived key (so the real unlock minus Argon2: throttle file, opening and
  checking the database, account, audit entry), then ``AppController.on_unlocked`` builds and
  shows the main window; stops when the list's first visible page is fetched and the list has
  painted. Floor: opening the plain copy and running the same list queries (count and first
  page, ``list_head``) and the first page's rows.
- Search per keystroke: characters typed one at a time into the real search field (Latin,
  Arabic, Chinese, Cyrillic, Gurmukhi names that exist at every size); each keystroke from the
  key event to the list reset, its first visible page fetched and painted. p50 and p95 are taken
  per run over all keystrokes. Floor: the same SQL the list runs (``list_head``: the count and
  first page of the list query with SearchIndex.match_sql inside) on the plain copy, for the
  same text, just before each keystroke. The JSON also keeps ``list_ids`` on the plain copy
  (every matching id, what the list fetched per keystroke before ``list_head``).
- Open a client: ``MainWindow.open_client`` (ClientService.open, audited, and ClientRecordView
  showing it) until the record and its Needs tab (10 assessments: table and charts) have
  painted, coming from another client; the client also carries 3 dependants, 10 interpreter
  records, 4 consents and a plan of two versions. Floor: ``ClientService.open`` and the
  assessment history on the plain copy (no Qt). A second row opens the same client's Plan tab
  (every version read, audited, the editor built and painted: 4 goals of 3 actions); its floor
  is ``PlanService.versions`` on the plain copy.
- Save an intake: ``ClientService.create_from_first_contact`` with a generated first contact
  (interpreter record and dependants when the person has them), and ``update_answers`` changing
  two answers; durable (WAL, synchronous=FULL). Floor: the same call on the plain copy, with the
  same pragmas.
- Peak memory (100k): a child process unlocks, shows the list, scrolls to the end once and
  reports ``ru_maxrss`` (started through a small launcher: see ``bench/memory_probe.py``).
  Floor: a child showing a bare window with the same fonts.
- Database size (100k): the vault file against ``plain.db`` (SQLCipher's export of it).

``--quick`` uses the 1k vault only.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import datasets
from bench.registry import Figure, HarnessError, Options, Target, interleaved, register

if TYPE_CHECKING:
    from shelter_desktop.domain.answers import Answers
    from shelter_desktop.services.session import Session
    from shelter_desktop.ui.controller import AppController

ROOT = Path(__file__).resolve().parent.parent
# Names present in the generated data at every size (seed datasets.SEED), in five scripts.
SEARCHES = ("mar", "zoe", "محمد", "فاطمة", "王", "冬梅", "оксана", "шевченко", "ਕੌਰ")
UNLOCK_NAME = "Unlock (key derivation excluded) → client list usable"
SEARCH_NAME = "Search per keystroke"
OPEN_NAME = "Open a client with 10 assessments, to its Needs tab"
OPEN_PLAN_NAME = "Open a client's plan (2 versions), Plan tab painted"
SAVE_NAME = "Save an intake (first contact, synchronous=FULL)"
UPDATE_NAME = "Save intake changes (update_answers, synchronous=FULL)"
MEMORY_NAME = "Peak memory with the list open"
SIZE_NAME = "Database size vs plain SQLite"
MEMORY_TIMEOUT_S = 300.0


def page_size() -> int:
    """The first page the client list fetches (floors fetch the same)."""
    from shelter_desktop.ui.clients.list_model import ClientListModel

    return ClientListModel.PAGE_SIZE


def sizes(options: Options) -> tuple[int, ...]:
    return datasets.SIZES[:1] if options.quick else datasets.SIZES


def row_name(name: str, dataset: datasets.Dataset) -> str:
    return f"{name} ({dataset.label})"


@dataclass
class Vaults:
    """One size: the cached dataset, this process's copies of it, and the data key."""

    dataset: datasets.Dataset
    folder: Path  # working copy of the vault's data folder
    key: bytes

    @classmethod
    def of(cls, clients: int) -> Vaults:
        from bench import appkit

        dataset = datasets.ensure(clients)
        folder = datasets.working_copy(dataset)
        return cls(dataset, folder, appkit.data_key(folder, dataset.user, dataset.passphrase))

    def unlock(self) -> Session:
        from bench import appkit

        return appkit.unlock(self.folder, self.dataset.user, self.dataset.passphrase, self.key)

    def plain_copy(self) -> Path:
        return datasets.working_plain(self.dataset)


@contextmanager
def main_window(vaults: Vaults) -> Iterator[tuple[AppController, Any]]:
    """Unlocked, with the main window shown and its list painted (untimed set-up)."""
    from bench import appkit

    app_controller = appkit.controller(vaults.folder)
    try:
        app_controller.on_unlocked(vaults.unlock())
        window = app_controller.main_window
        if window is None:
            raise HarnessError("the main window did not open")
        watcher = appkit.PaintWatcher(window.client_list.table.viewport())
        appkit.wait_until(lambda: appkit.list_ready(window, watcher, 0), "the client list")
        watcher.remove()
        yield app_controller, window
    finally:
        appkit.close_controller(app_controller)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 35 keystrokes is the 34th slowest)."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100 * len(ordered)) // 100))
    return ordered[min(rank, len(ordered)) - 1]


# -- unlock → list ----------------------------------------------------------------------------


@register("unlock-list", default_repeat=11)
def unlock_to_list(options: Options) -> list[Figure]:
    return [_unlock_to_list(Vaults.of(clients), options) for clients in sizes(options)]


def _unlock_to_list(vaults: Vaults, options: Options) -> Figure:
    from bench import appkit
    from shelter_desktop.storage.clients_repo import ClientRepository

    rows: list[int] = []

    def subject() -> float:
        app_controller = appkit.controller(vaults.folder)  # the unlock window is up
        try:
            started = time.perf_counter()
            session = vaults.unlock()
            app_controller.on_unlocked(session)
            window = app_controller.main_window
            if window is None:
                raise HarnessError("the main window did not open")
            watcher = appkit.PaintWatcher(window.client_list.table.viewport())
            appkit.wait_until(lambda: appkit.list_ready(window, watcher, 0), "the client list")
            elapsed = time.perf_counter() - started
            watcher.remove()
            rows.append(window.client_list.model.rowCount())
        finally:
            appkit.close_controller(app_controller)
        return elapsed

    def floor() -> float:
        started = time.perf_counter()
        connection = appkit.plain_reader(vaults.dataset.plain_db)
        repo = ClientRepository(connection)
        _total, ids = repo.list_head(limit=page_size(), include_legal=True)
        repo.summaries(ids[:page_size()], include_legal=True)
        elapsed = time.perf_counter() - started
        connection.close()
        return elapsed

    samples, floor_samples = interleaved(subject, floor, options.repeat)
    return Figure(row_name(UNLOCK_NAME, vaults.dataset), samples, floor_samples,
                  Target.ms(300), extra={"rows": rows[-1]})


# -- search as you type -----------------------------------------------------------------------


def type_char(edit: Any, ch: str) -> None:
    """One key press, as a keyboard sends it (QTest.keyClicks aborts on non-ASCII)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.sendKeyEvent(QTest.KeyAction.Click, edit, Qt.Key.Key_unknown, ch,
                       Qt.KeyboardModifier.NoModifier)


@dataclass
class SearchRun:
    subject: list[float]  # seconds per keystroke, in typing order
    floor: list[float]  # list_head on the plain copy, same texts
    full_list: list[float]  # list_ids on the plain copy, same texts (for the JSON)


class SearchBench:
    """Types SEARCHES into the real search field of a shown main window, one key at a time."""

    def __init__(self, window: Any, plain: Any, include_legal: bool) -> None:
        from bench import appkit
        from shelter_desktop.storage.clients_repo import ClientRepository

        self.window = window
        self.panel = window.client_list
        self.edit = self.panel.search_edit
        self.plain_repo = ClientRepository(plain)
        self.include_legal = include_legal
        self.watcher = appkit.PaintWatcher(self.panel.table.viewport())
        self.matches: dict[str, int] = {}

    def wait_for_list(self, paints_before: int, what: str) -> None:
        from bench import appkit

        appkit.wait_until(lambda: appkit.list_ready(self.window, self.watcher, paints_before),
                          what)

    def clear(self) -> None:
        if self.edit.text():
            before = self.watcher.paints
            self.edit.clear()
            self.wait_for_list(before, "the cleared list")

    def floor(self, text: str, run: SearchRun) -> None:
        started = time.perf_counter()
        self.plain_repo.list_ids(query=text, include_legal=self.include_legal)
        run.full_list.append(time.perf_counter() - started)
        started = time.perf_counter()
        self.plain_repo.list_head(limit=page_size(), query=text,
                                  include_legal=self.include_legal)
        run.floor.append(time.perf_counter() - started)

    def keystroke(self, ch: str, run: SearchRun) -> None:
        before = self.watcher.paints
        started = time.perf_counter()
        type_char(self.edit, ch)
        self.wait_for_list(before, "the list after a keystroke")
        run.subject.append(time.perf_counter() - started)

    def run(self) -> SearchRun:
        run = SearchRun([], [], [])
        for text in SEARCHES:
            self.clear()
            for end in range(1, len(text) + 1):
                self.floor(text[:end], run)  # interleaved: floor, keystroke, floor…
                self.keystroke(text[end - 1], run)
            if self.edit.text() != text:
                raise HarnessError(f"typed {text!r} but the field shows {self.edit.text()!r}")
            self.matches[text] = self.panel.model.rowCount()
        self.clear()
        return run


@register("search", default_repeat=15)
def search_per_keystroke(options: Options) -> list[Figure]:
    return [figure for clients in sizes(options)
            for figure in _search_per_keystroke(Vaults.of(clients), options)]


def _search_per_keystroke(vaults: Vaults, options: Options) -> list[Figure]:
    from bench import appkit

    plain = appkit.plain_reader(vaults.dataset.plain_db)
    try:
        with main_window(vaults) as (app_controller, window):
            bench_ = SearchBench(window, plain, may_see_legal(app_controller.session))
            bench_.run()  # warm-up
            runs = [bench_.run() for _ in range(options.repeat)]
            bench_.watcher.remove()
    finally:
        plain.close()
    missing = [text for text, count in bench_.matches.items() if count == 0]
    if missing:
        raise HarnessError(f"no client matches {missing} at {vaults.dataset.label}")
    pooled = [t for run in runs for t in run.subject]
    pooled_floor = [t for run in runs for t in run.floor]
    pooled_full = [t for run in runs for t in run.full_list]
    extra: dict[str, object] = {
        "keystrokes_per_run": len(runs[0].subject), "matches": bench_.matches,
        "pooled_max_s": max(pooled), "floor_pooled_max_s": max(pooled_floor)}
    figures = []
    for label, fraction in (("p50", 0.50), ("p95", 0.95)):
        figures.append(Figure(
            row_name(f"{SEARCH_NAME} {label}", vaults.dataset),
            [percentile(run.subject, fraction) for run in runs],
            [percentile(run.floor, fraction) for run in runs],
            Target.ms(16), extra=dict(
                extra, pooled_s=percentile(pooled, fraction),
                floor_pooled_s=percentile(pooled_floor, fraction),
                list_ids_plain_pooled_s=percentile(pooled_full, fraction))))
    return figures


def may_see_legal(session: Session | None) -> bool:
    """Whether searches cover legal names too, as ClientService decides (bench: administrator)."""
    from shelter_desktop.domain.accounts import Permission

    assert session is not None
    return session.can(Permission.REVEAL_RESTRICTED)


# -- open a client ----------------------------------------------------------------------------


def richest_client(session: Session) -> str:
    """An active client with the most dependants and an interpreter record (first by name)."""
    row = session.vault.connection.execute(
        "SELECT c.id FROM clients c WHERE c.deleted = 0 AND c.status = 'active' AND EXISTS "
        "(SELECT 1 FROM interpreter_records i WHERE i.client_id = c.id) "
        "ORDER BY (SELECT count(*) FROM dependants d WHERE d.client_id = c.id) DESC, "
        "c.sort_key, c.rowid LIMIT 1").fetchone()
    if row is None:
        raise HarnessError("no client with an interpreter record")
    return str(row[0])


def give_assessments(session: Session, client_id: str, count: int = 10) -> None:
    """Bring the client to ``count`` completed assessments, spread from entry to today."""
    from shelter_desktop.domain.assessments import AssessmentKind, DomainScore
    from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
    from shelter_desktop.services.assessments import AssessmentService
    from shelter_desktop.services.clients import ClientService

    service = AssessmentService(session)
    existing = len(service.history(client_id))
    entry = ClientService(session).open(client_id).entry_date
    today = dt.date.today()
    span = max((today - entry).days, 0)
    for index in range(existing, count):
        day = entry + dt.timedelta(days=span * index // max(count - 1, 1))
        scores = {domain.key: DomainScore.of(1 + (index + offset) % 5)
                  for offset, domain in enumerate(SELF_SUFFICIENCY.domains)}
        kind = AssessmentKind.INTAKE if index == 0 else AssessmentKind.REVIEW
        service.complete(client_id, kind, day, scores, today=today)


def give_history(session: Session, client_id: str) -> None:
    """Bring the client to 10 interpreter records, 4 consents and 10 assessments (untimed)."""
    import uuid

    from shelter_desktop.domain.answers import Answer
    from shelter_desktop.domain.clients import Consent, ConsentKind
    from shelter_desktop.services.clients import ClientService
    from shelter_desktop.storage.clients_repo import ClientRepository

    service = ClientService(session)
    client = service.open(client_id)
    today = dt.date.today()
    for index in range(10 - len(client.interpreter_records)):
        service.add_interpreter_record(client_id, {
            "mode": Answer.of("phone"), "language": Answer.of("العربية"),
            "interpreter": Answer.of(f"Interpretation service, ID {4000 + index}"),
            "client_agreed": Answer.of("yes"), "conflict": Answer.of("no"),
            "gender_preference_met": Answer.of("yes"),
            "confidentiality_agreement": Answer.of("yes"),
        }, today - dt.timedelta(days=30 * index))
    with session.write():
        repo = ClientRepository(session.vault.connection)
        for index in range(4 - len(client.consents)):
            repo.add_consent(client_id, Consent(
                id=str(uuid.uuid4()), kind=ConsentKind.SHARE, given=True,
                start_date=today - dt.timedelta(days=10 * index),
                expiry_date=today + dt.timedelta(days=180), recipient="Legal clinic",
                purpose="Immigration application", method="written", language="ar"),
                session.account.id)
    give_assessments(session, client_id)
    give_plan(session, client_id)


def give_plan(session: Session, client_id: str, goals: int = 4) -> None:
    """A plan of two versions (the first agreed) with ``goals`` goals of three actions each."""
    import dataclasses
    import uuid

    from shelter_desktop.domain.plans import (
        Acknowledgement,
        Action,
        CopyDecision,
        Objective,
        PlanAcknowledgement,
        Responsible,
    )
    from shelter_desktop.services.assessments import GoalSeed
    from shelter_desktop.services.plans import PlanService

    plans = PlanService(session)
    today = dt.date.today()
    domains = ("housing", "legal", "income", "health", "education", "safety")
    latest = plans.latest(client_id)
    while latest is None or len(latest.goals) < goals:
        domain = domains[0 if latest is None else len(latest.goals) % len(domains)]
        latest = plans.add_goal(client_id, GoalSeed(client_id, domain, 2, None, None),
                                "أريد غرفة آمنة لي وحدي، قريبة من دروس اللغة.")
    filled = tuple(dataclasses.replace(
        goal, objectives=goal.objectives or (Objective(str(uuid.uuid4()), "Two visits", today),),
        actions=goal.actions or tuple(
            Action(str(uuid.uuid4()), f"Step {step}", Responsible.CLIENT,
                   today + dt.timedelta(days=7 * step)) for step in range(3)))
        for goal in latest.goals)
    if latest.is_editable:
        latest = plans.save_draft(dataclasses.replace(latest, goals=filled))
    if latest.version == 1 and latest.is_editable:
        plans.acknowledge(latest.id, PlanAcknowledgement(
            Acknowledgement.SIGNATURE, today, False, CopyDecision.ACCEPTED))
        plans.revise(client_id, "A review")


@register("open-client", default_repeat=11)
def open_client(options: Options) -> list[Figure]:
    return [figure for clients in sizes(options)
            for figure in _open_client(Vaults.of(clients), options)]


def _open_client(vaults: Vaults, options: Options) -> list[Figure]:
    from bench import appkit
    from shelter_desktop.services.assessments import AssessmentService
    from shelter_desktop.services.clients import ClientService
    from shelter_desktop.services.plans import PlanService

    with main_window(vaults) as (app_controller, window):
        session = app_controller.session
        assert session is not None
        target = richest_client(session)
        give_history(session, target)
        model = window.client_list.model
        other = model.client_id(1) if model.client_id(0) == target else model.client_id(0)
        assert other is not None
        plain = appkit.plain_session(vaults.plain_copy(), vaults.dataset.user)
        give_history(plain, target)
        record = window.record_view
        watcher = appkit.PaintWatcher(record)
        needs = record.needs_view
        if needs is None:
            raise HarnessError("the bench user cannot see the Needs tab")
        needs_watcher = appkit.PaintWatcher(needs)

        def show(client_id: str) -> None:
            before = watcher.paints
            window.open_client(client_id)
            appkit.wait_until(lambda: record.client_id == client_id
                              and watcher.paints > before, "the record")

        def subject() -> float:
            show(other)  # the person was looking at another client
            started = time.perf_counter()
            show(target)
            before = needs_watcher.paints
            record.tabs.setCurrentWidget(needs)  # the assessments, table and chart
            appkit.wait_until(lambda: needs_watcher.paints > before, "the Needs tab")
            return time.perf_counter() - started

        def floor() -> float:
            started = time.perf_counter()
            ClientService(plain).open(target)
            AssessmentService(plain).history(target)
            return time.perf_counter() - started

        plan_tab = record.plan_editor
        if plan_tab is None:
            raise HarnessError("the bench user cannot see the Plan tab")
        plan_watcher = appkit.PaintWatcher(plan_tab)

        def plan_subject() -> float:
            record.tabs.setCurrentIndex(0)  # back on the Intake tab, as a record opens
            show(other)
            show(target)
            appkit.settle()  # the earlier cards' deferred deletes, as the app's loop runs them
            before = plan_watcher.paints
            started = time.perf_counter()
            record.tabs.setCurrentWidget(plan_tab)
            appkit.wait_until(lambda: plan_watcher.paints > before
                              and plan_tab.client is not None
                              and plan_tab.client.id == target, "the Plan tab")
            return time.perf_counter() - started

        def plan_floor() -> float:
            started = time.perf_counter()
            PlanService(plain).versions(target)
            return time.perf_counter() - started

        try:
            samples, floor_samples = interleaved(subject, floor, options.repeat)
            plan_samples, plan_floors = interleaved(plan_subject, plan_floor, options.repeat)
        finally:
            watcher.remove()
            needs_watcher.remove()
            plan_watcher.remove()
            plain.lock()
        client = window.record_view.client
        assert client is not None
        assessments = len(AssessmentService(session).history(target))
        versions = PlanService(session).versions(target)
    return [Figure(row_name(OPEN_NAME, vaults.dataset), samples, floor_samples, Target.ms(50),
                   extra={"assessments": assessments,
                          "dependants": len(client.dependants),
                          "interpreter_records": len(client.interpreter_records),
                          "consents": len(client.consents)}),
            Figure(row_name(OPEN_PLAN_NAME, vaults.dataset), plan_samples, plan_floors,
                   Target.ms(50), extra={"versions": len(versions),
                                         "goals": len(versions[-1].goals)})]


# -- saving -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstContact:
    answers: Answers
    interpreter: Answers | None
    dependants: tuple[Answers, ...]


def first_contacts(count: int) -> list[FirstContact]:
    """Generated people (another seed than the vault's), cut to what a first contact asks."""
    from shelter_desktop.domain.intake_schema import FIRST_CONTACT
    from shelter_desktop.services.demo_data import generate

    keys = {spec.key for spec in FIRST_CONTACT.fields}
    return [FirstContact({k: v for k, v in person.answers.items() if k in keys},
                         person.interpreter, person.dependants)
            for person in generate(count, seed=datasets.SEED + 1)]


@register("save-intake", default_repeat=11)
def save_intake(options: Options) -> list[Figure]:
    people = first_contacts(options.repeat + 1)  # one per run, and one for the warm-up
    return [_save_intake(Vaults.of(clients), options, people) for clients in sizes(options)]


def _save_intake(vaults: Vaults, options: Options, people: list[FirstContact]) -> Figure:
    from bench import appkit
    from shelter_desktop.services.clients import ClientService

    session = vaults.unlock()
    plain = appkit.plain_session(vaults.plain_copy(), vaults.dataset.user)
    queues = {id(session): iter(people), id(plain): iter(people)}  # the same people for both

    def save(target: Session) -> float:
        person = next(queues[id(target)])
        service = ClientService(target)
        started = time.perf_counter()
        service.create_from_first_contact(person.answers, interpreter=person.interpreter,
                                          dependants=person.dependants)
        return time.perf_counter() - started

    try:
        samples, floor_samples = interleaved(lambda: save(session), lambda: save(plain),
                                             options.repeat)
    finally:
        session.lock()
        plain.lock()
    return Figure(row_name(SAVE_NAME, vaults.dataset), samples, floor_samples, Target.ms(30))


@register("update-answers", default_repeat=11)
def update_answers(options: Options) -> list[Figure]:
    return [_update_answers(Vaults.of(clients), options) for clients in sizes(options)]


def _update_answers(vaults: Vaults, options: Options) -> Figure:
    from bench import appkit
    from shelter_desktop.domain.answers import Answer
    from shelter_desktop.services.clients import ClientService

    session = vaults.unlock()
    plain = appkit.plain_session(vaults.plain_copy(), vaults.dataset.user)
    client_id = richest_client(session)
    # Two answers change each time (alternating), so every save writes history too.
    variants = [{"safe_to_talk": Answer.of("unsure"),
                 "safe_times": Answer.of("Only after she calls first")},
                {"safe_to_talk": Answer.of("yes"), "safe_times": Answer.of("After 6 pm")}]
    saves = {id(session): 0, id(plain): 0}

    def change(target: Session) -> float:
        saves[id(target)] += 1
        changes = variants[saves[id(target)] % 2]
        service = ClientService(target)
        started = time.perf_counter()
        service.update_answers(client_id, changes)
        return time.perf_counter() - started

    try:
        samples, floor_samples = interleaved(lambda: change(session), lambda: change(plain),
                                             options.repeat)
    finally:
        session.lock()
        plain.lock()
    return Figure(row_name(UPDATE_NAME, vaults.dataset), samples, floor_samples, Target.ms(30))


# -- memory -----------------------------------------------------------------------------------


def run_probe(args: list[str]) -> dict[str, Any]:
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SHELTER_DESKTOP_KDF="fast")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bench.memory_probe", "--spawn", *args], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=MEMORY_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"the memory probe did not finish in {MEMORY_TIMEOUT_S:g} s") from exc
    if result.returncode != 0:
        raise HarnessError(f"the memory probe failed: {result.stderr[-3000:]}")
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            return dict(json.loads(line))
    raise HarnessError(f"the memory probe printed no result: {result.stdout[-500:]}")


@register("memory", default_repeat=3)
def peak_memory(options: Options) -> Figure:
    clients = sizes(options)[-1]
    vaults = Vaults.of(clients)
    dataset = vaults.dataset
    results: list[dict[str, Any]] = []

    def subject() -> float:
        results.append(run_probe(["app", str(vaults.folder), dataset.user, dataset.passphrase]))
        return float(results[-1]["maxrss_mb"])

    def floor() -> float:
        return float(run_probe(["bare"])["maxrss_mb"])

    samples, floor_samples = interleaved(subject, floor, options.repeat, warm_up=0)
    last = results[-1]
    return Figure(row_name(MEMORY_NAME, dataset), samples, floor_samples, Target.mb(250),
                  unit="MB", extra={k: v for k, v in last.items() if k != "maxrss_mb"})


# -- database size ----------------------------------------------------------------------------


def file_mb(path: Path) -> float:
    total = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        total += wal.stat().st_size
    return total / 1e6


@register("db-size", default_repeat=1)
def database_size(options: Options) -> Figure:
    dataset = datasets.ensure(sizes(options)[-1])
    vault_mb = file_mb(dataset.data_dir / datasets.DATABASE_NAME)
    plain_mb = file_mb(dataset.plain_db)
    return Figure(row_name(SIZE_NAME, dataset), [vault_mb], [plain_mb], Target.ratio(1.1),
                  unit="MB", extra={"clients": dataset.clients,
                                    "per_client_kb": round(vault_mb * 1000 / dataset.clients, 2)})

