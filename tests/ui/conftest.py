"""Fixtures for GUI tests: a controller on a real vault, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from shelter_desktop.ui import language
from shelter_desktop.ui.controller import AppController
from shelter_desktop.ui.fonts import install_fallbacks


@pytest.fixture
def make_controller(qapp: QApplication) -> Iterator[object]:
    controllers: list[AppController] = []

    def factory(folder: Path, **kwargs: object) -> AppController:
        language.install()
        install_fallbacks(qapp.font().family())  # as the app does after its first paint
        controller = AppController(folder, **kwargs)  # type: ignore[arg-type]
        controllers.append(controller)
        controller.start()
        return controller

    yield factory
    for controller in controllers:
        controller.shutdown()
        for widget in QApplication.topLevelWidgets():
            widget.close()
            widget.deleteLater()
        qapp.removeEventFilter(controller.idle)
    QApplication.processEvents()


def unlock(qtbot: object, controller: AppController, user: str, passphrase: str) -> None:
    window = controller.unlock_window
    window.username_edit.setText(user)
    window.passphrase_field.setText(passphrase)
    window.unlock_button.click()
    qtbot.waitUntil(lambda: controller.main_window is not None  # type: ignore[attr-defined]
                    and controller.main_window.isVisible(), timeout=10_000)
