"""The import dialog, driven with real files on a real vault."""

from __future__ import annotations

import codecs
from pathlib import Path

from PySide6.QtCore import Qt

from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.import_dialog import ImportDialog

HEADER = "name_to_use\tpreferred_language\tdate_of_birth\r\n"


def unicode_text_file(folder: Path, rows: list[str], name: str = "clients.txt") -> Path:
    """As Excel saves "Unicode text": UTF-16 LE with a byte-order mark, tab-separated."""
    path = folder / name
    path.write_bytes(codecs.BOM_UTF16_LE + (HEADER + "".join(rows)).encode("utf-16-le"))
    return path


def many_rows(count: int) -> list[str]:
    names = ["Amira", "李静", "Олена", "ਹਰਪ੍ਰੀਤ", "María", "김민지"]
    return [f"{names[i % 6]} {i}\ten\t19{60 + i % 40}\r\n" for i in range(count)]


def make_dialog(qtbot, session: Session) -> ImportDialog:
    dialog = ImportDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_import_shows_progress_to_the_end_and_the_count(qtbot, admin_session: Session,
                                                        tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, admin_session)
    assert not dialog.import_button.isEnabled()  # no file yet
    dialog.set_path(unicode_text_file(tmp_path, many_rows(1_000)))
    qtbot.mouseClick(dialog.consent_check, Qt.MouseButton.LeftButton)
    assert dialog.consent_check.isChecked()
    values: list[int] = []
    dialog.progress_bar.valueChanged.connect(values.append)
    with qtbot.waitSignal(dialog.clients_imported, timeout=30_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.is_running and dialog.cancel_button.isEnabled()
        assert not dialog.close_button.isEnabled()
    assert imported.args == [1_000]
    assert dialog.progress_bar.maximum() == 1_000
    assert dialog.progress_bar.value() == 1_000
    assert len([v for v in values if 0 < v < 1_000]) >= 3  # it moved on the way
    assert dialog.status_label.text() == "Imported 1000 clients."
    assert dialog.problems_edit.isHidden()
    assert dialog.import_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert ClientService(admin_session).count() == 1_000


def test_a_bad_file_lists_its_problems_and_imports_nothing(qtbot, admin_session: Session,
                                                           tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, admin_session)
    rows = ["Amira\tar\t1994-03\r\n", "Jing\tzh_Hans\t12/03/1988\r\n", "\tfr\t1990\r\n"]
    dialog.set_path(unicode_text_file(tmp_path, rows))
    dialog.consent_check.setChecked(True)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=30_000)
    assert dialog.problems_edit.isVisible()
    assert dialog.problems_edit.isReadOnly()
    assert dialog.problems_edit.toPlainText().splitlines() == [
        "Row 3, column date_of_birth: Enter a date as year-month-day, or just the year or year "
        "and month.",
        "Row 4, column name_to_use: Please enter a name to use.",
    ]
    assert dialog.status_label.text() == "Nothing was imported: 2 problems were found."
    assert dialog.progress_bar.value() == 0
    assert ClientService(admin_session).count() == 0


def test_without_the_consent_box_the_file_must_say_so(qtbot, admin_session: Session,
                                                      tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, admin_session)
    dialog.set_path(unicode_text_file(tmp_path, ["Amira\tar\t1994\r\n"]))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=30_000)
    assert "Row 1, column consent_collect: Add this column, or confirm that consent" in (
        dialog.problems_edit.toPlainText())
    assert ClientService(admin_session).count() == 0


def test_cancel_stops_before_anything_is_saved(qtbot, admin_session: Session,
                                               tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, admin_session)
    dialog.set_path(unicode_text_file(tmp_path, many_rows(5_000)))
    dialog.consent_check.setChecked(True)
    dialog.import_button.click()
    dialog.cancel_button.click()  # the worker is still checking the first rows
    assert not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=30_000)
    assert dialog.status_label.text() == "The import was cancelled. Nothing was imported."
    assert ClientService(admin_session).count() == 0
    dialog.import_button.click()  # and it can run again
    qtbot.waitUntil(lambda: not dialog.is_running, timeout=30_000)
    assert ClientService(admin_session).count() == 5_000


def test_closing_while_running_cancels_and_waits(qtbot, admin_session: Session,
                                                 tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, admin_session)
    dialog.set_path(unicode_text_file(tmp_path, many_rows(5_000)))
    dialog.consent_check.setChecked(True)
    dialog.import_button.click()
    dialog.reject()  # Escape: cancels, does not close
    assert dialog.isVisible()
    dialog.done(0)  # what locking the app does: waits for the rollback, then closes
    assert not dialog.isVisible()
    assert ClientService(admin_session).count() == 0
    qtbot.wait(50)  # the worker's late result must not touch the closed dialog
