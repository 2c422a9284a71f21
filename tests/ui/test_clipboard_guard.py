"""Text copied out of the application is cleared: after a delay, and at once on lock.

The offscreen platform has a working in-process clipboard; it cannot say who owns it, so the
guard decides by whether the application is active. "Another application" is played by making
the guard see the application as inactive while the other text arrives.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication, QLineEdit

from shelter_desktop.ui.clipboard_guard import ClipboardGuard
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.conftest import unlock

TIMEOUT_MS = 50


@pytest.fixture
def clipboard(qapp: QApplication) -> Iterator[QClipboard]:
    board = QApplication.clipboard()
    board.clear()
    yield board
    board.clear()


def copy_from_field(qtbot, text: str) -> QLineEdit:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.setText(text)
    field.show()
    field.selectAll()
    field.copy()  # what Ctrl+C does
    return field


def test_text_copied_from_a_field_is_cleared_after_the_delay(qtbot, clipboard) -> None:
    guard = ClipboardGuard(clipboard, timeout_ms=TIMEOUT_MS, is_app_active=lambda: True)
    copy_from_field(qtbot, "Fatima, room 4")
    assert clipboard.text() == "Fatima, room 4"
    assert guard.pending
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2_000)
    assert not guard.pending
    guard.detach()


def test_a_second_copy_starts_the_delay_again(qtbot, clipboard) -> None:
    guard = ClipboardGuard(clipboard, timeout_ms=300, is_app_active=lambda: True)
    copy_from_field(qtbot, "first")
    qtbot.wait(200)
    copy_from_field(qtbot, "second")
    qtbot.wait(200)  # 400 ms after the first copy, 200 ms after the second
    assert clipboard.text() == "second"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2_000)
    guard.detach()


def test_what_another_application_copied_meanwhile_is_left_alone(qtbot, clipboard) -> None:
    in_front = [True]
    guard = ClipboardGuard(clipboard, timeout_ms=TIMEOUT_MS, is_app_active=lambda: in_front[0])
    copy_from_field(qtbot, "Client note")
    in_front[0] = False  # the person switched to their e-mail and copied an address there
    clipboard.setText("someone@example.org")
    assert not guard.pending
    qtbot.wait(TIMEOUT_MS * 4)
    assert clipboard.text() == "someone@example.org"
    guard.clear_now()  # quitting does not wipe it either
    assert clipboard.text() == "someone@example.org"
    guard.detach()


def test_changed_text_is_not_cleared_even_without_a_change_signal(qtbot, clipboard) -> None:
    """The digest check: only the exact text we saw is ours to clear."""
    guard = ClipboardGuard(clipboard, timeout_ms=TIMEOUT_MS, is_app_active=lambda: True)
    copy_from_field(qtbot, "Client note")
    clipboard.blockSignals(True)
    clipboard.setText("from elsewhere")
    clipboard.blockSignals(False)
    qtbot.wait(TIMEOUT_MS * 4)
    assert clipboard.text() == "from elsewhere"
    guard.detach()


def test_lock_clears_the_clipboard_at_once(qtbot, make_controller, vault: VaultFixture,
                                           clipboard) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    assert controller.clipboard_guard is not None
    assert controller.clipboard_guard.timeout_ms == 30_000
    search = controller.main_window.client_list.search_edit
    search.setText("Fatima")
    search.selectAll()
    search.copy()
    assert clipboard.text() == "Fatima" and controller.clipboard_guard.pending
    controller.lock()
    assert clipboard.text() == ""


def test_lock_empties_the_clipboard_whatever_it_holds(qtbot, make_controller,
                                                      vault: VaultFixture, clipboard) -> None:
    """The desk is being left: even text copied from another application goes (quick lock)."""
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    assert controller.clipboard_guard is not None
    controller.clipboard_guard.is_app_active = lambda: False
    clipboard.setText("an e-mail about Fatima")
    controller.lock()
    assert clipboard.text() == ""
