"""Preview, print and "Save as PDF" leave no copy of the plan anywhere but where the person chose
(security.md, "No plaintext copies"; architecture.md, "PDF and printing").

The plan carries canary strings (random for each run, in several scripts) in its goals and
actions. The temp folder, the config, cache and data folders of this run point into
``tmp_path``; the real dialog previews the plan in two languages, prints it to a PDF printer and
saves it, both into a "chosen" folder. Then every file outside that folder is searched for each
canary, in UTF-8, UTF-16 (both byte orders) and Latin-1, inside inflated PDF streams and in the
text PDFium extracts from anything that looks like a PDF. Files the system temp folder gained
during the test are searched too, in case something ignores ``TMPDIR``. The saved PDF must hold
the canaries (the same search finds them there), so the test can fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tempfile
import time
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import QDir
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from shelter_desktop.domain.plans import Action, Objective, Responsible
from shelter_desktop.services.assessments import GoalSeed
from shelter_desktop.services.plans import PlanService
from shelter_desktop.services.session import Session
from shelter_desktop.ui.plan.print_dialog import PlanPrintDialog
from tests.conftest import VaultFixture
from tests.ui.client_factory import add_client

RUN = uuid.uuid4().hex[:10].upper()
# Canaries that PDF text extraction reads back exactly (Latin, Cyrillic) prove the search works;
# the others (Arabic, Chinese) are only searched for.
READABLE = (f"CANARYGOAL{RUN}", f"CANARYSTEP{RUN}", f"Канарейка{RUN}")
CANARIES = (*READABLE, f"كناري{RUN}", f"金丝雀{RUN}")
MAX_FILE_BYTES = 64 * 1024 * 1024


def forms(canary: str) -> list[bytes]:
    found = [canary.encode("utf-8"), canary.encode("utf-16-le"), canary.encode("utf-16-be")]
    try:
        found.append(canary.encode("latin-1"))
    except UnicodeEncodeError:
        pass
    return found


def _pdf_texts(data: bytes) -> Iterator[bytes | str]:
    """Inflated streams and extracted text of a PDF (or of anything that holds one)."""
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue
    if b"%PDF" in data:
        try:
            document = pypdfium2.PdfDocument(data[data.index(b"%PDF"):])
            yield "\n".join(page.get_textpage().get_text_range() for page in document)
        except pypdfium2.PdfiumError:
            pass


def canaries_in(data: bytes) -> set[str]:
    found = {c for c in CANARIES if any(form in data for form in forms(c))}
    for text in _pdf_texts(data):
        if isinstance(text, str):
            found |= {c for c in CANARIES if c in text}
        else:
            found |= {c for c in CANARIES if any(form in text for form in forms(c))}
    return found


def files_under(folder: Path, since: float | None = None) -> Iterator[Path]:
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if not path.is_file() or info.st_size > MAX_FILE_BYTES:
                continue
            if since is None or info.st_mtime >= since:
                yield path


def leaks(folder: Path, *, skip: Path | None = None,
          since: float | None = None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in files_under(folder, since):
        if skip is not None and path.is_relative_to(skip):
            continue
        try:
            data = path.read_bytes()
        except OSError:  # another process's private file, or one deleted meanwhile
            continue
        hits = canaries_in(data)
        if hits:
            found[str(path)] = hits
    return found


@pytest.fixture
def watched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This run's temp, config, cache and data folders, all inside ``tmp_path/watched``."""
    folder = tmp_path / "watched"
    for name in ("tmp", "config", "cache", "share", "home"):
        (folder / name).mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(folder / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(folder / "tmp"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "share"))
    monkeypatch.setenv("HOME", str(folder / "home"))
    yield folder


def add_canary_plan(session: Session, client_id: str) -> None:
    service = PlanService(session)
    seed = GoalSeed(client_id, "housing", 1, None, None)
    for words in (f"I want {CANARIES[0]} and a room", f"Мій дім {CANARIES[2]}",
                  f"أريد {CANARIES[3]} غرفة", f"我想要{CANARIES[4]}"):
        service.add_goal(client_id, seed, words)
    plan = service.latest(client_id)
    assert plan is not None
    goals = tuple(dataclasses.replace(goal, objectives=(
        Objective(str(uuid.uuid4()), f"Objective {CANARIES[1]}", dt.date(2026, 12, 20)),),
        actions=(Action(str(uuid.uuid4()), f"Step {CANARIES[1]}", Responsible.CLIENT,
                        dt.date(2026, 12, 1)),)) for goal in plan.goals)
    service.save_draft(dataclasses.replace(plan, goals=goals))


def test_preview_print_and_save_leave_no_copy_of_the_plan(
        qtbot, monkeypatch: pytest.MonkeyPatch, vault: VaultFixture, watched: Path,
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    started = time.time() - 1
    system_temp = Path("/tmp")
    assert tempfile.gettempdir() == str(watched / "tmp")
    assert Path(QDir.tempPath()) == watched / "tmp"  # Qt reads TMPDIR too
    chosen = tmp_path / "chosen"
    chosen.mkdir()

    session = vault.unlock()
    try:
        client_id = add_client(session, "Amina")
        add_canary_plan(session, client_id)

        dialog = PlanPrintDialog(session, client_id, "en")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.shown_pdf is not None
                        and dialog.pages_drawn == len(dialog.visible_pages()), timeout=5000)
        first = dialog.shown_pdf
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("uk"))
        dialog.second_combo.setCurrentIndex(dialog.second_combo.findData("ar"))
        qtbot.waitUntil(lambda: dialog.shown_pdf is not first
                        and dialog.pages_drawn == len(dialog.visible_pages()), timeout=5000)

        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(96)
        printer.setOutputFileName(str(chosen / "printed.pdf"))
        dialog.printer = printer
        monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
        with qtbot.waitSignal(dialog.print_finished, timeout=10_000) as finished:
            dialog.print_plan()
        assert finished.args == [True]
        assert (chosen / "printed.pdf").stat().st_size > 0

        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
        dialog.second_combo.setCurrentIndex(0)
        dialog.refresh_preview()
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
            lambda *_args, **_kwargs: (str(chosen / "saved.pdf"), "")))
        dialog.save_plan()
        dialog.close()
    finally:
        session.lock()

    # The search works: the saved plan holds the canaries, and so the text of the plan.
    saved = (chosen / "saved.pdf").read_bytes()
    assert set(READABLE) <= canaries_in(saved)
    assert f"I want {CANARIES[0]} and a room" in "".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(saved))

    # Nothing else anywhere holds one: not the temp folder, config, cache, the vault's folder.
    assert leaks(tmp_path, skip=chosen) == {}
    assert any(files_under(vault.folder)), "the data folder was searched"
    # Nor the system temp folder, for anything that ignored TMPDIR (this session's pytest
    # folders aside: they hold this test's chosen folder).
    if system_temp.is_dir():
        assert leaks(system_temp, skip=tmp_path_factory.getbasetemp(), since=started) == {}
