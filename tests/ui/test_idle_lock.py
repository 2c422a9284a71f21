"""Unattended screens lock: idle timeout fires even with a modal dialog open."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.conftest import unlock


def _visible_windows(controller) -> list:
    return [w for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not controller.unlock_window]


def test_idle_lock_closes_a_modal_dialog(qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder, idle_timeout_ms=400)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.show_accounts()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "accounts_dialog")
    assert dialog.isVisible() and dialog.isModal()
    qtbot.waitUntil(lambda: controller.session is None, timeout=5_000)
    assert controller.unlock_window.isVisible()
    assert _visible_windows(controller) == []


def test_idle_lock_ends_a_blocking_message_box(qtbot, make_controller,
                                               vault: VaultFixture) -> None:
    """A nested ``exec()`` loop must not keep the vault open."""
    controller = make_controller(vault.folder, idle_timeout_ms=400)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    returned = []

    def blocking() -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "t", "x",
                          QMessageBox.StandardButton.Ok, controller.main_window)
        returned.append(box.exec())

    QTimer.singleShot(0, blocking)
    qtbot.waitUntil(lambda: bool(returned), timeout=5_000)
    assert controller.session is None
    assert _visible_windows(controller) == []


def test_typing_keeps_the_vault_open(qtbot, make_controller, vault: VaultFixture) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    controller = make_controller(vault.folder, idle_timeout_ms=600)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    for _ in range(6):
        QTest.keyClick(controller.main_window, Qt.Key.Key_Shift)
        qtbot.wait(200)
    assert controller.session is not None
    qtbot.waitUntil(lambda: controller.session is None, timeout=5_000)
