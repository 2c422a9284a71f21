"""Choosing a new passphrase: twice, with the rules in plain words and a generator."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QWidget

from shelter_desktop.domain import passphrases
from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import _
from shelter_desktop.ui.widgets.passphrase_field import PassphraseField


class NewPassphraseForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, form: QFormLayout | None = None) -> None:
        """Lay the rows out in ``form`` when given, so labels align with the caller's fields."""
        super().__init__(parent)
        self.username = ""
        self.organisation = ""
        self.rules_label = QLabel(self)
        self.rules_label.setWordWrap(True)
        self.first_field = PassphraseField(self)
        self.first_field.setObjectName("new_passphrase")
        self.second_field = PassphraseField(self)
        self.second_field.setObjectName("repeat_passphrase")
        self.generate_button = QPushButton(self)
        self.generate_button.setObjectName("generate_passphrase")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("passphrase_error")
        self.error_label.setWordWrap(True)
        self.first_label = QLabel(self)
        self.first_label.setBuddy(self.first_field.edit)
        self.second_label = QLabel(self)
        self.second_label.setBuddy(self.second_field.edit)
        layout = form if form is not None else QFormLayout(self)
        if form is None:
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addRow(self.rules_label)
        layout.addRow(self.first_label, self.first_field)
        layout.addRow(self.second_label, self.second_field)
        layout.addRow("", self.generate_button)
        layout.addRow(self.error_label)
        self.generate_button.clicked.connect(self.generate)
        self.first_field.edit.textChanged.connect(self._edited)
        self.second_field.edit.textChanged.connect(self._edited)
        self.first_field.edit.editingFinished.connect(self.validate)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.rules_label.setText(_(
            "Use at least {minimum} characters; {recommended} or more is better. A few random "
            "words are easy to remember and hard to guess. Spaces and any language are fine."
        ).format(minimum=passphrases.MIN_LENGTH, recommended=passphrases.RECOMMENDED_LENGTH))
        self.first_label.setText(_("New &passphrase"))
        self.second_label.setText(_("&Repeat it"))
        self.first_field.set_accessible_name(_("New passphrase"))
        self.second_field.set_accessible_name(_("Repeat the new passphrase"))
        self.generate_button.setText(_("&Generate a passphrase"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            if self.error_label.text():
                self.validate()
        super().changeEvent(event)

    def _edited(self) -> None:
        self.error_label.clear()
        self.changed.emit()

    def generate(self) -> None:
        value = passphrases.generate_passphrase()
        for field in (self.first_field, self.second_field):
            field.setText(value)
            field.toggle.setChecked(True)
        self.error_label.setText(_("Write this passphrase down until you know it by heart."))

    def passphrase(self) -> str:
        return self.first_field.text()

    def validate(self) -> bool:
        """Check the rules; say what to change beside the fields, never clear them."""
        first, second = self.first_field.text(), self.second_field.text()
        if not first:
            return False
        try:
            passphrases.check_passphrase(first, username=self.username,
                                         organisation=self.organisation)
        except ValidationError as error:
            self.error_label.setText(error.user_message())
            return False
        if second and first != second:
            self.error_label.setText(_("The two passphrases are not the same."))
            return False
        if not second:
            return False
        self.error_label.setText("")
        return True

    def clear(self) -> None:
        self.first_field.clear()
        self.second_field.clear()
        self.error_label.clear()
