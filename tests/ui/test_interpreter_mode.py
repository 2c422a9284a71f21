"""Interpreter mode: turned on with the interpreter record for the open client, two languages on
the intake questions and the assessment levels without losing what was typed, right-to-left
lines where the client's language needs them, and off (audited) on a lock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from shelter_desktop import i18n
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.domain.intake_schema import FIELDS
from shelter_desktop.errors import ValidationError
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.interpreter_mode import InterpreterModeService
from shelter_desktop.services.session import Session
from shelter_desktop.ui import interpreter
from shelter_desktop.ui.assessment.score_picker import DECLINED, ScorePicker
from shelter_desktop.ui.controller import AppController
from shelter_desktop.ui.interpreter.dialog import InterpreterDialog
from shelter_desktop.ui.interpreter.mode import InterpreterMode
from shelter_desktop.ui.interpreter.second_line import RIGHT_TO_LEFT_MARK
from shelter_desktop.ui.widgets.declinable_field import DeclinableField
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client
from tests.ui.conftest import unlock
from tests.ui.helpers import type_text


@pytest.fixture(autouse=True)
def _mode_off() -> Iterator[None]:
    """The mode is process-wide: no test may leave it on for the next."""
    yield
    mode = interpreter.active_mode()
    if mode is not None:
        mode.turn_off()


def audited(session: Session, action: AuditAction) -> list[tuple[str | None, str]]:
    """(record id, detail) of each ``action`` entry, oldest first."""
    entries = sorted(session.vault.audit.entries(action=str(action)), key=lambda e: e.seq)
    return [(entry.record_id, entry.detail) for entry in entries]


def open_dialog(qtbot, controller: AppController) -> InterpreterDialog:
    """Turn the toolbar toggle on, as the person would, and return the dialog it opens."""
    controller.main_window.interpreter_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, InterpreterDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, InterpreterDialog) and w.isVisible())


def press_ok(dialog: InterpreterDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def fill_record(dialog: InterpreterDialog, name: str = "Service Voix, ID 4471") -> None:
    assert dialog.record_form is not None
    fields = dialog.record_form.fields
    fields["mode"].choice_buttons["phone"].click()
    editor = fields["interpreter"].editor
    assert isinstance(editor, QLineEdit)
    editor.setFocus(Qt.FocusReason.OtherFocusReason)
    type_text(editor, name)
    fields["client_agreed"].choice_buttons["yes"].click()


def start(qtbot, make_controller, vault: VaultFixture) -> AppController:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    return controller


# -- turning it on -----------------------------------------------------------------------------


def test_turning_on_with_a_client_open_records_the_interpreter_and_audits(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = start(qtbot, make_controller, vault)
    session = controller.session
    client_id = add_client(session, "Lucía Martínez", reading_language="es")
    main = controller.main_window
    main.refresh_clients()
    main.open_client(client_id)
    assert not main.interpreter_banner.isVisible()

    dialog = open_dialog(qtbot, controller)
    assert dialog.client_language() == "es"  # the language the client reads best
    assert dialog.record_form is not None and not dialog.later_label.isVisible()
    # The language's name is offered for "Language and dialect"; the rest is missing.
    assert dialog.record_form.fields["language"].input_value() == "Spanish"
    press_ok(dialog)
    assert dialog.isVisible() and not controller.interpreter.active
    assert dialog.record_form.fields["interpreter"].error_text()
    assert ClientService(session).open(client_id).interpreter_records == ()

    fill_record(dialog)
    press_ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    mode = controller.interpreter
    assert (mode.active, mode.client_language, mode.client_id) == (True, "es", client_id)
    records = ClientService(session).open(client_id).interpreter_records
    assert len(records) == 1
    assert audited(session, AuditAction.INTERPRETER_MODE_ON) == [(client_id, "es")]
    assert main.interpreter_action.isChecked()
    assert main.interpreter_banner.isVisible()
    assert main.interpreter_banner.label.text() == "Interpreter mode: English + Español"
    assert not main.interpreter_banner.record_button.isVisible()  # recorded already

    main.interpreter_banner.off_button.click()
    assert not mode.active and interpreter.second_language() is None
    assert not main.interpreter_action.isChecked() and not main.interpreter_banner.isVisible()
    assert audited(session, AuditAction.INTERPRETER_MODE_OFF) == [(client_id, "es")]


def test_cancel_leaves_the_mode_off_and_the_shortcut_opens_the_dialog(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = start(qtbot, make_controller, vault)
    main = controller.main_window
    main.activateWindow()
    QTest.keyClick(main, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: any(isinstance(w, InterpreterDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, InterpreterDialog) and w.isVisible())
    assert dialog.record_form is None and dialog.later_label.isVisible()  # no record open
    assert "en" not in [dialog.language_combo.itemData(row)
                        for row in range(dialog.language_combo.count())]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not controller.interpreter.active
    assert not main.interpreter_action.isChecked()
    assert audited(controller.session, AuditAction.INTERPRETER_MODE_ON) == []


# -- two languages on the forms ----------------------------------------------------------------


def test_an_open_intake_shows_both_languages_and_keeps_what_was_typed(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = start(qtbot, make_controller, vault)
    controller.start_intake()
    window = controller.intake_window
    qtbot.waitExposed(window)
    first = window.forms["first_contact"].fields
    name = first["name_to_use"]
    name.editor.setFocus(Qt.FocusReason.OtherFocusReason)
    type_text(name.editor, "Ярослава Ковальчук")
    first["safe_to_talk"].choice_buttons["unsure"].click()
    spanish = i18n.translator_for("es")

    dialog = open_dialog(qtbot, controller)
    assert dialog.record_form is None  # no record is open: the interpreter is recorded later
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("es"))
    press_ok(dialog)
    qtbot.waitUntil(lambda: controller.interpreter.active)
    assert controller.interpreter.client_id is None
    assert audited(controller.session, AuditAction.INTERPRETER_MODE_ON) == [(None, "es")]

    assert name.label.text() == "Name to use"
    assert name.label_second.isVisible()
    assert name.label_second.shown_text() == spanish.gettext("Name to use") != "Name to use"
    assert name.help_second.shown_text() == spanish.gettext(name.spec.help)
    unsure = first["safe_to_talk"].choice_buttons["unsure"]
    assert unsure.text() == f"Unsure\n{spanish.gettext('Unsure')}"
    intro = window.forms["first_contact"].intro_second
    assert intro.shown_text() == spanish.gettext(window.forms["first_contact"].section.intro)
    assert window.interpreter_banner.isVisible()
    # Nothing typed or chosen was touched, and no form was rebuilt.
    assert window.forms["first_contact"].fields["name_to_use"] is name
    assert name.editor.text() == "Ярослава Ковальчук"
    assert unsure.isChecked()

    window.interpreter_banner.off_button.click()  # from the intake window's own bar
    assert not controller.interpreter.active
    assert not name.label_second.isVisible() and unsure.text() == "Unsure"
    assert name.editor.text() == "Ярослава Ковальчук" and unsure.isChecked()
    assert not window.interpreter_banner.isVisible()
    assert audited(controller.session, AuditAction.INTERPRETER_MODE_OFF) == [(None, "es")]


def test_the_interpreter_can_be_recorded_once_a_record_is_open(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = start(qtbot, make_controller, vault)
    session = controller.session
    client_id = add_client(session, "Amira Haddad", reading_language="ar")
    main = controller.main_window
    press_ok(open_dialog(qtbot, controller))  # no record open: on without a record
    qtbot.waitUntil(lambda: controller.interpreter.active)
    assert not main.interpreter_banner.record_button.isVisible()

    main.refresh_clients()
    main.open_client(client_id)
    assert main.interpreter_banner.record_button.isVisible()
    main.interpreter_banner.record_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, InterpreterDialog) and w.isVisible())
    assert dialog.recording_later and not dialog.language_combo.isEnabled()
    fill_record(dialog)
    press_ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert controller.interpreter.client_id == client_id
    assert len(ClientService(session).open(client_id).interpreter_records) == 1
    assert not main.interpreter_banner.record_button.isVisible()


def test_the_score_picker_shows_both_languages_and_arabic_reads_right_to_left(
        qtbot, admin_session: Session) -> None:
    domain = SELF_SUFFICIENCY.domains[0]
    picker = ScorePicker(SELF_SUFFICIENCY, domain)
    qtbot.addWidget(picker)
    picker.resize(700, 900)
    picker.show()
    picker.choose("3")
    picker.note_edit.setPlainText("Rendez-vous le 14")
    assert not picker.options["1"].second_label.isVisible()

    mode = InterpreterMode()
    mode.turn_on(admin_session, "ar")
    arabic = i18n.translator_for("ar")
    level = arabic.gettext("{score} · {level}").format(
        score=1, level=arabic.gettext(SELF_SUFFICIENCY.level_names[0]))
    second = picker.options["1"].second_label
    assert second.isVisible()
    assert level in second.shown_text() and arabic.gettext(domain.anchors[0]) in second.text()
    assert "In crisis" in picker.options["1"].text_label.text()  # the staff's line is kept
    assert picker.name_label.text() == "Safety"
    assert picker.name_second.shown_text() == arabic.gettext(domain.name)
    declined = picker.options[DECLINED].second_label
    assert declined.isVisible() and declined.text().startswith(RIGHT_TO_LEFT_MARK)
    # Arabic lines read right-to-left, at the right edge, under English ones.
    for label in (second, picker.name_second, declined):
        assert label.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert label.alignment() & Qt.AlignmentFlag.AlignRight
        assert label.alignment() & Qt.AlignmentFlag.AlignAbsolute
    assert picker.chosen() == "3" and picker.note_edit.toPlainText() == "Rendez-vous le 14"

    # And the other way round: an English line under Arabic starts at the left.
    i18n.set_language("ar")
    mode.turn_on(admin_session, "en")
    assert picker.name_label.text() == arabic.gettext(domain.name)
    assert picker.name_second.shown_text() == "Safety"
    assert picker.name_second.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert picker.name_second.alignment() & Qt.AlignmentFlag.AlignLeft
    mode.turn_off()
    assert not picker.name_second.isVisible() and not second.isVisible()
    assert audited(admin_session, AuditAction.INTERPRETER_MODE_ON) == [(None, "ar"), (None, "en")]
    assert picker.chosen() == "3"


# -- off on lock -------------------------------------------------------------------------------


def test_locking_turns_the_mode_off_and_audits_it(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = start(qtbot, make_controller, vault)
    client_id = add_client(controller.session, "Zoë Martin", reading_language="fr")
    controller.main_window.refresh_clients()
    controller.main_window.open_client(client_id)
    dialog = open_dialog(qtbot, controller)
    fill_record(dialog)
    press_ok(dialog)
    qtbot.waitUntil(lambda: controller.interpreter.active)
    assert interpreter.second_language() == "fr"

    controller.lock()
    assert not controller.interpreter.active and interpreter.second_language() is None
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    session = controller.session
    assert audited(session, AuditAction.INTERPRETER_MODE_ON) == [(client_id, "fr")]
    assert audited(session, AuditAction.INTERPRETER_MODE_OFF) == [(client_id, "fr")]
    off = session.vault.audit.entries(action=str(AuditAction.INTERPRETER_MODE_OFF))[0]
    lock = session.vault.audit.entries(action=str(AuditAction.LOCK))[0]
    assert off.seq < lock.seq  # recorded while the vault was still open
    assert not controller.main_window.interpreter_action.isChecked()
    assert not controller.main_window.interpreter_banner.isVisible()


def test_the_log_holds_a_language_code_and_nothing_else(admin_session: Session) -> None:
    service = InterpreterModeService(admin_session)
    with pytest.raises(ValidationError):
        service.turned_on("Amira's cousin")
    service.turned_on("uk")
    assert audited(admin_session, AuditAction.INTERPRETER_MODE_ON) == [(None, "uk")]


def test_an_arabic_question_line_ends_where_its_input_ends(
        qtbot, admin_session: Session) -> None:
    field = DeclinableField(FIELDS["spoken_languages"])
    qtbot.addWidget(field)
    field.resize(760, 200)
    field.show()
    InterpreterMode().turn_on(admin_session, "ar")
    qtbot.waitUntil(lambda: field.label_second.isVisible())
    line, editor = field.label_second, field.editor
    assert line.shown_text() == i18n.translator_for("ar").gettext(field.spec.label)
    assert line.text().startswith(RIGHT_TO_LEFT_MARK)
    assert line.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert line.alignment() & Qt.AlignmentFlag.AlignRight
    right_edge = line.mapTo(field, line.rect().topRight()).x()
    assert right_edge == editor.mapTo(field, editor.rect().topRight()).x()
    assert field.label.mapTo(field, field.label.rect().topLeft()).x() == 0  # English at the left


def test_quitting_turns_the_mode_off_and_audits_it(
        qtbot, make_controller, vault: VaultFixture) -> None:
    controller = start(qtbot, make_controller, vault)
    dialog = open_dialog(qtbot, controller)
    language = dialog.client_language()
    press_ok(dialog)
    qtbot.waitUntil(lambda: controller.interpreter.active)
    controller.shutdown()
    assert not controller.interpreter.active and interpreter.active_mode() is None
    session = vault.unlock()
    try:
        assert audited(session, AuditAction.INTERPRETER_MODE_OFF) == [(None, language)]
    finally:
        session.lock()
