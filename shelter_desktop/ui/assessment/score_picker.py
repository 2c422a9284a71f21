"""One domain of the needs assessment: its five levels as large readable rows, and the keys.

Scoring happens beside the client, often through an interpreter who reads the levels aloud, so
each level is a framed row with the whole anchor wrapped in a large font ("1 · In crisis — Danger
now; …"), not a radio button with a tooltip. The chosen row carries a check mark and the word
"Chosen" as well as a frame, so the choice never depends on colour.

Keys (shown in a hint under the rows): 1–5 choose a level, 0 "not applicable" where the domain
allows it, N "not assessed", D "declined". They work wherever the focus is in the picker except
the note, where they are text. A key press emits ``key_chosen`` so the form can move on.
"""

from __future__ import annotations

import html
import unicodedata

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.assessments import STATUS_LABELS, DomainScore, ScoreStatus
from shelter_desktop.domain.instrument import NOT_APPLICABLE, SCORES, Domain, Instrument
from shelter_desktop.i18n import Translator, _
from shelter_desktop.ui import interpreter
from shelter_desktop.ui.assessment.wording import DECLINED_KEY, NOT_ASSESSED_KEY
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.interpreter.second_line import SecondLine
from shelter_desktop.ui.widgets.exact_text import exact_text

NOT_ASSESSED, DECLINED, NOT_APPLICABLE_VALUE = "not_assessed", "declined", str(NOT_APPLICABLE)
LEVEL_VALUES = tuple(str(score) for score in SCORES)
CHECK_MARK = "✓"
FONT_SCALE = 1.15  # anchors are read aloud and across a table: a little larger than the UI


def chosen_mark() -> str:
    """"✓ Chosen": a mark and a word, so the choice does not rest on the frame's colour."""
    word = _("Chosen")
    return f"{CHECK_MARK} {word}"


def entry_of(value: str, note: str = "") -> DomainScore:
    """The stored form of an option's value ("1"…"5", "0", "not_assessed", "declined")."""
    if value == NOT_ASSESSED:
        return DomainScore(ScoreStatus.NOT_ASSESSED, None, note)
    if value == DECLINED:
        return DomainScore(ScoreStatus.DECLINED, None, note)
    return DomainScore.of(int(value), note)


def value_of(entry: DomainScore) -> str:
    if entry.status is ScoreStatus.SCORED and entry.score is not None:
        return str(entry.score)
    return DECLINED if entry.status is ScoreStatus.DECLINED else NOT_ASSESSED


class ScoreOption(QAbstractButton):
    """A framed, checkable row of wrapped text: one level, or "not assessed" and the like.

    A QAbstractButton so that Space, arrow keys in the group, focus and accessibility behave
    as for any button; the texts are child labels that let mouse clicks through.
    """

    def __init__(self, value: str, parent: QWidget | None = None, *,
                 compact: bool = False) -> None:
        super().__init__(parent)
        self.value = value
        self.setObjectName(f"option_{value}")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding if not compact
                             else QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.text_label = QLabel(self)
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.mark_label = QLabel(self)
        self.mark_label.setObjectName("chosen_mark")
        self.mark_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * (1.0 if compact else FONT_SCALE))
        self.text_label.setFont(font)
        # Interpreter mode: the same level in the client's language, under the staff's.
        self.second_label = SecondLine(self, font=font, rich_text=True)
        self.second_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.second_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        bold = self.mark_label.font()
        bold.setBold(True)
        self.mark_label.setFont(bold)
        layout = QHBoxLayout(self)
        margin = 8 if compact else 12
        layout.setContentsMargins(margin, margin - 3, margin, margin - 3)
        layout.setSpacing(10)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.text_label)
        texts.addWidget(self.second_label)
        layout.addLayout(texts, 1)
        layout.addWidget(self.mark_label, 0, Qt.AlignmentFlag.AlignVCenter)
        self.toggled.connect(self._show_state)
        align_to_start([self.text_label], Qt.AlignmentFlag.AlignVCenter)

    def set_texts(self, heading: str, detail: str = "",
                  second: tuple[str, str] | None = None) -> None:
        """Translated texts: the bold heading ("1 · In crisis") and the anchor after it.

        ``second`` is the same pair in the client's language, while interpreter mode is on.
        """
        plain = heading
        if detail:
            plain = _("{heading}: {detail}").format(heading=heading, detail=detail)
        self.text_label.setText(_rich(heading, detail))
        self.second_label.show_text(_rich(*second) if second is not None else None)
        self.setText(plain)  # not painted; what accessibility tools and tests read
        self.setAccessibleName(plain)
        # Room for the mark whether or not it is shown, so choosing never re-wraps the text.
        self.mark_label.setMinimumWidth(
            self.mark_label.fontMetrics().horizontalAdvance(chosen_mark()) + 4)
        self._show_state()

    def _show_state(self) -> None:
        self.mark_label.setText(chosen_mark() if self.isChecked() else "")
        self.update()

    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        return layout.minimumSize() if layout is not None else super().minimumSizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        frame = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        if self.isChecked():
            fill = QColor(accent)
            fill.setAlpha(40)
            painter.setPen(QPen(accent, 2.5))
        else:
            fill = palette.color(QPalette.ColorRole.Base)
            if self.underMouse():
                fill = QColor(palette.color(QPalette.ColorRole.AlternateBase))
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(frame, 6, 6)
        if self.hasFocus():
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1.2,
                                Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(frame.adjusted(4, 4, -4, -4), 4, 4)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            align_to_start([self.text_label], Qt.AlignmentFlag.AlignVCenter)
        super().changeEvent(event)


