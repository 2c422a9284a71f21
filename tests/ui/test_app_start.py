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


def test_a_damaged_page_met_while_reading_says_the_vault_is_damaged(qtbot, vault) -> None:
    """A read refused by SQLCipher (its page HMAC) is the damaged-vault condition, not a crash."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from shelter_desktop.services.clients import ClientService
    from shelter_desktop.storage.database import DatabaseError
    from shelter_desktop.ui.exception_hook import handle_exception
    from tests.ui.client_factory import add_client

    session = vault.unlock()
    try:
        client_id = add_client(session, "Page Test")
        session.vault.checkpoint()
        path = vault.folder / "vault.db"
        data = bytearray(path.read_bytes())
        for page in range(1, len(data) // 4096):  # every page but the first: reads now fail
            data[page * 4096 + 100] ^= 0xFF
        path.write_bytes(bytes(data))
        session.vault.connection.execute("PRAGMA cache_size = 0")
        try:
            ClientService(session).open(client_id)
        except DatabaseError as error:
            handle_exception(type(error), error, error.__traceback__)
        else:  # pragma: no cover - the flips must be noticed
            raise AssertionError("the damaged pages were read without error")
    finally:
        session.lock()
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "known_error_dialog"]
    assert boxes and "damaged" in boxes[-1].text()
    for box in boxes:
        box.close()
