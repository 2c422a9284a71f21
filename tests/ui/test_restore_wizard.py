"""Restoring a backup from the set-up wizard on a "new laptop" (an empty data folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWizard

from shelter_desktop.services.backup import BackupService
from shelter_desktop.services.clients import ClientService
from shelter_desktop.storage import backup_file
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client
from tests.ui.conftest import unlock

CLIENT = "Léa Restaurée"
WRONG_CODE = "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF"


@pytest.fixture
def backup(vault: VaultFixture, tmp_path: Path) -> Path:
    """A real backup of a vault holding one client."""
    session = vault.unlock()
    try:
        add_client(session, CLIENT)
        return BackupService(session).back_up(tmp_path / "usb").path
    finally:
        session.lock()


def _restore_page(qtbot, make_controller, laptop: Path, monkeypatch, chosen: Path):
    """The wizard on an empty folder, on its restore page, with ``chosen`` picked."""
    asked: list[str] = []

    def get_open_file_name(_parent, _caption, _folder, filters, *args, **kwargs):
        asked.append(filters)
        return str(chosen), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    controller = make_controller(laptop)
    wizard = controller.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.welcome_page.restore_radio.setChecked(True)
    wizard.next()
    page = wizard.restore_page
    assert wizard.currentPage() is page
    page.choose_button.click()
    assert asked == ["Shelter Desktop backups (*.sdbk)"]
    assert page.file_edit.text() == str(chosen)
    return controller, wizard, page


def _nothing_written(laptop: Path) -> bool:
    return not laptop.exists() or not any(laptop.iterdir())


def _wait_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def test_restore_with_the_recovery_code_then_sign_in(
        qtbot, make_controller, vault: VaultFixture, backup: Path, monkeypatch,
        tmp_path: Path) -> None:
    laptop = tmp_path / "laptop"
    controller, wizard, page = _restore_page(qtbot, make_controller, laptop, monkeypatch, backup)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # no code typed yet
    page.code_edit.setText(vault.recovery_code.lower())
    assert next_button.isEnabled() and next_button.text() == "&Restore"
    percents: list[int] = []
    page.progress_bar.valueChanged.connect(percents.append)
    next_button.click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.restored_page, timeout=10_000)
    assert 100 in percents
    text = wizard.restored_page.label.text()
    assert text.startswith("Restored the backup taken on ")
    assert text.endswith("Sign in with your usual passphrase.")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.text() == "&Sign in"
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    finish.click()
    assert controller.wizard is None
    assert controller.unlock_window.isVisible()

    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    names = [summary.name_to_use for summary in ClientService(controller.session).listing()]
    assert names == [CLIENT]


def test_a_wrong_recovery_code_says_so_keeps_what_was_typed_and_writes_nothing(
        qtbot, make_controller, backup: Path, monkeypatch, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop"
    controller, wizard, page = _restore_page(qtbot, make_controller, laptop, monkeypatch, backup)
    page.code_edit.setText(WRONG_CODE)
    wizard.next()
    _wait_idle(qtbot, page)
    assert wizard.currentPage() is page
    assert page.message.text() == ("That recovery code is not right. Check each group of "
                                   "letters and try again.")
    assert page.code_edit.text() == WRONG_CODE
    assert page.file_edit.text() == str(backup)
    assert page.code_edit.isEnabled()
    assert _nothing_written(laptop)
    assert controller.wizard is wizard and not controller.unlock_window.isVisible()


def test_a_wrong_passphrase_clears_only_the_passphrase(
        qtbot, make_controller, backup: Path, monkeypatch, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop"
    controller, wizard, page = _restore_page(qtbot, make_controller, laptop, monkeypatch, backup)
    page.with_passphrase.setChecked(True)
    assert not page.code_edit.isVisibleTo(page)
    assert page.username_edit.isVisibleTo(page)
    page.username_edit.setText(ADMIN_USER)
    page.passphrase_field.setText("not the passphrase at all")
    wizard.next()
    _wait_idle(qtbot, page)
    assert "not right" in page.message.text()
    assert page.username_edit.text() == ADMIN_USER
    assert page.passphrase_field.text() == ""
    assert _nothing_written(laptop)

    page.passphrase_field.setText(ADMIN_PASSPHRASE)  # then the right one works
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.restored_page, timeout=10_000)
    wizard.reject()  # closing the last page also leads to signing in, as that user
    assert controller.wizard is None
    assert controller.unlock_window.username_edit.text() == ADMIN_USER


@pytest.mark.parametrize("kind", ["not_a_backup", "damaged"])
def test_a_file_that_is_no_good_backup_is_refused(
        qtbot, make_controller, vault: VaultFixture, backup: Path, monkeypatch,
        tmp_path: Path, kind: str) -> None:
    chosen = tmp_path / f"{kind}{backup_file.SUFFIX}"
    if kind == "not_a_backup":
        chosen = tmp_path / "holiday.jpg"  # a backup cut short is still named as one
        chosen.write_bytes(b"holiday photos" * 100)
        expected = "This file is not a Shelter Desktop backup. Nothing was changed."
    else:
        data = backup.read_bytes()
        chosen.write_bytes(data[: len(data) // 2])  # an interrupted copy
        expected = "This backup file is incomplete or damaged."
    laptop = tmp_path / "laptop"
    _controller, wizard, page = _restore_page(qtbot, make_controller, laptop, monkeypatch,
                                              chosen)
    page.code_edit.setText(vault.recovery_code)
    wizard.next()
    _wait_idle(qtbot, page)
    assert page.message.text().startswith(expected)
    assert page.code_edit.text() == vault.recovery_code
    assert _nothing_written(laptop)


def test_the_new_vault_road_is_still_the_default(qtbot, make_controller,
                                                 tmp_path: Path) -> None:
    controller = make_controller(tmp_path / "laptop")
    wizard = controller.wizard
    assert wizard.welcome_page.new_vault_radio.isChecked()
    wizard.next()
    assert wizard.currentPage() is wizard.organisation_page
