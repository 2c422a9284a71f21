"""The first-run wizard, unlocking, locking and the recovery path, driven as a person would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from shelter_desktop.services import vault_service
from shelter_desktop.storage import recovery_code
from shelter_desktop.storage.vault import VaultState
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.conftest import unlock
from tests.ui.helpers import type_text


def test_fresh_folder_opens_the_setup_wizard_and_creates_a_vault(qtbot, make_controller,
                                                                  data_dir: Path) -> None:
    controller = make_controller(data_dir)
    wizard = controller.wizard
    assert wizard is not None and wizard.isVisible()
    assert not controller.unlock_window.isVisible()

    wizard.next()
    type_text(wizard.organisation_page.name_edit, "Maison Étoile")
    wizard.next()
    page = wizard.administrator_page
    type_text(page.username_edit, "directrice")
    page.passphrase_form.first_field.setText("short")
    page.passphrase_form.second_field.setText("short")
    wizard.next()
    assert "at least 12" in page.passphrase_form.error_label.text()
    assert wizard.currentPage() is page

    page.passphrase_form.generate_button.click()
    generated = page.passphrase_form.passphrase()
    assert len(generated.split()) == 6
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=10_000)
    code = wizard.recovery_page.code
    assert recovery_code.is_well_formed(code)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    wizard.recovery_page.confirm_edit.setText("WRONG")
    assert not wizard.recovery_page.isComplete()
    wizard.recovery_page.confirm_edit.setText(recovery_code.group(code, 2).lower())
    assert finish.isEnabled()
    finish.click()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=5_000)
    assert "directrice" in controller.main_window.user_label.text()
    assert vault_service.state_of(data_dir) is VaultState.VAULT
    controller.lock()
    session = vault_service.unlock(data_dir, "directrice", generated)
    assert vault_service.organisation_name(session) == "Maison Étoile"
    session.lock()


def test_wizard_cannot_be_left_once_the_vault_exists_until_the_code_is_confirmed(
        qtbot, make_controller, data_dir: Path) -> None:
    controller = make_controller(data_dir)
    wizard = controller.wizard
    wizard.next()
    wizard.organisation_page.name_edit.setText("Org")
    wizard.next()
    wizard.administrator_page.username_edit.setText("boss")
    wizard.administrator_page.passphrase_form.first_field.setText(ADMIN_PASSPHRASE)
    wizard.administrator_page.passphrase_form.second_field.setText(ADMIN_PASSPHRASE)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=10_000)
    wizard.reject()
    assert wizard.isVisible()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()


def test_unknown_user_and_wrong_passphrase_show_the_same_message(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    window = controller.unlock_window
    assert window.isVisible()
    messages = []
    for user, passphrase in ((ADMIN_USER, "not the passphrase at all"),
                             ("nobody", ADMIN_PASSPHRASE)):
        window.username_edit.setText(user)
        window.passphrase_field.setText(passphrase)
        window.unlock_button.click()
        qtbot.waitUntil(lambda: window.unlock_button.isEnabled()
                        and window.message_label.text() != "Unlocking…", timeout=10_000)
        messages.append(window.message_label.text())
        assert window.passphrase_field.text() == ""
        assert window.username_edit.text() == user
    assert messages[0] == messages[1]
    assert "not right" in messages[0]
    assert controller.session is None


def test_unlock_lock_with_ctrl_l_and_back_to_the_same_user(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    main = controller.main_window
    QTest.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.session is None, timeout=5_000)
    assert controller.unlock_window.isVisible()
    assert controller.unlock_window.username_edit.text() == ADMIN_USER
    assert controller.unlock_window.passphrase_field.text() == ""
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets()
                   if w is not controller.unlock_window)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    assert controller.session.account.username == ADMIN_USER


def test_recovery_code_lets_an_administrator_set_a_new_passphrase(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    controller.unlock_window.recovery_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "recovery_dialog" and w.isVisible())
    dialog.code_edit.setText(vault.recovery_code.replace("-", " ").lower())
    dialog.username_edit.setText(ADMIN_USER)
    dialog.passphrase_form.first_field.setText("a completely new passphrase")
    dialog.passphrase_form.second_field.setText("a completely new passphrase")
    dialog.submit()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10_000)
    controller.lock()
    session = vault_service.unlock(vault.folder, ADMIN_USER, "a completely new passphrase")
    session.lock()