def _rich(heading: str, detail: str) -> str:
    """"<b>1 · In crisis</b> — Danger now; …" (the detail may be empty)."""
    shown = f"<b>{html.escape(heading)}</b>"
    return f"{shown} — {html.escape(detail)}" if detail else shown


def _second_texts(translator: Translator | None, score: object, level: str,
                  detail: str = "") -> tuple[str, str] | None:
    """An option's heading and anchor in the client's language (None when the mode is off)."""
    if translator is None:
        return None
    heading = translator.gettext("{score} · {level}").format(
        score=score, level=translator.gettext(level))
    return heading, translator.gettext(detail) if detail else ""


def _muted(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


class ScorePicker(QWidget):
    """One domain: the name, the five levels, the other answers, a note, and the key hint."""

    changed = Signal()  # the choice or the note changed (by hand, not by set_value)
    key_chosen = Signal()  # a choice was made with a key: the form may move on

    def __init__(self, instrument: Instrument, domain: Domain,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.domain = domain
        self._setting = False
        self.setObjectName(f"picker_{domain.key}")
        self.name_label = QLabel(self)
        self.name_label.setObjectName("domain_name")
        font = self.name_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.name_label.setFont(font)
        self.name_label.setWordWrap(True)
        self.name_second = SecondLine(self, font=font)
        self.description_label = QLabel(self)
        self.description_label.setWordWrap(True)
        self.description_second = SecondLine(self)
        self.guidance_label = QLabel(self)
        self.guidance_label.setObjectName("guidance")
        self.guidance_label.setWordWrap(True)
        italic = self.guidance_label.font()
        italic.setItalic(True)
        self.guidance_label.setFont(italic)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.options: dict[str, ScoreOption] = {}
        levels = QVBoxLayout()
        levels.setSpacing(6)
        for value in LEVEL_VALUES:
            levels.addWidget(self._add_option(value, compact=False))
        others = QHBoxLayout()
        others.setSpacing(6)
        other_values = ([NOT_APPLICABLE_VALUE] if domain.allows_not_applicable else []) + [
            NOT_ASSESSED, DECLINED]
        for value in other_values:
            others.addWidget(self._add_option(value, compact=True), 1)
        self.options[NOT_ASSESSED].setChecked(True)

        self.note_label = QLabel(self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 16)
        self.note_label.setBuddy(self.note_edit)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("key_hint")
        self.hint_label.setWordWrap(True)
        _muted(self.hint_label)
        _muted(self.description_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for first, second in ((self.name_label, self.name_second),
                              (self.description_label, self.description_second)):
            pair = QVBoxLayout()  # a text and its interpreter-mode line belong together
            pair.setSpacing(2)
            pair.addWidget(first)
            pair.addWidget(second)
            layout.addLayout(pair)
        layout.addWidget(self.guidance_label)
        layout.addLayout(levels)
        layout.addLayout(others)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.hint_label)
        self.group.buttonToggled.connect(self._toggled)
        self.note_edit.textChanged.connect(self._note_changed)
        self._align()
        self.retranslate_ui()

    def _add_option(self, value: str, *, compact: bool) -> ScoreOption:
        option = ScoreOption(value, self, compact=compact)
        self.group.addButton(option)
        self.options[value] = option
        return option

    def _align(self) -> None:
        align_to_start([self.name_label, self.description_label, self.guidance_label,
                        self.note_label, self.hint_label])

    # -- texts ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        domain, instrument = self.domain, self.instrument
        name = _(domain.name)
        self.name_label.setText(name)
        self.name_second.show_message(domain.name)
        self.description_label.setText(_(domain.description))
        self.description_second.show_message(domain.description)
        self.guidance_label.setText(_(instrument.guidance))
        client = interpreter.second_translator()
        for score in SCORES:
            level, anchor = instrument.level_names[score - 1], domain.anchors[score - 1]
            heading = _("{score} · {level}").format(score=score, level=_(level))
            self.options[str(score)].set_texts(heading, _(anchor),
                                               _second_texts(client, score, level, anchor))
        others: list[tuple[str, object, str]] = [
            (NOT_ASSESSED, NOT_ASSESSED_KEY, STATUS_LABELS[ScoreStatus.NOT_ASSESSED]),
                  (DECLINED, DECLINED_KEY, STATUS_LABELS[ScoreStatus.DECLINED])]
        if domain.allows_not_applicable:
            others.insert(0, (NOT_APPLICABLE_VALUE, NOT_APPLICABLE, domain.not_applicable_label))
        for value, key, label in others:
            self.options[value].set_texts(_("{score} · {level}").format(score=key, level=_(label)),
                                          second=_second_texts(client, key, label))
        self.note_label.setText(_("&Note on {domain} (optional)").format(domain=name))
        self.note_edit.setAccessibleName(_("Note on {domain}").format(domain=name))
        words = {"not_assessed_key": NOT_ASSESSED_KEY, "declined_key": DECLINED_KEY,
                 "not_assessed": _(STATUS_LABELS[ScoreStatus.NOT_ASSESSED]),
                 "declined": _(STATUS_LABELS[ScoreStatus.DECLINED])}
        if domain.allows_not_applicable:
            hint = _("Keys: 1 to 5 choose a level, 0 = {not_applicable}, {not_assessed_key} = "
                     "{not_assessed}, {declined_key} = {declined}. Each key moves on to the next "
                     "domain.").format(
                not_applicable=_(domain.not_applicable_label), **words)
        else:
            hint = _("Keys: 1 to 5 choose a level, {not_assessed_key} = {not_assessed}, "
                     "{declined_key} = {declined}. Each key moves on to the next domain.").format(
                **words)
        self.hint_label.setText(hint)
        self.setAccessibleName(_("Score for {domain}").format(domain=name))
        self.setAccessibleDescription(hint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)

    def set_compact(self, compact: bool) -> None:
        """On the all-on-one-page layout the guidance and key hint are said once, at the top."""
        self.guidance_label.setVisible(not compact)
        self.hint_label.setVisible(not compact)

    # -- value ------------------------------------------------------------------------------

    def value(self) -> DomainScore:
        button = self.group.checkedButton()
        chosen = button.value if isinstance(button, ScoreOption) else NOT_ASSESSED
        return entry_of(chosen, exact_text(self.note_edit))

    def chosen(self) -> str:
        button = self.group.checkedButton()
        return button.value if isinstance(button, ScoreOption) else NOT_ASSESSED

    def set_value(self, entry: DomainScore) -> None:
        """Show a stored or drafted result without counting it as a change."""
        self._setting = True
        try:
            option = self.options.get(value_of(entry)) or self.options[NOT_ASSESSED]
            option.setChecked(True)
            if exact_text(self.note_edit) != entry.note:
                self.note_edit.setPlainText(entry.note)
        finally:
            self._setting = False

    def choose(self, value: str) -> bool:
        """Choose an option as the person would; False if this domain does not offer it."""
        option = self.options.get(value)
        if option is None:
            return False
        option.setChecked(True)
        return True

    def focus_choice(self) -> None:
        """Put the focus on the chosen option, where the keys and arrow keys work."""
        button = self.group.checkedButton()
        (button or self.options[NOT_ASSESSED]).setFocus(Qt.FocusReason.OtherFocusReason)

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked and not self._setting:
            self.changed.emit()

    def _note_changed(self) -> None:
        if not self._setting:
            self.changed.emit()

    # -- keys -------------------------------------------------------------------------------

    def value_for_key(self, event: QKeyEvent) -> str | None:
        """The option a key stands for here, or None (also for 0 where N/A is not offered)."""
        extra = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                      | Qt.KeyboardModifier.ShiftModifier)
        if extra != Qt.KeyboardModifier.NoModifier:
            return None
        text = event.text()
        if len(text) == 1 and text.isdigit():  # any script's digits: ٣ counts as 3
            digit = str(unicodedata.digit(text))
            return digit if digit in self.options else None
        if event.key() == Qt.Key.Key_N or text.upper() == NOT_ASSESSED_KEY:
            return NOT_ASSESSED
        if event.key() == Qt.Key.Key_D or text.upper() == DECLINED_KEY:
            return DECLINED
        return None

    def handle_key(self, event: QKeyEvent) -> bool:
        value = self.value_for_key(event)
        if value is None or not self.choose(value):
            return False
        self.options[value].setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.key_chosen.emit()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.handle_key(event):
            event.accept()
            return
        super().keyPressEvent(event)
