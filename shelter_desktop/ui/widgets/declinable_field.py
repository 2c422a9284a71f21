"""One intake question, for any ``FieldSpec``: its input, and the three valid non-answers beside it.

Declining is a valid answer (domain.md §1.3), so every declinable question carries the same
compact control next to its input ("Doesn't know", "Prefers not to answer", "Not asked yet").
Choosing one greys the input but never clears it: staff often decline a question half-way through
typing, and switching back must give them their words back. Validation speaks beside the field
when it loses focus, in the current language, and never touches what was typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QFocusEvent, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.answers import STATUS_LABELS, Answer, AnswerStatus
from shelter_desktop.domain.intake import MAX_NUMBER, check_answer
from shelter_desktop.domain.intake_schema import FieldKind, FieldSpec
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_, _
from shelter_desktop.ui import interpreter
from shelter_desktop.ui.interpreter.second_line import SecondLine
from shelter_desktop.ui.widgets.date_input import CalendarPopup, DateInput, normalise_date
from shelter_desktop.ui.widgets.exact_text import exact_text
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel
from shelter_desktop.ui.widgets.language_menu import language_choice_text

DECLINED = (AnswerStatus.DOESNT_KNOW, AnswerStatus.PREFERS_NOT, AnswerStatus.NOT_ASKED)
RADIO_LIMIT = 3  # up to this many choices show as radio buttons, more as a drop-down list
NEEDS_AN_ANSWER = N_("This question needs an answer.")


def _plain(text: str) -> str:
    """Label text with no mnemonic: a translated ``&`` must show as itself."""
    return text.replace("&", "&&")


class DeclinableField(QWidget):
    """A question's label, input, non-answer control, help and validation message.

    ``changed`` is emitted on every edit by the person (not on ``set_answer``); ``focused`` when
    one of its inputs takes the keyboard focus, so a form can remember where the person was.
    """

    changed = Signal()
    focused = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"field_{spec.key}")
        self._mode = AnswerStatus.ANSWERED  # ANSWERED: the input holds the answer
        self._error: ValidationError | None = None
        self._loading = False
        self.editor: QLineEdit | QPlainTextEdit | QComboBox | None = None
        self.choice_buttons: dict[str, QAbstractButton] = {}
        self.button_group: QButtonGroup | None = None
        self.choice_layout: QBoxLayout | None = None
        self.date_input: DateInput | None = None
        self.calendar_button: QToolButton | None = None

        self.label = InterfaceLabel(self, word_wrap=True)
        self.label.setObjectName("field_label")
        # Interpreter mode: the question and its help in the client's language too.
        self.label_second = SecondLine(self)
        self.help_second = SecondLine(self)
        self.restricted_label = InterfaceLabel(self)
        self.restricted_label.setObjectName("restricted_tag")
        self.restricted_label.setVisible(spec.restricted)
        self.restricted_label.setIndent(8)
        self.input_widget = QWidget(self)
        self.input_widget.setObjectName("input")
        self._build_input()
        focusable = [w for w in self.input_widget.findChildren(QWidget)
                     if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        # Not the parts inside an input (a drop-down list's own list view).
        self.inputs: list[QWidget] = [w for w in focusable if not any(
            other is not w and other.isAncestorOf(w) for other in focusable)]
        self.label.setBuddy(self.focus_widget())

        self.decline_button: QPushButton | None = None
        self.decline_actions: dict[AnswerStatus, QAction] = {}
        self.answer_action: QAction | None = None
        self.required_label: QLabel | None = None
        # The column beside the input: the non-answer control, or the word "required". One
        # width for every question, so the inputs of a form line up.
        self.side = QWidget(self)
        side_layout = QHBoxLayout(self.side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        if spec.declinable:
            self.decline_button = self._build_decline_button()
            side_layout.addWidget(self.decline_button)
        else:
            self.required_label = InterfaceLabel(self.side)
            self.required_label.setObjectName("required_tag")
            self.required_label.setIndent(8)
            side_layout.addWidget(self.required_label)
        side_layout.addStretch(1)
        self.help_label = InterfaceLabel(self, word_wrap=True)
        self.help_label.setObjectName("help")
        self.help_label.setVisible(bool(spec.help))
        self.error_label = InterfaceLabel(self, word_wrap=True)
        self.error_label.setObjectName("field_error")
        self.error_label.setVisible(False)
        bold = self.error_label.font()
        bold.setBold(True)
        self.error_label.setFont(bold)

        # Two columns: the texts and the input, and beside them the side column. The texts keep
        # to the input's width, so a right-to-left line ends where the input ends.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(4)
        layout.setColumnStretch(0, 1)
        layout.addWidget(self.label, 0, 0)
        layout.addWidget(self.restricted_label, 0, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.label_second, 1, 0)
        layout.addWidget(self.input_widget, 2, 0)
        layout.addWidget(self.side, 2, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.help_label, 3, 0)
        layout.addWidget(self.help_second, 4, 0)
        layout.addWidget(self.error_label, 5, 0, 1, 2)
        for widget in self.inputs:
            widget.installEventFilter(self)
        self.retranslate_ui()

    # -- building ---------------------------------------------------------------------------

    def _build_input(self) -> None:
        kind = self.spec.kind
        layout = QHBoxLayout(self.input_widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        if kind is FieldKind.DATE:
            self.date_input = DateInput(self.input_widget)
            self.editor = self.date_input.edit
            self.calendar_button = self.date_input.calendar_button
            self.editor.textChanged.connect(self._edited)
            layout.addWidget(self.date_input)
            layout.addStretch(1)
        elif kind in (FieldKind.TEXT, FieldKind.NUMBER):
            edit = QLineEdit(self.input_widget)
            edit.textChanged.connect(self._edited)
            self.editor = edit
            layout.addWidget(edit, 1)
            if kind is FieldKind.NUMBER:
                edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * 8 + 24)
                edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
                layout.addStretch(1)
        elif kind is FieldKind.LONG_TEXT:
            text = QPlainTextEdit(self.input_widget)
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 5 + 12)
            text.textChanged.connect(self._edited)
            self.editor = text
            layout.addWidget(text, 1)
        elif kind is FieldKind.CHOICE and len(self.spec.choices) <= RADIO_LIMIT:
            self.choice_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
            self.choice_layout.setSpacing(16)
            self.button_group = QButtonGroup(self)
            for index, (value, _label) in enumerate(self.spec.choices):
                button = QRadioButton(self.input_widget)
                self.button_group.addButton(button, index)
                self.choice_buttons[value] = button
                self.choice_layout.addWidget(button)
            self.button_group.idToggled.connect(self._choice_toggled)
            self.choice_layout.addStretch(1)
            layout.addLayout(self.choice_layout, 1)
        elif kind in (FieldKind.CHOICE, FieldKind.LANGUAGE):
            combo = QComboBox(self.input_widget)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.addItem("", None)
            if kind is FieldKind.CHOICE:
                for value, _label in self.spec.choices:
                    combo.addItem("", value)
            else:
                for code in self._language_codes():
                    combo.addItem(language_choice_text(code), code)
            combo.currentIndexChanged.connect(self._edited)
            self.editor = combo
            layout.addWidget(combo)
            layout.addStretch(1)
        elif kind is FieldKind.MULTI:
            grid = QGridLayout()
            grid.setHorizontalSpacing(24)
            grid.setVerticalSpacing(4)
            longest = max((len(label) for _value, label in self.spec.choices), default=0)
            columns = 2 if longest <= 28 else 1
            for index, (value, _label) in enumerate(self.spec.choices):
                box = QCheckBox(self.input_widget)
                box.toggled.connect(self._edited)
                self.choice_buttons[value] = box
                grid.addWidget(box, index // columns, index % columns)
            grid.setColumnStretch(columns, 1)
            layout.addLayout(grid, 1)

    @staticmethod
    def _language_codes() -> list[str]:
        """Languages with a catalog first, then the rest of the first set (domain.md §5.2).

        The language a client reads best decides what is printed for them; it must be possible
        to record Arabic even before the Arabic catalog exists.
        """
        codes = i18n.available_languages()
        return codes + [code for code in i18n.SHIPPED_LANGUAGES if code not in codes]

    def _build_decline_button(self) -> QPushButton:
        button = QPushButton(self.side)
        button.setObjectName("decline_button")
        button.setFlat(True)
        menu = QMenu(button)
        group = QActionGroup(button)
        group.setExclusive(True)
        self.answer_action = QAction(button)
        self.answer_action.setCheckable(True)
        self.answer_action.setChecked(True)
        self.answer_action.triggered.connect(lambda: self.set_declined(None))
        group.addAction(self.answer_action)
        menu.addAction(self.answer_action)
        menu.addSeparator()
        for status in DECLINED:
            action = QAction(button)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, s=status: self.set_declined(s))
            group.addAction(action)
            menu.addAction(action)
            self.decline_actions[status] = action
        button.setMenu(menu)
        return button

    # -- language ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        spec = self.spec
        label = _(spec.label)
        self.label.setText(_plain(label))
        self.label_second.show_message(spec.label)
        self.help_second.show_message(spec.help)
        self.restricted_label.setText(_("Restricted"))
        self.restricted_label.setToolTip(
            _("Only caseworkers and administrators can see this answer."))
        self.help_label.setText(_(spec.help) if spec.help else "")
        for value, choice_label in spec.choices:
            if value in self.choice_buttons:
                self.choice_buttons[value].setText(
                    _plain(interpreter.both_lines(_(choice_label), choice_label)))
                self.choice_buttons[value].setAccessibleDescription(label)
        if self.choice_layout is not None:
            # Long answers stack, so a translation 40% longer never pushes past the window.
            length = sum(max(len(_(choice)), len(interpreter.second_text(choice) or ""))
                         for _value, choice in spec.choices)
            stacked = length > 48
            self.choice_layout.setDirection(QBoxLayout.Direction.TopToBottom if stacked
                                            else QBoxLayout.Direction.LeftToRight)
            self.choice_layout.setSpacing(4 if stacked else 16)
        if isinstance(self.editor, QComboBox) and spec.kind is FieldKind.CHOICE:
            for index, (_value, choice_label) in enumerate(spec.choices, start=1):
                self.editor.setItemText(index, interpreter.both_inline(_(choice_label),
                                                                       choice_label))
        if self.date_input is not None:
            self.date_input.retranslate(label, spec.approximate)
        if isinstance(self.editor, QLineEdit) and spec.kind is FieldKind.NUMBER:
            self.editor.setToolTip(_("A whole number from 0 to {maximum}").format(
                maximum=MAX_NUMBER))
        self.input_widget.setAccessibleName(label)
        for widget in self.inputs:
            if not isinstance(widget, QAbstractButton):
                widget.setAccessibleName(label)
        self._describe_inputs()
        side_width = self._side_width()
        if self.decline_button is not None and self.answer_action is not None:
            self.answer_action.setText(_("Answer"))
            for status, action in self.decline_actions.items():
                action.setText(_(STATUS_LABELS[status]))
            self.decline_button.setAccessibleName(
                _("{question}: answer options").format(question=label))
            self.decline_button.setToolTip(_("Doesn't know, prefers not to answer, or not "
                                             "asked yet"))
            self._show_mode()
        if self.required_label is not None:
            self.required_label.setText(_("required"))
        self.side.setFixedWidth(side_width)
        self.restricted_label.setFixedWidth(side_width)
        if self._error is not None:
            self._show_error(self._error)

    def _side_width(self) -> int:
        """One width for every decline control and "required" tag, so the inputs line up."""
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        texts = [_("Answer"), _("required"), *(_(STATUS_LABELS[s]) for s in DECLINED)]
        return max(metrics.horizontalAdvance(text) for text in texts) + metrics.height() * 2 + 16

    def _describe_inputs(self) -> None:
        """Accessible descriptions say "required", the help, and the current problem."""
        parts = []
        if not self.spec.declinable:
            parts.append(_("Required"))
        if self._mode is not AnswerStatus.ANSWERED:
            parts.append(_(STATUS_LABELS[self._mode]))
        if self.spec.help:
            parts.append(_(self.spec.help))
        if self._error is not None:
            parts.append(self._error.user_message())
        description = " ".join(parts)
        for widget in self.inputs:
            if not isinstance(widget, QAbstractButton):
                widget.setAccessibleDescription(description)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- the answer -------------------------------------------------------------------------

    @property
    def calendar(self) -> CalendarPopup | None:
        """The date question's calendar popup, once it has been opened."""
        return self.date_input.calendar if self.date_input is not None else None

    def show_calendar(self) -> None:
        if self.date_input is not None:
            self.date_input.show_calendar()

    def focus_widget(self) -> QWidget:
        """The input that takes the focus for this question (the label's buddy)."""
        if self.button_group is not None:
            checked = self.button_group.checkedButton()
            if checked is not None:
                return checked
        return self.inputs[0] if self.inputs else self.input_widget

    def declined_status(self) -> AnswerStatus | None:
        return None if self._mode is AnswerStatus.ANSWERED else self._mode

    def input_value(self) -> Any:
        """What the input holds right now, as typed (kept even while the question is declined)."""
        kind = self.spec.kind
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        if isinstance(self.editor, QPlainTextEdit):
            return exact_text(self.editor)
        if isinstance(self.editor, QComboBox):
            return self.editor.currentData()
        if kind is FieldKind.MULTI:
            return [value for value, box in self.choice_buttons.items() if box.isChecked()]
        checked = [value for value, button in self.choice_buttons.items() if button.isChecked()]
        return checked[0] if checked else None

    def set_input_value(self, value: Any) -> None:
        """Put ``value`` in the input without touching the declined state; no ``changed``."""
        self._loading = True
        try:
            if isinstance(self.editor, QLineEdit):
                self.editor.setText("" if value is None else str(value))
            elif isinstance(self.editor, QPlainTextEdit):
                self.editor.setPlainText("" if value is None else str(value))
            elif isinstance(self.editor, QComboBox):
                index = self.editor.findData(value) if value is not None else 0
                if index < 0 and self.spec.kind is FieldKind.LANGUAGE and isinstance(value, str):
                    self.editor.addItem(language_choice_text(value), value)
                    index = self.editor.count() - 1
                self.editor.setCurrentIndex(max(index, 0))
            elif self.spec.kind is FieldKind.MULTI:
                chosen = set(value) if isinstance(value, list | tuple) else set()
                for choice, box in self.choice_buttons.items():
                    box.setChecked(choice in chosen)
            elif self.button_group is not None:
                self.button_group.setExclusive(False)  # an exclusive group cannot be emptied
                for choice, button in self.choice_buttons.items():
                    button.setChecked(choice == value)
                self.button_group.setExclusive(True)
        finally:
            self._loading = False
        self._set_error(None)

    def answer(self) -> Answer:
        if self._mode is not AnswerStatus.ANSWERED:
            return Answer(self._mode)
        value = self.input_value()
        kind = self.spec.kind
        if kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            return Answer.of(value) if value.strip() else Answer()
        if kind is FieldKind.DATE:
            return Answer.of(normalise_date(value)) if value.strip() else Answer()
        if kind is FieldKind.NUMBER:
            text = value.strip()
            if not text:
                return Answer()
            return Answer.of(int(text) if text.isdecimal() else text)  # the check refuses text
        if kind is FieldKind.MULTI and not value:
            # An empty required list is an answer ("no safe channel: do not contact").
            return Answer.of([]) if not self.spec.declinable else Answer()
        return Answer() if value is None else Answer.of(value)

    def set_answer(self, answer: Answer) -> None:
        """Show a stored answer: a declined one greys an empty input."""
        declined = answer.status in DECLINED and answer.status is not AnswerStatus.NOT_ASKED
        self.set_input_value(answer.value if answer.is_answered else None)
        self._set_mode(answer.status if declined and self.spec.declinable
                       else AnswerStatus.ANSWERED)

    def set_declined(self, status: AnswerStatus | None) -> None:
        """The person chose a non-answer (or "Answer" again); what was typed stays in the input."""
        if status is not None and not self.spec.declinable:
            return
        self._set_mode(status or AnswerStatus.ANSWERED)
        self._set_error(None)
        if not self._loading:
            self.changed.emit()

    def _set_mode(self, mode: AnswerStatus) -> None:
        self._mode = mode
        self.input_widget.setEnabled(mode is AnswerStatus.ANSWERED)
        self._show_mode()
        self._describe_inputs()

    def _show_mode(self) -> None:
        if self.decline_button is None or self.answer_action is None:
            return
        answering = self._mode is AnswerStatus.ANSWERED
        (self.answer_action if answering else self.decline_actions[self._mode]).setChecked(True)
        self.decline_button.setText(_("Answer") if answering else _(STATUS_LABELS[self._mode]))
        font = self.decline_button.font()
        font.setBold(not answering)
        self.decline_button.setFont(font)
        self.decline_button.setFlat(answering)  # quiet until a non-answer is chosen

    # -- drafts -----------------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any]:
        """Everything needed to show this question again exactly: the mode and the raw input."""
        return {"mode": self._mode.value, "input": self.input_value()}

    def restore_draft_state(self, state: Any) -> None:
        if not isinstance(state, dict):
            return
        self.set_input_value(state.get("input"))
        try:
            mode = AnswerStatus(state.get("mode", AnswerStatus.ANSWERED))
        except ValueError:
            mode = AnswerStatus.ANSWERED
        self._set_mode(mode if self.spec.declinable else AnswerStatus.ANSWERED)

    # -- validation -------------------------------------------------------------------------

    def validate(self, *, require_answer: bool = False) -> bool:
        """Check the answer; say what is wrong beside the field, never change the input.

        An empty required question is only reported when asked (on completing a stage), not
        each time the person moves past it.
        """
        answer = self.answer()
        try:
            check_answer(self.spec, answer)
            if require_answer and not self.spec.declinable and (
                    not answer.is_answered
                    or (isinstance(answer.value, str) and not answer.value.strip())):
                raise ValidationError(NEEDS_AN_ANSWER, self.spec.key)
        except ValidationError as error:
            self._set_error(error)
            return False
        self._set_error(None)
        return True

    def error_text(self) -> str:
        return self._error.user_message() if self._error is not None else ""

    def _set_error(self, error: ValidationError | None) -> None:
        if error is None and self._error is None:
            return
        self._error = error
        if error is None:
            self.error_label.clear()
            self.error_label.setVisible(False)
        else:
            self._show_error(error)
        self._describe_inputs()

    def _show_error(self, error: ValidationError) -> None:
        self.error_label.setText(error.user_message())
        self.error_label.setVisible(True)

    def _choice_toggled(self, _id: int, checked: bool) -> None:
        if checked:  # the button switched off in the same click says nothing new
            self._edited()

    def _edited(self) -> None:
        if self._loading:
            return
        self._set_error(None)
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.focused.emit()
        elif event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            ignored = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
            now = QApplication.focusWidget()
            if event.reason() not in ignored and not (
                    now is not None and self.input_widget.isAncestorOf(now)):
                self.validate()
        return super().eventFilter(watched, event)
