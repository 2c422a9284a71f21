"""The client list and record in the main window, driven on a real vault as staff would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.answers import Answer
from shelter_desktop.services.clients import ClientService
from shelter_desktop.ui.clients.list_model import ALERTS, NAME, STATUS
from shelter_desktop.ui.main_window import RECORD_PAGE
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client
from tests.ui.conftest import unlock
from tests.ui.helpers import type_text

CASEWORKER, CASEWORKER_PASSPHRASE = "samira", "a kettle singing on the back stove"
INTAKE, INTAKE_PASSPHRASE = "jonas", "seven paper boats on a grey pond"

NAMES = ("Zoë Martin", "Іван Іваненко", "فاطمة الزهراء", "王芳", "김민지", "Ana López")


def _names(panel) -> list[str]:
    model = panel.model
    return [model.data(model.index(row, NAME)) for row in range(model.rowCount())]


def _search(panel, text: str) -> list[str]:
    panel.search_edit.clear()
    type_text(panel.search_edit, text)
    return _names(panel)


def _audit_count(session, action: str, record_id: str | None = None) -> int:
    return sum(1 for entry in session.vault.audit.entries(action=action)
               if record_id is None or entry.record_id == record_id)


def _add(vault: VaultFixture, *names: str, **extra: object) -> list[str]:
    session = vault.unlock()
    try:
        return [add_client(session, name, **extra) for name in names]
    finally:
        session.lock()


def _start(qtbot, make_controller, vault: VaultFixture, user: str = ADMIN_USER,
           passphrase: str = ADMIN_PASSPHRASE):
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, user, passphrase)
    return controller, controller.main_window


def test_typing_in_the_search_field_filters_in_every_script(
        qtbot, make_controller, vault: VaultFixture) -> None:
    _add(vault, *NAMES)
    _controller, main = _start(qtbot, make_controller, vault)
    panel = main.client_list
    assert sorted(_names(panel)) == sorted(NAMES)
    assert panel.count_label.text() == "6 clients"

    assert _search(panel, "zo") == ["Zoë Martin"]
    assert _search(panel, "Zoe") == ["Zoë Martin"]
    assert _search(panel, "Іва") == ["Іван Іваненко"]
    assert _search(panel, "فاطمة") == ["فاطمة الزهراء"]
    assert _search(panel, "王芳") == ["王芳"]
    assert _search(panel, "민지") == ["김민지"]
    assert _search(panel, "lopez") == ["Ana López"]
    assert _search(panel, "nobody here") == []
    assert panel.count_label.text() == "No client matches this search."
    panel.search_edit.clear()
    assert len(_names(panel)) == 6


def test_filters_and_sorting_requery_the_vault(qtbot, make_controller,
                                               vault: VaultFixture) -> None:
    session = vault.unlock()
    try:
        add_client(session, "Bea")
        add_client(session, "Carla", dependants_count=2)
        add_client(session, "Dina", under_18="yes")
        closed = add_client(session, "Alma")
        ClientService(session).close(closed, dt.date.today(), "Moved to second-stage housing")
        add_client(session, "Eve")  # the most recently changed active record
    finally:
        session.lock()
    _controller, main = _start(qtbot, make_controller, vault)
    panel = main.client_list
    assert _names(panel) == ["Bea", "Carla", "Dina", "Eve"]

    panel.status_combo.setCurrentIndex(panel.status_combo.findData("closed"))
    assert _names(panel) == ["Alma"]
    model = panel.model
    assert model.data(model.index(0, STATUS)) == "Closed"
    panel.status_combo.setCurrentIndex(panel.status_combo.findData(""))
    assert _names(panel) == ["Alma", "Bea", "Carla", "Dina", "Eve"]
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("active"))

    panel.dependants_check.setChecked(True)
    assert _names(panel) == ["Carla"]
    panel.dependants_check.setChecked(False)
    panel.alerts_check.setChecked(True)
    assert _names(panel) == ["Dina"]
    assert model.data(model.index(0, ALERTS)) == "Under 18"
    assert model.data(model.index(0, ALERTS), Qt.ItemDataRole.AccessibleTextRole) \
        == "Alerts: Under 18"
    panel.alerts_check.setChecked(False)

    header = panel.table.horizontalHeader()
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_center(header, NAME))
    assert _names(panel) == ["Eve", "Dina", "Carla", "Bea"]
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData("updated"))
    assert _names(panel)[0] == "Eve"
    assert header.sortIndicatorSection() == -1  # the order is not a column's
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData("name"))
    assert _names(panel) == ["Bea", "Carla", "Dina", "Eve"]
    # A column SQL cannot sort by keeps the current order and indicator.
    panel.table.sortByColumn(ALERTS, Qt.SortOrder.AscendingOrder)
    assert _names(panel) == ["Bea", "Carla", "Dina", "Eve"]
    assert header.sortIndicatorSection() == NAME


def _section_center(header, section: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def _visible_pages(table, page_size: int) -> set[int]:
    model = table.model()
    first = table.rowAt(0)
    last = table.rowAt(table.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    return {row // page_size for row in range(first, last + 1)}


def test_the_model_is_lazy(qtbot, make_controller, vault: VaultFixture) -> None:
    _add(vault, *[f"Person {n:02d}" for n in range(60)])
    _controller, main = _start(qtbot, make_controller, vault)
    main.resize(main.width(), 420)  # a dozen rows on screen
    model = main.client_list.model
    model.PAGE_SIZE = 5
    model.refresh()
    model.fetch_count, model.fetched_pages = 0, []
    table = main.client_list.table
    QApplication.processEvents()
    assert model.rowCount() == 60
    on_screen = _visible_pages(table, 5)
    assert 0 in on_screen and len(on_screen) < 12
    assert set(model.fetched_pages) == on_screen

    table.scrollToBottom()
    QApplication.processEvents()
    assert 11 in model.fetched_pages
    assert set(model.fetched_pages) == on_screen | _visible_pages(table, 5)
    assert model.fetch_count == len(model.fetched_pages)  # each page fetched once
    assert model.data(model.index(59, NAME)) == "Person 59"


def test_enter_opens_the_record_once_and_ctrl_f_focuses_search(
        qtbot, make_controller, vault: VaultFixture) -> None:
    ids = _add(vault, "Ana López", "Zoë Martin")
    controller, main = _start(qtbot, make_controller, vault)
    qtbot.waitUntil(main.isActiveWindow)
    panel = main.client_list
    panel.table.setFocus()
    QTest.keyClick(main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search_edit.hasFocus()

    type_text(panel.search_edit, "zo")
    QTest.keyClick(panel.search_edit, Qt.Key.Key_Down)
    assert panel.table.hasFocus()
    assert main.stack.currentIndex() != RECORD_PAGE  # resting on a row opens it, not passing
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    assert main.stack.currentIndex() == RECORD_PAGE
    assert main.record_view.header.name_label.text() == "Zoë Martin"
    assert _audit_count(controller.session, "client.viewed", ids[1]) == 1
    QTest.keyClick(panel.table, Qt.Key.Key_Return)  # already open: no second view
    assert _audit_count(controller.session, "client.viewed", ids[1]) == 1
    assert _audit_count(controller.session, "client.viewed", ids[0]) == 0

    panel.search_edit.clear()  # the selection stays on the open client
    assert panel.selected_client_id() == ids[1]


def test_arrow_keys_open_a_record_only_once_the_selection_rests(
        qtbot, make_controller, vault: VaultFixture) -> None:
    ids = _add(vault, "Ana", "Bea", "Carla")
    controller, main = _start(qtbot, make_controller, vault)
    panel = main.client_list
    panel.table.setFocus()
    panel.table.selectRow(0)
    QTest.keyClick(panel.table, Qt.Key.Key_Down)
    QTest.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: main.stack.currentIndex() == RECORD_PAGE, timeout=3_000)
    assert main.record_view.client_id == ids[2]
    assert _audit_count(controller.session, "client.viewed") == 1


def test_the_record_header_shows_safe_contact_and_alerts(
        qtbot, make_controller, vault: VaultFixture) -> None:
    ids = _add(vault, "Zoë Martin", aliases="Zee; ZM", reading_language="uk",
               contact_channels=["text", "in_person"], safe_times="after 6 pm",
               code_word="lantern", under_18="yes")
    _controller, main = _start(qtbot, make_controller, vault)
    main.open_client(ids[0])
    header = main.record_view.header
    assert header.name_label.text() == "Zoë Martin"
    assert "Zee; ZM" in header.aliases_label.text()
    assert "Українська" in header.language_label.text()
    contact = header.contact_label.text()
    assert contact.startswith("Contact: Text message, In person")
    assert "may not name the organisation" in contact
    assert "after 6 pm" in contact and "lantern" not in contact
    assert header.markers[_alert("minor")].isVisibleTo(header)
    assert not header.markers[_alert("consent_expiring")].isVisibleTo(header)
    tabs = main.record_view.tabs
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == [
        "Intake", "Needs", "Plan", "Consents", "History"]
    consents = main.record_view.consent_model
    assert consents.rowCount() == 1
    assert consents.data(consents.index(0, 1)) == "Given"


def _alert(value: str):
    from shelter_desktop.domain.clients import Alert

    return Alert(value)


def test_do_not_contact_is_said_plainly(qtbot, make_controller, vault: VaultFixture) -> None:
    ids = _add(vault, "Ana")
    _controller, main = _start(qtbot, make_controller, vault)
    main.open_client(ids[0])
    assert main.record_view.header.contact_label.text().startswith(
        "Do not contact: the client gets in touch")


@pytest.fixture
def staffed_vault(vault: VaultFixture) -> VaultFixture:
    vault.add_staff(CASEWORKER, Role.CASEWORKER, CASEWORKER_PASSPHRASE)
    vault.add_staff(INTAKE, Role.INTAKE_WORKER, INTAKE_PASSPHRASE)
    return vault


def test_an_intake_worker_never_sees_or_finds_a_legal_name(
        qtbot, make_controller, staffed_vault: VaultFixture) -> None:
    ids = _add(staffed_vault, "Mira", legal_name="Olga Petrenko")
    controller, main = _start(qtbot, make_controller, staffed_vault, INTAKE, INTAKE_PASSPHRASE)
    panel = main.client_list
    assert _search(panel, "Petrenko") == []
    assert _search(panel, "Mira") == ["Mira"]
    model = panel.model
    for column in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                     Qt.ItemDataRole.AccessibleTextRole):
            assert "Petrenko" not in str(model.data(model.index(0, column), role))
    main.open_client(ids[0])
    intake = main.record_view.intake_tab
    assert not intake.reveal_button.isVisibleTo(intake)
    view = intake.answers_view
    assert not view.values["legal_name"].isVisibleTo(view)
    assert not view.values["law_enforcement"].isVisibleTo(view)
    assert "History" not in [main.record_view.tabs.tabText(i).replace("&", "")
                             for i in range(main.record_view.tabs.count())]
    assert not main.record_view.header.status_button.isVisibleTo(main.record_view.header)
    controller.lock()

    unlock(qtbot, controller, CASEWORKER, CASEWORKER_PASSPHRASE)
    panel = controller.main_window.client_list
    assert _search(panel, "Petrenko") == ["Mira"]
    tooltip = panel.model.data(panel.model.index(0, NAME), Qt.ItemDataRole.ToolTipRole)
    assert "Legal name: Olga Petrenko" in tooltip


def test_revealing_restricted_fields_is_audited_once(
        qtbot, make_controller, staffed_vault: VaultFixture) -> None:
    ids = _add(staffed_vault, "Mira", legal_name="Olga Petrenko")
    controller, main = _start(qtbot, make_controller, staffed_vault, CASEWORKER,
                              CASEWORKER_PASSPHRASE)
    before = _audit_count(controller.session, "client.restricted_revealed")
    main.open_client(ids[0])
    assert _audit_count(controller.session, "client.viewed", ids[0]) == 1
    intake = main.record_view.intake_tab
    view = intake.answers_view
    assert not view.values["legal_name"].isVisibleTo(view)
    assert _audit_count(controller.session, "client.restricted_revealed") == before
    intake.reveal_button.click()
    assert view.values["legal_name"].isVisibleTo(view)
    assert view.values["legal_name"].text() == "Olga Petrenko"
    assert not intake.reveal_button.isEnabled()
    intake.reveal_button.click()
    assert _audit_count(controller.session, "client.restricted_revealed", ids[0]) == 1
    assert _audit_count(controller.session, "client.restricted_revealed") == before + 1


def test_close_and_reopen_a_record(qtbot, make_controller, vault: VaultFixture) -> None:
    ids = _add(vault, "Ana", "Bea")
    controller, main = _start(qtbot, make_controller, vault)
    main.open_client(ids[0])
    header = main.record_view.header
    assert header.status_button.text().replace("&", "") == "Close record…"
    header.status_button.click()
    dialog = main.record_view.close_dialog
    assert dialog.isVisible()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    type_text(dialog.reason_edit, "Moved in with her sister")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert header.closed_label.isVisibleTo(header)
    assert header.closed_label.text().startswith("Closed on ")
    assert header.closed_label.text().endswith(": Moved in with her sister")
    assert _names(main.client_list) == ["Bea"]  # the Active list no longer shows her
    assert _audit_count(controller.session, "client.closed", ids[0]) == 1

    header.status_button.click()
    assert not header.closed_label.isVisibleTo(header)
    assert _names(main.client_list) == ["Ana", "Bea"]
    assert _audit_count(controller.session, "client.reopened", ids[0]) == 1
    assert _audit_count(controller.session, "client.viewed", ids[0]) == 1


def test_the_list_and_record_follow_a_language_switch(
        qtbot, make_controller, vault: VaultFixture) -> None:
    ids = _add(vault, "Ana", under_18="yes")
    controller, main = _start(qtbot, make_controller, vault)
    main.open_client(ids[0])
    controller.change_language("fr")
    from shelter_desktop.i18n import translator_for

    french = translator_for("fr")
    model = main.client_list.model
    qtbot.waitUntil(lambda: model.headerData(NAME, Qt.Orientation.Horizontal)
                    == french.gettext("Name"))
    assert main.client_list.search_edit.placeholderText() == french.gettext(
        "Search by name or alias")
    assert model.data(model.index(0, ALERTS)) == french.gettext("Under 18")
    controller.change_language("en")
    qtbot.waitUntil(lambda: model.headerData(NAME, Qt.Orientation.Horizontal) == "Name")


def test_answers_declined_show_their_status(qtbot, make_controller,
                                            vault: VaultFixture) -> None:
    ids = _add(vault, "Ana", safe_to_talk=Answer.declined(), urgent_medical="no")
    _controller, main = _start(qtbot, make_controller, vault)
    main.open_client(ids[0])
    values = main.record_view.intake_tab.answers_view.values
    assert values["safe_to_talk"].text() == "Prefers not to answer"
    assert values["urgent_medical"].text() == "No"
    assert values["harmer_nearby"].text() == "Not asked yet"


def test_editing_an_answer_in_the_intake_tab_shows_in_history(
        qtbot, make_controller, vault: VaultFixture) -> None:
    ids = _add(vault, "Ana", safe_times="mornings", safe_to_talk="yes")
    controller, main = _start(qtbot, make_controller, vault)
    main.open_client(ids[0])
    record = main.record_view
    intake = record.intake_tab
    intake.edit_button.click()
    assert intake.is_editing
    assert intake.changed_answers() == {}  # showing the answers is not a change
    field = intake.forms["first_contact"].field("safe_times")
    field.editor.clear()
    type_text(field.editor, "après 18 h")
    assert set(intake.changed_answers()) == {"safe_times"}
    intake.save_button.click()
    assert not intake.is_editing
    assert intake.answers_view.values["safe_times"].text() == "après 18 h"
    assert "après 18 h" in record.header.contact_label.text()
    assert _audit_count(controller.session, "client.history_viewed", ids[0]) == 0

    record.tabs.setCurrentWidget(record.history_table)
    history = record.history_model
    assert history.rowCount() == 1
    row = [history.data(history.index(0, column)) for column in range(5)]
    assert row[1:] == [ADMIN_USER, "Safe times to contact", "mornings", "après 18 h"]
    assert _audit_count(controller.session, "client.history_viewed", ids[0]) == 1

    record.tabs.setCurrentWidget(intake)  # a declined answer shows its status in history
    intake.edit_button.click()
    intake.forms["first_contact"].field("safe_to_talk").set_answer(Answer.unknown())
    intake.save_button.click()
    record.tabs.setCurrentWidget(record.history_table)
    assert history.rowCount() == 2
    assert [history.data(history.index(0, c)) for c in (3, 4)] == ["Yes", "Doesn't know"]


def test_a_caseworker_edits_a_revealed_legal_name(
        qtbot, make_controller, staffed_vault: VaultFixture) -> None:
    ids = _add(staffed_vault, "Mira", legal_name="Olga Petrenko")
    controller, main = _start(qtbot, make_controller, staffed_vault, CASEWORKER,
                              CASEWORKER_PASSPHRASE)
    main.open_client(ids[0])
    intake = main.record_view.intake_tab
    intake.edit_button.click()
    assert intake.forms["first_week"].field("legal_name") is None  # not revealed: not there
    intake.cancel_button.click()
    intake.reveal_button.click()
    intake.edit_button.click()
    legal = intake.forms["first_week"].field("legal_name")
    assert legal.editor.text() == "Olga Petrenko"
    legal.editor.setText("Olha Petrenko")
    intake.save_button.click()
    assert intake.answers_view.values["legal_name"].text() == "Olha Petrenko"
    assert _search(main.client_list, "Olha") == ["Mira"]


def test_unsaved_edits_are_not_dropped_without_asking(
        qtbot, make_controller, vault: VaultFixture, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    ids = _add(vault, "Ana", "Bea")
    _controller, main = _start(qtbot, make_controller, vault)
    main.open_client(ids[0])
    intake = main.record_view.intake_tab
    intake.edit_button.click()
    type_text(intake.forms["first_contact"].field("safe_times").editor, "noon")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    main.open_client(ids[1])  # Cancel: stay, edits kept, the list points at Ana again
    assert main.record_view.client_id == ids[0] and intake.is_editing
    assert main.client_list.selected_client_id() == ids[0]
    main.open_client(ids[1])  # Discard
    assert main.record_view.client_id == ids[1] and not intake.is_editing
    assert answers == []


def test_the_empty_state_points_to_the_list_on_either_side(
        qtbot, make_controller, vault: VaultFixture) -> None:
    from shelter_desktop.i18n import Translator
    from shelter_desktop.ui import language

    _controller, main = _start(qtbot, make_controller, vault)
    assert main.stack.currentWidget() is main.empty_state
    assert "on the left" in main.empty_state.label.text()
    language.apply_language(Translator("ar"))  # mirrored
    try:
        qtbot.waitUntil(lambda: main.client_list.x() > main.stack.x())
        assert "on the right" in main.empty_state.label.text()
    finally:
        language.apply_language(Translator("en"))
    assert "on the left" in main.empty_state.label.text()


def test_every_kind_of_alert_is_shown_in_words() -> None:
    from shelter_desktop.domain.clients import ALERT_LABELS, Alert
    from shelter_desktop.ui.clients.alerts import alert_words

    words = alert_words(set(Alert))
    assert all(ALERT_LABELS[alert] in words for alert in Alert)
