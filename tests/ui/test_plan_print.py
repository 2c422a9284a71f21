"""The plan's print dialog: a preview from memory, the choices of one print, print and save.

Everything runs on a real vault; the PDFs are read back with PDFium. Nested dialogs (the print
dialog, the file dialog) are replaced by their answer; the cloud warning is answered by clicking
its real buttons.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton

from shelter_desktop import i18n
from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.plans import Action, Responsible
from shelter_desktop.reports import service_plan as sp
from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.audit_service import AuditService
from shelter_desktop.services.plans import NoPlanError, PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.plan.preview import page_count, render_page_image
from shelter_desktop.ui.plan.print_dialog import PlanPrintDialog, default_file_name
from tests.conftest import ORGANISATION, VaultFixture
from tests.ui.client_factory import add_client

LEGAL_NAME = "Josefina Quintero-Vale"
STAFF_PASSPHRASE = "a long staff passphrase here"


def add_plan(session: Session, client_id: str, goals: int = 1,
             words: str = "A safe room of my own.") -> None:
    service = PlanService(session)
    for _goal in range(goals):
        service.add_goal(client_id, GoalSeed(client_id, "housing", 1, None, None), words)
    plan = service.latest(client_id)
    assert plan is not None
    actions = tuple(Action(str(uuid.uuid4()), step, who, dt.date(2026, 12, 1))
                    for step, who in (("Visit two rooms", Responsible.CLIENT),
                                      ("Call the housing office", Responsible.CASEWORKER),
                                      ("Bring my ID", Responsible.CLIENT)))
    service.save_draft(dataclasses.replace(
        plan, goals=tuple(dataclasses.replace(goal, actions=actions) for goal in plan.goals)))


@pytest.fixture
def client_id(admin_session: Session) -> str:
    client = add_client(admin_session, "Amina", legal_name=LEGAL_NAME,
                        immigration_status="refugee_claimant")
    add_plan(admin_session, client)
    return client


def open_dialog(qtbot, session: Session, client_id: str,
                language: str | None = "en") -> PlanPrintDialog:
    dialog = PlanPrintDialog(session, client_id, language)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.shown_pdf is not None and dialog.pages_drawn == len(
        dialog.visible_pages()) or dialog.preview_message.isVisible(), timeout=5000)
    return dialog


def wait_for_new_preview(qtbot, dialog: PlanPrintDialog, change: Callable[[], None]) -> bytes:
    before = dialog.shown_pdf
    change()
    qtbot.waitUntil(lambda: dialog.shown_pdf is not before
                    and dialog.pages_drawn == len(dialog.visible_pages()), timeout=5000)
    assert dialog.shown_pdf is not None
    return dialog.shown_pdf


def text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def printed(session: Session, purpose: str | None = None) -> list[str]:
    """Details of the "plan printed" audit entries, read through the audit service."""
    entries = AuditService(session).entries(action=str(AuditAction.PLAN_PRINTED))
    details = [entry.detail for entry in sorted(entries, key=lambda e: e.seq)]
    return [d for d in details if purpose is None or f"purpose={purpose}" in d]


def dark_fraction(image: QImage) -> float:
    """Share of sampled pixels that are clearly not paper-white."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    samples = [gray.pixelColor(x, y).value() for y in range(0, gray.height(), 3)
               for x in range(0, gray.width(), 3)]
    return sum(1 for value in samples if value < 160) / len(samples)


def answer_cloud_warning(dialog: PlanPrintDialog, button: str, seen: list[str]) -> None:
    """Click ``button`` on the cloud warning once it is open (it runs its own event loop)."""
    def poll() -> None:
        box = dialog.cloud_warning
        if box is None or not box.isVisible():
            QTimer.singleShot(10, poll)
            return
        seen.append(box.text())
        box.findChild(QPushButton, button).click()
    QTimer.singleShot(0, poll)


def choose_files(monkeypatch, *paths: Path | str) -> list[str]:
    """The file dialog answers with ``paths`` in turn ("" = cancelled); returns what it offered."""
    answers = [str(p) for p in paths]
    offered: list[str] = []

    def get_save_file_name(_parent, _caption, directory, _filter, *args, **kwargs):
        offered.append(directory)
        return (answers.pop(0) if answers else "", "")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return offered


# -- the preview ---------------------------------------------------------------------------------


