"""The Plan tab on a real vault: starting a plan, a goal from the Needs tab, typing that saves
itself, reordering, actions done in one click, overdue in words, agreeing, changing an agreed
plan, reviews, older versions read-only, a lock and a language switch mid-edit, and who may see
it at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.assessments import AssessmentKind, DomainScore
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.domain.plans import (
    Action,
    ActionStatus,
    PlanStatus,
    Responsible,
)
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.ui import language
from shelter_desktop.ui.clients.client_record import ClientRecordView, PlaceholderTab
from shelter_desktop.ui.clients.formatting import format_day
from shelter_desktop.ui.plan.plan_editor import PlanEditor
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client
from tests.ui.conftest import unlock
from tests.ui.helpers import type_text

DOMAINS = [domain.key for domain in SELF_SUFFICIENCY.domains]
TODAY = dt.date.today()
INTAKE, INTAKE_PASSPHRASE = "jonas", "seven paper boats on a grey pond"


def _assessed_client(session: Session, name: str = "Zoë Martin") -> str:
    client_id = add_client(session, name, today=TODAY - dt.timedelta(days=40),
                           reading_language="ar")
    row = "1 1 2 1 3 1 2 1 2 2 2 1 1"
    AssessmentService(session).complete(
        client_id, AssessmentKind.INTAKE, TODAY - dt.timedelta(days=35),
        {key: DomainScore.of(int(mark)) for key, mark in zip(DOMAINS, row.split(), strict=True)})
    return client_id


def _record(qtbot, session: Session, client_id: str, *, tab: str = "plan") -> ClientRecordView:
    record = ClientRecordView(session)
    qtbot.addWidget(record)
    record.resize(1000, 900)
    record.show()
    record.activateWindow()
    qtbot.waitUntil(record.isActiveWindow)
    assert record.open_client(client_id)
    record.tabs.setCurrentWidget(record.plan_tab if tab == "plan" else record.needs_tab)
    editor = record.plan_editor
    if editor is not None:
        editor.autosave_timer.setInterval(30)
    return record


def _editor(record: ClientRecordView) -> PlanEditor:
    assert record.plan_editor is not None
    return record.plan_editor


def _all_cards(qtbot, editor: PlanEditor) -> list:
    """The goal cards once all are built (after the first paint, a frame apart)."""
    qtbot.waitUntil(lambda: len(editor.goal_list.cards) == editor.goal_list.goal_count)
    return editor.goal_list.cards


def _plan_with_goals(session: Session, client_id: str, *words: str):
    service = PlanService(session)
    seeds = AssessmentService(session)
    plan = None
    for domain, text in zip(("housing", "legal", "income", "employment"), words, strict=False):
        plan = service.add_goal(client_id, seeds.goal_seed(client_id, domain), text)
    return plan


def _audits(session: Session, action: AuditAction) -> int:
    return len(list(session.vault.audit.entries(action=action)))


def test_a_client_without_a_plan_sees_a_calm_start(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    editor = _editor(_record(qtbot, admin_session, client_id))
    assert editor.pages.currentWidget() is editor.empty_page
    assert editor.empty_page.start_button.text() == "&Start a plan"
    assert "Needs tab" in editor.empty_page.needs_label.text()

    editor.empty_page.start_button.click()
    plan = PlanService(admin_session).latest(client_id)
    assert plan is not None and plan.status is PlanStatus.DRAFT
    assert plan.caseworker_first_name == "Director"
    assert editor.status_label.text() == "Version 1 · Draft, not agreed with the client yet"
    assert editor.no_goals_label.isVisible()
    qtbot.waitUntil(editor.add_goal_button.hasFocus)
    assert _audits(admin_session, AuditAction.PLAN_VIEWED) == 1  # one view, on opening


def test_a_goal_from_the_needs_tab_waits_for_the_clients_words_and_saves_itself(
        qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    record = _record(qtbot, admin_session, client_id, tab="needs")
    needs = record.needs_view
    needs.table.setCurrentIndex(needs.model.index(DOMAINS.index("legal"), 0))
    with qtbot.waitSignal(record.goal_requested):
        needs.goal_button.click()

    editor = _editor(record)
    assert record.tabs.currentWidget() is editor
    [card] = editor.goal_list.cards
    assert card.title_label.text() == "Goal 1: Legal and immigration"
    assert card.baseline_label.text() == "Score at the start: 3 · Safe"
    qtbot.waitUntil(card.words_edit.hasFocus)
    assert not needs.message_label.isVisible()
    stored = PlanService(admin_session).latest(client_id)
    assert [(g.domain, g.baseline_score) for g in stored.goals] == [("legal", 3)]

    type_text(card.words_edit, "Мати документи — أوراقي")
    assert editor.save_status.text() == "Not saved yet"
    qtbot.waitUntil(lambda: not editor.has_unsaved_changes())
    assert editor.save_status.text().startswith("Saved ")
    stored = PlanService(admin_session).latest(client_id)
    assert stored.goals[0].in_client_words == "Мати документи — أوراقي"
    assert _audits(admin_session, AuditAction.PLAN_CHANGED) == 1  # not one per pause


def test_empty_words_are_said_beside_the_field_and_too_long_text_stays(
        qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    editor = _editor(_record(qtbot, admin_session, client_id))
    editor.add_goal_for_domain("income")
    [card] = editor.goal_list.cards
    assert card.baseline_label.text() == "Score at the start: 2 · Vulnerable"
    card.add_action_button.setFocus()  # leaving the words empty
    assert card.words_note.text() == "Write the goal in the client's own words."

    too_long = "é" * 2001
    card.words_edit.setPlainText(too_long)  # said at once, not only when leaving
    assert card.words_note.text() == "This is too long: at most 2000 characters."
    assert not editor.save_now()
    assert card.words_note.isVisible()
    assert editor.save_status.text().startswith("Not saved: ")
    assert card.words_edit.toPlainText() == too_long  # nothing typed is lost
    card.words_edit.setPlainText("Ouvrir un compte")
    assert editor.save_now()
    assert not card.words_note.isVisible()


def test_goals_move_with_the_keyboard_and_keep_their_order(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room", "Papers", "A bank account")
    editor = _editor(_record(qtbot, admin_session, client_id))
    # The first card is built at once, the others just after the first paint.
    first, second, third = _all_cards(qtbot, editor)
    first.words_edit.setFocus()
    qtbot.waitUntil(first.words_edit.hasFocus)
    QTest.keyClick(first.words_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.goal_list.cards == [second, first, third]
    assert first.words_edit.hasFocus()
    assert first.title_label.text() == "Goal 2: Shelter and housing"
    third.up_button.click()
    assert editor.goal_list.cards == [second, third, first]
    assert not first.down_button.isEnabled() and not second.up_button.isEnabled()
    assert editor.save_now()
    stored = PlanService(admin_session).latest(client_id)
    assert [(g.in_client_words, g.priority) for g in sorted(stored.goals,
                                                           key=lambda g: g.priority)] == [
        ("Papers", 1), ("A bank account", 2), ("A room", 3)]


def test_a_goal_with_words_is_removed_only_when_confirmed(qtbot, admin_session,
                                                          monkeypatch) -> None:
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room", "Papers")
    editor = _editor(_record(qtbot, admin_session, client_id))
    first, second = _all_cards(qtbot, editor)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: answers.pop(0))
    first.remove_button.click()
    assert editor.goal_list.cards == [first, second]
    first.remove_button.click()
    assert editor.goal_list.cards == [second]
    assert second.title_label.text() == "Goal 1: Legal and immigration"
    assert editor.save_now()
    assert [g.in_client_words for g in PlanService(admin_session).latest(client_id).goals] == [
        "Papers"]


def test_an_action_is_added_and_marked_done_in_one_click(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room")
    editor = _editor(_record(qtbot, admin_session, client_id))
    [card] = editor.goal_list.cards
    card.add_action_button.click()
    [row] = card.action_rows
    assert row.what_edit.hasFocus()
    type_text(row.what_edit, "Visite du logement")
    row.who_combo.setCurrentIndex(row.who_combo.findData(Responsible.PARTNER.value))
    assert row.partner_edit.isVisible()
    row.partner_edit.setText("housing appointment")
    row.due.edit.setText("2030-05-04")
    card.add_objective_button.click()
    card.objective_rows[0].statement_edit.setText("Two visits")
    row.done_button.click()
    assert row.status() is ActionStatus.DONE
    assert not row.done_button.isVisible()
    assert row.completed_label.text() == f"Done on {format_day(TODAY)}"
    qtbot.waitUntil(lambda: not editor.has_unsaved_changes())
    [action] = PlanService(admin_session).latest(client_id).goals[0].actions
    assert (action.what, action.who, action.partner_description, action.due_on,
            action.status, action.completed_on) == (
        "Visite du logement", Responsible.PARTNER, "housing appointment", dt.date(2030, 5, 4),
        ActionStatus.DONE, TODAY)
    assert PlanService(admin_session).latest(client_id).goals[0].objectives[0].statement == \
        "Two visits"


def test_an_overdue_action_says_so_in_bold_words(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    plan = _plan_with_goals(admin_session, client_id, "A room")
    late = Action(str(uuid.uuid4()), "Call the landlord", Responsible.CASEWORKER,
                  TODAY - dt.timedelta(days=3))
    on_time = Action(str(uuid.uuid4()), "Visit", Responsible.CLIENT, TODAY + dt.timedelta(days=3))
    PlanService(admin_session).save_draft(dataclasses.replace(plan, goals=(
        dataclasses.replace(plan.goals[0], actions=(late, on_time)),)))
    editor = _editor(_record(qtbot, admin_session, client_id))
    overdue, fine = editor.goal_list.cards[0].action_rows
    assert overdue.overdue_label.isVisible() and "Overdue" in overdue.overdue_label.text()
    assert overdue.overdue_label.font().bold()
    assert overdue.what_edit.accessibleDescription() == (
        f"Overdue since {format_day(TODAY - dt.timedelta(days=3))}")
    assert not fine.overdue_label.isVisible()
    overdue.done_button.click()
    assert not overdue.overdue_label.isVisible()


def test_agreeing_makes_it_read_only_and_a_change_makes_version_two(
        qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room")
    editor = _editor(_record(qtbot, admin_session, client_id))
    [card] = editor.goal_list.cards
    card.add_action_button.click()  # an action with nothing written yet: not agreeable
    editor.agree_button.click()
    assert editor.dialog is None
    assert card.action_rows[0].note.text() == "Say what will be done."
    assert card.action_rows[0].what_edit.hasFocus()
    card.action_rows[0].what_edit.setText("Fill in the form")

    editor.agree_button.click()
    dialog = editor.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.how_radios[2].setChecked(True)
    dialog.interpreter_check.setChecked(True)
    dialog.copy_radios[2].setChecked(True)
    dialog.ok_button.click()
    stored = PlanService(admin_session).latest(client_id)
    assert stored.status is PlanStatus.ACTIVE
    assert stored.acknowledgement.interpreter_attested
    assert editor.status_label.text() == (
        f"Version 1 · Agreed with the client on {format_day(TODAY)}")
    card = editor.goal_list.cards[0]
    assert card.words_edit.isReadOnly() and not card.add_action_button.isVisible()
    assert not editor.agree_button.isVisible() and editor.change_button.isVisible()
    assert "cannot change" in editor.notice_label.text()

    editor.change_button.click()
    change = editor.dialog
    assert not change.ok_button.isEnabled()  # a reason is required
    type_text(change.reason_edit, "Wants to study first — يريد الدراسة")
    change.ok_button.click()
    versions = PlanService(admin_session).versions(client_id)
    assert [(v.version, v.status) for v in versions] == [(1, PlanStatus.ACTIVE),
                                                        (2, PlanStatus.DRAFT)]
    assert versions[1].change_reason == "Wants to study first — يريد الدراسة"
    assert editor.is_editing()
    assert not editor.goal_list.cards[0].words_edit.isReadOnly()
    assert "Wants to study first" in editor.details_label.text()
    assert editor.version_combo.count() == 2 and editor.version_combo.isVisible()

    # The older version, chosen in the list, is shown as it was and cannot be edited.
    editor.goal_list.cards[0].words_edit.setPlainText("A room and a class")
    editor.version_combo.setCurrentIndex(0)
    editor.version_combo.activated.emit(0)
    assert editor.goal_list.cards[0].words_edit.toPlainText() == "A room"
    assert editor.goal_list.cards[0].words_edit.isReadOnly()
    assert "An earlier version" in editor.notice_label.text()
    assert not editor.change_button.isVisible() and not editor.add_goal_button.isVisible()
    assert PlanService(admin_session).latest(client_id).goals[0].in_client_words == (
        "A room and a class")  # saved before the switch


def test_a_goal_for_an_agreed_plan_asks_what_changes_first(qtbot, admin_session) -> None:
    from shelter_desktop.domain.plans import Acknowledgement, CopyDecision, PlanAcknowledgement

    client_id = _assessed_client(admin_session)
    plan = _plan_with_goals(admin_session, client_id, "A room")
    PlanService(admin_session).acknowledge(plan.id, PlanAcknowledgement(
        Acknowledgement.MARK, TODAY, False, CopyDecision.ACCEPTED))
    editor = _editor(_record(qtbot, admin_session, client_id))
    editor.add_goal_for_domain("safety")
    dialog = editor.dialog
    assert dialog.reason_edit.toPlainText() == "A new goal: Safety"
    dialog.ok_button.click()
    assert editor.latest.version == 2 and editor.is_editing()
    assert [card.domain for card in editor.goal_list.cards] == ["housing", "safety"]
    assert [g.domain for g in PlanService(admin_session).latest(client_id).goals] == [
        "housing", "safety"]


def test_a_review_is_recorded_and_shown(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room")
    editor = _editor(_record(qtbot, admin_session, client_id))
    due = PlanService(admin_session).review_due(client_id)
    assert editor.review_label.text() == f"Next plan review by {format_day(due)}"
    assert not editor.review_label.font().bold()
    editor.review_button.click()
    dialog = editor.dialog
    type_text(dialog.attendees_edit, "interprète")
    dialog.progress_edit.setPlainText("Room found")
    dialog.changes_edit.setPlainText("Next: papers")
    dialog.ok_button.click()
    [review] = PlanService(admin_session).latest(client_id).reviews
    assert (review.on, review.client_present, review.attendees, review.progress) == (
        TODAY, True, "interprète", "Room found")
    [entry] = editor.reviews_view.entries
    assert "Room found" in entry.text() and "Next: papers" in entry.text()
    assert editor.review_label.text() == (
        f"Next plan review by {format_day(TODAY + dt.timedelta(days=30))}")


def test_an_overdue_review_is_said_in_bold_words(qtbot, admin_session) -> None:
    client_id = add_client(admin_session, "Lina", today=TODAY - dt.timedelta(days=200))
    plan = PlanService(admin_session).add_goal(
        client_id, AssessmentService(admin_session).goal_seed(client_id, "income"), "Work")
    from shelter_desktop.domain.plans import Review

    old = Review(str(uuid.uuid4()), TODAY - dt.timedelta(days=100), True, "", "", "")
    PlanService(admin_session).save_draft(dataclasses.replace(plan, reviews=(old,)))
    editor = _editor(_record(qtbot, admin_session, client_id))
    overdue_since = format_day(TODAY - dt.timedelta(days=10))
    assert editor.review_label.text() == f"⚠ Plan review overdue since {overdue_since}"
    assert editor.review_label.font().bold()


def test_print_opens_the_print_dialog_in_the_clients_reading_language(
        qtbot, admin_session, monkeypatch) -> None:
    from shelter_desktop.ui.plan import print_dialog

    opened: list[tuple[str, str | None]] = []

    def fake_exec(dialog) -> int:
        opened.append((dialog.client_id, language))
        return 0

    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room")
    editor = _editor(_record(qtbot, admin_session, client_id))
    language = editor.default_language()
    assert language == "ar"
    monkeypatch.setattr(print_dialog.PlanPrintDialog, "exec", fake_exec)
    assert editor.print_button.isVisible()
    editor.print_button.click()
    assert opened == [(client_id, "ar")]


def test_switching_language_keeps_what_was_typed(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room")
    language.install()
    editor = _editor(_record(qtbot, admin_session, client_id))
    editor.autosave_timer.setInterval(60_000)  # only the switch saves
    [card] = editor.goal_list.cards
    card.words_edit.setPlainText("")
    type_text(card.words_edit, "غرفة آمنة")
    try:
        i18n.set_language("fr")
        french = i18n.Translator("fr")
        qtbot.waitUntil(lambda: editor.agree_button.text() == french.gettext(
            "Agree with the &client…"))
        assert card.words_edit.toPlainText() == "غرفة آمنة"
        assert card.title_label.text() == french.gettext("Goal {number}: {domain}").format(
            number=1, domain=french.gettext("Shelter and housing"))
        assert not editor.has_unsaved_changes()
        assert PlanService(admin_session).latest(client_id).goals[0].in_client_words == (
            "غرفة آمنة")
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("how", ["lock", "quit"])
def test_locking_or_closing_mid_edit_saves_the_draft(qtbot, make_controller,
                                                     vault: VaultFixture, how: str) -> None:
    session = vault.unlock()
    try:
        client_id = _assessed_client(session)
        _plan_with_goals(session, client_id, "A room")
    finally:
        session.lock()
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    record = controller.main_window.record_view
    controller.main_window.open_client(client_id)
    record.tabs.setCurrentWidget(record.plan_tab)
    editor = _editor(record)
    editor.autosave_timer.setInterval(60_000)
    [card] = editor.goal_list.cards
    card.words_edit.setFocus()
    card.words_edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(card.words_edit, " près de l'école")
    if how == "lock":
        controller.lock()
    else:
        controller.main_window.close()
    session = vault.unlock()
    try:
        assert PlanService(session).latest(client_id).goals[0].in_client_words == (
            "A room près de l'école")
    finally:
        session.lock()


def test_an_intake_worker_sees_no_plan(qtbot, vault: VaultFixture) -> None:
    vault.add_staff(INTAKE, Role.INTAKE_WORKER, INTAKE_PASSPHRASE)
    admin = vault.unlock()
    try:
        client_id = _assessed_client(admin)
        _plan_with_goals(admin, client_id, "A room")
    finally:
        admin.lock()
    session = vault.unlock(INTAKE, INTAKE_PASSPHRASE)
    try:
        record = _record(qtbot, session, client_id)
        assert record.plan_editor is None
        assert isinstance(record.plan_tab, PlaceholderTab)
        assert record.plan_tab.label.text() == (
            "Service plans are written and read by caseworkers.")
        assert record.findChildren(PlanEditor) == []
        assert _audits(session, AuditAction.PLAN_VIEWED) == 0
    finally:
        session.lock()


def test_keyboard_order_follows_the_page(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room", "Papers")
    editor = _editor(_record(qtbot, admin_session, client_id))
    first, second = _all_cards(qtbot, editor)
    first.add_action_button.click()
    row = first.action_rows[0]
    editor.meeting_check.setFocus()
    qtbot.waitUntil(editor.meeting_check.hasFocus)
    seen = []
    for _step in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if QApplication.focusWidget() is editor.add_goal_button:
            break
    order = [first.words_edit, first.add_objective_button, row.what_edit,
             first.add_action_button, second.words_edit, editor.add_goal_button]
    positions = [seen.index(widget) for widget in order]
    assert positions == sorted(positions)


def test_opening_another_client_saves_the_draft_first(qtbot, admin_session) -> None:
    client_id = _assessed_client(admin_session)
    other_id = _assessed_client(admin_session, "Mila")
    _plan_with_goals(admin_session, client_id, "A room")
    record = _record(qtbot, admin_session, client_id)
    editor = _editor(record)
    editor.autosave_timer.setInterval(60_000)
    [card] = editor.goal_list.cards
    card.words_edit.setPlainText("A room, quiet")
    assert record.open_client(other_id)
    assert PlanService(admin_session).latest(client_id).goals[0].in_client_words == (
        "A room, quiet")
    record.tabs.setCurrentWidget(record.plan_tab)
    assert editor.pages.currentWidget() is editor.empty_page  # the other client's (none)


def test_goals_whose_cards_are_not_built_yet_are_never_lost(qtbot, admin_session) -> None:
    """A long plan shows its first cards at once and builds the rest after the first paint;
    saving in between keeps every goal, in order."""
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room", "Papers", "A bank account", "A job")
    editor = _editor(_record(qtbot, admin_session, client_id))
    assert len(editor.goal_list.cards) < 4  # some are still waiting
    assert [g.in_client_words for g in editor.goal_list.goals()] == [
        "A room", "Papers", "A bank account", "A job"]
    editor.goal_list.cards[0].words_edit.setText("A safe room")
    assert editor.save_now()
    stored = PlanService(admin_session).latest(client_id)
    assert [(g.in_client_words, g.priority) for g in sorted(
        stored.goals, key=lambda g: g.priority)] == [
        ("A safe room", 1), ("Papers", 2), ("A bank account", 3), ("A job", 4)]
    qtbot.waitUntil(lambda: len(editor.goal_list.cards) == 4)
    assert editor.goal_list.cards[3].title_label.text().startswith("Goal 4")


def test_the_clients_words_are_stored_with_every_character(qtbot, admin_session) -> None:
    """A French no-break space before « : » (and a paragraph break) survive as typed."""
    client_id = _assessed_client(admin_session)
    _plan_with_goals(admin_session, client_id, "A room")
    editor = _editor(_record(qtbot, admin_session, client_id))
    words = "Un logement\u00a0: à moi.\nPrès de l'école\u202f!"
    editor.goal_list.cards[0].words_edit.setPlainText(words)
    assert editor.save_now()
    assert PlanService(admin_session).latest(client_id).goals[0].in_client_words == words
