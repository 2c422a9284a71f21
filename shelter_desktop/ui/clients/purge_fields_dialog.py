"""Removing single restricted answers from one record for good (administrators).

Legal name, police involvement and the restricted note can be purged one by one, with their
earlier versions in the record's history (security.md, Retention). The dialog lists the record's
restricted answers, nothing ticked; a second page says exactly what goes and that it cannot be
undone, and only its "Remove for good" button purges.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shelter_desktop import i18n
from shelter_desktop.domain.answers import Answers
from shelter_desktop.domain.intake_schema import FIELDS
from shelter_desktop.i18n import _
from shelter_desktop.services.purge import PurgeService
from shelter_desktop.ui.clients.bidi import align_to_start
from shelter_desktop.ui.clients.formatting import answer_text, field_label
from shelter_desktop.ui.messages import error_text

CHOOSE_PAGE, CONFIRM_PAGE = 0, 1
PREVIEW_CHARACTERS = 80  # enough to recognise an answer; the restricted note can be pages long


def preview(text: str) -> str:
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    if len(first_line) > PREVIEW_CHARACTERS or first_line != text.strip():
        return first_line[:PREVIEW_CHARACTERS].rstrip() + "…"
    return first_line


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        button.setAutoDefault(False)  # Enter never removes anything
        row.addWidget(button)
    return row


class PurgeFieldsDialog(QDialog):
    """Emits ``fields_purged(keys)`` after the answers were removed."""

    fields_purged = Signal(list)

    def __init__(self, service: PurgeService, client_id: str, restricted: Answers,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("purge_fields_dialog")
        self.service = service
        self.client_id = client_id
        self.restricted = restricted
        self.keys = [key for key, spec in FIELDS.items() if spec.restricted]
        self.checks: dict[str, QCheckBox] = {}
        self.previews: dict[str, QLabel] = {}

        self.choose_page = QWidget(self)
        self.intro_label = QLabel(self.choose_page)
        self.intro_label.setWordWrap(True)
        choose = QVBoxLayout(self.choose_page)
        choose.addWidget(self.intro_label)
        for key in self.keys:
            check = QCheckBox(self.choose_page)
            check.setObjectName(f"purge_field_{key}")
            check.setEnabled(key in restricted)  # nothing stored: nothing to remove
            check.toggled.connect(self._update_buttons)
            shown = QLabel(self.choose_page)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setWordWrap(True)
            shown.setIndent(24)  # under its check box's text
            self.checks[key], self.previews[key] = check, shown
            choose.addWidget(check)
            choose.addWidget(shown)
        self.cancel_button = QPushButton(self.choose_page)
        self.next_button = QPushButton(self.choose_page)
        self.next_button.setObjectName("purge_fields_next")
        choose.addStretch(1)
        choose.addLayout(_buttons(self.cancel_button, self.next_button))

        self.confirm_page = QWidget(self)
        self.summary_label = QLabel(self.confirm_page)
        self.summary_label.setObjectName("purge_fields_summary")
        self.summary_label.setWordWrap(True)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.chosen_label = QLabel(self.confirm_page)
        self.chosen_label.setObjectName("purge_fields_chosen")
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setIndent(24)
        self.warning_label = QLabel(self.confirm_page)
        self.warning_label.setWordWrap(True)
        self.message_label = QLabel(self.confirm_page)
        self.message_label.setObjectName("purge_fields_message")
        self.message_label.setWordWrap(True)
        self.back_button = QPushButton(self.confirm_page)
        self.remove_button = QPushButton(self.confirm_page)
        self.remove_button.setObjectName("purge_fields_confirm")
        confirm = QVBoxLayout(self.confirm_page)
        confirm.addWidget(self.summary_label)
        confirm.addWidget(self.chosen_label)
        confirm.addWidget(self.warning_label)
        confirm.addWidget(self.message_label)
        confirm.addStretch(1)
        confirm.addLayout(_buttons(self.back_button, self.remove_button))

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.choose_page)
        self.pages.addWidget(self.confirm_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button.clicked.connect(self.ask)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(CHOOSE_PAGE))
        self.remove_button.clicked.connect(self.remove)
        self.setMinimumWidth(460)
        self._align()
        self.retranslate_ui()
        self._update_buttons()

    def _align(self) -> None:
        """Answers in any script line up at the interface's start edge."""
        align_to_start([self.intro_label, self.summary_label, self.warning_label,
                        self.message_label])
        # Not AlignTop: a label's indent goes to the edge(s) it is aligned to.
        align_to_start([*self.previews.values(), self.chosen_label],
                       Qt.AlignmentFlag.AlignVCenter)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Remove restricted information"))
        self.intro_label.setText(_(
            "Tick what to remove from this record for good. Earlier versions in the record's "
            "history are removed too; the rest of the record stays."))
        for key in self.keys:
            self.checks[key].setText(field_label(key))
            answer = self.restricted.get(key)
            self.previews[key].setText(preview(answer_text(key, answer)) if answer is not None
                                       else _("Nothing recorded"))
        self.cancel_button.setText(_("Cancel"))
        self.next_button.setText(_("&Remove…"))
        self.back_button.setText(_("&Back"))
        self.remove_button.setText(_("Remove for &good"))
        self._describe_choice()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align()
        super().changeEvent(event)

    def chosen(self) -> list[str]:
        return [key for key in self.keys if self.checks[key].isChecked()]

    def _update_buttons(self) -> None:
        self.next_button.setEnabled(bool(self.chosen()))

    def _describe_choice(self) -> None:
        chosen = self.chosen()
        self.summary_label.setText(i18n.ngettext(
            "{count} answer will be removed from this record for good:",
            "{count} answers will be removed from this record for good:",
            len(chosen)).format(count=i18n.current().format_number(len(chosen))))
        # One question a line, indented; no bullet, which lands at the wrong end of a line
        # whose direction differs from the interface's.
        self.chosen_label.setText("\n".join(field_label(key) for key in chosen))
        self.warning_label.setText(_(
            "This cannot be undone. Backups made before now still hold it until they are "
            "rotated out. The purge log keeps only the record id, the question and the date."))

    def ask(self) -> None:
        """The second step: say exactly what goes before anything is removed."""
        if not self.chosen():
            return
        self._describe_choice()
        self.message_label.clear()
        self.pages.setCurrentIndex(CONFIRM_PAGE)
        self.back_button.setFocus()

    def remove(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        try:
            self.service.purge_fields(self.client_id, chosen)
        except Exception as error:  # noqa: BLE001 - one transaction: nothing was removed
            self.message_label.setText(error_text(error))
            return
        self.fields_purged.emit(chosen)
        self.accept()
