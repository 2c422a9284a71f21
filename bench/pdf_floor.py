"""The floor for the printed-plan figures: the same document in bare reportlab platypus.

What ``shelter_desktop.reports.service_plan.render_plan`` lays out for a Latin-script plan, built
here directly from finished text: the same page size and margins, the same paragraph styles
(sizes, leading, spacing, colours, keep-with-next), the same tables (bullets, "What / Who / By
when", signature lines) with the same widths and table styles, the same embedded fonts (Noto
Sans regular and bold from ``resources/fonts``, registered under names of their own) and the
same one-pass "Page X of Y" footer. No app code: what the figure's ratio measures is what the
app adds on top (choosing a font and shaping per paragraph, translations, Babel dates, the
right-to-left mirroring logic, building blocks per language).

The text comes in as a :class:`Document` made once, untimed, by ``bench.plan_pdf`` from the
same plan; the benchmark checks both PDFs have the same pages and the same text. The numbers
below are kept equal to ``service_plan``'s by hand, and that check is what keeps them honest.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
REGULAR, BOLD = "Floor-NotoSans", "Floor-NotoSans-Bold"

PAGE = LETTER
MARGIN = 18 * mm
FOOTER_Y = 10 * mm
FRAME_PADDING = 12
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
# Kind of paragraph → (size, leading, bold, space before), as the app's.
KINDS: dict[str, tuple[float, float, bool, float]] = {
    "title": (20, 26, True, 0),
    "name": (14, 19, True, 2),
    "meta": (10, 14, False, 2),
    "heading": (13, 17, True, 12),
    "goal": (11.5, 15.5, True, 8),
    "body": (10.5, 14.5, False, 2),
    "bullet": (10.5, 14.5, False, 1),
    "cell": (9.5, 12.5, False, 0),
    "cell_head": (9.5, 12.5, True, 0),
    "small": (8.5, 11, False, 0),
}


# -- the document as finished text ---------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    kind: str  # a key of KINDS
    text: str


@dataclass(frozen=True)
class Bullet:
    text: str


@dataclass(frozen=True)
class Actions:
    header: tuple[str, str, str]
    rows: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class SignLine:
    label: str


@dataclass(frozen=True)
class Space:
    pass


Block = Text | Bullet | Actions | SignLine | Space


@dataclass(frozen=True)
class Document:
    title: str  # the PDF's metadata title
    language: str  # BCP 47, for the PDF's metadata
    page_of: str  # "Page {page} of {pages}"
    blocks: tuple[Block, ...] = field(default_factory=tuple)


# -- building it ------------------------------------------------------------------------------


def register_fonts() -> None:
    """Once per process (as the app registers its fonts once), outside the timed build."""
    for name, file in ((REGULAR, "NotoSans-Regular.ttf"), (BOLD, "NotoSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))


@cache  # made once, as a program would make its styles once
def _styles() -> dict[tuple[str, bool], ParagraphStyle]:
    styles = {}
    for kind, (size, leading, bold, before) in KINDS.items():
        for centred in (False, True):
            styles[kind, centred] = ParagraphStyle(
                f"floor-{kind}-{centred}", fontName=BOLD if bold else REGULAR, fontSize=size,
                leading=leading, spaceBefore=before, alignment=TA_CENTER if centred else TA_LEFT,
                wordWrap=None, shaping=0,
                textColor=GREY if kind in ("meta", "small") else colors.black,
                keepWithNext=kind in ("heading", "goal"))
    return styles


def _table(rows: list[list[Flowable]], widths: list[float],
           style: list[tuple[Any, ...]]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 3),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3), *style]))
    return table


def _story(document: Document, width: float) -> list[Flowable]:
    styles = _styles()

    def para(text: str, kind: str, centred: bool = False) -> Paragraph:
        return Paragraph(escape(text), styles[kind, centred])

    story: list[Flowable] = []
    for block in document.blocks:
        if isinstance(block, Text):
            story.append(para(block.text, block.kind))
        elif isinstance(block, Bullet):
            bullet = Table([[para("\u2022", "bullet", centred=True), para(block.text, "bullet")]],
                           colWidths=[5 * mm, width - 5 * mm])
            bullet.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            story.append(bullet)
        elif isinstance(block, Actions):
            rows = [[para(text, "cell_head") for text in block.header]]
            rows += [[para(text, "cell") for text in row] for row in block.rows]
            story += [Spacer(1, 4), _table(rows, [width * 0.44, width * 0.30, width * 0.26], [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE)])]
        elif isinstance(block, SignLine):
            story += [Spacer(1, 8), _table([[para(block.label, "body"), Spacer(1, 14)]],
                                           [width * 0.35, width * 0.65], [
                ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])]
        else:
            story.append(Spacer(1, 10))
    return story


def _canvas_class(page_of: str) -> type[Canvas]:
    """The usual reportlab recipe for "Page X of Y" in one pass: keep each page's state."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = REGULAR  # not Helvetica, which would not be embedded
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            width = PAGE[0] - 2 * MARGIN
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                footer = Paragraph(escape(page_of.format(page=number, pages=total)),
                                   _styles()["small", True])
                footer.wrapOn(self, width, 20 * mm)
                footer.drawOn(self, MARGIN, FOOTER_Y)
                super().showPage()
            super().save()

    return NumberedCanvas


def render(document: Document) -> bytes:
    """The document as PDF bytes (fonts must be registered: :func:`register_fonts`)."""
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm, title=document.title, author="", subject="", creator="",
        producer="", keywords="", lang=document.language, pageCompression=1)
    template.build(_story(document, template.width - FRAME_PADDING),
                   canvasmaker=_canvas_class(document.page_of))
    return buffer.getvalue()
