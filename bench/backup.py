"""Figure: taking a backup (docs/performance.md; issue: ≤ 1.2× a plain file copy).

``BackupService.back_up`` on a copy of the cached synthetic vault (1k, 10k, 100k clients): the
stable snapshot (checkpoint, then a read that pins the file), the encrypted database copied as
it is into one file with its key slots, flushed to disk (fsync), read back and checked, renamed
into place, rotation, and the audit entry. Floor: a plain copy of the same database file into
the same folder (``shutil.copyfile``, what a person's file manager does) and an fsync, so both
are on the disk when they end. Subject and floor alternate after a warm-up; each sample's file
is deleted after it, and the disk is left to finish that (``sync``) before the next sample.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from bench import datasets
from bench.registry import Figure, Options, Target, interleaved, register

TARGET_RATIO = 1.2  # docs/performance.md: the 100k database
# Smaller vaults: the copy takes a few milliseconds, so the fixed part of a backup (the
# snapshot's checkpoint, the folder's fsync after the rename, reading the file back, the audit
# entry's durable commit: about 7 ms) dominates the ratio. They are held to an absolute bound a
# person would notice instead, with the ratio still reported.
SMALL_TARGET_MS = 500.0
RATIO_FROM_CLIENTS = 100_000


def sizes(options: Options) -> tuple[int, ...]:
    return datasets.SIZES[:1] if options.quick else datasets.SIZES


@register("backup", default_repeat=7)
def backup(options: Options) -> list[Figure]:
    from bench.clients import Vaults

    return [_backup(Vaults.of(clients), options) for clients in sizes(options)]


def settle_disk() -> None:
    """Untimed: let the disk finish what the previous sample left (deleting a file of a gigabyte
    or more is written out and trimmed in the background), so no sample pays for another's."""
    os.sync()
    time.sleep(0.2)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _backup(vaults: object, options: Options) -> Figure:
    from bench.clients import Vaults
    from shelter_desktop.services.backup import BackupService

    assert isinstance(vaults, Vaults)
    session = vaults.unlock()
    folder = Path(tempfile.mkdtemp(prefix="bench-backup-", dir=vaults.folder.parent))
    database = vaults.folder / "vault.db"
    sizes_seen: list[int] = []
    try:
        service = BackupService(session)
        session.vault.checkpoint()

        def subject() -> float:
            settle_disk()
            started = time.perf_counter()
            result = service.back_up(folder)
            elapsed = time.perf_counter() - started
            sizes_seen.append(result.size)
            result.path.unlink()
            return elapsed

        def floor() -> float:
            copy = folder / "plain-copy.db"
            settle_disk()
            started = time.perf_counter()
            shutil.copyfile(database, copy)
            _fsync(copy)
            elapsed = time.perf_counter() - started
            copy.unlink()
            return elapsed

        samples, floors = interleaved(subject, floor, options.repeat)
    finally:
        session.lock()
        shutil.rmtree(folder, ignore_errors=True)
    label = datasets.size_label(vaults.dataset.clients)
    target = (Target.ratio(TARGET_RATIO) if vaults.dataset.clients >= RATIO_FROM_CLIENTS
              else Target.ms(SMALL_TARGET_MS))
    return Figure(f"Backup vs a plain file copy ({label})", samples, floors, target,
                  extra={"backup_bytes": sizes_seen[-1],
                         "database_bytes": database.stat().st_size})
