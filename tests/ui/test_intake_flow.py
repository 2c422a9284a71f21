"""A first contact from Ctrl+N to the client list, through a language switch and a lock.

The whole path the issue describes, driven by keyboard on a real vault: nothing typed may be lost
when the interface language changes half-way or the screen is locked, and the new client is
found in the list by the first two letters of their name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from shelter_desktop.domain.answers import Answer
from shelter_desktop.i18n import translator_for
from shelter_desktop.services.drafts import INTAKE_DRAFT, DraftService
from shelter_desktop.ui.clients.list_model import NAME
from shelter_desktop.ui.main_window import RECORD_PAGE
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.conftest import unlock
from tests.ui.helpers import type_text

TYPED = {
    "name_to_use": "Ярослава Ковальчук",
    "aliases": "Зоя; 小雨",
    "spoken_languages": "українська, суржик",
    "safe_times": "après 18 h — після 18:00",
}
CHOSEN = {
    "name_quality": "partial",
    "interpreter_used": "no",
    "may_name_organisation": "no",
    "consent_collect": "given",
    "confidentiality_explained": "yes",
}


def _type_into(field, text: str) -> None:
    field.editor.setFocus(Qt.FocusReason.TabFocusReason)
    type_text(field.editor, text)


def _press(button: QWidget) -> None:
    button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(button, Qt.Key.Key_Space)


def _choose_language(field, code: str) -> None:
    combo = field.editor
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    for _step in range(combo.findData(code) - combo.currentIndex()):
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == code


def _saved_names(controller, key: str = "name_to_use") -> list[str]:
    """The ``key`` answers in this person's saved intake drafts, read from the vault."""
    names = []
    for draft in DraftService(controller.session).mine(INTAKE_DRAFT):
        sections = draft.data.get("sections", {})
        for section in sections.values():
            state = section.get(key)
            if state:
                names.append(state["input"])
    return names


def _switch(qtbot, controller, window, code: str) -> None:
    controller.change_language(code)
    expected = translator_for(code).gettext("Save draft")
    qtbot.waitUntil(lambda: window.save_button.text() == expected)


def test_first_contact_survives_a_language_switch_and_a_lock(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    main = controller.main_window
    QTest.keyClick(main, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.intake_window is not None
                    and controller.intake_window.isVisible())
    window = controller.intake_window
    fields = window.forms["first_contact"].fields

    _type_into(fields["name_to_use"], TYPED["name_to_use"])
    _type_into(fields["aliases"], TYPED["aliases"])
    _press(fields["name_quality"].choice_buttons["partial"])
    _type_into(fields["spoken_languages"], TYPED["spoken_languages"])
    _choose_language(fields["reading_language"], "uk")

    _switch(qtbot, controller, window, "fr")  # half-way: the form keeps what was typed
    assert fields["name_to_use"].editor.text() == TYPED["name_to_use"]
    assert _saved_names(controller) == [TYPED["name_to_use"]]  # saved on the switch
    _press(fields["interpreter_used"].choice_buttons["no"])
    _press(fields["contact_channels"].choice_buttons["text"])
    _press(fields["contact_channels"].choice_buttons["in_person"])
    _press(fields["may_name_organisation"].choice_buttons["no"])
    _type_into(fields["safe_times"], TYPED["safe_times"])
    _switch(qtbot, controller, window, "en")
    _press(fields["consent_collect"].choice_buttons["given"])
    _press(fields["confidentiality_explained"].choice_buttons["yes"])
    week = window.forms["first_week"].fields
    _type_into(week["country_birth"], "Україна")

    seen_before_lock: list[list[str]] = []
    controller.about_to_lock.connect(  # runs after the controller's own slot, vault still open
        lambda: seen_before_lock.append(_saved_names(controller, "country_birth")))
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.session is None, timeout=5_000)
    assert seen_before_lock == [["Україна"]]  # saved before any window closed
    QApplication.processEvents()
    assert controller.intake_window is None
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets()
                   if w is not controller.unlock_window)

    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    main = controller.main_window
    assert main.resume_bar.isVisible()
    assert main.resume_bar.label.text() == "You have an unfinished intake."
    main.resume_bar.resume_button.click()
    qtbot.waitUntil(lambda: controller.intake_window is not None
                    and controller.intake_window.isVisible())
    window = controller.intake_window
    assert not main.resume_bar.isVisible()
    fields = window.forms["first_contact"].fields
    for key, text in TYPED.items():
        assert fields[key].answer() == Answer.of(text), key
    for key, value in CHOSEN.items():
        assert fields[key].answer() == Answer.of(value), key
    assert fields["reading_language"].answer() == Answer.of("uk")
    assert fields["contact_channels"].answer() == Answer.of(["text", "in_person"])
    assert window.forms["first_week"].fields["country_birth"].answer() == Answer.of("Україна")

    window.complete_button.click()
    qtbot.waitUntil(lambda: controller.intake_window is None, timeout=5_000)
    assert main.stack.currentIndex() == RECORD_PAGE
    assert main.record_view.header.name_label.text() == TYPED["name_to_use"]
    assert DraftService(controller.session).mine(INTAKE_DRAFT) == []
    QApplication.processEvents()
    assert not main.resume_bar.isVisible()

    panel = main.client_list
    panel.search_edit.clear()
    type_text(panel.search_edit, "Яр")
    assert panel.model.rowCount() == 1
    assert panel.model.data(panel.model.index(0, NAME)) == TYPED["name_to_use"]
    assert panel.selected_client_id() == main.record_view.client_id
    panel.search_edit.clear()
    type_text(panel.search_edit, "小雨")  # by an alias in another script
    assert panel.model.rowCount() == 1


def test_ctrl_n_raises_the_open_intake_instead_of_a_second_one(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    controller.main_window.new_intake_action.trigger()
    first = controller.intake_window
    assert first is not None and first.isVisible()
    controller.main_window.new_intake_action.trigger()
    assert controller.intake_window is first
    assert sum(1 for w in QApplication.topLevelWidgets()
               if w.objectName() == "intake_window" and w.isVisible()) == 1


def test_closing_an_intake_with_a_draft_offers_to_resume_it(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    main = controller.main_window
    assert not main.resume_bar.isVisible()
    controller.start_intake()
    window = controller.intake_window
    _type_into(window.forms["first_contact"].fields["name_to_use"], "Zoë")
    window.close_button.click()
    qtbot.waitUntil(lambda: controller.intake_window is None)
    qtbot.waitUntil(main.resume_bar.isVisible)
    main.resume_bar.resume_button.click()
    window = controller.intake_window
    assert window.forms["first_contact"].fields["name_to_use"].editor.text() == "Zoë"
