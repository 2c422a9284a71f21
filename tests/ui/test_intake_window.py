"""The staged intake: typed by keyboard, declined and restored, across a language switch, saved
as a draft and restored exactly, then completed into a record (or stopped, with reasons)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QMessageBox, QWidget

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.answers import Answer, AnswerStatus
from shelter_desktop.domain.intake_schema import FIELDS, FIRST_CONTACT, FieldKind
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.drafts import DraftService
from shelter_desktop.services.session import Session
from shelter_desktop.ui import language
from shelter_desktop.ui.intake.intake_window import (
    DEPENDANTS_PAGE,
    EXPERIENCE_PAGE,
    FIRST_CONTACT_PAGE,
    FIRST_WEEK_PAGE,
    INTERPRETER_PAGE,
    IntakeWindow,
)
from shelter_desktop.ui.intake.section_form import SectionForm
from shelter_desktop.ui.widgets.declinable_field import DeclinableField
from tests.conftest import VaultFixture
from tests.ui.helpers import type_text

# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def open_window(qtbot, admin_session: Session) -> Iterator[Callable[..., IntakeWindow]]:
    """IntakeWindows on the administrator's session, closed before the session locks."""
    windows: list[IntakeWindow] = []

    def factory(draft: Any = None, session: Session | None = None, **kwargs: Any
                ) -> IntakeWindow:
        window = IntakeWindow(session or admin_session, draft, **kwargs)
        windows.append(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        return window

    yield factory
    for window in windows:
        if shiboken6.isValid(window):
            window.close()
    QApplication.processEvents()


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def tab_to(target: QWidget, limit: int = 80) -> None:
    """Press Tab until ``target`` has the focus: it must be reachable by keyboard."""
    for _step in range(limit):
        if focus() is target:
            return
        current = focus()
        assert current is not None
        QTest.keyClick(current, Qt.Key.Key_Tab)
    raise AssertionError(f"{target!r} cannot be reached with Tab")


def choose_in_menu(qtbot, button: QWidget, text: str) -> None:
    """Open a decline control from the keyboard (Space) and pick ``text`` with Return."""
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    action = next(a for a in menu.actions() if a.text() == text)
    menu.setActiveAction(action)
    QTest.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible())


def fields(window: IntakeWindow, section: str) -> dict[str, DeclinableField]:
    return window.forms[section].fields


def editor(field: DeclinableField) -> QLineEdit:
    assert isinstance(field.editor, QLineEdit)
    return field.editor


def fill_required(window: IntakeWindow, name: str = "Zoë Іваненко") -> None:
    first = fields(window, "first_contact")
    editor(first["name_to_use"]).clear()
    type_text(editor(first["name_to_use"]), name)
    first["name_quality"].choice_buttons["partial"].click()
    type_text(editor(first["spoken_languages"]), "українська")
    combo = first["reading_language"].editor
    combo.setCurrentIndex(combo.findData("uk"))  # type: ignore[union-attr]
    first["interpreter_used"].choice_buttons["no"].click()
    first["may_name_organisation"].choice_buttons["no"].click()
    first["consent_collect"].choice_buttons["given"].click()
    first["confidentiality_explained"].choice_buttons["yes"].click()


# -- DeclinableField ---------------------------------------------------------------------------

ROUND_TRIPS = [
    ("name_to_use", "王芳"),
    ("narrative_note", "Первая строка\nأحمد"),
    ("safe_to_talk", "unsure"),  # radio buttons
    ("immigration_status", "vtip_trp"),  # a drop-down list
    ("basic_needs", ["food", "phone"]),
    ("date_of_birth", "1990-05"),
    ("project_start", "2024-03-05"),
    ("dependants_count", 3),
    ("reading_language", "fr"),
    ("reading_language", "ar"),  # no catalog yet, still a language a client may read
]


@pytest.mark.parametrize(("key", "value"), ROUND_TRIPS)
def test_each_kind_round_trips_an_answer(qtbot, key: str, value: Any) -> None:
    field = DeclinableField(FIELDS[key])
    qtbot.addWidget(field)
    field.set_answer(Answer.of(value))
    assert field.answer() == Answer.of(value)
    assert field.validate()
    field.set_answer(Answer())
    assert field.answer() == Answer()


