"""Figure: switch the interface language with an intake open (docs/performance.md: ≤ 50 ms).

The app as a person has it: the main window showing the client list (on a copy of the cached
synthetic vault, ``bench/datasets.py``) and an ``IntakeWindow`` with the first contact half
typed in Cyrillic, Arabic and Chinese. Each sample is one ``AppController.change_language(code)``
(the language menu's path: catalog swap, Qt's own catalog, mirroring, every window re-translated
in place, the draft saved, the choice remembered for the person) cycling
en → fr → ar → zh_Hans → uk → fa → ko → pa → es → fil → en …, timed from the call until
the events it caused have run and both windows have painted their new texts. The call alone is
kept in the JSON (``call_s``). A sample that lost a typed character is a harness error, not a
slow figure ("nothing retyped").

Floor: a bare window holding as many ``QLabel``s and ``QPushButton``s as the two windows (inside
a scroll area, as the intake's pages are), each given the same language's text for a message
from the catalog, laid out and painted; no models, no formats, no drafts. Interleaved with the
subject after one warm-up of each; one row per data-set size (``--quick``: 1k).
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING, Any

from bench import datasets
from bench.registry import Figure, HarnessError, Options, Target, interleaved, register

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

NAME = "Switch interface language with an intake open"
CYCLE = ("fr", "ar", "zh_Hans", "uk", "fa", "ko", "pa", "es", "fil", "en")
# Made-up answers, typed one key at a time as a keyboard sends them.
TYPED = {
    "name_to_use": "Оксана Шевченко",
    "aliases": "فاطمة; Ксюша",
    "spoken_languages": "普通话, 粤语, українська",
}


def sizes(options: Options) -> tuple[int, ...]:
    return datasets.SIZES[:1] if options.quick else datasets.SIZES


@register("language-switch", default_repeat=21)
def language_switch(options: Options) -> list[Figure]:
    from bench.clients import Vaults

    return [_language_switch(Vaults.of(clients), options) for clients in sizes(options)]


def text_widgets(windows: list[QWidget]) -> int:
    """How many labels and buttons the windows hold (shown or not: all are re-translated)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    return sum(len(window.findChildren(QLabel)) + len(window.findChildren(QAbstractButton))
               for window in windows)


class BareWindow:
    """The floor: labels and buttons in a scroll area, re-translated by setting their texts."""

    def __init__(self, count: int) -> None:
        from babel.messages.pofile import read_po
        from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

        from shelter_desktop.tools import catalogs

        with catalogs.POT.open("rb") as handle:
            messages = [m.id for m in read_po(handle) if m.id and isinstance(m.id, str)]
        self.messages = list(itertools.islice(itertools.cycle(messages), count))
        self.window = QScrollArea()
        self.window.setWidgetResizable(True)
        content = QWidget()
        layout = QVBoxLayout(content)
        self.widgets: list[QLabel | QPushButton] = []
        for index in range(count):
            widget = QLabel(content) if index % 2 == 0 else QPushButton(content)
            layout.addWidget(widget)
            self.widgets.append(widget)
        self.window.setWidget(content)
        self.window.resize(1060, 780)
        self.window.show()

    def retranslate(self, code: str) -> None:
        from PySide6.QtCore import Qt

        from shelter_desktop import i18n

        translator = i18n.translator_for(code, i18n.current_region())
        self.window.setLayoutDirection(Qt.LayoutDirection.RightToLeft if translator.is_rtl
                                       else Qt.LayoutDirection.LeftToRight)
        for widget, message in zip(self.widgets, self.messages, strict=True):
            widget.setText(translator.gettext(message))

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()


def open_intake(app_controller: Any) -> Any:
    """The intake window, first contact half typed (untimed set-up)."""
    from bench import appkit
    from bench.clients import type_char

    app_controller.start_intake()
    intake = app_controller.intake_window
    if intake is None:
        raise HarnessError("the intake window did not open")
    appkit.wait_until(intake.isVisible, "the intake window")
    fields = intake.forms["first_contact"].fields
    for key, text in TYPED.items():
        editor = fields[key].editor
        editor.setFocus()
        for ch in text:
            type_char(editor, ch)
    fields["safe_to_talk"].choice_buttons["yes"].click()
    intake.save_draft()
    appkit.settle()
    return intake


def typed(intake: Any) -> dict[str, str]:
    fields = intake.forms["first_contact"].fields
    return {key: fields[key].editor.text() for key in TYPED}


def _language_switch(vaults: Any, options: Options) -> Figure:
    from bench import appkit
    from bench.clients import main_window
    from shelter_desktop import i18n

    with main_window(vaults) as (app_controller, window):
        intake = open_intake(app_controller)
        if typed(intake) != TYPED:
            raise HarnessError(f"typing failed: {typed(intake)!r}")
        widgets = text_widgets([window, intake])
        bare = BareWindow(widgets)
        appkit.settle()
        # Texts that change in every language: when both have painted, the switch is seen.
        watchers = [appkit.PaintWatcher(intake.complete_button),
                    appkit.PaintWatcher(window.client_list.count_label)]
        subject_codes = itertools.cycle(CYCLE)
        floor_codes = itertools.cycle(CYCLE)
        calls: list[float] = []

        def subject() -> float:
            code = next(subject_codes)
            before = [watcher.paints for watcher in watchers]
            started = time.perf_counter()
            app_controller.change_language(code)
            called = time.perf_counter()
            appkit.wait_until(lambda: all(w.paints > b for w, b in zip(watchers, before,
                                                                       strict=True)),
                              f"both windows painted in {code}")
            elapsed = time.perf_counter() - started
            calls.append(called - started)
            if i18n.current().code != code or typed(intake) != TYPED:
                raise HarnessError(f"after switching to {code}: {typed(intake)!r}")
            return elapsed

        floor_watcher = appkit.PaintWatcher(bare.widgets[0])

        def floor() -> float:
            code = next(floor_codes)
            before = floor_watcher.paints
            started = time.perf_counter()
            bare.retranslate(code)
            appkit.wait_until(lambda: floor_watcher.paints > before, "the bare window")
            return time.perf_counter() - started

        try:
            samples, floor_samples = interleaved(subject, floor, options.repeat)
        finally:
            for watcher in [*watchers, floor_watcher]:
                watcher.remove()
            bare.close()
            i18n.set_language(i18n.SOURCE_LANGUAGE)
            intake.close()
            appkit.settle()
    calls = calls[1:]  # the warm-up's
    return Figure(f"{NAME} ({vaults.dataset.label})", samples, floor_samples, Target.ms(50),
                  extra={"text_widgets": widgets, "languages": list(CYCLE),
                         "call_s": calls, "call_median_s": sorted(calls)[len(calls) // 2]})
