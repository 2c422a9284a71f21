"""One intake section as a calm, scrollable, one-column form of declinable questions.

Labels sit above their inputs, so a translation 40% longer wraps instead of clipping, and small
headings break a long section into groups of about seven questions (ux.md "Forms"). The form is
built once; a language switch re-reads every text in place and never touches what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from shelter_desktop.domain.answers import Answer, AnswerStatus
from shelter_desktop.domain.intake import completion
from shelter_desktop.domain.intake_schema import TRAFFICKING, SectionSpec
from shelter_desktop.i18n import N_, _
from shelter_desktop.ui.interpreter.second_line import SecondLine
from shelter_desktop.ui.widgets.declinable_field import DeclinableField
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel

# Short headings before these questions, so no more than about seven come without a break.
SUBHEADINGS: dict[tuple[str, str], str] = {
    ("first_contact", "name_to_use"): N_("Name and language"),
    ("first_contact", "safe_to_talk"): N_("Safety right now"),
    ("first_contact", "contact_channels"): N_("Safe contact"),
    ("first_contact", "consent_collect"): N_("Consent"),
    ("first_week", "legal_name"): N_("About them"),
    ("first_week", "project_start"): N_("Services and housing"),
    ("first_week", "immigration_status"): N_("Status and documents"),
}
FORM_MAX_WIDTH = 820  # longer lines are hard to follow; wider windows get margins instead


class SectionForm(QScrollArea):
    """The questions of one ``SectionSpec``; restricted ones only when ``show_restricted``.

    The role decides ``show_restricted``; the service checks the permission again on saving, so
    hiding a question here is presentation, not protection.
    """

    changed = Signal()

    def __init__(self, section: SectionSpec, parent: QWidget | None = None, *,
                 show_restricted: bool) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName(f"section_{section.key}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.last_focused_key: str | None = None

        content = QWidget(self)
        content.setObjectName("section_content")
        column = QWidget(content)
        column.setMaximumWidth(FORM_MAX_WIDTH)
        outer = QHBoxLayout(content)
        outer.setContentsMargins(16, 12, 16, 16)
        outer.addWidget(column, 1)
        outer.addStretch(0)

        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        self.title_label = InterfaceLabel(column, word_wrap=True)
        self.title_label.setObjectName("section_title")
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        layout.addWidget(self.title_label)

        # The introduction, and under it the same in the client's language (interpreter mode).
        self.intro_box = QFrame(column)
        self.intro_box.setVisible(bool(section.intro))
        intro_layout = QVBoxLayout(self.intro_box)
        intro_layout.setContentsMargins(0, 0, 0, 0)
        intro_layout.setSpacing(4)
        self.intro_label = InterfaceLabel(self.intro_box, word_wrap=True)
        self.intro_label.setObjectName("section_intro")
        self.intro_second = SecondLine(self.intro_box)
        intro_layout.addWidget(self.intro_label)
        intro_layout.addWidget(self.intro_second)
        if section.key == TRAFFICKING.key:
            # The "you don't have to answer" notice: framed and calm, before any question.
            self.intro_box.setFrameShape(QFrame.Shape.StyledPanel)
            intro_layout.setContentsMargins(12, 12, 12, 12)
            self.intro_label.setObjectName("section_notice")
            self.intro_box.setBackgroundRole(QPalette.ColorRole.AlternateBase)
            self.intro_box.setAutoFillBackground(True)
        layout.addWidget(self.intro_box)

        self.fields: dict[str, DeclinableField] = {}
        self.headings: dict[str, QLabel] = {}
        for spec in section.fields:
            if spec.restricted and not show_restricted:
                continue
            heading = SUBHEADINGS.get((section.key, spec.key))
            if heading is not None:
                label = InterfaceLabel(column, word_wrap=True)
                label.setObjectName("subheading")
                font = label.font()
                font.setBold(True)
                label.setFont(font)
                label.setContentsMargins(0, 10, 0, 0)
                layout.addWidget(label)
                self.headings[heading] = label
            field = DeclinableField(spec, column)
            field.changed.connect(self.changed)
            field.focused.connect(lambda key=spec.key: self._remember_focus(key))
            layout.addWidget(field)
            self.fields[spec.key] = field
        layout.addStretch(1)
        self.setWidget(content)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title_label.setText(_(self.section.title))
        self.intro_label.setText(_(self.section.intro) if self.section.intro else "")
        self.intro_second.show_message(self.section.intro)
        for heading, label in self.headings.items():
            label.setText(_(heading))
        self.setAccessibleName(_(self.section.title))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- answers ----------------------------------------------------------------------------

    def answers(self) -> dict[str, Answer]:
        """The questions dealt with: answered or deliberately not answered."""
        result = {key: field.answer() for key, field in self.fields.items()}
        return {key: answer for key, answer in result.items()
                if answer.status is not AnswerStatus.NOT_ASKED}

    def set_answers(self, answers: Mapping[str, Answer]) -> None:
        """Show these answers; questions not in ``answers`` are emptied."""
        for key, field in self.fields.items():
            field.set_answer(answers.get(key, Answer()))

    def completion(self) -> tuple[int, int]:
        """(settled, total) of the required and asked questions, as the stage list shows it."""
        return completion(self.answers(), self.section)

    def field(self, key: str) -> DeclinableField | None:
        return self.fields.get(key)

    # -- drafts -----------------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any]:
        """Each question's mode and raw input, typed text under a declined question included."""
        states = {key: field.draft_state() for key, field in self.fields.items()}
        return {key: state for key, state in states.items()
                if state["mode"] != AnswerStatus.ANSWERED.value or state["input"]}

    def restore_draft_state(self, state: Any) -> None:
        state = state if isinstance(state, dict) else {}
        for key, field in self.fields.items():
            field.restore_draft_state(state.get(key, {"mode": "answered", "input": None}))

    # -- validation and focus ---------------------------------------------------------------

    def validate(self) -> list[str]:
        """Keys of the questions whose answers cannot be stored; each says why beside itself."""
        return [key for key, field in self.fields.items() if not field.validate()]

    def show_missing(self, keys: list[str]) -> None:
        for key in keys:
            if key in self.fields:
                self.fields[key].validate(require_answer=True)

    def focus_field(self, key: str | None = None) -> bool:
        """Put the focus in question ``key`` (the first question when None), scrolled to it."""
        field = self.fields.get(key) if key else next(iter(self.fields.values()), None)
        if field is None:
            return False
        target = field.focus_widget() if field.input_widget.isEnabled() else (
            field.decline_button or field.focus_widget())
        self.ensureWidgetVisible(field, 0, 24)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.last_focused_key = field.spec.key
        return True

    def _remember_focus(self, key: str) -> None:
        self.last_focused_key = key
