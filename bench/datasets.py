"""Synthetic vaults of 1k, 10k and 100k clients, built once and cached outside the repository.

``python -m bench.datasets [--sizes N …] [--seed S]`` builds (or checks) them ahead of a run.

Each dataset is made by the app's own demo-data generator (``DemoDataService.add_clients``) with a
fixed seed, in a vault whose key slots use the fast test KDF (key derivation is not what these
figures measure): clients with their intake answers, dependants and interpreter records, about
three needs assessments each, and for most of them a service plan in one or two versions. It
lives in ``$SHELTER_BENCH_CACHE`` or ``~/.cache/shelter-desktop-bench``::

    v<schema user_version>-d<DATASET_VERSION>-<clients>-<seed>/
        data/          the vault (database, key slots), as the app's data folder
        plain.db       the same data in plain SQLite (sqlcipher_export), for floors and size
        dataset.json   credentials and facts; written last, so its presence means "complete"

A dataset is rebuilt when it is missing or incomplete, and, because the folder is named after
the schema version and DATASET_VERSION, whenever a migration is added or what a dataset holds
changes (older entries of the same size are deleted); also when the migrations' text or the
generator's source changed without a new version (while they are being written), which
``dataset.json`` records as hashes. ``plain.db`` is checked to hold the same rows as the vault
(clients, assessments, plan versions), so floors query the same data as the figures.
Building runs in a child process so the harness never holds Faker or the build's memory; the
first 100k build takes about two minutes on a 2-core machine (``build_seconds`` in
``dataset.json``).

Figures never change the cached vault: they work on a per-process copy (:func:`working_copy`),
since unlocking, opening and saving write audit entries and clients.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.registry import HarnessError

DATABASE_NAME = "vault.db"  # shelter_desktop.storage.layout.DATABASE_NAME

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
SEED = 20240501
CACHE_ENV = "SHELTER_BENCH_CACHE"
BUILD_TIMEOUT_S = 1800.0
ORGANISATION = "Bench shelter"
USER = "bench"
PASSPHRASE = "quiet river behind the old mill"
# What a dataset holds; raise it when that changes without a schema migration.
# 2: service plans (1–2 versions for most clients).
DATASET_VERSION = 2
GENERATOR_MODULES = ("demo_data", "demo_plans", "demo_plan_texts")
COUNTED_TABLES = ("clients", "assessments", "plan_versions")


def size_label(clients: int) -> str:
    return f"{clients // 1000}k" if clients % 1000 == 0 else str(clients)


def cache_root() -> Path:
    configured = os.environ.get(CACHE_ENV)
    return Path(configured).expanduser() if configured else (
        Path.home() / ".cache" / "shelter-desktop-bench")


def schema_version() -> int:
    from shelter_desktop.storage.migrations import LATEST_VERSION

    return LATEST_VERSION


def fingerprint() -> dict[str, object]:
    """What the cached vault was made from: versions, and hashes of schema and generator."""
    import hashlib
    import importlib

    from shelter_desktop.storage.migrations import MIGRATIONS

    schema = "\n".join(f"{version}:{MIGRATIONS[version]}" for version in sorted(MIGRATIONS))
    generator = hashlib.sha256()
    for name in GENERATOR_MODULES:
        module = importlib.import_module(f"shelter_desktop.services.{name}")
        generator.update(Path(str(module.__file__)).read_bytes())
    return {"schema_version": schema_version(), "dataset_version": DATASET_VERSION,
            "schema_sha256": hashlib.sha256(schema.encode()).hexdigest()[:16],
            "generator_sha256": generator.hexdigest()[:16]}


@dataclass(frozen=True)
class Dataset:
    clients: int
    seed: int
    folder: Path  # the cache entry; never written to by figures

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def plain_db(self) -> Path:
        return self.folder / "plain.db"

    @property
    def info_path(self) -> Path:
        return self.folder / "dataset.json"

    @property
    def label(self) -> str:
        return size_label(self.clients)

    def info(self) -> dict[str, object]:
        return dict(json.loads(self.info_path.read_text(encoding="utf-8")))

    @property
    def user(self) -> str:
        return str(self.info()["user"])

    @property
    def passphrase(self) -> str:
        return str(self.info()["passphrase"])


def entry_name(clients: int, seed: int, version: int) -> str:
    return f"v{version}-d{DATASET_VERSION}-{clients}-{seed}"


def ensure(clients: int, seed: int = SEED) -> Dataset:
    """The cached dataset for ``clients``, built first if missing, incomplete or outdated."""
    version = schema_version()
    root = cache_root()
    dataset = Dataset(clients, seed, root / entry_name(clients, seed, version))
    if dataset.info_path.exists() and (dataset.data_dir / DATABASE_NAME).exists() \
            and dataset.plain_db.exists():
        info = dataset.info()
        if info.get("clients") == clients and all(
                info.get(key) == value for key, value in fingerprint().items()):
            return dataset
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob(f"v*-{clients}-{seed}"):  # older versions: about 1.4 GB at 100k
        if stale.name != dataset.folder.name:
            shutil.rmtree(stale, ignore_errors=True)
    print(f"bench: building the {size_label(clients)} dataset in {dataset.folder} "
          f"(once; 100k takes about two minutes)…", file=sys.stderr, flush=True)
    staging = Path(tempfile.mkdtemp(prefix=f".building-{clients}-", dir=root))
    try:
        env = dict(os.environ, SHELTER_DESKTOP_KDF="fast")
        result = subprocess.run(
            [sys.executable, "-m", "bench.datasets", "--build-into", str(staging),
             "--clients", str(clients), "--seed", str(seed)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
            check=False)
        if result.returncode != 0:
            raise HarnessError(f"could not build the {clients}-client dataset: "
                               f"{result.stderr[-3000:]}")
        shutil.rmtree(dataset.folder, ignore_errors=True)
        staging.rename(dataset.folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dataset


# -- building (in the child process) ---------------------------------------------------------


def _data_key_hex(data_dir: Path, user: str, passphrase: str) -> str:
    """The vault's raw data key, opened from the user's slot (fast KDF: milliseconds)."""
    from shelter_desktop.domain import passphrases, text_rules
    from shelter_desktop.storage.keyslots import KeySlotStore, open_slot

    slots = KeySlotStore(data_dir).load()
    slot = slots.slots[slots.user_slot_id(text_rules.username_key(user))]
    key = open_slot(slot, passphrases.normalise(passphrase).encode("utf-8"))
    if key is None:
        raise HarnessError("the dataset's passphrase does not open its slot")
    return bytes(key).hex()


def keyed_connection(data_dir: Path, user: str, passphrase: str):  # type: ignore[no-untyped-def]
    """A bare sqlcipher3 connection on the vault's database, keyed with the raw data key."""
    import sqlcipher3

    connection = sqlcipher3.connect(str(data_dir / DATABASE_NAME), isolation_level=None)
    connection.execute(f"PRAGMA key = \"x'{_data_key_hex(data_dir, user, passphrase)}'\"")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def export_plain(data_dir: Path, user: str, passphrase: str, target: Path) -> None:
    """The same data in plain SQLite, with SQLCipher's own export (also a fresh, packed file)."""
    target.unlink(missing_ok=True)
    connection = keyed_connection(data_dir, user, passphrase)
    try:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        connection.execute("SELECT sqlcipher_export('plain')").fetchall()
        version = int(connection.execute("PRAGMA main.user_version").fetchone()[0])
        connection.execute(f"PRAGMA plain.user_version = {version}")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    with target.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise HarnessError(f"{target} is not a plaintext SQLite file")