def test_the_preview_shows_every_page_of_the_plan(qtbot, admin_session: Session) -> None:
    client = add_client(admin_session, "Amina")
    add_plan(admin_session, client, goals=5)
    dialog = open_dialog(qtbot, admin_session, client)
    pages = dialog.visible_pages()
    assert dialog.shown_pdf is not None
    assert len(pages) == len(pypdfium2.PdfDocument(dialog.shown_pdf)) >= 2
    images = dialog.page_images()
    assert len(images) == len(pages)
    for image in images:
        assert 0.002 < dark_fraction(image) < 0.5  # text on paper, neither blank nor black
    # Fit to width: the page fills the viewport's width, less the gaps around it.
    viewport = dialog.preview_area.viewport().width()
    assert viewport - 3 * 12 <= pages[0].width() <= viewport
    assert dialog.page_position.text() == f"Page 1 of {len(pages)}"
    dialog.preview_area.verticalScrollBar().setValue(
        dialog.preview_area.verticalScrollBar().maximum())
    assert dialog.page_position.text() == f"Page {len(pages)} of {len(pages)}"
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert printed(admin_session, "preview") == [
        "version=1 purpose=preview lang=en"]


def test_the_document_language_defaults_to_the_clients_then_the_interface(
        qtbot, admin_session: Session, client_id: str) -> None:
    assert open_dialog(qtbot, admin_session, client_id, "uk").language_combo.currentData() == "uk"
    i18n.set_language("fr")
    assert open_dialog(qtbot, admin_session, client_id, None).language_combo.currentData() == "fr"
    assert open_dialog(qtbot, admin_session, client_id, "xx").language_combo.currentData() == "fr"
    dialog = open_dialog(qtbot, admin_session, client_id, None)
    codes = [dialog.language_combo.itemData(i) for i in range(dialog.language_combo.count())]
    assert codes[:len(i18n.SHIPPED_LANGUAGES)] == list(i18n.SHIPPED_LANGUAGES)
    assert dialog.language_combo.itemText(codes.index("ar")).startswith("العربية")


def test_another_language_renders_again_in_that_language(qtbot, admin_session: Session,
                                                        client_id: str) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    english_title = i18n.translator_for("en").gettext(sp.TITLE)
    french_title = i18n.translator_for("fr").gettext(sp.TITLE)
    assert french_title != english_title
    assert english_title in text(dialog.shown_pdf or b"")

    def choose_french() -> None:
        # A quick change of mind (Spanish, then French) makes one preview, not two.
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("es"))
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("fr"))
    french = text(wait_for_new_preview(qtbot, dialog, choose_french))
    assert french_title in french and english_title not in french
    assert i18n.translator_for("fr").gettext(sp.GOALS) in french
    assert [d.split()[-1] for d in printed(admin_session, "preview")] == ["lang=en", "lang=fr"]

    # Back to English: shown again from memory, not rendered (or audited) a second time.
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    qtbot.waitUntil(lambda: english_title in text(dialog.shown_pdf or b""), timeout=3000)
    assert len(printed(admin_session, "preview")) == 2


def test_a_second_language_prints_beside_the_first(qtbot, admin_session: Session,
                                                   client_id: str) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    second = [dialog.second_combo.itemData(i) for i in range(dialog.second_combo.count())]
    assert second[0] is None and dialog.second_combo.currentIndex() == 0  # "None" by default
    assert dialog.second_combo.itemText(0) == "None"
    assert "en" not in second and "fr" in second
    both = text(wait_for_new_preview(qtbot, dialog, lambda: dialog.second_combo.setCurrentIndex(
        dialog.second_combo.findData("fr"))))
    for code in ("en", "fr"):
        assert i18n.translator_for(code).gettext(sp.GOALS) in both
    assert dialog.current_options().second_language == "fr"
    # The same language cannot be both: choosing French first drops it from the second list.
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("fr"))
    assert dialog.second_combo.findData("fr") == -1
    assert dialog.current_options().second_language is None


def test_discreet_is_on_and_the_organisation_appears_only_when_turned_off(
        qtbot, admin_session: Session, client_id: str) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    assert dialog.discreet_check.isChecked()
    assert dialog.discreet_note.isVisible() and not dialog.organisation_warning.isVisible()
    discreet = dialog.shown_pdf or b""
    assert ORGANISATION not in text(discreet)
    assert ORGANISATION.encode() not in discreet
    assert "Canari" not in str(pypdfium2.PdfDocument(discreet).get_metadata_dict())

    open_pdf = text(wait_for_new_preview(qtbot, dialog,
                                         lambda: dialog.discreet_check.setChecked(False)))
    assert ORGANISATION in open_pdf  # the name the set-up wizard stored in the vault
    assert dialog.organisation_warning.isVisible()
    assert ORGANISATION in dialog.organisation_warning.text()
    assert not dialog.discreet_note.isVisible()
    dialog.discreet_check.setChecked(True)
    assert not dialog.organisation_warning.isVisible()


