"""Figures: the printed service plan as PDF (docs/performance.md).

One realistic plan, version 2 with eight goals from the demo-data texts (``demo_plan_texts``:
each goal in the client's words, one objective with its date, four actions "What / Who / By
when"), the next meeting, help numbers, rights, signature and interpreter lines: in English it
fills exactly three pages. Each row times ``render_plan`` (the pure function the preview, print
and save all call; no vault, no audit) over several runs, median reported.

- "Plan PDF, 3 pages, Latin": the English plan. Floor: the same layout in bare reportlab
  (``bench/pdf_floor.py``: the same page, styles, tables, fonts and text, built directly from
  finished text); target ≤ 1.3× that floor. Both PDFs are checked to have 3 pages and the same
  text, so the ratio is the app's own overhead.
- "Plan PDF, Arabic" and "Plan PDF, Punjabi": the same plan with every text of the plan in that
  language (the demo texts' rows are parallel), labels from the catalog; shaped. Target ≤ 150 ms
  absolute. Persian, Chinese, Korean and English beside Arabic (two columns) are extra rows on
  the same target. Their floor is the bare reportlab Latin layout, so the ratio says what the
  script costs on top of a Latin page.

Subject and floor run interleaved after a warm-up (fonts registered and Babel's locale data
loaded, as in a running app that has printed once); the per-paragraph font choice cache is
emptied before each subject run, so every paragraph's font and shaping are decided as for a plan
printed the first time. Needs no dataset; ``--quick`` changes only the run count.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench import pdf_floor
from bench.registry import Figure, HarnessError, Options, Target, interleaved, register

if TYPE_CHECKING:
    from shelter_desktop.domain.plans import PlanVersion, PrintOptions
    from shelter_desktop.i18n import Translator

LATIN_NAME = "Plan PDF, 3 pages, Latin"
PAGES = 3
SHAPED_TARGET_MS = 150.0
LATIN_TARGET_RATIO = 1.3
# Eight goals: the third page is about half full (the page count is checked on every run).
DOMAINS = ("safety", "housing", "legal", "documents", "income", "employment", "health",
           "mental_health")
TODAY = dt.date(2024, 3, 5)
CREATED = dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Row:
    name: str
    language: str  # the plan's texts (goals, objectives, actions)
    client_name: str
    print_language: str
    second_language: str | None = None


ROWS = (
    Row(LATIN_NAME, "en", "Maria Santos", "en"),
    Row("Plan PDF, Arabic", "ar", "فاطمة حداد", "ar"),
    Row("Plan PDF, Punjabi", "pa", "ਹਰਪ੍ਰੀਤ ਕੌਰ ਗਿੱਲ", "pa"),
    Row("Plan PDF, Persian", "fa", "زهرا احمدی", "fa"),
    Row("Plan PDF, Chinese", "zh_Hans", "王秀英", "zh_Hans"),
    Row("Plan PDF, Korean", "ko", "김서연", "ko"),
    Row("Plan PDF, English beside Arabic", "ar", "فاطمة حداد", "en", "ar"),
)


def bench_plan(language: str) -> PlanVersion:
    """The benchmark plan with its texts in ``language`` (fixed ids and dates)."""
    from shelter_desktop.domain.plans import (
        Action,
        Goal,
        Objective,
        PlanStatus,
        PlanVersion,
        Responsible,
    )
    from shelter_desktop.services import demo_plan_texts as texts

    goals = []
    for number, domain in enumerate(DOMAINS, start=1):
        actions = []
        for index, (who, partner) in enumerate(texts.ACTION_ROLES[domain]):
            actions.append(Action(
                f"a{number}.{index}", texts.ACTIONS[language][domain][index], who,
                TODAY + dt.timedelta(days=7 * (index + number)),
                partner_description=texts.PARTNERS[language][partner] if partner else ""))
        actions.append(Action(f"a{number}.3", texts.CHECK_IN[language], Responsible.CLIENT,
                              TODAY + dt.timedelta(days=7 * (3 + number))))
        objective = Objective(f"o{number}", texts.OBJECTIVES[language][domain][0],
                              TODAY + dt.timedelta(weeks=8 + number))
        goals.append(Goal(f"g{number}", domain, 2, texts.GOALS[language][domain][0], number,
                          (objective,), tuple(actions)))
    return PlanVersion(
        id="bench-v2", plan_id="bench-plan", client_id="bench-client", version=2,
        status=PlanStatus.ACTIVE, goals=tuple(goals),
        next_meeting=dt.datetime(2024, 4, 4, 14, 30), caseworker_first_name="Anne",
        created_at=CREATED, created_by="bench")


def print_options(row: Row) -> PrintOptions:
    from shelter_desktop.domain.plans import PrintOptions

    return PrintOptions(language=row.print_language, second_language=row.second_language)


def floor_document(plan: PlanVersion, client_name: str, tr: Translator) -> pdf_floor.Document:
    """The finished text of the printed plan, in ``render_plan``'s order (untimed set-up)."""
    from shelter_desktop import i18n
    from shelter_desktop.domain.plans import ActionStatus
    from shelter_desktop.reports import service_plan as sp

    text, bullet, space = pdf_floor.Text, pdf_floor.Bullet, pdf_floor.Space()
    sign = pdf_floor.SignLine

    def labelled(label: str, value: str) -> pdf_floor.Text:
        return text("body", tr.gettext(sp.LABELLED).format(label=label, value=value))

    assert plan.created_at is not None
    blocks: list[pdf_floor.Block] = [
        text("title", tr.gettext(sp.TITLE)), text("name", client_name),
        text("meta", tr.gettext(sp.VERSION_LINE).format(
            version=plan.version, date=tr.format_date(plan.created_at.date(), "long"))),
        text("heading", tr.gettext(sp.GOALS))]
    for number, goal in enumerate(sorted(plan.goals, key=lambda g: g.priority), start=1):
        blocks += [text("goal", tr.gettext(sp.GOAL_NUMBER).format(number=number)),
                   text("body", goal.in_client_words)]
        blocks += [bullet(tr.gettext(sp.STEP_BY).format(
            step=o.statement, date=tr.format_date(o.target_on, "long")) if o.target_on
            else o.statement) for o in goal.objectives]
        actions = [a for a in goal.actions if a.status is not ActionStatus.CANCELLED]
        if actions:
            blocks.append(pdf_floor.Actions(
                (sp.WHAT(tr), sp.WHO(tr), sp.BY_WHEN(tr)),
                tuple((a.what, sp._who(a, tr),
                       tr.format_date(a.due_on, "medium") if a.due_on else "")
                      for a in actions)))
    meeting = plan.next_meeting
    blocks += [
        text("heading", tr.gettext(sp.NEXT_MEETING)),
        labelled(sp.WHEN(tr), sp._datetime(tr, meeting) if meeting
                 else tr.gettext(sp.AS_AGREED)),
        labelled(sp.WHERE(tr), tr.gettext(sp.AS_AGREED)),
        labelled(sp.MY_WORKER(tr), plan.caseworker_first_name.split()[0]),
        text("heading", tr.gettext(sp.HELP_NOW)),
        labelled(sp.EMERGENCY(tr), sp.EMERGENCY_NUMBER),
        labelled(sp.HOTLINE(tr), sp.HOTLINE_NUMBER),
        text("body", tr.gettext(sp.HOTLINE_NOTE)),
        text("heading", tr.gettext(sp.RIGHTS)),
        *(bullet(tr.gettext(sentence)) for sentence in sp.RIGHT_SENTENCES),
        space, sign(sp.SIGNATURE(tr)), sign(sp.DATE(tr)), space,
        text("body", tr.gettext(sp.ATTESTATION).format(
            language=i18n.display_name(tr.code))),
        sign(sp.INTERPRETER(tr)), sign(sp.DATE(tr)),
    ]
    return pdf_floor.Document(tr.gettext(sp.TITLE), tr.code.replace("_", "-"),
                              tr.gettext(sp.PAGE_OF), tuple(blocks))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as PDFium extracts it, whitespace collapsed."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [re.sub(r"\s+", " ", page.get_textpage().get_text_range()).strip()
                for page in document]
    finally:
        document.close()


