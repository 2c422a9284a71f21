"""Showing errors: known conditions as plain messages; never client data, never a stack."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from shelter_desktop.errors import ShelterError
from shelter_desktop.i18n import _


def error_text(error: BaseException) -> str:
    if isinstance(error, ShelterError):
        return error.user_message()
    return _("Something went wrong. Nothing you typed was lost.")


def show_error(parent: QWidget | None, error: BaseException) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, _("Shelter Desktop"), error_text(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_message")
    box.open()


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextInteractionFlags(box.textInteractionFlags())
    box.open()
    return box
