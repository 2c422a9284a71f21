"""Screenshots of the client list and record: ``.venv/bin/python scripts/client_screenshots.py``.

Fills a throwaway vault (fast key derivation) with demo clients whose names come from many
scripts, opens the main window offscreen and saves to docs/screenshots/:

- ``client-list-en.png``: the main window, list on the left, a record open on the right;
- ``client-record-en.png``: the record alone, with the safe-contact line and alerts;
- ``client-list-rtl.png``: the same window mirrored as for Arabic or Persian.

The names are invented. Nothing here touches a real vault.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SHELTER_DESKTOP_KDF"] = "fast"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from shelter_desktop import i18n  # noqa: E402
from shelter_desktop.domain.answers import Answer, Answers  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.clients import ClientService  # noqa: E402
from shelter_desktop.services.session import Session  # noqa: E402
from shelter_desktop.ui import language  # noqa: E402
from shelter_desktop.ui.controller import AppController  # noqa: E402
from shelter_desktop.ui.fonts import install_fallbacks  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSPHRASE = "quiet river behind the old mill"

# (name to use, reading language, extra answers)
DEMO_CLIENTS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("Zoë Martin", "fr", {"aliases": "Zee", "contact_channels": ["text", "in_person"],
                          "safe_times": "after 6 pm", "code_word": "lantern",
                          "date_of_birth": "1994-03", "device_monitored": "unsure"}),
    ("Іванна Коваль", "uk", {"date_of_birth": "1989", "dependants_count": 2}),
    ("فاطمة الزهراء", "ar", {"aliases": "Fatima", "date_of_birth": "2001-07-15"}),
    ("王芳", "zh_Hans", {"date_of_birth": "1997-11-02"}),
    ("김민지", "ko", {"under_18": "yes"}),
    ("Maria Santos", "fil", {"contact_channels": ["call"], "may_name_organisation": "yes"}),
    ("ਹਰਪ੍ਰੀਤ ਕੌਰ", "pa", {"date_of_birth": "1992"}),
    ("Ana López", "es", {"aliases": "Anita", "dependants_count": 1}),
    ("سارا رضایی", "fa", {"date_of_birth": "1999-01-20"}),
)


def first_contact(name: str, reading: str, extra: dict[str, object]) -> Answers:
    answers: Answers = {
        "name_to_use": Answer.of(name),
        "name_quality": Answer.of("partial"),
        "spoken_languages": Answer.of(i18n.english_name(reading)),
        "reading_language": Answer.of(reading),
        "interpreter_used": Answer.of("no"),
        "contact_channels": Answer.of([]),
        "may_name_organisation": Answer.of("no"),
        "consent_collect": Answer.of("given"),
        "confidentiality_explained": Answer.of("yes"),
    }
    answers.update({key: Answer.of(value) for key, value in extra.items()})
    return answers


def add_demo_clients(session: Session) -> dict[str, str]:
    """Create the demo clients; one has a consent about to expire (a red alert)."""
    service = ClientService(session)
    ids = {}
    long_ago = dt.date.today() - dt.timedelta(days=715)  # consent ends in about two weeks
    for index, (name, reading, extra) in enumerate(DEMO_CLIENTS):
        today = long_ago if index == 0 else None
        ids[name] = service.create_from_first_contact(first_contact(name, reading, extra),
                                                      today=today)
    service.close(ids["سارا رضایی"], dt.date.today(), "Moved to second-stage housing")
    return ids


def settle(app: QApplication) -> None:
    for _round in range(5):
        app.processEvents()
        QTest.qWait(20)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    language.install()
    install_fallbacks(app.font().family())
    i18n.set_language("en")
    folder = Path(tempfile.mkdtemp()) / "data"
    admin = vault_service.NewAdministrator("director", "Nadia", PASSPHRASE)
    session, _code = vault_service.set_up_vault(folder, "Maison Étoile", admin)
    ids = add_demo_clients(session)
    session.lock()

    controller = AppController(folder)
    controller.start()
    controller.on_unlocked(vault_service.unlock(folder, "director", PASSPHRASE))
    window = controller.main_window
    assert window is not None
    window.resize(1280, 800)
    window.open_client(ids["Zoë Martin"])
    settle(app)
    window.grab().save(str(OUT / "client-list-en.png"))
    window.record_view.grab().save(str(OUT / "client-record-en.png"))

    i18n.set_language("ar")  # the Arabic interface, mirrored
    settle(app)
    window.grab().save(str(OUT / "client-list-rtl.png"))
    language.apply_language(i18n.current())
    controller.lock()
    controller.shutdown()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
