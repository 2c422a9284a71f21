"""The main screens in the pseudo-locale: ``.venv/bin/python scripts/pseudo_screenshots.py``.

Every text is accented, about 40% longer and wrapped in ``[ ]`` (``shelter_desktop.tools.pseudo``),
so in each picture a missing ``]`` is a clipped text and plain English is a string that is not
translatable. Drives the real windows offscreen on a throwaway vault (fast key derivation, invented
clients) and saves to docs/screenshots/:

- ``pseudo-setup-welcome.png``, ``pseudo-setup-organisation.png``,
  ``pseudo-setup-administrator.png``, ``pseudo-setup-recovery.png``: the set-up wizard;
- ``pseudo-unlock.png``: the unlock window;
- ``pseudo-main.png``, ``pseudo-main-1024.png``: the main window, client list and a record
  open, and the same on a 1024-pixel-wide screen;
- ``pseudo-intake-first-contact.png``, ``pseudo-intake-experience.png``,
  ``pseudo-intake-dependants.png``: the intake window, half-filled;
- ``pseudo-assessment-form.png``: the needs assessment form;
- ``pseudo-needs-history.png``: the record's Needs tab (table and chart);
- ``pseudo-record-consents.png``: the record's Consents tab;
- ``pseudo-settings.png``: the settings dialog (region for dates and numbers).

Look at every picture after a change to any of these screens (ux.md: nothing clips at +40%).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SHELTER_DESKTOP_KDF"] = "fast"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import assessment_screenshots  # noqa: E402
import client_screenshots  # noqa: E402
import intake_screenshots  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from shelter_desktop import i18n  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.tools import pseudo  # noqa: E402
from shelter_desktop.ui import language  # noqa: E402
from shelter_desktop.ui.assessment.assessment_form import AssessmentForm  # noqa: E402
from shelter_desktop.ui.controller import AppController  # noqa: E402
from shelter_desktop.ui.fonts import install_fallbacks  # noqa: E402
from shelter_desktop.ui.intake.intake_window import (  # noqa: E402
    DEPENDANTS_PAGE,
    EXPERIENCE_PAGE,
    FIRST_CONTACT_PAGE,
)

OUT = ROOT / "docs" / "screenshots"
PASSPHRASE = "quiet river behind the old mill"


def settle() -> None:
    for _round in range(5):
        QApplication.processEvents()
        QTest.qWait(20)


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        QTest.qWait(20)


def save(widget: QWidget, name: str) -> None:
    settle()
    path = OUT / f"pseudo-{name}.png"
    widget.grab().save(str(path))
    print(path)


def setup_and_unlock(folder: Path) -> None:
    """The wizard's four pages, then the unlock window after locking."""
    controller = AppController(folder)
    controller.start()
    wizard = controller.wizard
    assert wizard is not None
    save(wizard, "setup-welcome")
    wizard.next()
    wizard.organisation_page.name_edit.setText("Maison Étoile")
    save(wizard, "setup-organisation")
    wizard.next()
    page = wizard.administrator_page
    page.username_edit.setText("director")
    page.display_name_edit.setText("Nadia")
    page.passphrase_form.first_field.setText(PASSPHRASE)
    page.passphrase_form.second_field.setText(PASSPHRASE)
    save(wizard, "setup-administrator")
    wizard.next()
    wait_for(lambda: wizard.currentPage() is wizard.recovery_page)
    save(wizard, "setup-recovery")
    wizard.recovery_page.confirm_edit.setText(wizard.recovery_page.code.split("-")[2])
    wizard.accept()
    wait_for(lambda: controller.main_window is not None)
    controller.lock()
    save(controller.unlock_window, "unlock")
    controller.unlock_window.close()
    controller.shutdown()


def main_window_and_forms(folder: Path) -> None:
    """Main window with clients and a record; intake, assessment form, Needs tab, settings."""
    session = vault_service.unlock(folder, "director", PASSPHRASE)
    ids = client_screenshots.add_demo_clients(session)
    assessed = assessment_screenshots.add_client(session)
    session.lock()

    controller = AppController(folder)
    controller.start()
    controller.on_unlocked(vault_service.unlock(folder, "director", PASSPHRASE))
    window = controller.main_window
    assert window is not None and controller.session is not None
    window.resize(1280, 800)
    window.open_client(ids["Zoë Martin"])
    save(window, "main")
    window.resize(1024, 700)  # the smallest laptop screen in use
    save(window, "main-1024")
    window.resize(1280, 800)

    window.open_client(assessed)
    record = window.record_view
    record.tabs.setCurrentWidget(record.needs_tab)
    if record.needs_view is not None:
        record.needs_view.show_corrected_check.setChecked(True)
    save(window, "needs-history")
    record.tabs.setCurrentWidget(record.consents_table)
    save(window, "record-consents")

    controller.start_intake()
    intake = controller.intake_window
    assert intake is not None
    intake_screenshots.fill(intake)
    intake.go_to_page(FIRST_CONTACT_PAGE)
    save(intake, "intake-first-contact")
    intake.go_to_page(EXPERIENCE_PAGE)
    save(intake, "intake-experience")
    intake.go_to_page(DEPENDANTS_PAGE)
    intake.dependants_page.add_button.click()
    save(intake, "intake-dependants")
    intake.close()

    form = AssessmentForm(controller.session, assessed, client_name="Zoë Martin")
    form.resize(1040, 820)
    form.show()
    for key, value in (("safety", "4"), ("housing", "4"), ("health", "3")):
        next(p for p in form.pickers if p.domain.key == key).choose(value)
    form.pickers[2].note_edit.setPlainText("Dentist appointment on the 14th")
    form.go_to(2)
    form.focus_domain()
    save(form, "assessment-form")
    form.close()

    controller.show_settings()
    settle()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "settings_dialog" and w.isVisible())
    save(dialog, "settings")
    dialog.close()
    controller.lock()
    controller.shutdown()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pseudo.write_pseudo_catalog()
    i18n.reload_catalogs()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    language.install()
    install_fallbacks(app.font().family())
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    if i18n.current().code != i18n.PSEUDO_LANGUAGE:
        raise SystemExit("the pseudo catalog could not be loaded")
    folder = Path(tempfile.mkdtemp())
    try:
        setup_and_unlock(folder / "data")
        main_window_and_forms(folder / "data")
    finally:
        i18n.set_language("en")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
