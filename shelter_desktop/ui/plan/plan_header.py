"""The top of the Plan tab: the version, its status and the versions list, the next review.

Also what the person can do with the version on screen, and why not when they cannot. The
review date is said in words; an overdue one is also bold with a warning sign, never shown by
colour alone.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shelter_desktop.domain.plans import PlanVersion
from shelter_desktop.i18n import _
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.plan.fields import bold
from shelter_desktop.ui.plan.wording import (
    is_review_overdue,
    review_due_text,
    status_text,
    version_details,
    version_item_text,
)
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel


class PlanHeader(QWidget):
    """Texts and buttons only; the editor connects the buttons and says what is shown."""

    def __init__(self, parent: QWidget | None = None, *, may_print: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("plan_header")
        self.may_print = may_print
        self.versions: list[PlanVersion] = []
        self.shown: PlanVersion | None = None
        self.review_due: dt.date | None = None
        self.today = dt.date.today()

        self.status_label = bold(InterfaceLabel(self, word_wrap=True), 1.15)
        self.status_label.setObjectName("plan_status")
        self.version_label = QLabel(self)
        self.version_combo = QComboBox(self)
        self.version_combo.setObjectName("plan_versions")
        self.version_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_label.setBuddy(self.version_combo)
        self.details_label = InterfaceLabel(self, word_wrap=True)
        self.details_label.setObjectName("plan_version_details")
        self.review_label = InterfaceLabel(self, word_wrap=True)
        self.review_label.setObjectName("plan_review_due")
        self.notice_label = InterfaceLabel(self, word_wrap=True)
        self.notice_label.setObjectName("plan_notice")
        self.agree_button = QPushButton(self)
        self.agree_button.setObjectName("agree_button")
        self.change_button = QPushButton(self)
        self.change_button.setObjectName("change_plan_button")
        self.review_button = QPushButton(self)
        self.review_button.setObjectName("review_button")
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("print_plan_button")

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.version_label)
        top.addWidget(self.version_combo)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in self.buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.details_label)
        layout.addWidget(self.review_label)
        layout.addWidget(self.notice_label)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def buttons(self) -> list[QPushButton]:
        return [self.agree_button, self.change_button, self.review_button, self.print_button]

    def show_state(self, versions: list[PlanVersion], shown: PlanVersion | None,
                   review_due: dt.date | None, today: dt.date) -> None:
        """Fill the versions list, select ``shown`` and set every text."""
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        for version in versions:
            self.version_combo.addItem(version_item_text(version), version.id)
        self.version_combo.blockSignals(False)
        self.versions = list(versions)
        self.shown = shown
        self.review_due = review_due
        self.today = today
        if shown is not None:
            self.version_combo.setCurrentIndex(self.version_combo.findData(shown.id))
        latest = versions[-1] if versions else None
        on_latest = shown is not None and latest is not None and shown.id == latest.id
        editing = on_latest and shown is not None and shown.is_editable
        self.agree_button.setVisible(editing)
        self.change_button.setVisible(on_latest and not editing)
        self.review_button.setVisible(on_latest)
        self.print_button.setVisible(self.may_print and on_latest)  # it prints the latest
        several = len(versions) > 1
        self.version_label.setVisible(several)
        self.version_combo.setVisible(several)
        self.retranslate_ui()

    def _notice(self) -> str:
        version = self.shown
        latest = self.versions[-1] if self.versions else None
        if version is None or latest is None:
            return ""
        if version.id != latest.id:
            return _("An earlier version, kept as it was. Choose version {number} in the list "
                     "to work on the plan.").format(number=latest.version)
        if not version.is_editable:
            return _("Agreed with the client, so it cannot change. “Change the plan…” starts a "
                     "new version and keeps this one.")
        return ""

    def _show_review_due(self) -> None:
        text = review_due_text(self.review_due, self.today) if self.shown is not None else ""
        font = self.review_label.font()
        font.setBold(is_review_overdue(self.review_due, self.today))
        self.review_label.setFont(font)
        self.review_label.setText(text)
        self.review_label.setAccessibleName(text)
        self.review_label.setVisible(bool(text))

    def retranslate_ui(self) -> None:
        version = self.shown
        self.version_label.setText(_("V&ersion:"))
        self.version_combo.setAccessibleName(_("Plan versions"))
        for row, item in enumerate(self.versions):
            self.version_combo.setItemText(row, version_item_text(item))
            self.version_combo.setItemData(row, version_details(item),
                                           Qt.ItemDataRole.ToolTipRole)
        self.status_label.setText(status_text(version) if version is not None else "")
        self.details_label.setText(version_details(version) if version is not None else "")
        self._show_review_due()
        self.notice_label.setText(self._notice())
        self.notice_label.setVisible(bool(self.notice_label.text()))
        self.agree_button.setText(_("Agree with the &client…"))
        self.agree_button.setToolTip(_("Record that the client agreed to this plan"))
        self.change_button.setText(_("&Change the plan…"))
        self.change_button.setToolTip(_("Start a new version; this agreed one is kept"))
        self.review_button.setText(_("Record a re&view…"))
        self.print_button.setText(_("P&rint…"))
        self.print_button.setToolTip(_("Print the plan for the client (Ctrl+P)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            align_to_start([self.version_label], Qt.AlignmentFlag.AlignVCenter)
        super().changeEvent(event)