def test_every_field_kind_is_covered() -> None:
    assert {FIELDS[key].kind for key, _value in ROUND_TRIPS} == set(FieldKind)


@pytest.mark.parametrize("status", [AnswerStatus.DOESNT_KNOW, AnswerStatus.PREFERS_NOT])
def test_a_declined_answer_round_trips(qtbot, status: AnswerStatus) -> None:
    field = DeclinableField(FIELDS["safe_to_talk"])
    qtbot.addWidget(field)
    field.set_answer(Answer(status))
    assert field.answer() == Answer(status)
    assert not field.input_widget.isEnabled()


@pytest.mark.parametrize(("key", "typed"), [
    ("aliases", "Zoë"), ("narrative_note", "два\nрядки"), ("safe_to_talk", "no"),
    ("immigration_status", "student"), ("basic_needs", ["sleep"]), ("date_of_birth", "1990"),
    ("dependants_count", "2")])  # every declinable kind (the language question is required)
def test_declining_never_clears_what_was_typed(qtbot, key: str, typed: Any) -> None:
    field = DeclinableField(FIELDS[key])
    qtbot.addWidget(field)
    field.set_input_value(typed)
    answered = field.answer()
    assert answered.is_answered
    with qtbot.waitSignal(field.changed):
        field.decline_actions[AnswerStatus.PREFERS_NOT].trigger()
    assert field.answer() == Answer(AnswerStatus.PREFERS_NOT)
    assert field.input_value() == typed
    assert not field.input_widget.isEnabled()
    assert field.decline_button is not None
    assert field.decline_button.text() == "Prefers not to answer"
    field.decline_actions[AnswerStatus.NOT_ASKED].trigger()
    assert field.answer() == Answer()
    assert field.answer_action is not None
    field.answer_action.trigger()
    assert field.answer() == answered
    assert field.input_widget.isEnabled()
    assert field.decline_button.text() == "Answer"


