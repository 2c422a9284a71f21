"""Starting the app: data folder, a second instance, a foreign file, the exception hook."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from shelter_desktop import APP_NAME, paths
from shelter_desktop.app import default_qt_data_dir, prepare_folder
from shelter_desktop.errors import VaultInUseError
from shelter_desktop.ui.exception_hook import safe_report
from tests.conftest import VaultFixture


def test_default_data_folder_matches_qt(qapp, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    QCoreApplication.setOrganizationName(paths.ORGANISATION_DIR)
    QCoreApplication.setApplicationName(APP_NAME)
    assert default_qt_data_dir() == paths.default_data_dir()


def test_second_instance_is_told_the_vault_is_open_elsewhere(
        qtbot, make_controller, vault: VaultFixture) -> None:
    first_lock, first_error = prepare_folder(vault.folder)
    assert first_error is None
    try:
        second_lock, second_error = prepare_folder(vault.folder)
        assert second_lock is None and isinstance(second_error, VaultInUseError)
        before = (vault.folder / "vault.db").read_bytes()
        controller = make_controller(vault.folder, startup_error=second_error)
        window = controller.unlock_window
        assert "already open in another window" in window.message_label.text()
        assert not window.unlock_button.isEnabled()
        assert (vault.folder / "vault.db").read_bytes() == before
    finally:
        first_lock.release()


def test_a_foreign_file_named_like_the_vault_is_refused_and_kept(
        qtbot, make_controller, data_dir: Path) -> None:
    data_dir.mkdir()
    foreign = data_dir / "vault.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE photos (name TEXT)")
    before = foreign.read_bytes()
    controller = make_controller(data_dir)
    assert controller.wizard is None
    assert "not a Shelter Desktop vault" in controller.unlock_window.message_label.text()
    controller.unlock_window.username_edit.setText("someone")
    controller.unlock_window.passphrase_field.setText("some passphrase here")
    controller.unlock_window.unlock_button.click()
    qtbot.waitUntil(lambda: controller.unlock_window.unlock_button.isEnabled(), timeout=5_000)
    assert "not a Shelter Desktop vault" in controller.unlock_window.message_label.text()
    assert foreign.read_bytes() == before


def test_crash_report_names_code_locations_but_never_the_message() -> None:
    secret = "Client Zoë Ivanenko lives at 12 Hidden Road"
    try:
        raise ValueError(secret)
    except ValueError:
        exc_type, _exc, tb = sys.exc_info()
        report = safe_report(exc_type, tb)
    assert "ValueError" in report
    assert "test_app_start.py" in report
    assert "Zoë" not in report and "Hidden" not in report
