"""Retention and purge in the interface: the administrator's dialog and the record's fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Role
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.purge import PurgeService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.purge_dialog import PurgeDialog
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client
from tests.ui.conftest import unlock

TODAY = dt.date.today()


def _years_ago(years: int) -> dt.date:
    return TODAY - dt.timedelta(days=round(years * 365.25))


def closed_client(session: Session, name: str, closed_years_ago: int, **extra: object) -> str:
    closed_on = _years_ago(closed_years_ago)
    client_id = add_client(session, name, today=closed_on - dt.timedelta(days=300), **extra)
    ClientService(session).close(client_id, closed_on, "moved on")
    return client_id


@pytest.fixture
def records(vault: VaultFixture) -> dict[str, str]:
    """Two records closed long ago (9 and 12 years), one closed lately, one still open."""
    session = vault.unlock()
    try:
        return {
            "nine": closed_client(session, "Nadia Nine", 9),
            "twelve": closed_client(session, "Tariq Twelve", 12),
            "recent": closed_client(session, "Rosa Recent", 2),
            "open": add_client(session, "Olga Open", today=_years_ago(20)),
        }
    finally:
        session.lock()


@pytest.fixture
def dialog(qtbot, records, vault: VaultFixture) -> Iterator[PurgeDialog]:
    session = vault.unlock()
    widget = PurgeDialog(PurgeService(session))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    session.lock()


def _window(name: str):
    return next(w for w in QApplication.topLevelWidgets()
                if w.objectName() == name and w.isVisible())


def _cells(model) -> list[list[str]]:
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def _record_exists(session: Session, client_id: str) -> bool:
    return session.vault.connection.execute(
        "SELECT count(*) FROM clients WHERE id = ?", (client_id,)).fetchone()[0] == 1


def test_administrators_have_the_action_and_see_the_candidates(
        qtbot, make_controller, vault: VaultFixture, records) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    action = controller.main_window.purge_action
    assert action.isVisible() and action in controller.main_window.admin_menu.actions()
    action.trigger()
    dialog = _window("purge_dialog")
    assert dialog.isModal()
    model = dialog.candidates_model
    # Oldest closing first; each ticked; dates in the interface language.
    assert [row[0] for row in _cells(model)] == ["Tariq Twelve", "Nadia Nine"]
    assert all(model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
               for row in range(model.rowCount()))
    assert _cells(model)[1][2] == i18n.current().format_date(_years_ago(9), "medium")
    assert dialog.count_label.text().startswith(
        "2 closed records are past the retention period")
    assert dialog.purge_button.isEnabled()


def test_caseworkers_have_neither_the_dialog_nor_the_field_purge(
        qtbot, make_controller, vault: VaultFixture, records) -> None:
    vault.add_staff("casey", Role.CASEWORKER, "a lantern on the quiet harbour")
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, "casey", "a lantern on the quiet harbour")
    window = controller.main_window
    assert not window.purge_action.isVisible()
    assert not window.admin_menu.menuAction().isVisible()
    window.show_client(records["open"])
    assert window.record_view.intake_tab.reveal_button.isVisible()
    assert not window.record_view.intake_tab.purge_fields_button.isVisible()


def test_cancelling_the_confirmation_purges_nothing(qtbot, dialog: PurgeDialog,
                                                    vault: VaultFixture, records) -> None:
    dialog.purge_button.click()
    confirm = dialog.confirm_dialog
    assert confirm is not None and confirm.isVisible()
    assert "2 closed client records will be removed for good" in confirm.summary_label.text()
    assert "cannot be undone" in confirm.warning_label.text()
    assert "Backups" in confirm.warning_label.text()
    assert not confirm.purge_button.isEnabled()
    qtbot.keyClicks(confirm.count_edit, "1")  # not the number of records
    assert not confirm.purge_button.isEnabled()
    qtbot.keyClick(confirm.count_edit, Qt.Key.Key_Return)
    assert confirm.isVisible()
    confirm.cancel_button.click()
    assert not confirm.isVisible()
    assert dialog.candidates_model.rowCount() == 2
    session = vault.unlock()
    try:
        assert _record_exists(session, records["nine"]) and _record_exists(session,
                                                                           records["twelve"])
        assert PurgeService(session).log() == []
    finally:
        session.lock()


def test_confirming_purges_the_ticked_records_and_the_log_names_no_one(
        qtbot, make_controller, vault: VaultFixture, records) -> None:
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    window = controller.main_window
    window.show_client(records["twelve"])  # open on the right while it is purged
    window.purge_action.trigger()
    dialog = _window("purge_dialog")
    model = dialog.candidates_model
    row = next(r for r in range(model.rowCount()) if model.candidates[r].client_id
               == records["nine"])
    model.setData(model.index(row, 0), Qt.CheckState.Unchecked.value,
                  Qt.ItemDataRole.CheckStateRole)  # keep this one
    dialog.purge_button.click()
    confirm = dialog.confirm_dialog
    assert "1 closed client record will be removed for good" in confirm.summary_label.text()
    qtbot.keyClicks(confirm.count_edit, "1")
    assert confirm.purge_button.isEnabled()
    qtbot.keyClick(confirm.count_edit, Qt.Key.Key_Return)

    assert not confirm.isVisible()
    assert [c.client_id for c in model.candidates] == [records["nine"]]
    assert dialog.result_label.text() == "1 record was purged."
    assert window.open_record() is None  # the purged record left the screen
    assert window.record_view.client is None
    log = _cells(dialog.log_model)
    assert len(log) == 1
    seq, _when, by, client_id, scope, entry, closed = log[0]
    assert (client_id, scope, by) == (records["twelve"], "Whole record", ADMIN_USER)
    assert str(_years_ago(12).year) in closed and entry
    text = " ".join(str(cell) for cell in log[0])
    assert "Tariq" not in text and "Twelve" not in text
    assert dialog.log_stack.currentWidget() is dialog.log_table
    assert not _record_exists(controller.session, records["twelve"])


def test_a_new_retention_period_lists_again_and_can_leave_nothing(
        qtbot, dialog: PurgeDialog, records) -> None:
    assert not dialog.save_years_button.isEnabled()  # nothing changed yet
    dialog.years_spin.setValue(10)
    assert dialog.save_years_button.isEnabled()
    dialog.save_years_button.click()
    assert dialog.service.retention_years() == 10
    assert [c.client_id for c in dialog.candidates_model.candidates] == [records["twelve"]]
    assert dialog.count_label.text().startswith("1 closed record is past the retention period")
    assert dialog.years_message.text() == "Saved."

    dialog.years_spin.setValue(15)
    dialog.years_spin.lineEdit().returnPressed.emit()  # Enter in the field saves it too
    assert dialog.candidates_model.rowCount() == 0
    assert dialog.candidates_stack.currentWidget() is dialog.empty_label
    assert "nothing to purge" in dialog.empty_label.text()
    assert not dialog.count_label.isVisible()
    assert not dialog.purge_button.isEnabled()


def test_a_refused_retention_period_is_explained_beside_the_field(
        qtbot, dialog: PurgeDialog) -> None:
    dialog.years_spin.setRange(0, 99)  # the service's own limits, not the spin box's, refuse
    dialog.years_spin.setValue(99)
    dialog.save_retention()
    assert "between 1 and 50 years" in dialog.years_message.text()
    assert dialog.service.retention_years() == 7


def test_restricted_answers_can_be_removed_one_by_one_from_the_record(
        qtbot, make_controller, vault: VaultFixture) -> None:
    session = vault.unlock()
    client_id = add_client(session, "Leila Field", legal_name="Leila Hidden-Name",
                           law_enforcement="considering")
    session.lock()
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    window = controller.main_window
    window.show_client(client_id)
    tab = window.record_view.intake_tab
    assert tab.purge_fields_button.isVisible()
    tab.purge_fields_button.click()
    fields = _window("purge_fields_dialog")
    assert tab.restricted is not None  # shown first, so the administrator sees what goes
    assert fields.checks["legal_name"].isEnabled()
    assert fields.previews["legal_name"].text() == "Leila Hidden-Name"
    assert not fields.checks["narrative_note"].isEnabled()  # nothing recorded there
    assert not fields.next_button.isEnabled()
    fields.checks["legal_name"].setChecked(True)
    fields.next_button.click()
    assert "1 answer will be removed from this record for good" in fields.summary_label.text()
    assert "Legal name" in fields.chosen_label.text()
    fields.back_button.click()  # a second thought: nothing is removed by going back
    assert PurgeService(controller.session).log() == []
    fields.next_button.click()
    fields.remove_button.click()

    assert not fields.isVisible()
    assert "legal_name" not in tab.restricted
    assert tab.answers_view.values["legal_name"].text() == "Not asked yet"
    assert tab.answers_view.values["law_enforcement"].text() == "Considering it"
    assert tab.message_label.text() == "1 restricted answer was removed for good."
    revealed = ClientService(controller.session).reveal_restricted(client_id)
    assert "legal_name" not in revealed and "law_enforcement" in revealed
    entries = PurgeService(controller.session).log()
    assert [(e.client_id, e.scope) for e in entries] == [(client_id, "field:legal_name")]
    window.purge_action.trigger()
    dialog = _window("purge_dialog")
    assert _cells(dialog.log_model)[0][4] == "Legal name, if different"
