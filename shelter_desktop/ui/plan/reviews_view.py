"""The reviews recorded on a plan, newest first, as plain read-only text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from shelter_desktop.domain.plans import Review
from shelter_desktop.i18n import _
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.clients.formatting import format_day
from shelter_desktop.ui.plan.fields import bold
from shelter_desktop.ui.widgets.interface_label import InterfaceLabel


class ReviewsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_reviews")
        self.reviews: tuple[Review, ...] = ()
        self.heading = bold(InterfaceLabel(self))
        self.empty_label = InterfaceLabel(self, word_wrap=True)
        self.entries: list[QLabel] = []
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(6)
        self.box.addWidget(self.heading)
        self.box.addWidget(self.empty_label)
        self.retranslate_ui()

    def set_reviews(self, reviews: tuple[Review, ...]) -> None:
        self.reviews = reviews
        for label in self.entries:
            label.deleteLater()
        self.entries = []
        for _review in reviews:
            label = QLabel(self)
            label.setObjectName("plan_review")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.entries.append(label)
            self.box.addWidget(label)
        align_to_start(self.entries)
        self.retranslate_ui()

    @staticmethod
    def review_text(review: Review) -> str:
        lines = [_("{date}: the client was there").format(date=format_day(review.on))
                 if review.client_present else
                 _("{date}: the client was not there").format(date=format_day(review.on))]
        if review.attendees:
            lines.append(_("Also there: {names}").format(names=review.attendees))
        if review.progress:
            lines.append(_("Progress: {text}").format(text=review.progress))
        if review.changes:
            lines.append(_("Changes and why: {text}").format(text=review.changes))
        return "\n".join(lines)

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Reviews"))
        self.empty_label.setText(_("No review recorded yet."))
        self.empty_label.setVisible(not self.reviews)
        newest_first = sorted(self.reviews, key=lambda r: r.on, reverse=True)
        for label, review in zip(self.entries, newest_first, strict=True):
            label.setText(self.review_text(review))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            align_to_start(self.entries)
        super().changeEvent(event)