def test_restricted_items_only_when_ticked_and_never_remembered(
        qtbot, admin_session: Session, client_id: str) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    assert dialog.include_group.isVisible()
    checks = dialog.include_checks
    assert set(checks) == {"legal_name", "immigration_status"}
    assert not any(check.isChecked() for check in checks.values())
    plain = text(dialog.shown_pdf or b"")
    assert LEGAL_NAME not in plain and "Refugee claimant" not in plain

    included = text(wait_for_new_preview(qtbot, dialog,
                                         lambda: checks["legal_name"].setChecked(True)))
    assert LEGAL_NAME in included and "Refugee claimant" not in included
    included = text(wait_for_new_preview(qtbot, dialog,
                                         lambda: checks["immigration_status"].setChecked(True)))
    assert "Refugee claimant" in included
    dialog.close()

    again = open_dialog(qtbot, admin_session, client_id)
    assert not any(check.isChecked() for check in again.include_checks.values())
    assert LEGAL_NAME not in text(again.shown_pdf or b"")


def test_a_role_without_restricted_access_sees_no_include_choices(
        qtbot, vault: VaultFixture) -> None:
    vault.add_staff("intake", Role.INTAKE_WORKER, STAFF_PASSPHRASE)
    admin = vault.unlock()
    try:
        client = add_client(admin, "Mila", legal_name=LEGAL_NAME)
        add_plan(admin, client)
    finally:
        admin.lock()
    session = vault.unlock("intake", STAFF_PASSPHRASE)
    try:
        dialog = open_dialog(qtbot, session, client)
        assert dialog.include_group.isHidden()
        assert dialog.current_options().include == frozenset()
        # Intake workers may not print client records at all: said plainly, nothing shown.
        assert dialog.preview_message.isVisible() and dialog.preview_message.text()
        assert dialog.shown_pdf is None
        assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    finally:
        session.lock()


def test_without_a_plan_the_dialog_says_so(qtbot, admin_session: Session) -> None:
    client = add_client(admin_session, "Nadia")
    dialog = open_dialog(qtbot, admin_session, client)
    assert dialog.preview_message.isVisible()
    assert NoPlanError().user_message() in dialog.preview_message.text()
    assert dialog.preview_area.isHidden() and not dialog.page_position.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    dialog.save_plan()  # nothing to save, and nothing asked
    assert printed(admin_session) == []


# -- print and save ------------------------------------------------------------------------------


def test_print_paints_every_page_on_the_printer(qtbot, monkeypatch, admin_session: Session,
                                                tmp_path: Path) -> None:
    client = add_client(admin_session, "Amina")
    add_plan(admin_session, client, goals=5)
    dialog = open_dialog(qtbot, admin_session, client)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(96)
    output = tmp_path / "printer" / "out.pdf"
    output.parent.mkdir()
    printer.setOutputFileName(str(output))
    dialog.printer = printer
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(dialog.print_finished, timeout=10_000) as finished:
        dialog.print_button.click()
        # Painting runs on a worker; the window stays usable but cannot start a second job.
        assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
        assert dialog.status_line.text() == "Printing…"
    assert finished.args == [True]
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()

    pages = len(dialog.visible_pages())
    output_pdf = output.read_bytes()
    assert page_count(output_pdf) == pages
    for index in range(pages):
        assert 0.002 < dark_fraction(render_page_image(output_pdf, index, 0.5)) < 0.5
    assert printer.docName() == default_file_name().removesuffix(".pdf")
    assert dialog.status_line.text() == "Sent to the printer."
    assert printed(admin_session, "print") == ["version=1 purpose=print lang=en"]


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(72)
    printer.setOutputFileName(str(path))
    return printer


