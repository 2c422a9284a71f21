"""The Needs tab in the main window: a keyed-in assessment reaching the table and the chart, a
correction that keeps both, a draft across a language switch and a lock, who sees what, the
goal action, the due date in the header, and the chart mirrored right-to-left."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.assessments import (
    STATUS_LABELS,
    AssessmentKind,
    DomainScore,
    ScoreStatus,
)
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.i18n import translator_for
from shelter_desktop.services.assessments import AssessmentService, GoalSeed
from shelter_desktop.services.drafts import DraftService
from shelter_desktop.ui import language
from shelter_desktop.ui.assessment.assessment_form import find_draft
from shelter_desktop.ui.assessment.score_chart import ScoreChart
from shelter_desktop.ui.clients.client_record import PlaceholderTab
from shelter_desktop.ui.clients.formatting import format_day
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture
from tests.ui.client_factory import add_client
from tests.ui.conftest import unlock
from tests.ui.helpers import type_text

DOMAINS = [domain.key for domain in SELF_SUFFICIENCY.domains]
KEYS = {"0": Qt.Key.Key_0, "1": Qt.Key.Key_1, "2": Qt.Key.Key_2, "3": Qt.Key.Key_3,
        "4": Qt.Key.Key_4, "5": Qt.Key.Key_5, "N": Qt.Key.Key_N, "D": Qt.Key.Key_D}
TYPED = ["1", "2", "3", "4", "5", "N", "D", "3", "2", "0", "0", "4", "1"]
INTAKE, INTAKE_PASSPHRASE = "jonas", "seven paper boats on a grey pond"
TODAY = dt.date.today()


def _scores(row: str) -> dict[str, DomainScore]:
    return {key: DomainScore.of(int(mark)) for key, mark in zip(DOMAINS, row.split(),
                                                                  strict=True)}


def _client(vault: VaultFixture, *, entered_days_ago: int, history: tuple[tuple[int, str], ...]
            = ()) -> str:
    """A client who entered ``entered_days_ago`` days ago, assessed (days after entry, row)."""
    session = vault.unlock()
    try:
        entry = TODAY - dt.timedelta(days=entered_days_ago)
        client_id = add_client(session, "Zoë Martin", today=entry)
        service = AssessmentService(session)
        for days, row in history:
            service.complete(client_id, AssessmentKind.REVIEW if days > 10
                             else AssessmentKind.INTAKE, entry + dt.timedelta(days=days),
                             _scores(row))
        return client_id
    finally:
        session.lock()


def _open_needs(qtbot, make_controller, vault: VaultFixture, client_id: str,
                user: str = ADMIN_USER, passphrase: str = ADMIN_PASSPHRASE):
    controller = make_controller(vault.folder)
    unlock(qtbot, controller, user, passphrase)
    main = controller.main_window
    main.open_client(client_id)
    record = main.record_view
    record.tabs.setCurrentWidget(record.needs_tab)
    return controller, record


def _press(key: str | Qt.Key,
           modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    QTest.keyClick(widget, KEYS[key] if isinstance(key, str) else key, modifier)


def _open_form(qtbot, controller, button: QWidget):
    button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.assessment_form is not None
                    and controller.assessment_form.isVisible())
    form = controller.assessment_form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and form.isAncestorOf(QApplication.focusWidget()))
    return form


def _headers(view: QTableView) -> list[str]:
    model = view.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _cell(view: QTableView, domain: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = view.model()
    return model.data(model.index(DOMAINS.index(domain), column), role)


def test_an_assessment_keyed_in_adds_a_column_and_a_point_per_domain(
        qtbot, make_controller, vault: VaultFixture) -> None:
    client_id = _client(vault, entered_days_ago=40, history=((5, "1 1 2 1 1 1 1 1 2 2 2 1 1"),))
    controller, record = _open_needs(qtbot, make_controller, vault, client_id)
    needs = record.needs_view
    assert needs.model.columnCount() == 1
    assert needs.chart.dates == [TODAY - dt.timedelta(days=35)]
    assert needs.chart.point_count() == 13
    due = TODAY - dt.timedelta(days=5)  # reviews every 30 days while stabilising
    assert needs.due_label.text() == f"Review overdue since {format_day(due)}"
    assert record.header.due_marker.isVisible()
    assert record.header.due_marker.text() == f"Review overdue since {format_day(due)}"

    form = _open_form(qtbot, controller, needs.new_button)
    assert form.windowTitle() == "Needs assessment: Zoë Martin"
    assert form.kind() is AssessmentKind.REVIEW
    for index, key in enumerate(TYPED):
        assert form.current_domain() == index
        _press(key)
    assert QApplication.focusWidget() is form.complete_button
    _press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.assessment_form is None)

    assert needs.model.columnCount() == 2
    assert _headers(needs.table)[1] == f"{format_day(TODAY)}\nReview"
    assert needs.chart.dates == [TODAY - dt.timedelta(days=35), TODAY]
    assert needs.chart.point_count() == 13 + 9  # N/A, not assessed and declined are not drawn
    assert needs.chart.series["safety"][-1] == (TODAY, 1)
    assert "children" not in {k for k, points in needs.chart.series.items()
                              if len(points) == 2}
    assert _cell(needs.table, "safety", 1) == "1 · In crisis"
    assert _cell(needs.table, "safety", 1, Qt.ItemDataRole.FontRole).bold()
    assert _cell(needs.table, "housing", 1) == "2"
    assert not isinstance(_cell(needs.table, "housing", 1, Qt.ItemDataRole.FontRole), QFont)
    assert _cell(needs.table, "documents", 1) == "—"
    assert _cell(needs.table, "income", 1) == STATUS_LABELS[ScoreStatus.DECLINED]
    assert _cell(needs.table, "children", 1) == "N/A"
    assert _cell(needs.table, "children", 1, Qt.ItemDataRole.ToolTipRole).startswith(
        "Childcare and children, ") and "No children" in _cell(
        needs.table, "children", 1, Qt.ItemDataRole.ToolTipRole)
    assert needs.due_label.text() == (
        f"Next: review due {format_day(TODAY + dt.timedelta(days=30))}")
    assert not record.header.due_marker.isVisible()
    assert needs.new_button.text() == "Ne&w assessment"


def test_a_correction_keeps_both_and_the_corrected_one_is_marked(
        qtbot, make_controller, vault: VaultFixture) -> None:
    client_id = _client(vault, entered_days_ago=60, history=(
        (5, "1 1 2 1 1 1 1 1 2 2 2 1 1"), (35, "2 2 2 2 2 2 2 2 2 2 2 2 2")))
    controller, record = _open_needs(qtbot, make_controller, vault, client_id)
    needs = record.needs_view
    first_day = TODAY - dt.timedelta(days=55)
    needs.table.setCurrentIndex(needs.model.index(0, 0))
    assert needs.correct_button.isEnabled()

    form = _open_form(qtbot, controller, needs.correct_button)
    assert form.correction_box.isVisible()
    assert form.correction_label.text().startswith(
        f"Correcting the assessment of {format_day(first_day)}.")
    assert form.assessed_on() == first_day and form.kind() is AssessmentKind.INTAKE
    assert form.scores()["safety"] == DomainScore.of(1)  # pre-filled with what it said
    _press("3")  # safety was wrongly keyed as 1
    _press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible()  # no reason yet: nothing stored, the reason field has the focus
    assert form.message_label.text() == "Please say why this assessment is being corrected."
    assert QApplication.focusWidget() is form.reason_edit
    type_text(form.reason_edit, "Sécurité saisie sur la mauvaise ligne")
    _press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.assessment_form is None)

    stored = AssessmentService(controller.session).history(client_id)
    assert len(stored) == 3  # the original is kept
    assert needs.model.columnCount() == 2  # …but hidden until asked for
    assert _headers(needs.table)[0] == f"{format_day(first_day)}\nIntake assessment\nCorrection"
    assert _cell(needs.table, "safety", 0) == "3"
    assert needs.chart.series["safety"][0] == (first_day, 3)
    assert len(needs.chart.dates) == 2

    needs.show_corrected_check.setChecked(True)
    assert needs.model.columnCount() == 3
    headers = _headers(needs.table)
    assert headers[0].endswith("\nCorrected") and headers[1].endswith("\nCorrection")
    assert _cell(needs.table, "safety", 0) == "1 · In crisis"  # what it said, still readable
    assert "corrected later" in _cell(needs.table, "safety", 0, Qt.ItemDataRole.ToolTipRole)
    needs.table.setCurrentIndex(needs.model.index(0, 0))
    assert not needs.correct_button.isEnabled()  # correct the correction instead
    assert len(needs.chart.dates) == 2  # the chart shows what is in force


def test_a_draft_survives_a_language_switch_and_a_lock(
        qtbot, make_controller, vault: VaultFixture) -> None:
    client_id = _client(vault, entered_days_ago=10)
    controller, record = _open_needs(qtbot, make_controller, vault, client_id)
    form = _open_form(qtbot, controller, record.needs_view.new_button)
    for key in ("2", "3", "D"):
        _press(key)
    form.pickers[3].note_edit.setFocus()
    type_text(form.pickers[3].note_edit, "Спить погано")

    controller.change_language("fr")
    french = translator_for("fr").gettext("Save draft")
    qtbot.waitUntil(lambda: form.save_button.text() == french)
    assert form.scores()["safety"] == DomainScore.of(2)
    assert form.scores()["mental_health"] == DomainScore(ScoreStatus.NOT_ASSESSED, None,
                                                         "Спить погано")
    assert form.pickers[0].options["2"].mark_label.text().startswith("✓")
    draft = find_draft(DraftService(controller.session), client_id)
    assert draft is not None and draft.data["scores"]["housing"] == {"status": "scored",
                                                                     "score": 3}
    controller.change_language("en")
    qtbot.waitUntil(lambda: form.save_button.text() == "Save draft")
    form.pickers[4].choose("4")

    QTest.keyClick(form, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.session is None, timeout=5_000)
    QApplication.processEvents()
    assert controller.assessment_form is None

    unlock(qtbot, controller, ADMIN_USER, ADMIN_PASSPHRASE)
    main = controller.main_window
    main.open_client(client_id)
    main.record_view.tabs.setCurrentWidget(main.record_view.needs_tab)
    needs = main.record_view.needs_view
    assert needs.new_button.text() == "Continue the &unfinished assessment"
    form = _open_form(qtbot, controller, needs.new_button)
    assert form.scores()["safety"] == DomainScore.of(2)
    assert form.scores()["legal"] == DomainScore.of(4)  # chosen just before the lock
    assert form.scores()["mental_health"].note == "Спить погано"
    assert form.current_domain() == 3


def test_an_intake_worker_sees_no_needs_data(qtbot, make_controller,
                                             vault: VaultFixture) -> None:
    vault.add_staff(INTAKE, Role.INTAKE_WORKER, INTAKE_PASSPHRASE)
    client_id = _client(vault, entered_days_ago=60, history=((5, "1 1 2 1 1 1 1 1 2 2 2 1 1"),))
    controller, record = _open_needs(qtbot, make_controller, vault, client_id, INTAKE,
                                     INTAKE_PASSPHRASE)
    assert record.needs_view is None
    assert isinstance(record.needs_tab, PlaceholderTab)
    assert record.needs_tab.label.text() == (
        "Needs assessments are recorded and read by caseworkers.")
    assert record.findChildren(QTableView, "needs_table") == []
    assert record.findChildren(ScoreChart) == []
    assert not record.header.due_marker.isVisible()
    session = vault.unlock()
    try:
        assert not list(session.vault.audit.entries(action=AuditAction.ASSESSMENTS_VIEWED))
    finally:
        session.lock()


def test_a_goal_starts_from_a_domain_on_the_plan_tab(
        qtbot, make_controller, vault: VaultFixture) -> None:
    client_id = _client(vault, entered_days_ago=60, history=(
        (5, "1 1 2 1 1 1 1 1 2 2 2 1 1"), (35, "2 2 2 2 3 2 2 2 2 2 2 2 2")))
    _controller, record = _open_needs(qtbot, make_controller, vault, client_id)
    needs = record.needs_view
    needs.table.setCurrentIndex(needs.model.index(DOMAINS.index("legal"), 1))
    with qtbot.waitSignal(record.goal_requested) as requested:
        needs.goal_button.click()
    seed = requested.args[0]
    assert isinstance(seed, GoalSeed)
    assert (seed.domain, seed.baseline_score) == ("legal", 3)
    # The goal starts on the Plan tab, from that domain and its latest score.
    assert not needs.message_label.isVisible()
    assert record.tabs.currentWidget() is record.plan_editor
    assert [(c.domain, c.baseline_score) for c in record.plan_editor.goal_list.cards] == [
        ("legal", 3)]
    record.tabs.setCurrentWidget(record.needs_tab)

    # The same from a cell's context menu, which also offers to correct that assessment.
    cell = needs.model.index(DOMAINS.index("income"), 0)
    needs._context_menu(needs.table.visualRect(cell).center())
    menu = needs.context_menu
    first_day = format_day(TODAY - dt.timedelta(days=55))
    assert [a.text() for a in menu.actions()] == [
        "Add a goal from Income", f"Correct the assessment of {first_day}…"]
    with qtbot.waitSignal(record.goal_requested) as requested:
        menu.actions()[0].trigger()
    assert (requested.args[0].domain, requested.args[0].baseline_score) == ("income", 2)
    with qtbot.waitSignal(record.assessment_requested) as requested:
        menu.actions()[1].trigger()
    assert requested.args[0] == client_id
    assert requested.args[1].assessed_on == TODAY - dt.timedelta(days=55)
    menu.close()


def test_the_chart_runs_right_to_left_when_mirrored(qtbot, admin_session) -> None:
    entry = TODAY - dt.timedelta(days=100)
    client_id = add_client(admin_session, "Zoë Martin", today=entry)
    service = AssessmentService(admin_session)
    for days, row in ((5, "1 1 2 1 1 1 1 1 2 2 2 1 1"), (60, "3 3 3 3 3 3 3 3 3 3 3 3 3")):
        service.complete(client_id, AssessmentKind.REVIEW, entry + dt.timedelta(days=days),
                         _scores(row))
    chart = ScoreChart(SELF_SUFFICIENCY)
    qtbot.addWidget(chart)
    chart.resize(900, 700)
    chart.set_assessments(service.history(client_id))
    chart.show()
    plot = QRectF(100, 0, 200, 60)
    first, last = chart.dates
    assert chart.x_of(first, plot) < chart.x_of(last, plot)
    cells = chart.cell_rects()
    assert cells["safety"].left() < cells["housing"].left()
    try:
        language.apply_language(i18n.Translator("ar"))
        qtbot.waitUntil(chart.isRightToLeft)
        assert chart.x_of(first, plot) > chart.x_of(last, plot)
        cells = chart.cell_rects()
        assert cells["safety"].left() > cells["housing"].left()
        chart.grab()  # paints mirrored without a warning
    finally:
        language.apply_language(i18n.Translator("en"))
    assert "table above" in chart.accessibleDescription()


def test_one_form_at_a_time_and_switching_keeps_the_first_as_a_draft(
        qtbot, make_controller, vault: VaultFixture) -> None:
    first = _client(vault, entered_days_ago=10)
    second = _client(vault, entered_days_ago=12)
    controller, record = _open_needs(qtbot, make_controller, vault, first)
    form = _open_form(qtbot, controller, record.needs_view.new_button)
    _press("3")
    controller.start_assessment(first)  # asked again: the same window comes forward
    assert controller.assessment_form is form and form.isVisible()

    controller.start_assessment(second)  # another client: the first is saved and closed
    other = controller.assessment_form
    assert other is not form and other.client_id == second
    qtbot.waitUntil(lambda: not form.isVisible())
    QApplication.processEvents()  # the first form's late `destroyed` must not drop the second
    QApplication.processEvents()
    assert controller.assessment_form is other and other.isVisible()
    draft = find_draft(DraftService(controller.session), first)
    assert draft is not None and draft.data["scores"]["safety"]["score"] == 3
    assert record.needs_view.new_button.text() == "Continue the &unfinished assessment"
