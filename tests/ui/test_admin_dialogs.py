"""Administrators' dialogs: accounts, audit log, settings; the forced passphrase change."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from shelter_desktop.domain.accounts import Role
from shelter_desktop.services import vault_service
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.conftest import unlock


def _window(name: str):
    return next(w for w in QApplication.topLevelWidgets()
                if w.objectName() == name and w.isVisible())


def test_add_account_shows_a_one_time_passphrase_that_must_be_changed(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.main_window.accounts_action.trigger()
    dialog = _window("accounts_dialog")
    assert dialog.model.rowCount() == 1
    dialog.add_account()
    new = next(w for w in QApplication.topLevelWidgets()
               if w.windowTitle() == "Add a staff account" and w.isVisible())
    new.username_edit.setText("amira")
    new.display_name_edit.setText("Amira")
    new.role_combo.setCurrentIndex(new.role_combo.findData(Role.INTAKE_WORKER.value))
    new.submit()
    assert dialog.model.rowCount() == 2
    info = next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible())
    one_time = info.text().split("\n\n")[1]
    controller.lock()

    unlock_window = controller.unlock_window
    unlock_window.username_edit.setText("amira")
    unlock_window.passphrase_field.setText(one_time)
    unlock_window.unlock_button.click()
    qtbot.waitUntil(lambda: controller.session is not None, timeout=10_000)
    forced = _window("change_passphrase_dialog")
    assert controller.main_window is None
    forced.reject()
    assert forced.isVisible()
    forced.current_field.setText(one_time)
    forced.new_form.first_field.setText("a lantern on the quiet harbour")
    forced.new_form.second_field.setText("a lantern on the quiet harbour")
    forced.submit()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10_000)
    assert not controller.main_window.admin_menu.menuAction().isVisible()
    controller.lock()
    vault_service.unlock(vault.folder, "amira", "a lantern on the quiet harbour").lock()


def test_audit_dialog_filters_and_verifies(qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.main_window.audit_action.trigger()
    dialog = _window("audit_dialog")
    total = dialog.proxy.rowCount()
    assert total >= 3
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("session.unlock"))
    assert 0 < dialog.proxy.rowCount() < total
    dialog.verify_button.click()
    assert "intact" in dialog.result_label.text()


def test_settings_change_the_idle_delay(qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.main_window.settings_action.trigger()
    dialog = _window("settings_dialog")
    dialog.idle_spin.setValue(7)
    dialog.submit()
    assert controller.idle.timer.interval() == 7 * 60_000


def test_administration_menu_opens_the_import_dialog(qtbot, make_controller,
                                                     vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.main_window.import_action.trigger()
    dialog = _window("import_dialog")
    assert dialog.isModal()
