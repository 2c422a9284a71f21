"""The printed service plan (domain.md §4.3, §4.4): a pure function from a plan to PDF bytes.

Assume the exploiter, an employer or a relative will find the paper. So the plan shows what the
client needs to act on (goals in their words, who does what by when, the next meeting, help
numbers, their rights) and nothing that identifies the shelter or the case: no address, no
organisation name in discreet mode (the default, also in the PDF metadata), no legal name, file
numbers, immigration status, police or health details, partner names. The few §4.4 items a
client may ask for (``INCLUDABLE_ITEMS``) are printed only when named in ``options.include``,
under their own heading.

Every visible string goes through the document's own :class:`Translator`, never the interface
language: staff working in English print a plan in Punjabi. With ``second_language`` each
paragraph sits beside its translation, one row per pair, so a client and a worker can point at
the same line.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shelter_desktop import i18n
from shelter_desktop.domain.plans import (
    INCLUDABLE_ITEMS,
    RESPONSIBLE_LABELS,
    Action,
    ActionStatus,
    Objective,
    PlanVersion,
    PrintOptions,
    Responsible,
)
from shelter_desktop.i18n import N_, Translator
from shelter_desktop.reports import fonts

TITLE = N_("My plan")
VERSION_LINE = N_("Version {version}, {date}")
GOALS = N_("My goals")
GOAL_NUMBER = N_("Goal {number}")
STEP_BY = N_("{step}, by {date}")
NEXT_MEETING = N_("Next meeting")
AS_AGREED = N_("As agreed")
LABELLED = N_("{label}: {value}")

# A label: the translated text for a document language. The short words that other screens use
# with another sense ("Who" is the user in the audit log) get the context "printed plan".
Label = Callable[[Translator], str]
WHAT: Label = lambda tr: tr.pgettext("printed plan", "What")  # noqa: E731
WHO: Label = lambda tr: tr.pgettext("printed plan", "Who")  # noqa: E731
BY_WHEN: Label = lambda tr: tr.pgettext("printed plan", "By when")  # noqa: E731
WHEN: Label = lambda tr: tr.pgettext("printed plan", "When")  # noqa: E731
WHERE: Label = lambda tr: tr.pgettext("printed plan", "Where")  # noqa: E731
DATE: Label = lambda tr: tr.pgettext("printed plan", "Date")  # noqa: E731
INTERPRETER: Label = lambda tr: tr.pgettext("printed plan", "Interpreter")  # noqa: E731
MY_WORKER: Label = lambda tr: tr.gettext(RESPONSIBLE_LABELS[Responsible.CASEWORKER])  # noqa: E731
HELP_NOW = N_("If you need help now")
EMERGENCY: Label = lambda tr: tr.gettext(N_("Emergency"))  # noqa: E731
HOTLINE: Label = lambda tr: tr.gettext(N_("Canadian Human Trafficking Hotline"))  # noqa: E731
HOTLINE_NOTE = N_("Open 24 hours a day, 7 days a week. Confidential. Many languages. "
                  "Not police or government.")
RIGHTS = N_("My rights")
RIGHT_SENTENCES = (
    N_("You can change or stop this plan."),
    N_("Our help does not depend on talking to police."),
    N_("You do not have to testify to get immigration status."),
)
SIGNATURE: Label = lambda tr: tr.gettext(N_("Signature or mark"))  # noqa: E731
ATTESTATION = N_("I interpreted this plan into {language} for the person named above.")
INCLUDED = N_("Included at your request")
PAGE_OF = N_("Page {page} of {pages}")

EMERGENCY_NUMBER = "911"
HOTLINE_NUMBER = "1-833-900-1010"

PAGE = LETTER
MARGIN = 18 * mm
FOOTER_Y = 10 * mm
BODY_SIZE = 10.5
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")

# Kind of paragraph → (size, leading, bold, space before).
_KINDS: dict[str, tuple[float, float, bool, float]] = {
    "title": (20, 26, True, 0),
    "name": (14, 19, True, 2),
    "meta": (10, 14, False, 2),
    "heading": (13, 17, True, 12),
    "goal": (11.5, 15.5, True, 8),
    "body": (BODY_SIZE, 14.5, False, 2),
    "bullet": (BODY_SIZE, 14.5, False, 1),
    "cell": (9.5, 12.5, False, 0),
    "cell_head": (9.5, 12.5, True, 0),
    "small": (8.5, 11, False, 0),
}


def _font_command() -> tuple[Any, ...]:
    """Tables set a cell font even for flowable cells; the default, Helvetica, is not embedded."""
    return ("FONTNAME", (0, 0), (-1, -1), fonts.register("SD-Latin"))


# --- paragraphs ---------------------------------------------------------------------------------

_styles: dict[tuple[str, str, bool, bool, bool, bool], ParagraphStyle] = {}


def _style(kind: str, font: str, shaping: bool, rtl: bool, centred: bool,
           cjk: bool) -> ParagraphStyle:
    key = (kind, font, shaping, rtl, centred, cjk)
    style = _styles.get(key)
    if style is None:
        size, leading, _bold, before = _KINDS[kind]
        style = ParagraphStyle(
            f"plan-{len(_styles)}", fontName=font, fontSize=size, leading=leading,
            spaceBefore=before, alignment=TA_CENTER if centred else TA_RIGHT if rtl else TA_LEFT,
            wordWrap="RTL" if rtl else "CJK" if cjk else None, shaping=1 if shaping else 0,
            textColor=GREY if kind in ("meta", "small") else colors.black,
            keepWithNext=kind in ("heading", "goal"))
        _styles[key] = style
    return style


_TRAILING_PUNCTUATION = re.compile(r"^(.*[\u0600-\u06FF\u0750-\u077F\uFB50-\uFEFF])"
                                   r"([.,:;!?\u060C\u061B\u061F\u06D4…]+)$")


def rtl_punctuation(text: str) -> str:
    """Put an Arabic-script word's closing punctuation where a right-to-left reader expects it.

    reportlab lays out the script runs inside each word from left to right, so "إيقافها." would
    print with the full stop between two words instead of at the sentence's left end. Moving
    the punctuation in front of such a word prints it on the word's left, as it should be.
    """
    return " ".join(_TRAILING_PUNCTUATION.sub(r"\2\1", word) for word in text.split(" "))


def para(text: str, kind: str, tr: Translator, *, centred: bool = False) -> Paragraph:
    """One paragraph whose font, shaping and direction follow its text and document language."""
    bold = _KINDS[kind][2]
    choice = fonts.choose(text, bold=bold, rtl_document=tr.is_rtl)
    if choice.rtl:
        choice = fonts.choose(rtl_punctuation(text), bold=bold, rtl_document=tr.is_rtl)
    style = _style(kind, choice.font, choice.shaping, choice.rtl, centred, choice.cjk)
    return Paragraph(choice.markup, style)


def bulleted(text: str, tr: Translator, width: float) -> Table:
    """A bullet on the side where the text starts: the right for Arabic, even in an English plan.

    (reportlab's own ``bulletText`` stays on the left of a right-to-left paragraph.)
    """
    body = para(text, "bullet", tr)
    bullet = para("\u2022", "bullet", i18n.translator_for("en"), centred=True)
    rtl = body.style.wordWrap == "RTL"
    cells: list[Flowable] = [body, bullet] if rtl else [bullet, body]
    widths = [width - 5 * mm, 5 * mm] if rtl else [5 * mm, width - 5 * mm]
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([_font_command(), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


# --- content ------------------------------------------------------------------------------------

# A block renders one logical paragraph (or table) for a given document language and width.
Block = Callable[[Translator, float], list[Flowable]]


def _text(kind: str, make: Callable[[Translator], str]) -> Block:
    if kind == "bullet":
        return lambda tr, width: [bulleted(make(tr), tr, width)]
    return lambda tr, _width: [para(make(tr), kind, tr)]


def _labelled(label: Label, value: Callable[[Translator], str]) -> Block:
    return _text("body", lambda tr: tr.gettext(LABELLED).format(label=label(tr), value=value(tr)))


def _datetime(tr: Translator, value: dt.datetime) -> str:
    """Date and time joined the way the language joins them (CLDR's datetime pattern)."""
    from babel import dates

    pattern = str(dates.get_datetime_format("long", locale=tr.locale)).replace("'", "")
    return pattern.replace("{1}", tr.format_date(value.date(), "full")).replace(
        "{0}", tr.format_time(value, "short"))


def _who(action: Action, tr: Translator) -> str:
    if action.who is Responsible.PARTNER and action.partner_description.strip():
        return action.partner_description.strip()  # a neutral description, never a name
    return tr.gettext(RESPONSIBLE_LABELS[action.who])


def _grid(rows: list[list[Flowable]], widths: list[float], tr: Translator,
          style: list[tuple[Any, ...]]) -> Table:
    """A table mirrored for right-to-left documents (first column on the right)."""
    if tr.is_rtl:
        count = len(widths)
        rows = [row[::-1] for row in rows]
        widths = widths[::-1]

        def mirror(column: int) -> int:
            return count - 1 - (column % count)
        style = [(cmd, (mirror(end[0]), start[1]), (mirror(start[0]), end[1]), *rest)
                 for cmd, start, end, *rest in style]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([_font_command(), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 3),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3), *style]))
    return table


