"""Figure: the plan's print preview, page 1 shown (docs/performance.md: ≤ 200 ms).

The app as a caseworker has it: unlocked on a copy of the cached synthetic vault (1k clients,
``bench/datasets.py``). Two rows: the longest demo plan in a Latin script and the longest in a
shaped script (Arabic, Persian or Punjabi), each printed in the client's reading language. Each
sample
opens ``PlanPrintDialog`` the way the Plan tab's Print button does and is timed from the
constructor until page 1 of the preview has painted: the plan read from the vault, the PDF made
in memory in the client's reading language (``PlanPrinting.render``, audited), rendered by
PDFium into an image and painted. The dialog is closed (untimed) after each sample.

Floor: the same PDF bytes, already made, rendered by PDFium at the same scale into an image set
on a bare ``QLabel`` that is shown and painted: what any viewer pays to show a page. Target is
absolute (200 ms); the ratio says what reading the plan and making the PDF add.
"""

from __future__ import annotations

import time
from typing import Any

from bench import datasets
from bench.registry import Figure, HarnessError, Options, Target, interleaved, register

NAME = "Plan preview, page 1 shown"
SHAPED = ("ar", "fa", "pa")
LATIN = ("en", "fr", "es", "fil")
TARGET_MS = 200.0


def plan_clients(session: Any) -> list[tuple[str, str, str | None]]:
    """(row name, client id, reading language): the longest plan in a Latin script, and the
    longest in a shaped script (Arabic, Persian or Punjabi), among the first 500 clients."""
    from shelter_desktop.services.clients import ClientService
    from shelter_desktop.services.plans import PlanService

    plans = PlanService(session)
    clients = ClientService(session)
    best: dict[str, tuple[int, str, str | None]] = {}
    for summary in clients.summaries(clients.list_ids()[:500]):
        latest = plans.latest(summary.id)
        if latest is None or not latest.goals:
            continue
        kind = "shaped" if summary.reading_language in SHAPED else "latin"
        if kind == "latin" and summary.reading_language not in LATIN:
            continue
        size = sum(1 + len(goal.actions) + len(goal.objectives) for goal in latest.goals)
        if size > best.get(kind, (-1, "", None))[0]:
            best[kind] = (size, summary.id, summary.reading_language)
    if set(best) != {"latin", "shaped"}:
        raise HarnessError("the demo clients lack a plan in a Latin or a shaped script")
    return [(f"{NAME} (Latin)", best["latin"][1], best["latin"][2]),
            (f"{NAME} (shaped script)", best["shaped"][1], best["shaped"][2])]


@register("plan-preview", default_repeat=15)
def plan_preview(options: Options) -> list[Figure]:
    from bench import appkit
    from bench.clients import Vaults

    vaults = Vaults.of(datasets.SIZES[0])
    appkit.application()
    session = vaults.unlock()
    try:
        return [_plan_preview(session, options, name, client_id, language)
                for name, client_id, language in plan_clients(session)]
    finally:
        session.lock()


def _plan_preview(session: Any, options: Options, name: str, client_id: str,
                  language: str | None) -> Figure:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QLabel

    from bench import appkit
    from shelter_desktop.ui.plan.preview import render_page_image
    from shelter_desktop.ui.plan.print_dialog import PlanPrintDialog

    shown: dict[str, Any] = {}

    def subject() -> float:
        started = time.perf_counter()
        dialog = PlanPrintDialog(session, client_id, language)
        dialog.show()
        appkit.wait_until(lambda: dialog.pages_drawn >= 1, "page 1 of the preview")
        page = dialog.visible_pages()[0]
        watcher = appkit.PaintWatcher(page)
        page.repaint()  # paint now (offscreen paints on demand)
        appkit.wait_until(lambda: watcher.paints > 0, "page 1 painted")
        elapsed = time.perf_counter() - started
        watcher.remove()
        shown["pdf"], shown["scale"] = dialog.shown_pdf, dialog._scale
        dialog.done(0)
        dialog.deleteLater()
        appkit.settle()
        return elapsed

    label = QLabel()

    def floor() -> float:
        pdf, scale = shown["pdf"], shown["scale"]
        started = time.perf_counter()
        label.setPixmap(QPixmap.fromImage(render_page_image(pdf, 0, scale)))
        label.show()
        watcher = appkit.PaintWatcher(label)
        label.repaint()
        appkit.wait_until(lambda: watcher.paints > 0, "the bare page painted")
        elapsed = time.perf_counter() - started
        watcher.remove()
        label.hide()
        return elapsed

    subject()  # first: fonts registered, PDFium loaded, as after a first print
    samples, floors = interleaved(subject, floor, options.repeat)
    label.deleteLater()
    pages = len(shown["pdf"]) and _pages(shown["pdf"])
    return Figure(name, samples, floors, Target.ms(TARGET_MS),
                  extra={"language": language or "en", "pages": pages})


def _pages(pdf: bytes) -> int:
    from shelter_desktop.ui.plan.preview import page_count

    return page_count(pdf)
