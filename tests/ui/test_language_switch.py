"""Switching English ↔ French keeps what was typed and changes every label at once."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from shelter_desktop import i18n
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.conftest import unlock
from tests.ui.helpers import type_text


def _texts(window: QWidget) -> set[str]:
    widgets = [window, *window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    return {w.text() if hasattr(w, "text") else "" for w in widgets} - {""}


def test_unlock_window_switches_language_without_losing_input(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    window = controller.unlock_window
    type_text(window.username_edit, "zoë-привет")
    window.passphrase_field.setText("половина фразы")
    english = _texts(window)
    assert window.unlock_button.text() == "Unlock"

    controller.change_language("fr")
    assert window.unlock_button.text() == i18n.Translator("fr").gettext("Unlock")
    assert window.unlock_button.text() != "Unlock"
    assert window.username_edit.text() == "zoë-привет"
    assert window.passphrase_field.text() == "половина фразы"
    french = _texts(window)
    assert english.isdisjoint(french - {"Shelter Desktop", "Français"})

    controller.change_language("en")
    assert _texts(window) == english
    assert window.username_edit.text() == "zoë-привет"


def test_main_window_and_open_dialog_follow_the_switch_and_it_is_remembered(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.show_change_passphrase()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "change_passphrase_dialog" and w.isVisible())
    type_text(dialog.current_field.edit, "déjà tapé")
    controller.main_window.language_button.language_chosen.emit("fr")
    french = i18n.Translator("fr")
    assert controller.main_window.lock_action.text() == french.gettext("&Lock")
    assert dialog.windowTitle() == french.gettext("Change my passphrase")
    assert dialog.current_field.text() == "déjà tapé"
    assert controller.session.refresh_account().language == "fr"
    controller.lock()
    controller.change_language("en")
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    assert i18n.current().code == "fr"
    assert controller.main_window.lock_action.text() == french.gettext("&Lock")


def test_a_right_to_left_language_mirrors_the_whole_interface(
        qtbot, make_controller, vault: VaultFixture) -> None:
    from PySide6.QtCore import Qt

    from shelter_desktop.ui import language

    controller = make_controller(vault.folder)
    window = controller.unlock_window
    try:
        language.apply_language(i18n.Translator("ar"))
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.isRightToLeft()
    finally:
        language.apply_language(i18n.Translator("en"))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not window.isRightToLeft()


def test_a_message_line_reads_in_the_new_language_after_a_switch(qapp) -> None:
    from shelter_desktop.ui import language
    from shelter_desktop.ui.widgets.interface_label import MessageLine

    language.install()
    line = MessageLine()
    assert line.isHidden()
    line.show_message(lambda: i18n.gettext("Unlock"))
    assert line.text() == "Unlock" and not line.isHidden()
    i18n.set_language("fr")
    assert line.text() == i18n.Translator("fr").gettext("Unlock") != "Unlock"
    line.show_message(None)
    assert line.isHidden() and line.text() == ""
    line.deleteLater()