def _actions_block(actions: Sequence[Action]) -> Block:
    def build(tr: Translator, width: float) -> list[Flowable]:
        rows = [[para(label(tr), "cell_head", tr) for label in (WHAT, WHO, BY_WHEN)]]
        for action in actions:
            due = tr.format_date(action.due_on, "medium") if action.due_on else ""
            rows.append([para(action.what, "cell", tr), para(_who(action, tr), "cell", tr),
                         para(due, "cell", tr)])
        style: list[tuple[Any, ...]] = [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ]
        return [Spacer(1, 4), _grid(rows, [width * 0.44, width * 0.30, width * 0.26], tr, style)]
    return build


def _line_block(label: Label) -> Block:
    """A label and a ruled space to sign or write in."""
    def build(tr: Translator, width: float) -> list[Flowable]:
        rows: list[list[Flowable]] = [[para(label(tr), "body", tr), Spacer(1, 14)]]
        style: list[tuple[Any, ...]] = [("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
        return [Spacer(1, 8), _grid(rows, [width * 0.35, width * 0.65], tr, style)]
    return build


def _same(text: str) -> Label:
    """Text that is the same in every language (the client's words, a name, a number)."""
    return lambda _tr: text


def _msg(message: str) -> Label:
    return lambda tr: tr.gettext(message)


def _step(objective: Objective) -> Label:
    def text(tr: Translator) -> str:
        if objective.target_on is None:
            return objective.statement
        return tr.gettext(STEP_BY).format(step=objective.statement,
                                          date=tr.format_date(objective.target_on, "long"))
    return text


def _goal_number(number: int) -> Label:
    return lambda tr: tr.gettext(GOAL_NUMBER).format(number=number)


def _space(_tr: Translator, _width: float) -> list[Flowable]:
    return [Spacer(1, 10)]


def _content(plan: PlanVersion, client_name: str, options: PrintOptions, *, today: dt.date,
             restricted: Mapping[str, str]) -> list[Block]:
    """Every block of the plan, in order; what §4.4 forbids is simply never read."""
    printed_on = plan.created_at.date() if plan.created_at else today
    blocks: list[Block] = [
        _text("title", lambda tr: tr.gettext(TITLE)),
        _text("name", _same(client_name)),
        _text("meta", lambda tr: tr.gettext(VERSION_LINE).format(
            version=plan.version, date=tr.format_date(printed_on, "long"))),
        _text("heading", lambda tr: tr.gettext(GOALS)),
    ]
    for number, goal in enumerate(sorted(plan.goals, key=lambda g: g.priority), start=1):
        blocks.append(_text("goal", _goal_number(number)))
        blocks.append(_text("body", _same(goal.in_client_words)))
        blocks.extend(_text("bullet", _step(objective)) for objective in goal.objectives)
        actions = [a for a in goal.actions if a.status is not ActionStatus.CANCELLED]
        if actions:
            blocks.append(_actions_block(actions))

    blocks.append(_text("heading", lambda tr: tr.gettext(NEXT_MEETING)))
    meeting = plan.next_meeting
    blocks.append(_labelled(WHEN, lambda tr: _datetime(tr, meeting) if meeting
                            else tr.gettext(AS_AGREED)))
    blocks.append(_labelled(WHERE, lambda tr: tr.gettext(AS_AGREED)))
    worker = (plan.caseworker_first_name.split() or [""])[0]  # the first name only (§4.3)
    if worker:
        blocks.append(_labelled(MY_WORKER, _same(worker)))

    blocks.append(_text("heading", lambda tr: tr.gettext(HELP_NOW)))
    blocks.append(_labelled(EMERGENCY, _same(EMERGENCY_NUMBER)))
    blocks.append(_labelled(HOTLINE, _same(HOTLINE_NUMBER)))
    blocks.append(_text("body", lambda tr: tr.gettext(HOTLINE_NOTE)))

    blocks.append(_text("heading", lambda tr: tr.gettext(RIGHTS)))
    blocks.extend(_text("bullet", _msg(sentence)) for sentence in RIGHT_SENTENCES)

    chosen = [key for key in INCLUDABLE_ITEMS if key in options.include
              and restricted.get(key, "").strip()]
    if chosen:
        blocks.append(_text("heading", lambda tr: tr.gettext(INCLUDED)))
        blocks.extend(_labelled(_msg(INCLUDABLE_ITEMS[key]), _same(restricted[key].strip()))
                      for key in chosen)

    blocks.append(_space)
    blocks.append(_line_block(SIGNATURE))
    blocks.append(_line_block(DATE))
    language = i18n.display_name(options.language)
    blocks.append(_space)
    blocks.append(_text("body", lambda tr: tr.gettext(ATTESTATION).format(language=language)))
    blocks.append(_line_block(INTERPRETER))
    blocks.append(_line_block(DATE))
    return blocks


# --- pages --------------------------------------------------------------------------------------


def _canvas_class(tr: Translator, header: str) -> type[Canvas]:
    """A canvas that learns the page count at the end, then writes "Page X of Y" on each page.

    One pass instead of rendering twice: each page's drawing state is kept until ``save``.
    """
    class PlanCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Otherwise every page names Helvetica, a font that is not embedded.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.register("SD-Latin")
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width = PAGE[0] - 2 * MARGIN
            footer = para(tr.gettext(PAGE_OF).format(page=number, pages=total), "small", tr,
                          centred=True)
            footer.wrapOn(self, width, 20 * mm)
            footer.drawOn(self, MARGIN, FOOTER_Y)
            if header:
                top = para(header, "small", tr)
                _w, height = top.wrapOn(self, width, 20 * mm)
                top.drawOn(self, MARGIN, PAGE[1] - 10 * mm - height)

    return PlanCanvas


def _story(blocks: Sequence[Block], tr: Translator, second: Translator | None,
           width: float) -> list[Flowable]:
    if second is None:
        return [flowable for block in blocks for flowable in block(tr, width)]
    gap = 6 * mm
    column = (width - gap) / 2
    rows = [[block(tr, column - 4), block(second, column - 4)] for block in blocks]
    table = Table(rows, colWidths=[column + gap / 2, column + gap / 2])
    table.setStyle(TableStyle([_font_command(),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEAFTER", (0, 0), (0, -1), 0.3, RULE),
        ("LEFTPADDING", (1, 0), (1, -1), gap / 2 + 2), ("RIGHTPADDING", (0, 0), (0, -1),
                                                        gap / 2 + 2),
    ]))
    return [table]


def render_plan(plan: PlanVersion, client_name: str, options: PrintOptions, *, today: dt.date,
                restricted: Mapping[str, str] | None = None) -> bytes:
    """The printed plan as PDF bytes.

    ``client_name`` is the name the client chose to be called. ``restricted`` holds values of
    ``INCLUDABLE_ITEMS`` (``{"legal_name": ...}``); each is printed only when its key is in
    ``options.include``, so a caller may pass everything it has. ``today`` dates a plan version
    that has no creation time.
    """
    unknown = set(options.include) - set(INCLUDABLE_ITEMS)
    if unknown:
        raise ValueError(f"not includable on a printed plan: {sorted(unknown)}")
    tr = i18n.translator_for(options.language)
    second = i18n.translator_for(options.second_language) if options.second_language else None
    header = "" if options.discreet else options.organisation_name.strip()
    blocks = _content(plan, client_name, options, today=today, restricted=restricted or {})

    buffer = io.BytesIO()
    # Neutral metadata: a found file says "My plan" and nothing about who made it or with what.
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm, title=tr.gettext(TITLE), author="", subject="",
        creator="", producer="", keywords="", lang=options.language.replace("_", "-"),
        pageCompression=1)
    frame_padding = 12  # SimpleDocTemplate's frame keeps 6 pt on each side
    story = _story(blocks, tr, second, document.width - frame_padding)
    document.build(story, canvasmaker=_canvas_class(tr, header))
    return buffer.getvalue()
