"""One backup running on a worker thread, and what a lock does to it.

The file is written on a worker (``BackupService.write`` reads the vault through its own
connection) while staff keep working; the bookkeeping (``finish``: last-backup time, folder,
audit entry, rotation) runs back on the GUI thread, which owns the session's connection.

A lock may come at any moment. It stops the backup and waits for the worker before the session
closes its connection and overwrites the key: the worker's next progress report raises, the
storage layer removes its partial file, and a file that was already complete is removed too,
because ``finish`` may no longer run and a backup nobody recorded or audited must not be left
on a drive. So after a lock there is no backup at all, and the next administrator to sign in
is told so (``interrupted_by_lock``). Only one backup runs at a time in the whole application.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from shelter_desktop.logs import log_event
from shelter_desktop.services.backup import BackupHeader, BackupService
from shelter_desktop.ui.workers import run_task

# How long a lock waits for the worker to notice it must stop. It notices at its next progress
# report (every 32 MB copied) or when the stable-snapshot wait (at most about 5 s) gives up.
STOP_TIMEOUT_S = 30.0


class BackupStopped(Exception):  # noqa: N818 - not an error: the vault locked
    """Raised on the worker to end a backup the lock interrupted."""


class ProgressRelay(QObject):
    """Carries ``progress(done, total)`` from a worker to the GUI thread as a percentage.

    ``report`` runs on the worker; the signal reaches widgets through Qt's queued connection.
    Only changes are sent, so a large file does not flood the event queue.
    """

    percent = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = -1

    def report(self, done: int, total: int) -> None:
        value = 100 if total <= 0 else min(100, done * 100 // total)
        if value != self._last:
            self._last = value
            self.percent.emit(value)


class BackupJob(QObject):
    """One backup into ``folder``; emits exactly one of succeeded, failed or stopped."""

    progressed = Signal(int)  # percent of the file written
    succeeded = Signal(object)  # BackupResult
    failed = Signal(object)  # the exception; ShelterErrors carry their own message
    stopped = Signal()  # the vault locked first: no backup file was kept

    def __init__(self, service: BackupService, folder: Path) -> None:
        super().__init__()
        self.service = service
        self.folder = folder
        self.relay = ProgressRelay(self)
        self.relay.percent.connect(self._relay_progress)  # queued: both live on the GUI thread
        self._stop = threading.Event()
        self._worker_done = threading.Event()
        self._written: Path | None = None
        self._vault_id = ""
        self.concluded = False

    @property
    def running(self) -> bool:
        return not self.concluded

    def _start(self) -> None:
        # The vault id is read (and made, the first time) through the session's connection,
        # which belongs to this thread: do it here so the worker only ever reads it.
        self._vault_id = self.service.vault_id()
        run_task(self._work, self._written_ok, self._write_failed)

    def _relay_progress(self, percent: int) -> None:
        if not self.concluded:
            self.progressed.emit(percent)

    # -- on the worker ----------------------------------------------------------------------

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise BackupStopped()  # the storage layer removes the partial file
        self.relay.report(done, total)

    def _work(self) -> tuple[Path, BackupHeader]:
        try:
            path, header = self.service.write(self.folder, self._progress,
                                              vault_id=self._vault_id)
            self._written = path
            if self._stop.is_set():
                _remove(path)
                raise BackupStopped()
            return path, header
        finally:
            self._worker_done.set()

    # -- back on the GUI thread -------------------------------------------------------------

    def _written_ok(self, written: tuple[Path, BackupHeader]) -> None:
        path, header = written
        if self.concluded or self._stop.is_set() or not self.service.session.is_open:
            _remove(path)  # finished after the lock: never recorded, so never kept
            self._conclude_stopped()
            return
        try:
            result = self.service.finish(self.folder, path, header)
        except Exception as error:  # noqa: BLE001 - shown as a message, never a crash
            self._conclude()
            self.failed.emit(error)
            return
        self._conclude()
        _clear_interrupted()
        self.succeeded.emit(result)

    def _write_failed(self, error: BaseException) -> None:
        if isinstance(error, BackupStopped) or self._stop.is_set():
            self._conclude_stopped()
            return
        if self.concluded:
            return
        self._conclude()
        log_event("backup.failed", error=getattr(error, "event_code", type(error).__name__))
        self.failed.emit(error)

    def stop_and_wait(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Stop the backup and wait until the worker has let go of the vault (lock, quit)."""
        if self.concluded:
            return
        self._stop.set()
        if not self._worker_done.wait(timeout):
            log_event("backup.stop_timeout")  # it removes its own file when it ends
        if self._worker_done.is_set() and self._written is not None:
            _remove(self._written)
        self._conclude_stopped()

    def _conclude_stopped(self) -> None:
        if self.concluded:
            return
        self._conclude()
        global _interrupted
        _interrupted = True
        log_event("backup.stopped_by_lock")
        self.stopped.emit()

    def _conclude(self) -> None:
        global _current
        self.concluded = True
        if _current is self:
            _current = None


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# -- the one running backup ----------------------------------------------------------------------

_current: BackupJob | None = None
_interrupted = False


def start_backup(service: BackupService, folder: Path) -> BackupJob | None:
    """Start a backup; None when one is already running (there is never a second)."""
    global _current
    if _current is not None:
        return None
    job = BackupJob(service, folder)
    _current = job
    try:
        job._start()
    except BaseException:
        job._conclude()
        raise
    return job


def running_backup() -> BackupJob | None:
    return _current


def stop_running_backup() -> None:
    """Called before the vault locks: no worker may read it once the key is overwritten."""
    if _current is not None:
        _current.stop_and_wait()


def interrupted_by_lock() -> bool:
    """Whether the last backup was stopped by a lock and nothing has been saved since."""
    return _interrupted


def _clear_interrupted() -> None:
    global _interrupted
    _interrupted = False