def test_validation_speaks_when_the_field_is_left_and_keeps_the_text(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    field = DeclinableField(FIELDS["date_of_birth"], holder)
    other = QLineEdit(holder)
    holder.show()
    holder.activateWindow()
    qtbot.waitExposed(holder)
    editor(field).setFocus()
    qtbot.waitUntil(lambda: focus() is field.editor)
    QTest.keyClicks(editor(field), "1990-13")
    assert not field.error_label.isVisible()
    other.setFocus()
    qtbot.waitUntil(lambda: field.error_label.isVisible())
    assert field.error_label.text() == "This date does not exist."
    assert editor(field).text() == "1990-13"
    assert "This date does not exist." in editor(field).accessibleDescription()
    type_text(editor(field), "")
    editor(field).setText("١٩٩٠/٣")  # other digits and separators are understood
    assert not field.error_label.isVisible()
    assert field.answer() == Answer.of("1990-03")


def test_labels_required_words_and_accessible_names(qtbot) -> None:
    form = SectionForm(FIRST_CONTACT, show_restricted=True)
    qtbot.addWidget(form)
    name = form.fields["name_to_use"]
    assert name.label.buddy() is name.editor
    assert name.required_label is not None and name.required_label.text() == "required"
    assert name.decline_button is None
    assert name.help_label.text().startswith("Any name the person wants")
    safe = form.fields["safe_to_talk"]
    assert safe.decline_button is not None
    assert safe.decline_button.accessibleName() == "Is it safe to talk now?: answer options"
    for field in form.fields.values():
        assert field.inputs
        for widget in field.inputs:
            assert widget.accessibleName() or widget.text(), (field.spec.key, widget)  # type: ignore[attr-defined]
        assert field.input_widget.accessibleName() == field.spec.label
    assert form.fields["contact_message"].editor.accessibleName() == (  # type: ignore[union-attr]
        "Exact words to use when contacting")


# -- the window --------------------------------------------------------------------------------


def test_first_contact_by_keyboard_across_a_language_switch_then_draft_and_record(
        qtbot, open_window, admin_session: Session) -> None:
    language.install()
    window = open_window()
    first = fields(window, "first_contact")
    name = editor(first["name_to_use"])
    qtbot.waitUntil(lambda: focus() is name)  # the first question has the focus on open

    type_text(name, "Zoë Іваненко")
    tab_to(editor(first["aliases"]))
    type_text(editor(first["aliases"]), "王芳; أحمد")
    tab_to(first["name_quality"].choice_buttons["full"])
    QTest.keyClick(focus(), Qt.Key.Key_Space)
    QTest.keyClick(focus(), Qt.Key.Key_Right)  # then the arrows move between the answers
    assert first["name_quality"].answer() == Answer.of("partial")
    tab_to(editor(first["spoken_languages"]))
    type_text(focus(), "українська, русский")  # type: ignore[arg-type]
    tab_to(first["reading_language"].editor)  # type: ignore[arg-type]
    QTest.keyClick(focus(), Qt.Key.Key_Down)
    assert first["reading_language"].answer() == Answer.of("en")
    tab_to(first["interpreter_used"].choice_buttons["yes"])  # one tab stop per group
    QTest.keyClick(focus(), Qt.Key.Key_Right)
    QTest.keyClick(focus(), Qt.Key.Key_Space)
    assert first["interpreter_used"].answer() == Answer.of("no")
    tab_to(first["safe_to_talk"].choice_buttons["yes"])
    QTest.keyClick(focus(), Qt.Key.Key_Space)
    # Declined by keyboard: the decline control follows its question in the tab order.
    tab_to(first["harmer_nearby"].choice_buttons["yes"])
    QTest.keyClick(focus(), Qt.Key.Key_Space)
    assert first["harmer_nearby"].decline_button is not None
    tab_to(first["harmer_nearby"].decline_button)
    choose_in_menu(qtbot, first["harmer_nearby"].decline_button, "Prefers not to answer")
    assert first["harmer_nearby"].answer() == Answer(AnswerStatus.PREFERS_NOT)
    assert first["harmer_nearby"].input_value() == "yes"
    tab_to(editor(first["safe_times"]))
    type_text(focus(), "après 18 h")  # type: ignore[arg-type]
    first["safe_times"].decline_actions[AnswerStatus.DOESNT_KNOW].trigger()
    first["basic_needs"].choice_buttons["food"].click()
    first["may_name_organisation"].choice_buttons["no"].click()
    first["consent_collect"].choice_buttons["given"].click()
    assert window.section_list.item(FIRST_CONTACT_PAGE).text() == "First contact\n11 of 16"

    # Half-way, the interface switches to French: texts are re-read, nothing typed is lost.
    i18n.set_language("fr")
    qtbot.waitUntil(lambda: window.close_button.text() == "Fermer")
    assert name.text() == "Zoë Іваненко"
    assert editor(first["aliases"]).text() == "王芳; أحمد"
    assert first["safe_times"].input_value() == "après 18 h"
    assert first["safe_times"].answer() == Answer(AnswerStatus.DOESNT_KNOW)
    assert first["harmer_nearby"].answer() == Answer(AnswerStatus.PREFERS_NOT)
    first["confidentiality_explained"].choice_buttons["yes"].click()
    week = fields(window, "first_week")
    window.next_section()
    assert window.current_page() == FIRST_WEEK_PAGE
    qtbot.waitUntil(lambda: focus() is week["legal_name"].editor)
    type_text(editor(week["date_of_birth"]), "1990-05")
    tab_to(editor(week["country_citizenship"]))
    type_text(focus(), "Україна")  # type: ignore[arg-type]
    i18n.set_language("en")
    qtbot.waitUntil(lambda: window.close_button.text() == "Close")

    assert window.save_draft()
    assert window.status_label.text().startswith("Saved ")
    draft_id = window.draft.id
    window.close()

    draft = DraftService(admin_session).get(draft_id)
    assert draft is not None
    again = open_window(draft)
    assert again.current_page() == FIRST_WEEK_PAGE
    again_first, again_week = fields(again, "first_contact"), fields(again, "first_week")
    qtbot.waitUntil(lambda: focus() is again_week["country_citizenship"].editor)
    assert editor(again_first["name_to_use"]).text() == "Zoë Іваненко"
    assert editor(again_first["aliases"]).text() == "王芳; أحمد"
    assert again_first["spoken_languages"].answer() == Answer.of("українська, русский")
    assert again_first["name_quality"].answer() == Answer.of("partial")
    assert again_first["harmer_nearby"].answer() == Answer(AnswerStatus.PREFERS_NOT)
    assert again_first["harmer_nearby"].input_value() == "yes"
    assert again_first["safe_times"].answer() == Answer(AnswerStatus.DOESNT_KNOW)
    assert again_first["safe_times"].input_value() == "après 18 h"
    assert again_week["date_of_birth"].answer() == Answer.of("1990-05")
    assert again_week["country_citizenship"].answer() == Answer.of("Україна")
    assert again.status_label.text().startswith("Saved ")

    QTest.keyClick(focus(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    created = ClientService(admin_session).list_ids("Zo")
    assert len(created) == 1
    client = ClientService(admin_session).open(created[0])
    assert client.answer("aliases") == Answer.of("王芳; أحمد")
    assert client.answer("harmer_nearby") == Answer(AnswerStatus.PREFERS_NOT)
    assert client.answer("date_of_birth") == Answer.of("1990-05")
    assert ClientService(admin_session).list_ids("王芳") == created
    assert DraftService(admin_session).get(draft_id) is None
    assert not shiboken6.isValid(again) or not again.isVisible()


def test_completion_emits_the_new_id_and_records_interpreter_and_dependants(
        qtbot, open_window, admin_session: Session) -> None:
    window = open_window()
    fill_required(window, "أحمد")
    first = fields(window, "first_contact")
    assert window.section_list.item(INTERPRETER_PAGE).isHidden()
    first["interpreter_used"].choice_buttons["yes"].click()
    assert not window.section_list.item(INTERPRETER_PAGE).isHidden()
    interpreter = window.interpreter_form.fields
    interpreter["mode"].choice_buttons["phone"].click()
    type_text(editor(interpreter["language"]), "Arabic (Levantine)")
    type_text(editor(interpreter["interpreter"]), "Line 7, ID 4411")
    interpreter["client_agreed"].choice_buttons["yes"].click()
    window.go_to_page(DEPENDANTS_PAGE)
    page = window.dependants_page
    page.add_button.click()
    child = page.form.fields
    type_text(editor(child["name_to_use"]), "Layla")
    child["relationship"].editor.setCurrentIndex(1)  # type: ignore[union-attr]
    type_text(editor(child["date_of_birth"]), "2019")
    assert page.model.data(page.model.index(0, 0)) == "Layla"
    page.add_button.click()
    assert editor(child["name_to_use"]).text() == ""
    type_text(editor(child["name_to_use"]), "Omar")
    child["relationship"].editor.setCurrentIndex(1)  # type: ignore[union-attr]
    page.table.selectRow(0)
    assert editor(child["name_to_use"]).text() == "Layla"
    assert window.section_list.item(DEPENDANTS_PAGE).text() == "Dependants\n2 people"

    with qtbot.waitSignal(window.client_created) as signal:
        window.complete_first_contact()
    client = ClientService(admin_session).open(signal.args[0])
    assert sorted(d.answers["name_to_use"].value for d in client.dependants) == ["Layla", "Omar"]
    assert client.interpreter_records[0].answers["language"] == Answer.of("Arabic (Levantine)")


def test_missing_required_answers_are_named_and_nothing_is_created(
        qtbot, open_window, admin_session: Session) -> None:
    window = open_window()
    first = fields(window, "first_contact")
    type_text(editor(first["name_to_use"]), "Zoë")
    window.go_to_page(EXPERIENCE_PAGE)
    window.complete_first_contact()
    assert window.current_page() == FIRST_CONTACT_PAGE
    message = window.message_label.text()
    assert window.message_label.isVisible()
    assert message.startswith("Please answer these questions first:")
    for label in ("This name is", "Languages spoken, with dialect", "Language they read best",
                  "Consent to keep their information"):
        assert label in message
    assert "Name to use" not in message
    qtbot.waitUntil(lambda: focus() is first["name_quality"].choice_buttons["full"])
    assert first["name_quality"].error_label.text() == "This question needs an answer."
    assert ClientService(admin_session).count() == 0

    fill_required(window)
    first["interpreter_used"].choice_buttons["yes"].click()
    window.complete_first_contact()
    assert window.current_page() == INTERPRETER_PAGE
    assert "Interpreter's name, or service and ID" in window.message_label.text()
    assert ClientService(admin_session).count() == 0

    first["interpreter_used"].choice_buttons["no"].click()
    editor(fields(window, "first_week")["date_of_birth"]).setText("1990-02-30")
    window.complete_first_contact()
    assert window.current_page() == FIRST_WEEK_PAGE
    assert window.message_label.text() == (
        "Please check the answer to “Date of birth”: This date does not exist.")
    assert ClientService(admin_session).count() == 0


def test_a_similar_client_opens_the_duplicate_dialog_and_nothing_is_merged(
        qtbot, open_window, admin_session: Session) -> None:
    existing = ClientService(admin_session).create_from_first_contact({
        "name_to_use": Answer.of("Zoë Іваненко"), "name_quality": Answer.of("full"),
        "spoken_languages": Answer.of("uk"), "reading_language": Answer.of("uk"),
        "interpreter_used": Answer.of("no"), "contact_channels": Answer.of([]),
        "may_name_organisation": Answer.of("no"), "consent_collect": Answer.of("given"),
        "confidentiality_explained": Answer.of("yes")})
    window = open_window()
    fill_required(window, "Zoe Ivanenko")
    type_text(editor(fields(window, "first_contact")["aliases"]), "Іваненко")
    window.complete_first_contact()
    dialog = window.duplicates_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 0)) == "Zoë Іваненко"
    assert dialog.model.data(dialog.model.index(0, 3)) == "Active"
    with qtbot.waitSignal(window.open_client_requested) as signal:
        dialog.open_button.click()
    assert signal.args == [existing]
    assert window.isVisible()
    assert DraftService(admin_session).get(window.draft.id) is not None  # the draft is kept
    assert ClientService(admin_session).count() == 1

    window.complete_first_contact()
    assert window.duplicates_dialog is not None
    with qtbot.waitSignal(window.client_created) as created:
        window.duplicates_dialog.create_button.click()
    assert created.args[0] != existing
    assert ClientService(admin_session).count() == 2


def test_every_text_is_reread_on_a_language_change_and_nothing_typed_is_lost(
        qtbot, open_window, monkeypatch) -> None:
    class Bracketed(i18n.Translator):
        def gettext(self, message: str) -> str:
            return f"⟦{message}⟧"

        def ngettext(self, singular: str, plural: str, count: int) -> str:
            return f"⟦{singular if count == 1 else plural}⟧"

    window = open_window()
    first = fields(window, "first_contact")
    type_text(editor(first["name_to_use"]), "Zoë Іваненко")
    first["basic_needs"].choice_buttons["food"].click()
    first["safe_to_talk"].choice_buttons["no"].click()
    first["harmer_nearby"].decline_actions[AnswerStatus.DOESNT_KNOW].trigger()
    combo = fields(window, "first_week")["immigration_status"].editor
    combo.setCurrentIndex(combo.findData("student"))  # type: ignore[union-attr]
    before = window.draft_data()
    fake = Bracketed("en")
    monkeypatch.setattr(i18n, "_current", fake)
    language.apply_language(fake)

    assert window.windowTitle() == "⟦New intake⟧"
    assert window.section_list.item(0).text().startswith("⟦First contact⟧\n⟦")
    assert window.save_button.text() == "⟦Save draft⟧"
    for form in (*window.forms.values(), window.interpreter_form, window.dependants_page.form):
        assert form.title_label.text().startswith("⟦")
        for field in form.fields.values():
            assert field.label.text() == f"⟦{field.spec.label}⟧"
            for button in field.choice_buttons.values():
                assert button.text().startswith("⟦")
            if field.decline_button is not None:
                assert field.decline_button.text().startswith("⟦")
                assert all(a.text().startswith("⟦") for a in field.decline_actions.values())
            if field.spec.help:
                assert field.help_label.text() == f"⟦{field.spec.help}⟧"
    assert combo.currentText() == "⟦Student⟧"  # type: ignore[union-attr]
    assert window.dependants_page.model.headerData(0, Qt.Orientation.Horizontal) == (
        "⟦Name to use⟧")
    assert window.draft_data() == before
    assert editor(first["name_to_use"]).text() == "Zoë Іваненко"

    monkeypatch.undo()
    language.apply_language(i18n.current())
    assert first["harmer_nearby"].decline_button.text() == "Doesn't know"  # type: ignore[union-attr]


def test_autosave_after_a_change_and_shortcuts(qtbot, open_window, admin_session: Session
                                               ) -> None:
    window = open_window(autosave_ms=50)
    assert window.status_label.text() == "Not saved yet"
    name = editor(fields(window, "first_contact")["name_to_use"])
    qtbot.waitUntil(lambda: focus() is name)
    type_text(name, "Zoë")
    assert window.status_label.text() == "Not saved yet"
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Saved "), timeout=3000)
    draft = DraftService(admin_session).get(window.draft.id)
    assert draft is not None
    assert draft.data["sections"]["first_contact"]["name_to_use"]["input"] == "Zoë"  # type: ignore[index]

    QTest.keyClick(name, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == FIRST_WEEK_PAGE
    QTest.keyClick(focus(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == EXPERIENCE_PAGE
    QTest.keyClick(focus(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == DEPENDANTS_PAGE  # the interpreter stage is not in use
    assert focus() is window.dependants_page.add_button
    QTest.keyClick(focus(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == EXPERIENCE_PAGE
    with qtbot.waitSignal(window.draft_saved):
        QTest.keyClick(focus(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_a_locked_vault_is_reported_and_nothing_is_lost(qtbot, open_window, vault: VaultFixture
                                                        ) -> None:
    session = vault.unlock()
    window = open_window(session=session, autosave_ms=60_000)
    name = editor(fields(window, "first_contact")["name_to_use"])
    type_text(name, "Zoë")
    session.lock()
    assert not window.save_draft()
    assert window.status_label.text() == (
        "Not saved: The vault is locked. Unlock it to continue; your draft was kept.")
    assert window.has_unsaved_changes()
    window.close_button.click()
    assert window.isVisible()  # the Close button does not drop what could not be saved
    assert name.text() == "Zoë"
    window.close()  # the application closing it (on lock) is not refused


def test_restricted_questions_are_not_shown_to_an_intake_worker(
        qtbot, open_window, vault: VaultFixture) -> None:
    vault.add_staff("amira", Role.INTAKE_WORKER, "a lantern on the quiet harbour")
    session = vault.unlock("amira", "a lantern on the quiet harbour")
    try:
        window = open_window(session=session)
        assert "legal_name" not in fields(window, "first_week")
        assert "law_enforcement" not in fields(window, "experience")
        assert "narrative_note" not in fields(window, "experience")
        fill_required(window)
        with qtbot.waitSignal(window.client_created):
            window.complete_first_contact()
    finally:
        session.lock()


def test_removing_a_dependant_asks_first(qtbot, open_window, monkeypatch) -> None:
    window = open_window()
    page = window.dependants_page
    page.add_dependant()
    type_text(editor(page.form.fields["name_to_use"]), "Layla")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.No)
    page.remove_button.click()
    assert page.count() == 1
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Yes)
    page.remove_button.click()
    assert page.count() == 0
    assert not page.form.isVisible()
    assert window.section_list.item(DEPENDANTS_PAGE).text() == "Dependants\nNone added"


def test_the_calendar_fills_a_full_date_and_opens_on_the_typed_one(qtbot) -> None:
    field = DeclinableField(FIELDS["project_start"])
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert editor(field).placeholderText() == "YYYY-MM-DD"
    editor(field).setText("2024-03-05")
    assert field.calendar_button is not None
    assert field.calendar_button.accessibleName() == (
        "Date services started: choose from a calendar")
    field.calendar_button.click()
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate() == QDate(2024, 3, 5)
    calendar.clicked.emit(QDate(2024, 4, 1))
    assert not calendar.isVisible()
    assert field.answer() == Answer.of("2024-04-01")
