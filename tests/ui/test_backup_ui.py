"""Backing up from the main window: the dialog, the reminder, the settings, a lock mid-way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.services import backup as backup_service
from shelter_desktop.services import vault_service
from shelter_desktop.services.backup import BackupService, restore_backup
from shelter_desktop.services.clients import ClientService
from shelter_desktop.storage import backup_file
from shelter_desktop.ui import backup_job
from shelter_desktop.ui.backup_job import BackupJob
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client
from tests.ui.conftest import unlock

CLIENT = "Léa Backupova"
CASEWORKER_PASSPHRASE = "amber kettle wanders north slowly"


@pytest.fixture(autouse=True)
def _no_backup_left_running():
    yield
    job = backup_job.running_backup()
    if job is not None:  # a failed test must not leave a worker holding a vault
        job.stop_and_wait()
    backup_job._interrupted = False


def _with_client(vault: VaultFixture) -> None:
    session = vault.unlock()
    try:
        add_client(session, CLIENT)
    finally:
        session.lock()


def _open_dialog(qtbot, make_controller, vault: VaultFixture, monkeypatch, folder: Path):
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    folder.mkdir(exist_ok=True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *args, **kwargs: str(folder)))
    controller.main_window.backup_action.trigger()
    dialog = controller.main_window.backup_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    dialog.choose_button.click()
    assert dialog.folder_edit.text() == str(folder)
    return controller, dialog


def test_backup_from_the_dialog_restores_with_the_recovery_code(
        qtbot, make_controller, vault: VaultFixture, monkeypatch, tmp_path: Path) -> None:
    _with_client(vault)
    usb = tmp_path / "usb"
    controller, dialog = _open_dialog(qtbot, make_controller, vault, monkeypatch, usb)
    main = controller.main_window
    assert "encrypted" in dialog.intro_label.text()
    assert "recovery code" in dialog.intro_label.text()

    dialog.start_button.click()
    job = dialog.job
    assert job is not None and job.running
    percents: list[int] = []
    job.progressed.connect(percents.append)
    assert not dialog.start_button.isEnabled()
    dialog.start()  # a second press while it runs starts nothing
    assert dialog.job is job and backup_job.running_backup() is job
    dialog.reject()  # and the dialog stays until the file is written
    assert dialog.isVisible()

    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert percents and percents[-1] == 100  # the worker's own reports reached the bar
    assert dialog.progress_bar.value() == 100
    files = list(usb.glob("*" + backup_file.SUFFIX))
    assert len(files) == 1
    assert not list(usb.glob("*.partial"))
    assert "Backup saved:" in dialog.message.text() and files[0].name in dialog.message.text()
    assert dialog.start_button.isEnabled()
    assert not main.backup_reminder.isVisible()
    assert main.backup_status_button.text() == "Last backup: today"
    audit = [entry.action for entry in controller.session.vault.audit.entries()]
    assert AuditAction.BACKUP_CREATED in audit
    controller.lock()

    laptop = tmp_path / "laptop"
    restore_backup(files[0], laptop, recovery_code=vault.recovery_code)
    session = vault_service.unlock(laptop, ADMIN_USER, ADMIN_PASSPHRASE)
    try:
        assert [summary.name_to_use for summary in ClientService(session).listing()] == [CLIENT]
    finally:
        session.lock()


def test_a_second_backup_reports_the_removed_older_ones(
        qtbot, make_controller, vault: VaultFixture, monkeypatch, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    session = vault.unlock()
    try:
        service = BackupService(session)
        service.change_settings(keep=1, remind_after_days=7)
        service.back_up(usb)
    finally:
        session.lock()
    controller, dialog = _open_dialog(qtbot, make_controller, vault, monkeypatch, usb)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert "1 older backup was removed." in dialog.message.text()
    assert len(list(usb.glob("*" + backup_file.SUFFIX))) == 1


def test_a_folder_that_cannot_be_written_gives_a_clear_sentence(
        qtbot, make_controller, vault: VaultFixture, monkeypatch, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    controller, dialog = _open_dialog(qtbot, make_controller, vault, monkeypatch,
                                      tmp_path / "usb")
    dialog.folder = not_a_folder
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert "cannot write a backup to that folder" in dialog.message.text()
    assert dialog.start_button.isEnabled() and dialog.choose_button.isEnabled()
    assert controller.main_window.backup_reminder.isVisible()  # still none taken


def test_a_caseworker_sees_no_backup_action_and_no_reminder(
        qtbot, make_controller, vault: VaultFixture) -> None:
    vault.add_staff("casey", Role.CASEWORKER, CASEWORKER_PASSPHRASE)
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, "casey", CASEWORKER_PASSPHRASE)
    main = controller.main_window
    assert not main.backup_action.isVisible()
    assert not main.backup_reminder.isVisible()
    assert not main.backup_status_button.isVisible()
    main.show_backup()
    assert main.backup_dialog is None


def test_the_reminder_shows_for_an_administrator_and_later_hides_it(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    reminder = controller.main_window.backup_reminder
    assert reminder.isVisible()
    assert reminder.label.text() == "No backup has been taken yet."
    assert controller.main_window.backup_status_button.text() == "No backup yet"
    reminder.later_button.click()
    assert not reminder.isVisible()
    reminder.backup_button.click()  # "Back up now…" opens the dialog
    assert controller.main_window.backup_dialog.isVisible()
    controller.main_window.backup_dialog.close()

    session = controller.session
    ten_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=10, hours=1)
    with session.write():
        session.vault.settings.set(backup_service.LAST_KEY, ten_days_ago.isoformat(),
                                   session.account.id)
    controller.lock()
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)  # "Later" lasts one session
    reminder = controller.main_window.backup_reminder
    assert reminder.isVisible()
    assert reminder.label.text() == "The last backup was 10 days ago."
    assert controller.main_window.backup_status_button.text() == "Last backup: 10 days ago"


def test_backup_settings_round_trip_and_refuse_zero(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.main_window.settings_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "settings_dialog" and w.isVisible())
    assert (dialog.keep_spin.value(), dialog.remind_spin.value()) == (5, 7)
    assert (dialog.keep_spin.minimum(), dialog.keep_spin.maximum()) == (1, 50)
    assert (dialog.remind_spin.minimum(), dialog.remind_spin.maximum()) == (1, 90)
    dialog.keep_spin.lineEdit().selectAll()
    QTest.keyClicks(dialog.keep_spin.lineEdit(), "0")  # the box itself does not take 0
    assert dialog.keep_spin.value() >= 1
    dialog.keep_spin.setValue(3)
    dialog.remind_spin.setValue(14)
    dialog.submit()
    assert not dialog.isVisible()
    settings = BackupService(controller.session).settings()
    assert (settings.keep, settings.remind_after_days) == (3, 14)

    controller.main_window.settings_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "settings_dialog" and w.isVisible())
    assert (dialog.keep_spin.value(), dialog.remind_spin.value()) == (3, 14)
    # Were 0 to get past the box, the service refuses it and the message sits under the field.
    dialog.keep_spin.setMinimum(0)
    dialog.keep_spin.setValue(0)
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.keep_error.isVisible()
    assert dialog.keep_error.text() == "Keep between 1 and 50 backups."
    assert not dialog.remind_error.isVisible()
    settings = BackupService(controller.session).settings()
    assert (settings.keep, settings.remind_after_days) == (3, 14)
    dialog.keep_spin.setValue(4)  # correcting the value clears the message
    assert not dialog.keep_error.isVisible()


def _no_backup_files(folder: Path) -> bool:
    return not [path for path in folder.iterdir()
                if path.name.endswith((backup_file.SUFFIX, backup_file.PARTIAL_SUFFIX))]


def test_a_lock_during_a_running_backup_leaves_no_partial_file(
        qtbot, make_controller, vault: VaultFixture, monkeypatch, tmp_path: Path) -> None:
    _with_client(vault)
    usb = tmp_path / "usb"
    # Copy in small pieces, and hold the worker after the first one until the lock comes.
    monkeypatch.setattr(backup_file, "CHUNK_BYTES", 4096)
    original = BackupJob._progress

    def held(self: BackupJob, done: int, total: int) -> None:
        original(self, done, total)
        self._stop.wait(5)

    monkeypatch.setattr(BackupJob, "_progress", held)
    controller, dialog = _open_dialog(qtbot, make_controller, vault, monkeypatch, usb)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: bool(list(usb.glob("*.partial"))), timeout=5_000)
    QTest.keyClick(controller.main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.session is None
    assert controller.unlock_window.isVisible()
    assert backup_job.running_backup() is None
    assert _no_backup_files(usb)
    QApplication.processEvents()  # the worker's late signals arrive and change nothing
    assert _no_backup_files(usb)

    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    reminder = controller.main_window.backup_reminder
    assert reminder.isVisible()
    assert "stopped because the vault locked" in reminder.label.text()
    assert BackupService(controller.session).status().last_at is None


def test_a_lock_after_the_file_is_written_but_before_it_is_recorded_keeps_nothing(
        qtbot, make_controller, vault: VaultFixture, monkeypatch, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    controller, dialog = _open_dialog(qtbot, make_controller, vault, monkeypatch, usb)
    dialog.start_button.click()
    assert dialog.job._worker_done.wait(10)  # no events processed: the result is on its way
    assert list(usb.glob("*" + backup_file.SUFFIX))  # complete, not yet recorded
    controller.lock()
    QApplication.processEvents()
    assert _no_backup_files(usb)
    session = vault.unlock()
    try:
        assert BackupService(session).status().last_at is None
        actions = [entry.action for entry in session.vault.audit.entries()]
        assert AuditAction.BACKUP_CREATED not in actions
    finally:
        session.lock()