def test_a_printer_that_fails_says_so(qtbot, monkeypatch, admin_session: Session,
                                      client_id: str, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    dialog.printer = pdf_printer(tmp_path / "no such folder" / "out.pdf")
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(dialog.print_finished, timeout=10_000) as finished:
        dialog.print_plan()
    assert finished.args == [False]
    assert dialog.status_line.text().startswith("The printer could not be reached.")
    assert dialog.print_button.isEnabled()


def test_print_to_a_file_in_a_synced_folder_warns_first(
        qtbot, monkeypatch, admin_session: Session, client_id: str, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    (tmp_path / "Dropbox").mkdir()
    dialog.printer = pdf_printer(tmp_path / "Dropbox" / "out.pdf")
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    seen: list[str] = []
    answer_cloud_warning(dialog, "choose_another_place", seen)
    dialog.print_plan()
    assert len(seen) == 1 and not (tmp_path / "Dropbox" / "out.pdf").exists()
    assert printed(admin_session, "print") == []


def test_a_cancelled_print_prints_nothing(qtbot, monkeypatch, admin_session: Session,
                                          client_id: str) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    dialog.printer = QPrinter()
    dialog.print_plan()
    assert printed(admin_session, "print") == []


def test_save_writes_the_plan_where_chosen_with_a_neutral_name(
        qtbot, monkeypatch, admin_session: Session, client_id: str, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    chosen = tmp_path / "usb" / "plan.pdf"
    chosen.parent.mkdir()
    offered = choose_files(monkeypatch, chosen)
    dialog.save_button.click()
    suggested = Path(offered[0]).name
    assert suggested == f"plan-{dt.date.today().isoformat()}.pdf"
    assert "Amina" not in suggested
    assert sorted(p.name for p in chosen.parent.iterdir()) == ["plan.pdf"]
    assert i18n.translator_for("en").gettext(sp.TITLE) in text(chosen.read_bytes())
    assert dialog.status_line.text() == "Saved as plan.pdf."
    assert printed(admin_session, "save") == ["version=1 purpose=save lang=en"]


def test_a_synced_folder_warns_and_another_place_writes_nothing(
        qtbot, monkeypatch, admin_session: Session, client_id: str, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    dropbox = tmp_path / "home" / "Dropbox" / "Clients"
    dropbox.mkdir(parents=True)
    choose_files(monkeypatch, dropbox / "plan.pdf", "")  # then the person cancels
    seen: list[str] = []
    answer_cloud_warning(dialog, "choose_another_place", seen)
    dialog.save_plan()
    assert len(seen) == 1 and "Dropbox" in seen[0]
    assert list((tmp_path / "home").rglob("*.pdf")) == []
    assert printed(admin_session, "save") == []


def test_save_anyway_writes_into_the_synced_folder(qtbot, monkeypatch, admin_session: Session,
                                                   client_id: str, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    onedrive = tmp_path / "OneDrive - Maison" / "Documents"
    onedrive.mkdir(parents=True)
    choose_files(monkeypatch, onedrive / "plan.pdf")
    seen: list[str] = []
    answer_cloud_warning(dialog, "save_anyway", seen)
    dialog.save_plan()
    assert len(seen) == 1 and "OneDrive" in seen[0]
    assert (onedrive / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert len(printed(admin_session, "save")) == 1


def test_another_place_asks_again_and_saves_there(qtbot, monkeypatch, admin_session: Session,
                                                  client_id: str, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    synced = tmp_path / "Google Drive"
    synced.mkdir()
    safe = tmp_path / "usb"
    safe.mkdir()
    offered = choose_files(monkeypatch, synced / "plan.pdf", safe / "plan.pdf")
    answer_cloud_warning(dialog, "choose_another_place", [])
    dialog.save_plan()
    assert len(offered) == 2
    assert not (synced / "plan.pdf").exists() and (safe / "plan.pdf").exists()
    assert len(printed(admin_session, "save")) == 1


def test_every_preview_print_and_save_is_audited(qtbot, monkeypatch, admin_session: Session,
                                                 client_id: str, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    wait_for_new_preview(qtbot, dialog, lambda: dialog.discreet_check.setChecked(False))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(72)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.printer = printer
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(dialog.print_finished, timeout=10_000):
        dialog.print_plan()
    choose_files(monkeypatch, tmp_path / "saved.pdf")
    dialog.save_plan()
    purposes = [detail.split()[1] for detail in printed(admin_session)]
    assert purposes == ["purpose=preview", "purpose=preview", "purpose=print", "purpose=save"]
    assert all(entry.record_id == client_id for entry in AuditService(admin_session).entries(
        action=str(AuditAction.PLAN_PRINTED)))


def test_closing_forgets_the_rendered_plan(qtbot, admin_session: Session,
                                           client_id: str) -> None:
    dialog = open_dialog(qtbot, admin_session, client_id)
    dialog.close()
    assert dialog.shown_pdf is None and dialog.page_images() == []


def test_the_cloud_warning_names_its_buttons(qtbot, monkeypatch, admin_session: Session,
                                             client_id: str, tmp_path: Path) -> None:
    """The warning's buttons say what they do, and choosing another place is the default."""
    dialog = open_dialog(qtbot, admin_session, client_id)
    (tmp_path / "Box").mkdir()
    choose_files(monkeypatch, tmp_path / "Box" / "plan.pdf")
    texts: list[tuple[str, str, bool]] = []

    def look() -> None:
        box = dialog.cloud_warning
        if box is None or not box.isVisible():
            QTimer.singleShot(10, look)
            return
        for name in ("save_anyway", "choose_another_place"):
            button = box.findChild(QPushButton, name)
            texts.append((name, button.text(), box.defaultButton() is button))
        box.reject()  # Escape: the same as choosing another place
    QTimer.singleShot(0, look)
    dialog.save_plan()
    assert texts == [("save_anyway", "Save anyway", False),
                     ("choose_another_place", "Choose another place", True)]
    assert not (tmp_path / "Box" / "plan.pdf").exists()
    assert dialog.cloud_warning is None