def check_same_document(subject: bytes, floor: bytes) -> int:
    """Both PDFs have PAGES pages with the same text on each; their page count."""
    mine, bare = page_texts(subject), page_texts(floor)
    if len(mine) != PAGES or len(bare) != PAGES:
        raise HarnessError(f"the Latin plan should fill {PAGES} pages: render_plan made "
                           f"{len(mine)}, the bare reportlab layout {len(bare)}")
    for number, (ours, theirs) in enumerate(zip(mine, bare, strict=True), start=1):
        if ours != theirs:
            raise HarnessError(f"page {number} differs between render_plan and the floor:\n"
                               f"{ours[:400]}\n---\n{theirs[:400]}")
    return len(mine)


def timed(function: Callable[[], bytes], out: list[bytes],
          before: Callable[[], None] | None = None) -> Callable[[], float]:
    """A sample: seconds for one build (``before`` runs untimed); the PDF kept in ``out``."""
    def run() -> float:
        if before is not None:
            before()
        started = time.perf_counter()
        pdf = function()
        elapsed = time.perf_counter() - started
        out[:] = [pdf]
        return elapsed
    return run


@register("plan-pdf", default_repeat=21)
def plan_pdf(options: Options) -> list[Figure]:
    from shelter_desktop import i18n
    from shelter_desktop.reports import fonts
    from shelter_desktop.reports.service_plan import render_plan

    pdf_floor.register_fonts()
    latin = ROWS[0]
    english = bench_plan(latin.language)
    document = floor_document(english, latin.client_name, i18n.translator_for("en"))
    floor_out: list[bytes] = []
    floor = timed(lambda: pdf_floor.render(document), floor_out)
    figures = []
    for row in ROWS:
        plan = bench_plan(row.language)
        print_opts = print_options(row)
        out: list[bytes] = []

        def render(plan: PlanVersion = plan, row: Row = row,
                   print_opts: PrintOptions = print_opts) -> bytes:
            return render_plan(plan, row.client_name, print_opts, today=TODAY)

        # Each paragraph's font is chosen afresh, as for a plan printed the first time.
        subject = timed(render, out, before=fonts.choose.cache_clear)
        samples, floor_samples = interleaved(subject, floor, options.repeat)
        pages = len(page_texts(out[0]))
        if row is latin:
            check_same_document(out[0], floor_out[0])
            target = Target.ratio(LATIN_TARGET_RATIO)
        else:
            target = Target.ms(SHAPED_TARGET_MS)
        figures.append(Figure(row.name, samples, floor_samples, target, extra={
            "pages": pages, "pdf_kb": round(len(out[0]) / 1024, 1),
            "floor_pdf_kb": round(len(floor_out[0]) / 1024, 1),
            "languages": [row.print_language, *filter(None, [row.second_language])]}))
    return figures
