"""The Plan tab before there is a plan: what a plan is, and one button to start it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from shelter_desktop.i18n import _
from shelter_desktop.ui.plan.fields import bold
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel


class EmptyPlanPage(QWidget):
    """No plan yet: what a plan is, "Start a plan", and where else goals come from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = bold(InterfaceLabel(self, word_wrap=True), 1.15)
        self.text_label = InterfaceLabel(self, word_wrap=True)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("start_plan_button")
        self.needs_label = InterfaceLabel(self, word_wrap=True)
        self.needs_label.setObjectName("plan_needs_hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.text_label)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self.needs_label)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title_label.setText(_("No plan yet"))
        self.text_label.setText(_(
            "A plan holds the client's goals in their own words, and who does what by when. "
            "Write it together; the client agrees to it before it is final."))
        self.start_button.setText(_("&Start a plan"))
        self.needs_label.setText(_(
            "Goals can also start from the Needs tab: choose a domain there and press “Add a "
            "goal from this domain”. Its latest score comes with it."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