def row_counts(connection) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows per table that the figures read (vault or plain copy)."""
    return {table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in COUNTED_TABLES}


def check_plain_copy(data_dir: Path, user: str, passphrase: str, plain: Path) -> dict[str, int]:
    """The plain copy holds the same rows as the vault (floors must query the same data)."""
    import sqlcipher3

    vault = keyed_connection(data_dir, user, passphrase)
    try:
        counts = row_counts(vault)
    finally:
        vault.close()
    copy = sqlcipher3.connect(f"file:{plain}?mode=ro", uri=True)  # no key: plain SQLite
    try:
        copied = row_counts(copy)
    finally:
        copy.close()
    if copied != counts:
        raise HarnessError(f"{plain} does not hold the vault's rows: {copied} != {counts}")
    return counts


def build_into(staging: Path, clients: int, seed: int) -> None:
    from shelter_desktop.services import vault_service
    from shelter_desktop.services.demo_data import DemoDataService
    from shelter_desktop.storage.keyslots import KdfParams

    started = time.perf_counter()
    today = dt.date.today()
    data_dir = staging / "data"
    admin = vault_service.NewAdministrator(USER, "Bench", PASSPHRASE)
    session, _code = vault_service.set_up_vault(data_dir, ORGANISATION, admin,
                                                kdf=KdfParams.fast_for_tests())
    try:
        DemoDataService(session).add_clients(clients, seed=seed, today=today)
    finally:
        session.lock()  # checkpoints the WAL into the database file
    built = time.perf_counter() - started
    export_plain(data_dir, USER, PASSPHRASE, staging / "plain.db")
    counts = check_plain_copy(data_dir, USER, PASSPHRASE, staging / "plain.db")
    if counts["clients"] != clients:
        raise HarnessError(f"the dataset holds {counts['clients']} clients, not {clients}")
    info = {
        "clients": clients, "seed": seed, **fingerprint(), "rows": counts,
        "user": USER, "passphrase": PASSPHRASE, "organisation": ORGANISATION,
        "today": today.isoformat(), "kdf": "fast (tests)",
        "build_seconds": round(built, 1),
        "export_seconds": round(time.perf_counter() - started - built, 1),
    }
    (staging / "dataset.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


# -- per-process working copies --------------------------------------------------------------

_copies: dict[tuple[int, str], Path] = {}


def _copy_once(dataset: Dataset, what: str, copy: Callable[[Path], Path]) -> Path:
    key = (dataset.clients, what)
    if key not in _copies:
        temp = Path(tempfile.mkdtemp(prefix=f"shelter-bench-{dataset.label}-{what}-"))
        atexit.register(shutil.rmtree, temp, True)
        _copies[key] = copy(temp)
    return _copies[key]


def working_copy(dataset: Dataset) -> Path:
    """A private copy of the dataset's data folder for this process (deleted at exit).

    Copying also reads the file once, so every figure starts from the same warm page cache.
    """
    return _copy_once(dataset, "vault",
                      lambda temp: Path(shutil.copytree(dataset.data_dir, temp / "data")))


def working_plain(dataset: Dataset) -> Path:
    """A private copy of ``plain.db`` for floors that write (saving, the audited open)."""
    return _copy_once(dataset, "plain",
                      lambda temp: Path(shutil.copyfile(dataset.plain_db, temp / "plain.db")))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.datasets",
                                     description="build the cached benchmark datasets")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--build-into", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_into is not None:
        build_into(args.build_into, args.clients, args.seed)
        return 0
    for clients in args.sizes:
        started = time.perf_counter()
        dataset = ensure(clients, args.seed)
        print(f"{dataset.label}: {dataset.folder} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
