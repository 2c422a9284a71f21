"""The body of the assessment form: the list of domains beside their pickers, on two layouts.

"One domain at a time" shows a single picker with Previous/Next under it; "all domains on one
page" shows the thirteen pickers one under the other in the same scroll area. Both are the same
widgets (only visibility changes), so switching layouts never loses a choice or a note, and the
keys behave the same: a score key chooses and moves the focus on to the next domain, scrolling it
into view. The list beside always says what each domain got so far, in words, with a crisis in
bold.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop.domain.assessments import STATUS_LABELS, DomainScore, ScoreStatus
from shelter_desktop.domain.instrument import Instrument
from shelter_desktop.i18n import _
from shelter_desktop.ui.assessment.score_picker import ScorePicker
from shelter_desktop.ui.assessment.wording import (
    DECLINED_KEY,
    NOT_ASSESSED_KEY,
    is_crisis,
    score_text,
)
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel

SINGLE, ALL = "single", "all"


class DomainPages(QWidget):
    """The domain list, the pickers in a scroll area, and the Previous/Next row."""

    changed = Signal()  # a choice or a note changed
    passed_last = Signal()  # a key chose the last domain's score: time to complete

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.mode = SINGLE
        self._following_focus = False
        self.domain_list = QListWidget(self)
        self.domain_list.setObjectName("domain_list")
        self.domain_list.setWordWrap(True)
        self.domain_list.setSpacing(2)
        self.domain_list.setMinimumWidth(190)
        self.domain_list.setMaximumWidth(270)
        self.domain_list.installEventFilter(self)
        self.pickers: list[ScorePicker] = []
        self.separators: list[QFrame] = []
        self.page = QWidget(self)
        page_layout = QVBoxLayout(self.page)
        page_layout.setContentsMargins(4, 4, 12, 4)
        page_layout.setSpacing(14)
        for index, domain in enumerate(instrument.domains):
            if index:
                line = QFrame(self.page)
                line.setFrameShape(QFrame.Shape.HLine)
                self.separators.append(line)
                page_layout.addWidget(line)
            picker = ScorePicker(instrument, domain, self.page)
            picker.changed.connect(self._picker_changed)
            picker.key_chosen.connect(partial(self._advance_from, picker))
            self.pickers.append(picker)
            page_layout.addWidget(picker)
            self.domain_list.addItem(QListWidgetItem())
        page_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("domains_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.page)
        self.all_hint_label = InterfaceLabel(self, word_wrap=True)
        self.all_hint_label.setObjectName("all_layout_hint")
        self.previous_button = QPushButton(self)
        self.previous_button.setObjectName("previous_domain")
        self.position_label = QLabel(self)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("next_domain")
        self.nav = QWidget(self)
        nav_layout = QHBoxLayout(self.nav)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.addWidget(self.previous_button)
        nav_layout.addWidget(self.position_label, 1)
        nav_layout.addWidget(self.next_button)

        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.all_hint_label)
        right.addWidget(self.scroll_area, 1)
        right.addWidget(self.nav)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.domain_list)
        layout.addLayout(right, 1)

        self.domain_list.currentRowChanged.connect(self._domain_chosen)
        self.domain_list.itemActivated.connect(lambda _item: self.focus_domain())
        self.previous_button.clicked.connect(self.previous_domain)
        self.next_button.clicked.connect(self.next_domain)
        self.set_mode(SINGLE)
        self.domain_list.setCurrentRow(0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.all_hint_label.setText(_(
            "{guidance} Keys: 1 to 5 choose a level, 0 = not applicable (where offered), "
            "{not_assessed_key} = {not_assessed}, {declined_key} = {declined}; each key moves "
            "on to the next domain.").format(
                guidance=_(self.instrument.guidance), not_assessed_key=NOT_ASSESSED_KEY,
                not_assessed=_(STATUS_LABELS[ScoreStatus.NOT_ASSESSED]),
                declined_key=DECLINED_KEY, declined=_(STATUS_LABELS[ScoreStatus.DECLINED])))
        self.domain_list.setAccessibleName(_("Domains and their scores"))
        self.domain_list.setToolTip(_("Next domain: Page Down. Previous: Page Up."))
        self.previous_button.setText(_("Previous"))
        self.previous_button.setToolTip(_("Previous domain (Page Up or Ctrl+Left)"))
        self.next_button.setText(_("Next"))
        self.next_button.setToolTip(_("Next domain (Page Down or Ctrl+Right)"))
        self.update_list()
        self._update_position()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- values -----------------------------------------------------------------------------

    def scores(self) -> dict[str, DomainScore]:
        return {picker.domain.key: picker.value() for picker in self.pickers}

    def set_scores(self, scores: dict[str, DomainScore]) -> None:
        """Show stored or drafted results (not counted as changes)."""
        for picker in self.pickers:
            picker.set_value(scores.get(picker.domain.key, DomainScore()))
        self.update_list()

    def _picker_changed(self) -> None:
        self.update_list()
        self.changed.emit()

    def update_list(self) -> None:
        for row, picker in enumerate(self.pickers):
            entry = picker.value()
            name = _(picker.domain.name)
            result = score_text(self.instrument, picker.domain, entry)
            item = self.domain_list.item(row)
            item.setText(f"{name}\n{result}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}: {result}")
            font = self.domain_list.font()
            font.setBold(is_crisis(entry))
            item.setFont(font)

    # -- layout and moving ------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.mode = ALL if mode == ALL else SINGLE
        single = self.mode == SINGLE
        current = self.current_domain()
        for index, picker in enumerate(self.pickers):
            picker.set_compact(not single)
            picker.setVisible(not single or index == current)
        for line in self.separators:
            line.setVisible(not single)
        self.nav.setVisible(single)
        self.all_hint_label.setVisible(not single)
        self.show_domain(current)

    def current_domain(self) -> int:
        return max(self.domain_list.currentRow(), 0)

    def current_picker(self) -> ScorePicker:
        return self.pickers[self.current_domain()]

    def go_to(self, index: int) -> None:
        self.domain_list.setCurrentRow(max(0, min(index, len(self.pickers) - 1)))

    def _domain_chosen(self, row: int) -> None:
        if row >= 0:
            self.show_domain(row)

    def show_domain(self, row: int) -> None:
        """Bring domain ``row`` into view: alone, or scrolled to the top of the page."""
        if self.mode == SINGLE:
            for index, picker in enumerate(self.pickers):
                picker.setVisible(index == row)
            self.scroll_area.verticalScrollBar().setValue(0)
        else:
            page_layout = self.page.layout()
            if page_layout is not None:
                page_layout.activate()
            self.scroll_area.verticalScrollBar().setValue(max(self.pickers[row].y() - 4, 0))
        self._update_position()

    def focus_domain(self) -> None:
        self.current_picker().focus_choice()

    def next_domain(self) -> None:
        if self.current_domain() < len(self.pickers) - 1:
            self.go_to(self.current_domain() + 1)
        self.focus_domain()

    def previous_domain(self) -> None:
        self.go_to(self.current_domain() - 1)
        self.focus_domain()

    def _advance_from(self, picker: ScorePicker) -> None:
        """After a key chose a score: the next domain, or say the last one is done."""
        index = self.pickers.index(picker)
        self.go_to(min(index + 1, len(self.pickers) - 1))
        if index >= len(self.pickers) - 1:
            self.passed_last.emit()
        else:
            self.focus_domain()

    def _update_position(self) -> None:
        self.position_label.setText(_("Domain {number} of {total}").format(
            number=self.current_domain() + 1, total=len(self.pickers)))
        self.previous_button.setEnabled(self.current_domain() > 0)
        self.next_button.setEnabled(self.current_domain() < len(self.pickers) - 1)

    # -- keys and focus ---------------------------------------------------------------------

    def handle_key(self, event: QKeyEvent) -> bool:
        """A score key pressed outside a picker scores the domain on screen.

        That is the list, Previous/Next or the layout choice, on the one-domain layout only.
        """
        return self.mode == SINGLE and self.current_picker().handle_key(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A score key on the domain list scores the domain shown, rather than searching the list.
        if watched is self.domain_list and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and self.current_picker().handle_key(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.handle_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """On the all-on-one-page layout the list follows the domain that has the focus."""
        if new is None or self.mode != ALL or not self.page.isAncestorOf(new):
            return
        for index, picker in enumerate(self.pickers):
            if picker.isAncestorOf(new) and index != self.domain_list.currentRow():
                self.domain_list.blockSignals(True)
                self.domain_list.setCurrentRow(index)
                self.domain_list.blockSignals(False)
                self._update_position()
                self.scroll_area.ensureWidgetVisible(new)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if not self._following_focus and isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
            self._following_focus = True

    def hideEvent(self, event: QHideEvent) -> None:
        app = QApplication.instance()
        if self._following_focus and isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_moved)
            self._following_focus = False
        super().hideEvent(event)
