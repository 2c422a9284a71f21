"""The needs-assessment form: one domain's picker, keyboard-only scoring on both layouts, and
drafts that come back exactly as they were left."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from shelter_desktop.domain.assessments import (
    STATUS_LABELS,
    AssessmentKind,
    DomainScore,
    ScoreStatus,
)
from shelter_desktop.domain.instrument import SELF_SUFFICIENCY
from shelter_desktop.services.assessments import AssessmentService
from shelter_desktop.services.drafts import DraftService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.assessment.assessment_form import ALL, SINGLE, AssessmentForm, find_draft
from shelter_desktop.ui.assessment.score_picker import DECLINED, NOT_ASSESSED, ScorePicker
from tests.ui.client_factory import add_client
from tests.ui.helpers import type_text

KEYS = {"0": Qt.Key.Key_0, "1": Qt.Key.Key_1, "2": Qt.Key.Key_2, "3": Qt.Key.Key_3,
        "4": Qt.Key.Key_4, "5": Qt.Key.Key_5, "N": Qt.Key.Key_N, "D": Qt.Key.Key_D}
DOMAIN_KEYS = [domain.key for domain in SELF_SUFFICIENCY.domains]
# One key per domain, in order: every kind of answer (children and substance use allow 0).
TYPED = ["1", "2", "3", "4", "5", "N", "D", "3", "2", "0", "0", "4", "1"]


def expected_scores(keys: list[str]) -> dict[str, DomainScore]:
    result = {}
    for domain, key in zip(DOMAIN_KEYS, keys, strict=True):
        if key == "N":
            result[domain] = DomainScore(ScoreStatus.NOT_ASSESSED)
        elif key == "D":
            result[domain] = DomainScore(ScoreStatus.DECLINED)
        else:
            result[domain] = DomainScore.of(int(key))
    return result


@pytest.fixture
def client_id(admin_session: Session) -> str:
    return add_client(admin_session, "Zoë Martin",
                      today=dt.date.today() - dt.timedelta(days=20))


@pytest.fixture
def open_form(qtbot, admin_session: Session) -> Iterator[Callable[..., AssessmentForm]]:
    """AssessmentForms on the administrator's session, closed before the session locks."""
    forms: list[AssessmentForm] = []

    def factory(client: str, draft: Any = None, **kwargs: Any) -> AssessmentForm:
        form = AssessmentForm(admin_session, client, draft, **kwargs)
        forms.append(form)
        form.show()
        form.activateWindow()
        qtbot.waitExposed(form)
        qtbot.waitUntil(lambda: focus() is not None and form.isAncestorOf(focus()))
        return form

    yield factory
    for form in forms:
        if shiboken6.isValid(form):
            form.close()
    QApplication.processEvents()


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def press(key: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` where the focus is, as a person at the keyboard would."""
    widget = focus()
    assert widget is not None
    QTest.keyClick(widget, KEYS.get(key, key), modifier)  # type: ignore[arg-type]


# -- the picker ---------------------------------------------------------------------------------


def test_the_picker_reads_out_every_level_and_marks_the_choice_in_words(qtbot) -> None:
    safety = ScorePicker(SELF_SUFFICIENCY, SELF_SUFFICIENCY.domain("safety"))
    qtbot.addWidget(safety)
    safety.show()
    assert safety.options["1"].accessibleName() == (
        "1 · In crisis: Danger now; the exploiter knows where they are")
    assert "Between two levels, choose the lower one." in safety.guidance_label.text()
    assert safety.guidance_label.isVisible()
    assert "1 to 5" in safety.hint_label.text() and "N = Not assessed" in safety.hint_label.text()
    assert "0 =" not in safety.hint_label.text()  # safety has no "not applicable"
    assert "0" not in safety.options
    assert safety.chosen() == NOT_ASSESSED
    assert safety.options[NOT_ASSESSED].mark_label.text() == "✓ Chosen"

    seen: list[str] = []
    safety.changed.connect(lambda: seen.append(safety.chosen()))
    safety.focus_choice()
    QTest.keyClick(safety.options[NOT_ASSESSED], Qt.Key.Key_0)  # not offered here: nothing
    assert safety.chosen() == NOT_ASSESSED and seen == []
    QTest.keyClick(safety.options[NOT_ASSESSED], Qt.Key.Key_2)
    assert safety.chosen() == "2" and seen == ["2"]
    assert safety.options["2"].mark_label.text() == "✓ Chosen"
    assert safety.options[NOT_ASSESSED].mark_label.text() == ""
    type_text(safety.options["2"], "٣")  # Arabic-Indic three, from an Arabic keyboard
    assert safety.value() == DomainScore.of(3)
    QTest.keyClick(safety.options["3"], Qt.Key.Key_D)
    assert safety.value().status is ScoreStatus.DECLINED
    assert safety.options[DECLINED].accessibleName() == (
        f"D · {STATUS_LABELS[ScoreStatus.DECLINED]}")

    # Typing in the note is text, not scores.
    safety.note_edit.setFocus()
    type_text(safety.note_edit, "Rencontre à 14 h — 3 personnes")
    assert safety.value() == DomainScore(ScoreStatus.DECLINED, None,
                                         "Rencontre à 14 h — 3 personnes")

    children = ScorePicker(SELF_SUFFICIENCY, SELF_SUFFICIENCY.domain("children"))
    qtbot.addWidget(children)
    assert children.options["0"].accessibleName() == "0 · No children"
    assert "0 = No children" in children.hint_label.text()
    children.handle_key(_key_event(Qt.Key.Key_0, "0"))
    assert children.value() == DomainScore.of(0)


def _key_event(key: Qt.Key, text: str):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)


# -- keyboard-only scoring ----------------------------------------------------------------------


def test_one_domain_at_a_time_is_keyed_in_and_moves_on_by_itself(
        qtbot, open_form, client_id: str, admin_session: Session) -> None:
    form = open_form(client_id)
    assert form.layout_mode() == SINGLE
    assert form.kind() is AssessmentKind.INTAKE  # nothing yet: the intake assessment is due
    assert form.assessed_on() == dt.date.today()
    assert "Adapted from the Self-Sufficiency Matrix. Not validated." == form.note_label.text()
    for index, key in enumerate(TYPED):
        assert form.current_domain() == index
        assert form.pickers[index].isVisible()
        assert not any(p.isVisible() for i, p in enumerate(form.pickers) if i != index)
        assert form.pickers[index].isAncestorOf(focus())
        press(key)
    assert focus() is form.complete_button  # after the last domain
    assert form.scores() == expected_scores(TYPED)
    item = form.pages.domain_list.item(0)
    assert item.text() == "Safety\n1 · In crisis"
    assert item.font().bold()  # the crisis stands out in the list too

    # Page Up / Page Down and Ctrl+Left / Ctrl+Right move without scoring.
    press(Qt.Key.Key_PageUp)  # type: ignore[arg-type]
    assert form.current_domain() == 11
    press(Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    assert form.current_domain() == 10
    press(Qt.Key.Key_PageDown)  # type: ignore[arg-type]
    assert form.current_domain() == 11
    # A score key on the domain list scores the domain shown and moves on.
    form.pages.domain_list.setFocus()
    form.go_to(1)
    QTest.keyClick(form.pages.domain_list, Qt.Key.Key_5)
    assert form.scores()["housing"] == DomainScore.of(5)
    assert form.current_domain() == 2

    with qtbot.waitSignal(form.completed) as completed:
        press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    stored = AssessmentService(admin_session).history(client_id)
    assert [a.id for a in stored] == completed.args
    assert stored[0].scores == expected_scores(["1", "5", *TYPED[2:]])
    assert stored[0].kind is AssessmentKind.INTAKE
    assert find_draft(DraftService(admin_session), client_id) is None


def test_all_domains_on_one_page_is_keyed_in_too(
        qtbot, open_form, client_id: str, admin_session: Session) -> None:
    form = open_form(client_id)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: form.layout_mode() == ALL)  # a mnemonic clicks after a moment
    assert all(picker.isVisible() for picker in form.pickers)
    assert form.pages.all_hint_label.isVisible() and not form.pages.nav.isVisible()
    assert not form.pickers[0].hint_label.isVisible()  # said once, at the top
    assert "Between two levels, choose the lower one." in form.pages.all_hint_label.text()
    assert form.pickers[0].isAncestorOf(focus())
    keys = ["2", "3", "3", "2", "1", "2", "D", "N", "2", "0", "3", "2", "2"]
    scroll = form.pages.scroll_area.verticalScrollBar()
    positions = []
    for index, key in enumerate(keys):
        assert form.pickers[index].isAncestorOf(focus()), index
        assert form.current_domain() == index
        press(key)
        positions.append(scroll.value())
    assert positions == sorted(positions) and positions[-2] > positions[0]  # it scrolls along
    assert focus() is form.complete_button

    # Tab reaches the note of the focused domain: typing there is text, not a score.
    form.go_to(4)
    form.focus_domain()
    note = form.pickers[4].note_edit
    for _step in range(12):
        if focus() is note:
            break
        press(Qt.Key.Key_Tab)  # type: ignore[arg-type]
    assert focus() is note
    type_text(note, "Avocate : rendez-vous le 3")
    assert form.pickers[4].value() == DomainScore.of(1, "Avocate : rendez-vous le 3")

    with qtbot.waitSignal(form.completed):
        press(Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    stored = AssessmentService(admin_session).history(client_id)[0]
    expected = expected_scores(keys)
    expected["legal"] = DomainScore.of(1, "Avocate : rendez-vous le 3")
    assert stored.scores == expected


# -- drafts ---------------------------------------------------------------------------------


def test_a_closed_form_comes_back_exactly_as_it_was_left(
        qtbot, open_form, client_id: str, admin_session: Session) -> None:
    form = open_form(client_id, autosave_ms=60_000)
    for key in ("3", "1", "D"):
        press(key)
    form.pickers[1].note_edit.setFocus()
    type_text(form.pickers[1].note_edit, "Foyer jusqu'au 12 — ліжко")
    form.kind_combo.setCurrentIndex(form.kind_combo.findData(AssessmentKind.REVIEW.value))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    form.date_edit.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    form.set_layout_mode(ALL)
    form.go_to(5)
    assert form.status_label.text() == "Not saved yet"
    form.close_button.click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(form) or not form.isVisible())

    draft = find_draft(DraftService(admin_session), client_id)
    assert draft is not None and draft.client_id == client_id
    again = open_form(client_id, draft)
    assert again.scores() == {**expected_scores(["3", "1", "D"] + ["N"] * 10),
                              "housing": DomainScore.of(1, "Foyer jusqu'au 12 — ліжко")}
    assert again.kind() is AssessmentKind.REVIEW
    assert again.assessed_on() == yesterday
    assert again.layout_mode() == ALL
    assert again.current_domain() == 5
    assert again.pickers[5].isAncestorOf(focus())
    assert again.status_label.text().startswith("Saved ")
    # Going on from there saves into the same draft, not a second one.
    press("4")
    assert again.save_draft()
    assert [d.id for d in DraftService(admin_session).mine("assessment")] == [draft.id]



def test_ctrl_arrows_follow_the_reading_direction(open_form, client_id: str) -> None:
    form = open_form(client_id)
    start = form.pages.current_domain()
    QTest.keyClick(focus(), Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert form.pages.current_domain() == start + 1
    form.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    QTest.keyClick(focus(), Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert form.pages.current_domain() == start + 2
    QTest.keyClick(focus(), Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert form.pages.current_domain() == start + 1
