"""Screenshots of backups and restore: ``.venv/bin/python scripts/backup_screenshots.py``.

Makes a throwaway vault (fast key derivation), takes a real backup into a temporary folder and
restores it into another, and saves to docs/screenshots/, in English and Arabic:

- ``backup-dialog-<lang>.png``: "Back up now" after the file was written;
- ``backup-reminder-<lang>.png``: the main window with the reminder bar (no backup yet);
- ``backup-settings-<lang>.png``: the settings dialog with the two backup numbers;
- ``backup-welcome-<lang>.png``: the wizard's first page with "Restore from a backup" chosen;
- ``backup-restore-<lang>.png``: the set-up wizard's restore page, a file and a code filled in;
- ``backup-restored-<lang>.png``: the wizard's last page after a real restore.

Look at every picture after a change to these windows.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from shotkit import PASSPHRASE, save, settle, start_app, throwaway_vault

from shelter_desktop import i18n
from shelter_desktop.services import backup
from shelter_desktop.services.backup import BackupService
from shelter_desktop.services.session import Session
from shelter_desktop.services.settings_service import SettingsService
from shelter_desktop.ui.backup_dialog import BackupDialog
from shelter_desktop.ui.main_window import MainWindow
from shelter_desktop.ui.settings_dialog import SettingsDialog
from shelter_desktop.ui.setup_wizard import SetupWizard

LANGUAGES = ("en", "ar")
# Shown typed on the restore page only; the real restore below uses the passphrase.
SAMPLE_CODE = "K7QM2-PX4DT-9HVRW-C3NZB-LF6YA-TE8JU"


def wait_for(condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        settle()
    raise RuntimeError("timed out")


def shoot_main(session: Session, code: str) -> None:
    window = MainWindow(session)
    window.resize(1000, 560)
    window.show()
    save(window, f"backup-reminder-{code}.png")
    window.close()
    window.deleteLater()


def shoot_dialog(session: Session, code: str, folder: Path) -> Path:
    dialog = BackupDialog(BackupService(session))
    dialog.folder = folder
    dialog._show_folder()
    dialog.show()
    dialog.start()
    wait_for(lambda: not dialog.running)
    save(dialog, f"backup-dialog-{code}.png")
    dialog.close()
    dialog.deleteLater()
    return sorted(folder.glob("*.sdbk"))[-1]


def shoot_settings(session: Session, code: str) -> None:
    dialog = SettingsDialog(SettingsService(session))
    dialog.show()
    save(dialog, f"backup-settings-{code}.png")
    dialog.close()
    dialog.deleteLater()


def shoot_wizard(code: str, backup_path: Path, scratch: Path) -> None:
    wizard = SetupWizard(scratch / f"laptop-{code}")
    wizard.welcome_page.select(code)
    wizard.show()
    wizard.welcome_page.restore_radio.setChecked(True)
    save(wizard, f"backup-welcome-{code}.png")
    wizard.next()
    page = wizard.restore_page
    page.file_edit.setText(str(backup_path))
    page.code_edit.setText(SAMPLE_CODE)
    save(wizard, f"backup-restore-{code}.png")
    page.with_passphrase.setChecked(True)
    page.username_edit.setText("director")
    page.passphrase_field.setText(PASSPHRASE)
    wizard.next()
    wait_for(lambda: wizard.currentPage() is wizard.restored_page)
    save(wizard, f"backup-restored-{code}.png")
    wizard.hide()
    wizard.deleteLater()


def main() -> None:
    start_app()
    scratch = Path(tempfile.mkdtemp())
    try:
        with throwaway_vault() as (_folder, session):
            for code in LANGUAGES:
                i18n.set_language(code)
                shoot_main(session, code)
                backup_path = shoot_dialog(session, code, scratch / "usb")
                shoot_settings(session, code)
                shoot_wizard(code, backup_path, scratch)
                # The next language's reminder shows "no backup yet" again.
                with session.write():
                    session.vault.settings.set(backup.LAST_KEY, "", session.account.id)
        i18n.set_language("en")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
